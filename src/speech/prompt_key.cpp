#include "speech/prompt_key.hpp"

#include <sodium.h>

#include <array>

namespace callwerk::speech {
namespace {

void add_field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '\n';
}

}  // namespace

std::string prompt_key(const TtsVoice& voice, std::string_view engine_version,
                       std::string_view text) {
  std::string serialized = "callwerk-prompt/1\n";
  add_field(serialized, engine_version);
  add_field(serialized, voice.language);
  add_field(serialized, std::to_string(voice.words_per_minute));
  add_field(serialized, std::to_string(voice.pitch));
  add_field(serialized, text);

  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(serialized.data()),
                     serialized.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), crypto_hash_sha256_BYTES * 2);
}

}  // namespace callwerk::speech
