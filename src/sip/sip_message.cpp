#include "sip/sip_message.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "sip/sip_text.hpp"
#include "sip/sip_uri.hpp"

namespace callwerk::sip {
namespace {

struct HeaderName {
  std::string_view full;
  char compact;  // '\0' when the header has none
  bool list;     // comma-separated values are separate entries (RFC 3261 §7.3.1)
};

// Compact forms from RFC 3261 §7.3.3 plus RFC 3265/3515/4488 ones seen from real phones.
constexpr std::array<HeaderName, 31> kHeaderNames{{
    {"Call-ID", 'i', false},
    {"Contact", 'm', true},
    {"From", 'f', false},
    {"To", 't', false},
    {"Via", 'v', true},
    {"Content-Length", 'l', false},
    {"Content-Type", 'c', false},
    {"Supported", 'k', true},
    {"Subject", 's', false},
    {"Content-Encoding", 'e', true},
    {"Event", 'o', false},
    {"Refer-To", 'r', false},
    {"Referred-By", 'b', false},
    {"Allow-Events", 'u', true},
    {"CSeq", '\0', false},
    {"Max-Forwards", '\0', false},
    {"Route", '\0', true},
    {"Record-Route", '\0', true},
    {"Allow", '\0', true},
    {"Require", '\0', true},
    {"Proxy-Require", '\0', true},
    {"Unsupported", '\0', true},
    {"Accept", '\0', true},
    {"Path", '\0', true},
    {"Expires", '\0', false},
    {"Authorization", '\0', false},
    {"Proxy-Authorization", '\0', false},
    {"WWW-Authenticate", '\0', false},
    {"Proxy-Authenticate", '\0', false},
    {"User-Agent", '\0', false},
    {"Server", '\0', false},
}};

const HeaderName* find_header_name(std::string_view name) {
  for (const auto& entry : kHeaderNames) {
    if (name.size() == 1 && entry.compact != '\0' &&
        (name[0] | 0x20) == entry.compact)  // compact forms are case-insensitive too
      return &entry;
    if (iequals(name, entry.full)) return &entry;
  }
  return nullptr;
}

bool is_list_header(std::string_view name) {
  const auto* entry = find_header_name(name);
  return entry != nullptr && entry->list;
}

// Next line without its CRLF (a bare LF is tolerated); nullopt when no line end follows.
std::optional<std::string_view> next_line(std::string_view bytes, size_t& pos) {
  auto lf = bytes.find('\n', pos);
  if (lf == std::string_view::npos) return std::nullopt;
  auto line = bytes.substr(pos, lf - pos);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  pos = lf + 1;
  return line;
}

// Digits only, saturated just above `max`: a huge Content-Length is a message too large (513),
// not a malformed one (400), and a huge Expires is simply the longest. nullopt when the text
// is not a number at all.
std::optional<size_t> parse_saturated_decimal(std::string_view text, size_t max) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  const size_t saturated = max < SIZE_MAX ? max + 1 : max;
  size_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    auto digit = static_cast<size_t>(c - '0');
    value = value > (SIZE_MAX - digit) / 10 ? saturated : std::min(saturated, value * 10 + digit);
  }
  return value;
}

}  // namespace

std::string_view canonical_header_name(std::string_view name) {
  const auto* entry = find_header_name(name);
  return entry != nullptr ? entry->full : name;
}

std::optional<std::string_view> SipMessage::header(std::string_view name) const {
  auto wanted = canonical_header_name(name);
  for (const auto& h : headers_) {
    if (iequals(h.name, wanted)) return h.value;
  }
  return std::nullopt;
}

std::vector<std::string_view> SipMessage::header_values(std::string_view name) const {
  auto wanted = canonical_header_name(name);
  bool list = is_list_header(wanted);
  std::vector<std::string_view> values;
  for (const auto& h : headers_) {
    if (!iequals(h.name, wanted)) continue;
    if (!list) {
      values.push_back(h.value);
      continue;
    }
    for (auto part : split_header_list(h.value)) values.push_back(part);
  }
  return values;
}

std::optional<SipVia> SipMessage::top_via() const {
  auto value = header("Via");
  if (!value) return std::nullopt;
  auto via = parse_via(first_header_list_item(*value));
  if (!via) return std::nullopt;
  return std::move(via.value());
}

