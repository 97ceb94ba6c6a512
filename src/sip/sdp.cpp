// SDP model helpers and serialization.

#include <fmt/format.h>

#include "sip/sdp.hpp"

namespace callwerk::sip {

std::string_view to_string(MediaDirection direction) {
  switch (direction) {
    case MediaDirection::sendrecv:
      return "sendrecv";
    case MediaDirection::sendonly:
      return "sendonly";
    case MediaDirection::recvonly:
      return "recvonly";
    case MediaDirection::inactive:
      return "inactive";
  }
  return "sendrecv";
}

bool direction_sends(MediaDirection d) {
  return d == MediaDirection::sendrecv || d == MediaDirection::sendonly;
}

bool direction_receives(MediaDirection d) {
  return d == MediaDirection::sendrecv || d == MediaDirection::recvonly;
}

MediaDirection make_direction(bool sends, bool receives) {
  if (sends && receives) return MediaDirection::sendrecv;
  if (sends) return MediaDirection::sendonly;
  if (receives) return MediaDirection::recvonly;
  return MediaDirection::inactive;
}

std::optional<SdpRtpMap> static_payload_type(int payload_type) {
  // Only the RFC 3551 types that are still met in telephony; the others are long obsolete.
  switch (payload_type) {
    case 0:
      return SdpRtpMap{0, "PCMU", 8000, 0};
    case 3:
      return SdpRtpMap{3, "GSM", 8000, 0};
    case 8:
      return SdpRtpMap{8, "PCMA", 8000, 0};
    case 9:
      return SdpRtpMap{9, "G722", 8000, 0};
    case 18:
      return SdpRtpMap{18, "G729", 8000, 0};
    default:
      return std::nullopt;
  }
}

std::optional<SdpRtpMap> SdpMedia::codec(int payload_type) const {
  for (const auto& map : rtpmaps) {
    if (map.payload_type == payload_type) return map;
  }
  return static_payload_type(payload_type);
}

const SdpFmtp* SdpMedia::fmtp(std::string_view format) const {
  for (const auto& f : fmtps) {
    if (f.format == format) return &f;
  }
  return nullptr;
}

MediaDirection SessionDescription::direction_of(const SdpMedia& m) const {
  if (m.direction) return *m.direction;
  return direction.value_or(MediaDirection::sendrecv);
}

const SdpConnection* SessionDescription::connection_of(const SdpMedia& m) const {
  if (m.connection) return &*m.connection;
  if (connection) return &*connection;
  return nullptr;
}

namespace {

void append_connection(std::string& out, const SdpConnection& c) {
  out += fmt::format("c={} {} {}\r\n", c.net_type, c.addr_type, c.address);
}

}  // namespace

std::string SessionDescription::to_string() const {
  std::string out;
  out.reserve(256 + media.size() * 256);
  out += "v=0\r\n";
  out += fmt::format("o={} {} {} {} {} {}\r\n", origin.username, origin.session_id,
                     origin.session_version, origin.net_type, origin.addr_type, origin.address);
  out += fmt::format("s={}\r\n", session_name.empty() ? "-" : session_name);
  if (connection) append_connection(out, *connection);
  if (timings.empty()) out += "t=0 0\r\n";  // t= is mandatory; 0 0 means unbounded
  for (const auto& t : timings) out += fmt::format("t={} {}\r\n", t.start, t.stop);
  for (const auto& a : other_attributes) out += fmt::format("a={}\r\n", a);
  if (direction) out += fmt::format("a={}\r\n", sip::to_string(*direction));
  for (const auto& m : media) {
    out += fmt::format("m={} {}", m.media, m.port);
    if (m.port_count > 0) out += fmt::format("/{}", m.port_count);
    out += fmt::format(" {}", m.proto);
    for (const auto& f : m.formats) out += " " + f;
    out += "\r\n";
    if (m.connection) append_connection(out, *m.connection);
    for (const auto& r : m.rtpmaps) {
      out += fmt::format("a=rtpmap:{} {}/{}", r.payload_type, r.encoding, r.clock_rate);
      if (r.channels > 0) out += fmt::format("/{}", r.channels);
      out += "\r\n";
    }
    for (const auto& f : m.fmtps) out += fmt::format("a=fmtp:{} {}\r\n", f.format, f.parameters);
    if (m.ptime) out += fmt::format("a=ptime:{}\r\n", *m.ptime);
    if (m.maxptime) out += fmt::format("a=maxptime:{}\r\n", *m.maxptime);
    if (m.rtcp) {
      out += fmt::format("a=rtcp:{}", m.rtcp->port);
      if (m.rtcp->connection) {
        const auto& c = *m.rtcp->connection;
        out += fmt::format(" {} {} {}", c.net_type, c.addr_type, c.address);
      }
      out += "\r\n";
    }
    for (const auto& a : m.other_attributes) out += fmt::format("a={}\r\n", a);
    if (m.direction) out += fmt::format("a={}\r\n", sip::to_string(*m.direction));
  }
  return out;
}

}  // namespace callwerk::sip
