// RFC 3264 offer/answer. One audio stream is used; every other m= line is answered with
// port 0, keeping the count and order of m= lines as §6 requires.

#include <algorithm>
#include <charconv>

#include "sip/sdp_negotiation.hpp"
#include "sip/sip_text.hpp"

namespace callwerk::sip {
namespace {

std::optional<int> payload_type_of(std::string_view format) {
  int pt = -1;
  auto [ptr, ec] = std::from_chars(format.data(), format.data() + format.size(), pt);
  if (ec != std::errc() || ptr != format.data() + format.size() || pt < 0 || pt > 127) {
    return std::nullopt;
  }
  return pt;
}

bool is_telephone_event(const SdpRtpMap& codec) {
  return iequals(codec.encoding, "telephone-event") && codec.clock_rate == 8000;
}

// Plain RTP only: we cannot do SRTP (SAVP) yet, and answering it with AVP would be a lie.
bool is_plain_rtp(std::string_view proto) {
  return proto == "RTP/AVP" || proto == "RTP/AVPF";
}

// First format of `m` (in its own order) that `accept` takes.
template <typename Accept>
std::optional<SdpRtpMap> first_codec(const SdpMedia& m, Accept accept) {
  for (const auto& format : m.formats) {
    auto pt = payload_type_of(format);
    if (!pt) continue;
    auto codec = m.codec(*pt);
    if (codec && accept(*codec)) return codec;
  }
  return std::nullopt;
}

std::optional<SdpRtpMap> find_telephone_event(const SdpMedia& m) {
  return first_codec(m, [](const SdpRtpMap& c) { return is_telephone_event(c); });
}

SessionDescription base_description(const MediaCapabilities& caps, const SdpOrigin& origin) {
  SessionDescription sd;
  sd.origin = origin;
  sd.session_name = "callwerk";
  sd.connection = SdpConnection{"IN", caps.addr_type, caps.address};
  sd.timings.push_back(SdpTiming{});
  return sd;
}

void add_telephone_event(SdpMedia& m, int payload_type, const MediaCapabilities& caps) {
  m.formats.push_back(std::to_string(payload_type));
  m.rtpmaps.push_back(SdpRtpMap{payload_type, "telephone-event", 8000, 0});
  m.fmtps.push_back(SdpFmtp{std::to_string(payload_type), caps.telephone_event_fmtp});
}

// Both sides' wishes combined; a 0.0.0.0 connection means the peer takes no audio.
MediaDirection combine(MediaDirection ours, MediaDirection theirs, bool hold_address) {
  bool we_send = direction_sends(ours) && direction_receives(theirs) && !hold_address;
  bool we_receive = direction_receives(ours) && direction_sends(theirs);
  return make_direction(we_send, we_receive);
}

}  // namespace

Result<SdpAnswer> answer_offer(const SessionDescription& offer, const MediaCapabilities& caps,
                               const SdpOrigin& origin) {
  if (offer.media.empty()) {
    return make_error(ErrorKind::invalid_input, "offer has no media streams", "sdp");
  }
  SdpAnswer result;
  result.answer = base_description(caps, origin);
  bool chosen = false;
  bool saw_audio = false;
  for (std::size_t i = 0; i < offer.media.size(); ++i) {
    const SdpMedia& m = offer.media[i];
    SdpMedia reply;
    reply.media = m.media;
    reply.proto = m.proto;
    reply.formats = m.formats;  // a rejected stream still needs a format (RFC 3264 §6)
    saw_audio = saw_audio || m.media == "audio";
    const SdpConnection* conn = offer.connection_of(m);
    if (!chosen && m.media == "audio" && m.port != 0 && is_plain_rtp(m.proto) && conn) {
      auto codec = first_codec(m, [&](const SdpRtpMap& c) {
        return std::any_of(caps.codecs.begin(), caps.codecs.end(), [&](const AudioCodec& ours) {
          return iequals(ours.encoding, c.encoding) && ours.clock_rate == c.clock_rate;
        });
      });
      if (codec) {
        chosen = true;
        NegotiatedAudio& audio = result.audio;
        audio.media_index = i;
        audio.payload_type = codec->payload_type;
        audio.encoding = codec->encoding;
        audio.clock_rate = codec->clock_rate;
        audio.remote_address = conn->address;
        audio.remote_port = m.port;
        if (m.rtcp) audio.remote_rtcp_port = m.rtcp->port;
        audio.ptime = m.ptime.value_or(caps.default_ptime);
        MediaDirection theirs = offer.direction_of(m);
        bool hold_address = conn->is_hold_address();
        audio.direction = combine(caps.direction, theirs, hold_address);
        audio.remote_hold = hold_address || !direction_receives(theirs);

        reply.port = caps.port;
        reply.formats = {std::to_string(codec->payload_type)};
        reply.rtpmaps.push_back(*codec);
        if (auto te = find_telephone_event(m); te && caps.telephone_event) {
          audio.telephone_event_payload_type = te->payload_type;
          add_telephone_event(reply, te->payload_type, caps);
        }
        reply.ptime = audio.ptime;
        reply.direction = audio.direction;
      }
    }
    result.answer.media.push_back(std::move(reply));
  }
  if (!chosen) {
    return make_error(ErrorKind::invalid_input,
                      saw_audio ? "no common audio codec (we take PCMA, PCMU over RTP/AVP)"
                                : "offer has no audio stream",
                      "sdp");
  }
  return result;
}

SessionDescription make_offer(const MediaCapabilities& caps, const SdpOrigin& origin) {
  SessionDescription sd = base_description(caps, origin);
  SdpMedia m;
  m.media = "audio";
  m.port = caps.port;
  m.proto = "RTP/AVP";
  for (const auto& c : caps.codecs) {
    m.formats.push_back(std::to_string(c.payload_type));
    m.rtpmaps.push_back(SdpRtpMap{c.payload_type, c.encoding, c.clock_rate, 0});
  }
  if (caps.telephone_event) add_telephone_event(m, caps.telephone_event_payload_type, caps);
  m.ptime = caps.default_ptime;
  m.direction = caps.direction;
  sd.media.push_back(std::move(m));
  return sd;
}

Result<NegotiatedAudio> process_answer(const SessionDescription& our_offer,
                                       const SessionDescription& answer) {
  if (answer.media.size() != our_offer.media.size()) {
    return make_error(ErrorKind::invalid_input,
                      "answer has a different number of m= lines than our offer", "sdp");
  }
  for (std::size_t i = 0; i < answer.media.size(); ++i) {
    const SdpMedia& ours = our_offer.media[i];
    const SdpMedia& theirs = answer.media[i];
    if (ours.media != "audio" || ours.port == 0 || theirs.port == 0) continue;
    auto codec = first_codec(theirs, [&](const SdpRtpMap& c) {
      return !is_telephone_event(c) && first_codec(ours, [&](const SdpRtpMap& o) {
                                         return iequals(o.encoding, c.encoding) &&
                                                o.clock_rate == c.clock_rate;
                                       }).has_value();
    });
    const SdpConnection* conn = answer.connection_of(theirs);
    if (!codec || conn == nullptr) {
      return make_error(ErrorKind::invalid_input, "answer selects no codec that we offered", "sdp");
    }
    NegotiatedAudio audio;
    audio.media_index = i;
    // We send with the answerer's payload type numbers (RFC 3264 §6.1).
    audio.payload_type = codec->payload_type;
    audio.encoding = codec->encoding;
    audio.clock_rate = codec->clock_rate;
    if (find_telephone_event(ours)) {
      if (auto te = find_telephone_event(theirs))
        audio.telephone_event_payload_type = te->payload_type;
    }
    audio.remote_address = conn->address;
    audio.remote_port = theirs.port;
    if (theirs.rtcp) audio.remote_rtcp_port = theirs.rtcp->port;
    audio.ptime = theirs.ptime.value_or(ours.ptime.value_or(20));
    MediaDirection their_direction = answer.direction_of(theirs);
    bool hold_address = conn->is_hold_address();
    audio.direction = combine(our_offer.direction_of(ours), their_direction, hold_address);
    audio.remote_hold = hold_address || !direction_receives(their_direction);
    return audio;
  }
  return make_error(ErrorKind::invalid_input, "answer rejects every audio stream", "sdp");
}

void next_origin_version(const SessionDescription& previous, SessionDescription& next) {
  next.origin = previous.origin;
  if (!(next == previous)) ++next.origin.session_version;
}

}  // namespace callwerk::sip