namespace {

Result<SipNameAddr> parse_address_header(const SipMessage& m, std::string_view name) {
  auto value = m.header(name);
  if (!value) return make_error(ErrorKind::invalid_input, "Missing " + std::string(name));
  return parse_name_addr(*value);
}

}  // namespace

Result<SipNameAddr> SipMessage::from() const {
  return parse_address_header(*this, "From");
}

Result<SipNameAddr> SipMessage::to() const {
  return parse_address_header(*this, "To");
}

std::optional<uint32_t> SipMessage::max_forwards() const {
  auto value = header("Max-Forwards");
  if (!value) return std::nullopt;
  auto hops = parse_decimal(trim(*value), 255);
  if (!hops) return std::nullopt;
  return static_cast<uint32_t>(*hops);
}

std::optional<uint32_t> SipMessage::expires() const {
  auto value = header("Expires");
  if (!value) return std::nullopt;
  auto seconds = parse_saturated_decimal(*value, UINT32_MAX);
  if (!seconds) return std::nullopt;
  return static_cast<uint32_t>(std::min<size_t>(*seconds, UINT32_MAX));
}

std::optional<std::string_view> SipMessage::content_type() const {
  auto value = header("Content-Type");
  if (!value) return std::nullopt;
  auto media_type = trim(value->substr(0, value->find(';')));
  if (media_type.empty()) return std::nullopt;
  return media_type;
}

class SipMessageParser {
 public:
  SipMessageParser(std::string_view bytes, SipTransportKind transport, const SipLimits& limits)
      : bytes_(bytes), transport_(transport), limits_(limits) {}

  SipParseResult parse(SipMessage& message);
  static void adopt(SipMessage& message, std::shared_ptr<const std::string> storage) {
    message.storage_ = std::move(storage);
  }

 private:
  SipParseError fail(std::string reason, int code = 400) const {
    return SipParseError{is_request_ ? SipParseFailure::bad_request : SipParseFailure::bad_response,
                         code, std::move(reason)};
  }
  std::optional<SipParseError> parse_start_line(SipMessage& m, std::string_view line);
  std::optional<SipParseError> add_header(SipMessage& m, std::vector<std::string_view>& pieces);
  std::optional<SipParseError> validate(SipMessage& m) const;

  std::string_view bytes_;
  SipTransportKind transport_;
  const SipLimits& limits_;
  bool is_request_ = true;
};

std::optional<SipParseError> SipMessageParser::parse_start_line(SipMessage& m,
                                                                std::string_view line) {
  if (line.substr(0, 4) == "SIP/") {
    is_request_ = false;
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (the phrase may be empty).
    auto sp = line.find(' ');
    if (line.substr(0, sp) != "SIP/2.0") return fail("Bad SIP version", 505);
    auto rest = sp == std::string_view::npos ? std::string_view{} : line.substr(sp + 1);
    auto code_text = rest.substr(0, 3);
    auto code = parse_decimal(code_text, 699);
    if (code_text.size() != 3 || !code || *code < 100 || (rest.size() > 3 && rest[3] != ' '))
      return fail("Bad status code");
    m.status_code_ = static_cast<int>(*code);
    m.reason_ = rest.size() > 4 ? rest.substr(4) : std::string_view{};
    return std::nullopt;
  }
  auto first = line.find(' ');
  auto last = line.rfind(' ');
  auto not_sip = SipParseError{SipParseFailure::not_sip, 0, "Not a SIP message"};
  if (first == std::string_view::npos || first == last) return not_sip;
  auto version = line.substr(last + 1);
  if (!is_token(line.substr(0, first)) || version.size() < 4 ||
      !iequals(version.substr(0, 4), "SIP/"))
    return not_sip;
  if (version != "SIP/2.0") return fail("Bad SIP version", 505);
  m.method_ = line.substr(0, first);
  m.request_uri_ = line.substr(first + 1, last - first - 1);
  auto colon = m.request_uri_.find(':');
  if (m.request_uri_.empty() || m.request_uri_.find_first_of(" \t") != std::string_view::npos ||
      colon == std::string_view::npos || colon == 0)
    return fail("Malformed Request-Line");
  auto scheme = m.request_uri_.substr(0, colon);
  if ((iequals(scheme, "sip") || iequals(scheme, "sips") || iequals(scheme, "tel")) &&
      !parse_sip_uri(m.request_uri_))
    return fail("Malformed Request-URI");
  return std::nullopt;
}

