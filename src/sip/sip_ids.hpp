#pragma once
// Identifiers a UA invents (RFC 3261 §8.1.1.4, §8.1.1.7, §19.3): tags, Via branches and
// Call-IDs. They must be unique, not secret (nothing authenticates with them), so a fast
// non-cryptographic generator seeded once from std::random_device is enough.

#include <cstdint>
#include <string>
#include <string_view>

namespace callwerk::sip {

// The magic cookie that marks an RFC 3261 branch (§8.1.1.7).
inline constexpr std::string_view kBranchCookie = "z9hG4bK";

// splitmix64: its output is a bijection of a counter, so one generator never repeats a
// 64-bit value within 2^64 draws; different generators start at random points.
class SipIdGenerator {
 public:
  SipIdGenerator();                        // seeded from std::random_device
  explicit SipIdGenerator(uint64_t seed);  // reproducible, for tests

  uint64_t next();
  // Uniform in [0, bound); 0 when bound is 0.
  uint64_t below(uint64_t bound);

  std::string tag();     // 16 hex digits (64 bits; RFC asks for at least 32)
  std::string branch();  // "z9hG4bK" + 16 hex digits
  // 32 hex digits (128 bits), with "@host" appended when host is given.
  std::string call_id(std::string_view host = {});
  // A first CSeq for a new call (§8.1.1.5: any value below 2^31); kept small so that the
  // number can grow for a long time and stays readable in traces.
  uint32_t initial_cseq();

 private:
  uint64_t state_;
};

// One generator per thread: SIP runs on the core thread, but nothing here needs a lock.
SipIdGenerator& thread_sip_ids();

inline std::string new_sip_tag() {
  return thread_sip_ids().tag();
}
inline std::string new_sip_branch() {
  return thread_sip_ids().branch();
}
inline std::string new_sip_call_id(std::string_view host = {}) {
  return thread_sip_ids().call_id(host);
}

}  // namespace callwerk::sip
