#include "sip/sip_ids.hpp"

#include <random>

namespace callwerk::sip {
namespace {

void append_hex(std::string& out, uint64_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kDigits[(value >> shift) & 0xf]);
}

uint64_t random_seed() {
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) ^ device();
}

}  // namespace

SipIdGenerator::SipIdGenerator() : state_(random_seed()) {}

SipIdGenerator::SipIdGenerator(uint64_t seed) : state_(seed) {}

uint64_t SipIdGenerator::next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t SipIdGenerator::below(uint64_t bound) {
  if (bound == 0) return 0;
  // Rejection keeps the draw uniform; with the bounds used here it almost never loops.
  uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  uint64_t value = next();
  while (value >= limit) value = next();
  return value % bound;
}

std::string SipIdGenerator::tag() {
  std::string out;
  out.reserve(16);
  append_hex(out, next());
  return out;
}

std::string SipIdGenerator::branch() {
  std::string out(kBranchCookie);
  append_hex(out, next());
  return out;
}

std::string SipIdGenerator::call_id(std::string_view host) {
  std::string out;
  out.reserve(33 + host.size());
  append_hex(out, next());
  append_hex(out, next());
  if (!host.empty()) out.append("@").append(host);
  return out;
}

uint32_t SipIdGenerator::initial_cseq() {
  return static_cast<uint32_t>(1 + below(1u << 16));
}

SipIdGenerator& thread_sip_ids() {
  thread_local SipIdGenerator generator;
  return generator;
}

}  // namespace callwerk::sip