std::optional<SipParseError> SipMessageParser::add_header(SipMessage& m,
                                                          std::vector<std::string_view>& pieces) {
  if (pieces.empty()) return std::nullopt;
  size_t length = 0;
  for (auto piece : pieces) length += piece.size() + 1;
  if (length > limits_.max_header_line) return fail("Header line too long");
  if (m.headers_.size() >= limits_.max_headers) return fail("Too many headers");
  auto line = pieces.front();
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return fail("Malformed header line");
  auto name = trim(line.substr(0, colon));  // HCOLON allows whitespace before ':'
  if (!is_token(name)) return fail("Malformed header name");
  std::string_view value = trim(line.substr(colon + 1));
  if (pieces.size() > 1) {
    // Folding is rare, so only then does the message own a copy: LWS becomes one SP.
    std::string joined(value);
    for (size_t i = 1; i < pieces.size(); ++i) {
      auto more = trim(pieces[i]);
      if (more.empty()) continue;
      if (!joined.empty()) joined.push_back(' ');
      joined.append(more);
    }
    m.unfolded_.push_back(std::make_shared<const std::string>(std::move(joined)));
    value = *m.unfolded_.back();
  }
  m.headers_.push_back(SipHeader{canonical_header_name(name), value});
  pieces.clear();
  return std::nullopt;
}

std::optional<SipParseError> SipMessageParser::validate(SipMessage& m) const {
  std::array<std::string_view, 6> mandatory{"Via", "From", "To", "Call-ID", "CSeq", "Max-Forwards"};
  for (auto name : mandatory) {
    if (name == "Max-Forwards" && !is_request_) continue;
    if (!m.header(name)) return fail("Missing " + std::string(name));
  }
  auto cseq = trim(*m.header("CSeq"));
  auto space = cseq.find_first_of(" \t");
  auto number = parse_decimal(cseq.substr(0, space), 0x7fffffffUL);  // RFC 3261 §8.1.1.5
  auto method = space == std::string_view::npos ? std::string_view{} : trim(cseq.substr(space));
  if (!number || !is_token(method)) return fail("Malformed CSeq");
  if (is_request_ && method != m.method_) return fail("CSeq method does not match request");
  m.cseq_ = SipCSeq{static_cast<uint32_t>(*number), method};
  if (is_request_ && !parse_decimal(trim(*m.header("Max-Forwards")), 255))
    return fail("Malformed Max-Forwards");
  auto call_id = *m.header("Call-ID");
  if (call_id.empty() || call_id.find_first_of(" \t") != std::string_view::npos)
    return fail("Malformed Call-ID");
  for (auto name : {"From", "To"}) {
    auto parsed = parse_name_addr(*m.header(name));
    if (!parsed) return fail("Malformed " + std::string(name) + ": " + parsed.error().message);
  }
  for (const auto& h : m.headers_) {
    // An empty Via line would leave top_via() nothing to read while the message passed.
    if (h.name == "Via" && first_header_list_item(h.value).empty()) return fail("Empty Via");
  }
  for (auto value : m.header_values("Via")) {
    auto via = parse_via(value);
    if (!via) return fail("Malformed Via: " + via.error().message);
  }
  for (auto value : m.header_values("Contact")) {
    if (value == "*") continue;  // REGISTER's "remove all bindings"
    auto contact = parse_name_addr(value);
    if (!contact) return fail("Malformed Contact: " + contact.error().message);
  }
  return std::nullopt;
}

