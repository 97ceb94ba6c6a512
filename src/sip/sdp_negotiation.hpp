#pragma once
// RFC 3264 offer/answer for one audio stream with G.711 and RFC 4733 telephone-event.
// Pure functions: the dialog layer keeps the descriptions and calls these on each
// INVITE, re-INVITE, 200 and ACK body.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "sip/sdp.hpp"

namespace callwerk::sip {

struct AudioCodec {
  int payload_type = 0;  // used in our own offers; answers reuse the offerer's numbers
  std::string encoding;
  std::uint32_t clock_rate = 8000;
};

struct MediaCapabilities {
  // Our preference order; it decides only in our own offers (RFC 3264 §6.1: in an answer
  // the offerer's order wins).
  std::vector<AudioCodec> codecs{{8, "PCMA", 8000}, {0, "PCMU", 8000}};
  bool telephone_event = true;
  int telephone_event_payload_type = 101;  // for our offers
  std::string telephone_event_fmtp = "0-16";
  std::string address;  // where we receive RTP
  std::string addr_type = "IP4";
  std::uint16_t port = 0;
  MediaDirection direction = MediaDirection::sendrecv;  // what we want (sendonly = we hold)
  std::uint32_t default_ptime = 20;
};

// What the media layer needs after a completed offer/answer exchange.
struct NegotiatedAudio {
  std::size_t media_index = 0;  // which m= line carries the audio
  int payload_type = 0;
  std::string encoding;
  std::uint32_t clock_rate = 8000;
  std::optional<int> telephone_event_payload_type;
  std::string remote_address;
  std::uint16_t remote_port = 0;
  std::optional<std::uint16_t> remote_rtcp_port;
  std::uint32_t ptime = 20;
  MediaDirection direction = MediaDirection::sendrecv;  // from our side: do we send/receive
  bool remote_hold = false;  // the peer does not want our audio (sendonly/inactive/0.0.0.0)
  bool operator==(const NegotiatedAudio&) const = default;
};

struct SdpAnswer {
  SessionDescription answer;
  NegotiatedAudio audio;
};

// Answers a remote offer. Every error means "nothing acceptable": send 488 Not Acceptable
// Here (parse errors come from parse_sdp and are separate). `origin` is ours; its version is
// taken as is, see next_origin_version for re-INVITEs.
Result<SdpAnswer> answer_offer(const SessionDescription& offer, const MediaCapabilities& caps,
                               const SdpOrigin& origin);

// Our own offer: one audio stream with our codecs in preference order and telephone-event.
SessionDescription make_offer(const MediaCapabilities& caps, const SdpOrigin& origin);

// Reads the peer's answer to an offer we sent. Errors mean the answer is unusable (no common
// codec, wrong m= line count); the caller then ends the call.
Result<NegotiatedAudio> process_answer(const SessionDescription& our_offer,
                                       const SessionDescription& answer);

// RFC 3264 §8: the o= version grows by one exactly when the description changed since the
// last one we sent in this dialog, and stays otherwise. Sets next.origin accordingly.
void next_origin_version(const SessionDescription& previous, SessionDescription& next);

}  // namespace callwerk::sip
