// SDP parsing: strict where a wrong value would mislead media setup (ports, payload types,
// addresses), lenient where real peers differ harmlessly (LF line ends, unknown lines).

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>
#include <vector>

#include "sip/sdp.hpp"

namespace callwerk::sip {
namespace {

std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

template <typename T>
bool parse_number(std::string_view s, T& out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f;
  });
}

bool valid_ip4(std::string_view a) {
  int parts = 0;
  std::size_t pos = 0;
  while (true) {
    std::size_t dot = a.find('.', pos);
    std::string_view part = a.substr(pos, dot == std::string_view::npos ? a.npos : dot - pos);
    unsigned value = 0;
    if (part.size() > 3 || !parse_number(part, value) || value > 255) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    pos = dot + 1;
  }
  return parts == 4;
}

// RFC 8866 allows FQDNs too; a numeric-looking IP4 address must be a real one.
bool valid_address(std::string_view addr_type, std::string_view address) {
  std::string_view host = address.substr(0, address.find('/'));
  if (host.empty() || !is_token(address)) return false;
  if (addr_type == "IP4") {
    bool numeric = std::all_of(host.begin(), host.end(),
                               [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
    return numeric ? valid_ip4(host) : host.find(':') == std::string_view::npos;
  }
  if (addr_type == "IP6") {
    return std::all_of(host.begin(), host.end(), [](char c) {
      return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.' || c == '-';
    });
  }
  return true;
}

class SdpParser {
 public:
  explicit SdpParser(std::string_view text) : text_(text) {}

  Result<SessionDescription> run() {
    if (text_.size() > kSdpMaxBytes) {
      return make_error(ErrorKind::too_large, "SDP body larger than the limit", "sdp");
    }
    std::size_t pos = 0;
    while (pos < text_.size()) {
      std::size_t end = text_.find('\n', pos);
      if (end == std::string_view::npos) end = text_.size();
      std::string_view line = text_.substr(pos, end - pos);
      pos = end + 1;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ++line_no_;
      if (line_no_ > kSdpMaxLines) return fail("too many lines", ErrorKind::too_large);
      if (line.empty()) continue;  // some peers end the body with a blank line
      if (auto err = handle(line)) return *err;
    }
    if (!seen_version_) return fail("empty SDP: no v= line");
    if (!seen_origin_) return fail("missing o= line");
    // t= is mandatory but often forgotten; "0 0" is what every peer means then.
    if (sd_.timings.empty()) sd_.timings.push_back(SdpTiming{});
    for (std::size_t i = 0; i < sd_.media.size(); ++i) {
      const SdpMedia& m = sd_.media[i];
      if (m.port != 0 && sd_.connection_of(m) == nullptr) {
        return make_error(ErrorKind::invalid_input,
                          "media stream " + std::to_string(i + 1) + " (" + m.media +
                              ") has no connection address (c=) at media or session level",
                          "sdp");
      }
    }
    return std::move(sd_);
  }

 private:
  Error fail(std::string message, ErrorKind kind = ErrorKind::invalid_input) {
    return make_error(kind, std::move(message), "sdp line " + std::to_string(line_no_));
  }

  std::optional<Error> handle(std::string_view line) {
    if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z') {
      return fail("not an SDP line of the form <type>=<value>");
    }
    char type = line[0];
    std::string_view value = line.substr(2);
    if (!seen_version_) {
      if (type != 'v') return fail("SDP must start with v=");
      if (value != "0") return fail("unsupported SDP version (only v=0)");
      seen_version_ = true;
      return std::nullopt;
    }
    if (!seen_origin_) {
      if (type != 'o') return fail("o= must follow v=");
      seen_origin_ = true;
      return parse_origin(value);
    }
    switch (type) {
      case 'v':
        return fail("duplicate v= line");
      case 'o':
        return fail("duplicate o= line");
      case 's':
        if (current_ != nullptr) return fail("s= after the first m= line");
        sd_.session_name = value.empty() ? "-" : std::string(value);
        return std::nullopt;
      case 't':
        return parse_timing(value);
      case 'c':
        return parse_connection(value, current_ ? current_->connection : sd_.connection);
      case 'm':
        return parse_media(value);
      case 'a':
        return parse_attribute(value);
      default:
        return std::nullopt;  // i=, u=, e=, p=, b=, r=, z=, k= and unknown types
    }
  }

  std::optional<Error> parse_origin(std::string_view value) {
    auto w = split_words(value);
    if (w.size() != 6) return fail("o= needs 6 fields");
    SdpOrigin& o = sd_.origin;
    o.username = std::string(w[0]);
    if (!parse_number(w[1], o.session_id)) return fail("o= session id is not a number");
    if (!parse_number(w[2], o.session_version)) return fail("o= session version is not a number");
    o.net_type = std::string(w[3]);
    o.addr_type = std::string(w[4]);
    o.address = std::string(w[5]);
    if (!valid_address(w[4], w[5])) return fail("o= address is not valid");
    return std::nullopt;
  }

  std::optional<Error> parse_timing(std::string_view value) {
    if (current_ != nullptr) return fail("t= after the first m= line");
    auto w = split_words(value);
    SdpTiming t;
    if (w.size() != 2 || !parse_number(w[0], t.start) || !parse_number(w[1], t.stop)) {
      return fail("t= needs two numbers");
    }
    if (sd_.timings.size() >= 8) return fail("too many t= lines", ErrorKind::too_large);
    sd_.timings.push_back(t);
    return std::nullopt;
  }

  std::optional<Error> parse_connection(std::string_view value,
                                        std::optional<SdpConnection>& target) {
    auto w = split_words(value);
    if (w.size() != 3) return fail("c= needs 3 fields (IN IP4 address)");
    if (w[0] != "IN") return fail("c= network type must be IN");
    if (w[1] != "IP4" && w[1] != "IP6") return fail("c= address type must be IP4 or IP6");
    if (!valid_address(w[1], w[2])) return fail("c= address is not valid");
    if (target) return fail("duplicate c= line");
    target = SdpConnection{std::string(w[0]), std::string(w[1]), std::string(w[2])};
    return std::nullopt;
  }

  std::optional<Error> parse_media(std::string_view value) {
    if (sd_.media.size() >= kSdpMaxMedia) return fail("too many m= lines", ErrorKind::too_large);
    auto w = split_words(value);
    if (w.size() < 4) return fail("m= needs media, port, proto and at least one format");
    SdpMedia m;
    m.media = std::string(w[0]);
    std::string_view port = w[1];
    if (auto slash = port.find('/'); slash != std::string_view::npos) {
      if (!parse_number(port.substr(slash + 1), m.port_count) || m.port_count < 1 ||
          m.port_count > 64) {
        return fail("m= port count is not valid");
      }
      port = port.substr(0, slash);
    }
    if (!parse_number(port, m.port)) return fail("m= port is not a number from 0 to 65535");
    m.proto = std::string(w[2]);
    if (!is_token(w[0]) || !is_token(w[2])) return fail("m= media or proto is not valid");
    if (w.size() - 3 > kSdpMaxFormats) return fail("too many formats", ErrorKind::too_large);
    for (std::size_t i = 3; i < w.size(); ++i) {
      if (m.is_rtp()) {
        int pt = -1;
        if (!parse_number(w[i], pt) || pt < 0 || pt > 127) {
          return fail("RTP payload type must be a number from 0 to 127");
        }
      }
      m.formats.emplace_back(w[i]);
    }
    sd_.media.push_back(std::move(m));
    current_ = &sd_.media.back();
    attribute_count_ = 0;
    return std::nullopt;
  }

  std::optional<Error> parse_attribute(std::string_view value) {
    if (++attribute_count_ > kSdpMaxAttributes) {
      return fail("too many a= lines", ErrorKind::too_large);
    }
    std::size_t colon = value.find(':');
    std::string_view name = value.substr(0, colon);
    std::string_view arg = colon == std::string_view::npos ? "" : value.substr(colon + 1);
    if (name.empty()) return fail("a= without a name");

    std::optional<MediaDirection> dir;
    if (name == "sendrecv") dir = MediaDirection::sendrecv;
    if (name == "sendonly") dir = MediaDirection::sendonly;
    if (name == "recvonly") dir = MediaDirection::recvonly;
    if (name == "inactive") dir = MediaDirection::inactive;
    if (dir) {
      auto& target = current_ ? current_->direction : sd_.direction;
      if (target && *target != *dir) return fail("conflicting direction attributes");
      target = dir;
      return std::nullopt;
    }
    if (current_ == nullptr) {
      sd_.other_attributes.emplace_back(value);
      return std::nullopt;
    }
    if (name == "rtpmap") return parse_rtpmap(arg);
    if (name == "fmtp") return parse_fmtp(arg);
    if (name == "ptime") return parse_ptime(arg, current_->ptime, "ptime");
    if (name == "maxptime") return parse_ptime(arg, current_->maxptime, "maxptime");
    if (name == "rtcp") return parse_rtcp(arg);
    current_->other_attributes.emplace_back(value);
    return std::nullopt;
  }

  std::optional<Error> parse_rtpmap(std::string_view arg) {
    auto w = split_words(arg);
    if (w.size() != 2) return fail("a=rtpmap needs <payload type> <encoding>/<clock rate>");
    SdpRtpMap map;
    if (!parse_number(w[0], map.payload_type) || map.payload_type < 0 || map.payload_type > 127) {
      return fail("a=rtpmap payload type must be a number from 0 to 127");
    }
    std::string_view rest = w[1];
    std::size_t slash = rest.find('/');
    if (slash == 0 || slash == std::string_view::npos) {
      return fail("a=rtpmap needs <encoding>/<clock rate>");
    }
    map.encoding = std::string(rest.substr(0, slash));
    rest = rest.substr(slash + 1);
    std::size_t slash2 = rest.find('/');
    if (!parse_number(rest.substr(0, slash2), map.clock_rate) || map.clock_rate == 0) {
      return fail("a=rtpmap clock rate is not a positive number");
    }
    if (slash2 != std::string_view::npos && (!parse_number(rest.substr(slash2 + 1), map.channels) ||
                                             map.channels < 1 || map.channels > 255)) {
      return fail("a=rtpmap channel count is not valid");
    }
    for (const auto& existing : current_->rtpmaps) {
      if (existing.payload_type == map.payload_type) return fail("duplicate a=rtpmap");
    }
    current_->rtpmaps.push_back(std::move(map));
    return std::nullopt;
  }

  std::optional<Error> parse_fmtp(std::string_view arg) {
    std::size_t space = arg.find(' ');
    std::string_view format = arg.substr(0, space);
    if (!is_token(format)) return fail("a=fmtp needs a format");
    std::string_view params = space == std::string_view::npos ? "" : arg.substr(space + 1);
    while (!params.empty() && params.front() == ' ') params.remove_prefix(1);
    current_->fmtps.push_back(SdpFmtp{std::string(format), std::string(params)});
    return std::nullopt;
  }

  std::optional<Error> parse_ptime(std::string_view arg, std::optional<std::uint32_t>& target,
                                   const char* name) {
    std::uint32_t ms = 0;
    // A packet time beyond a second is no voice stream; zero would divide the clock.
    if (!parse_number(arg, ms) || ms == 0 || ms > 1000) {
      return fail(std::string("a=") + name + " must be a number of milliseconds from 1 to 1000");
    }
    target = ms;
    return std::nullopt;
  }

  std::optional<Error> parse_rtcp(std::string_view arg) {
    auto w = split_words(arg);
    SdpRtcp rtcp;
    if (w.empty() || !parse_number(w[0], rtcp.port)) return fail("a=rtcp port is not valid");
    if (w.size() == 4) {
      if (w[1] != "IN" || (w[2] != "IP4" && w[2] != "IP6") || !valid_address(w[2], w[3])) {
        return fail("a=rtcp address is not valid");
      }
      rtcp.connection = SdpConnection{std::string(w[1]), std::string(w[2]), std::string(w[3])};
    } else if (w.size() != 1) {
      return fail("a=rtcp needs a port and optionally IN IP4 address");
    }
    current_->rtcp = std::move(rtcp);
    return std::nullopt;
  }

  std::string_view text_;
  SessionDescription sd_;
  // Points into sd_.media; only the back element is ever referenced, so push_back is safe
  // because current_ is reset right after each push.
  SdpMedia* current_ = nullptr;
  std::size_t line_no_ = 0;
  std::size_t attribute_count_ = 0;
  bool seen_version_ = false;
  bool seen_origin_ = false;
};

}  // namespace

Result<SessionDescription> parse_sdp(std::string_view text) {
  return SdpParser(text).run();
}

}  // namespace callwerk::sip
