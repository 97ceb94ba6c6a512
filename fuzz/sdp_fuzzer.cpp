// libFuzzer target for the SDP parser and RFC 3264 offer/answer: the input is read as a
// remote offer and as a remote answer to our offer; whatever parses must serialize into SDP
// that reads back the same, and every answer we build must be SDP we accept ourselves.
// Broken invariants end in __builtin_trap() so that libFuzzer reports them as crashes.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sip/sdp.hpp"
#include "sip/sdp_negotiation.hpp"

namespace {

using namespace callwerk::sip;

void require(bool condition) {
  if (!condition) __builtin_trap();
}

// Serializing may add bytes (CRLF for LF, a default t= line), so a description near the
// limits may legitimately not read back; anything else must.
void check_round_trip(const SessionDescription& sd) {
  auto text = sd.to_string();
  auto again = parse_sdp(text);
  if (!again && again.error().kind == callwerk::ErrorKind::too_large) return;
  require(again.ok());
  require(*again == sd);
}

// Which of our capabilities to use is taken from the input, so every variant gets fuzzed.
MediaCapabilities capabilities_for(std::string_view text) {
  MediaCapabilities caps;
  caps.address = "192.0.2.10";
  caps.port = 20000;
  unsigned char pick = text.empty() ? 0 : static_cast<unsigned char>(text.back());
  if (pick & 1) caps.telephone_event = false;
  if (pick & 2) caps.direction = MediaDirection::sendonly;
  if (pick & 4) caps.direction = MediaDirection::inactive;
  if (pick & 8) caps.codecs = {{0, "PCMU", 8000}};
  return caps;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = parse_sdp(text);
  if (!parsed) {
    require(!parsed.error().message.empty());
    return 0;
  }
  const SessionDescription& remote = *parsed;
  check_round_trip(remote);

  auto caps = capabilities_for(text);
  SdpOrigin origin{"callwerk", 1001, 1, "IN", "IP4", "192.0.2.10"};

  // The input as an offer from the peer.
  auto answer = answer_offer(remote, caps, origin);
  if (answer) {
    require(answer->answer.media.size() == remote.media.size());
    require(answer->audio.media_index < remote.media.size());
    check_round_trip(answer->answer);
    // Our answer is what the peer's process_answer would read: it must pick the same codec.
    auto seen_by_peer = process_answer(remote, answer->answer);
    require(seen_by_peer.ok());
    require(seen_by_peer->media_index == answer->audio.media_index);
    require(seen_by_peer->payload_type == answer->audio.payload_type);
  }

  // The input as the peer's answer to our offer.
  auto offer = make_offer(caps, origin);
  auto negotiated = process_answer(offer, remote);
  if (negotiated) require(negotiated->media_index < remote.media.size());

  // A re-offer from us built on the peer's description changes the version exactly once.
  SessionDescription next = remote;
  next_origin_version(remote, next);
  require(next.origin.session_version == remote.origin.session_version);
  return 0;
}