SipParseResult SipMessageParser::parse(SipMessage& m) {
  size_t pos = 0;
  // RFC 3261 §7.5: CRLFs before the start line are ignored (they are keep-alives).
  while (pos < bytes_.size() && (bytes_[pos] == '\r' || bytes_[pos] == '\n')) ++pos;
  if (pos == bytes_.size()) return SipParseError{SipParseFailure::not_sip, 0, "Empty message"};
  auto start = pos;
  auto line = next_line(bytes_, pos);
  if (!line) {
    if (transport_ == SipTransportKind::stream && bytes_.size() - start < limits_.max_header_line)
      return SipParseError{SipParseFailure::incomplete, 0, "Start line incomplete"};
    return SipParseError{SipParseFailure::not_sip, 0, "Not a SIP message"};
  }
  if (auto error = parse_start_line(m, *line)) return *error;
  if (transport_ == SipTransportKind::datagram && bytes_.size() > limits_.max_message_bytes)
    return fail("Message Too Large", 513);

  std::vector<std::string_view> pieces;  // one header line and its continuation lines
  std::optional<size_t> body_start;
  while (!body_start) {
    auto header_line = next_line(bytes_, pos);
    if (!header_line) {
      if (transport_ == SipTransportKind::datagram) return fail("Headers not terminated");
      if (bytes_.size() - start > limits_.max_message_bytes) return fail("Message Too Large", 513);
      return SipParseError{SipParseFailure::incomplete, 0, "Headers incomplete"};
    }
    if (!header_line->empty() && (header_line->front() == ' ' || header_line->front() == '\t')) {
      if (pieces.empty()) return fail("Continuation line without header");
      pieces.push_back(*header_line);
      continue;
    }
    if (auto error = add_header(m, pieces)) return *error;
    if (header_line->empty()) {
      body_start = pos;
    } else {
      pieces.push_back(*header_line);
    }
  }

  auto lengths = m.header_values("Content-Length");
  if (lengths.empty()) {
    if (transport_ == SipTransportKind::stream) return fail("Missing Content-Length");
    m.body_ = bytes_.substr(*body_start);
  } else {
    auto length = parse_saturated_decimal(lengths.front(), limits_.max_message_bytes);
    if (!length) return fail("Invalid Content-Length");
    for (auto other : lengths) {
      if (parse_saturated_decimal(other, limits_.max_message_bytes) != length)
        return fail("Conflicting Content-Length");
    }
    if (*length > limits_.max_message_bytes) return fail("Message Too Large", 513);
    auto available = bytes_.size() - *body_start;
    if (*length > available) {
      if (transport_ == SipTransportKind::datagram) return fail("Content-Length larger than body");
      if (*body_start + *length - start > limits_.max_message_bytes)
        return fail("Message Too Large", 513);
      return SipParseError{SipParseFailure::incomplete, 0, "Body incomplete"};
    }
    // RFC 3261 §18.3: bytes beyond Content-Length in a datagram are discarded.
    m.body_ = bytes_.substr(*body_start, *length);
  }
  m.size_ = transport_ == SipTransportKind::datagram ? bytes_.size() : *body_start + m.body_.size();
  if (m.size_ - start > limits_.max_message_bytes) return fail("Message Too Large", 513);
  if (auto error = validate(m)) return *error;
  return std::move(m);
}

SipParseResult parse_sip_message(std::string_view bytes, SipTransportKind transport,
                                 const SipLimits& limits) {
  SipMessage message;
  return SipMessageParser(bytes, transport, limits).parse(message);
}

SipParseResult parse_owned_sip_message(std::string bytes, SipTransportKind transport,
                                       const SipLimits& limits) {
  SipMessage message;
  // The shared string never moves, so the views stay valid when the message is moved.
  auto storage = std::make_shared<const std::string>(std::move(bytes));
  SipMessageParser::adopt(message, storage);
  return SipMessageParser(*storage, transport, limits).parse(message);
}

std::string to_string(const SipMessage& message) {
  std::string out;
  if (message.is_request()) {
    out.append(message.method()).append(" ").append(message.request_uri()).append(" SIP/2.0");
  } else {
    out.append("SIP/2.0 ").append(std::to_string(message.status_code())).append(" ");
    out.append(message.reason());
  }
  out.append("\r\n");
  for (const auto& h : message.headers())
    out.append(h.name).append(": ").append(h.value).append("\r\n");
  out.append("\r\n").append(message.body());
  return out;
}

std::string build_response(const SipMessage& request, int code, std::string_view reason,
                           std::string_view to_tag) {
  std::string out = "SIP/2.0 " + std::to_string(code) + " ";
  out.append(reason).append("\r\n");
  for (const auto& h : request.headers()) {
    if (h.name == "Via") out.append("Via: ").append(h.value).append("\r\n");
  }
  out.append("From: ").append(*request.header("From")).append("\r\n");
  auto to = *request.header("To");
  out.append("To: ").append(to);
  auto parsed_to = parse_name_addr(to);
  if (code > 100 && !to_tag.empty() && parsed_to && !parsed_to->tag())
    out.append(";tag=").append(to_tag);
  out.append("\r\n");
  out.append("Call-ID: ").append(request.call_id()).append("\r\n");
  out.append("CSeq: ").append(*request.header("CSeq")).append("\r\n");
  out.append("Content-Length: 0\r\n\r\n");
  return out;
}

}  // namespace callwerk::sip
