#include "media/g711.hpp"

#include <algorithm>
#include <array>

// spandsp's inline G.711 functions need these two first (see DESIGN.md).
// clang-format off
#include <spandsp/telephony.h>
#include <spandsp/bit_operations.h>
#include <spandsp/g711.h>
// clang-format on

namespace callwerk::media {
namespace {

// Decoding is a table look-up; the tables are built once from spandsp's functions.
struct DecodeTables {
  std::array<std::int16_t, 256> alaw{};
  std::array<std::int16_t, 256> ulaw{};
  DecodeTables() {
    for (int i = 0; i < 256; ++i) {
      alaw[i] = alaw_to_linear(static_cast<std::uint8_t>(i));
      ulaw[i] = ulaw_to_linear(static_cast<std::uint8_t>(i));
    }
  }
};

const DecodeTables& decode_tables() {
  static const DecodeTables tables;
  return tables;
}

}  // namespace

std::optional<G711Law> g711_law_for_payload_type(int payload_type) {
  if (payload_type == kPayloadTypePcma) return G711Law::alaw;
  if (payload_type == kPayloadTypePcmu) return G711Law::ulaw;
  return std::nullopt;
}

int payload_type_for(G711Law law) {
  return law == G711Law::alaw ? kPayloadTypePcma : kPayloadTypePcmu;
}

std::uint8_t g711_silence(G711Law law) {
  return law == G711Law::alaw ? linear_to_alaw(0) : linear_to_ulaw(0);
}

void g711_encode(G711Law law, std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) {
  const std::size_t n = std::min(pcm.size(), out.size());
  if (law == G711Law::alaw) {
    for (std::size_t i = 0; i < n; ++i) out[i] = linear_to_alaw(pcm[i]);
  } else {
    for (std::size_t i = 0; i < n; ++i) out[i] = linear_to_ulaw(pcm[i]);
  }
}

void g711_decode(G711Law law, std::span<const std::uint8_t> codes, std::span<std::int16_t> out) {
  const std::size_t n = std::min(codes.size(), out.size());
  const auto& table = law == G711Law::alaw ? decode_tables().alaw : decode_tables().ulaw;
  for (std::size_t i = 0; i < n; ++i) out[i] = table[codes[i]];
}

void g711_transcode(G711Law from, G711Law to, std::span<std::uint8_t> codes) {
  if (from == to) return;
  for (auto& code : codes) code = from == G711Law::alaw ? alaw_to_ulaw(code) : ulaw_to_alaw(code);
}

}  // namespace callwerk::media
