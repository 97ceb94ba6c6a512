// libFuzzer target for the SIP message parser: every input is parsed as a datagram and as a
// byte stream, and whatever parses is taken apart the way the transaction and dialog layers
// will (Via, Contact, Route, URIs, responses). Invariants that must hold are checked with
// __builtin_trap() so that a violation is a crash libFuzzer reports, like a sanitizer finding.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "sip/sip_message.hpp"
#include "sip/sip_uri.hpp"

namespace {

using namespace callwerk::sip;

void require(bool condition) {
  if (!condition) __builtin_trap();
}

// Reads every field so that a view pointing outside the input is touched under ASan.
size_t touch(std::string_view text) {
  size_t sum = 0;
  for (char c : text) sum += static_cast<unsigned char>(c);
  return sum;
}

void exercise_uri(const SipUri& uri) {
  touch(uri.scheme);
  touch(uri.user);
  touch(uri.host);
  for (const auto& [name, value] : uri.params) touch(name), touch(value);
  for (const auto& [name, value] : uri.headers) touch(name), touch(value);
  (void)uri.secure();
  (void)uri.param("transport");
  (void)uri.user_decoded();
}

void exercise_name_addr(std::string_view text) {
  auto parsed = parse_name_addr(text);
  if (!parsed) return;
  touch(parsed->display_name);
  exercise_uri(parsed->uri);
  (void)parsed->tag();
}

void exercise_headers(const SipMessage& m) {
  for (auto value : m.header_values("Via")) {
    auto via = parse_via(value);
    if (!via) continue;
    touch(via->host);
    (void)via->branch();
    (void)via->received();
    (void)via->rport();
  }
  for (auto name : {"Contact", "Route", "Record-Route", "From", "To"}) {
    for (auto value : m.header_values(name)) exercise_name_addr(value);
  }
  for (const auto& h : m.headers()) touch(h.name), touch(h.value);
  touch(m.body());
  if (m.is_request()) {
    auto uri = parse_sip_uri(m.request_uri());
    if (uri) exercise_uri(*uri);
  }
}

// What the parser accepted must serialize into something it accepts again, unchanged.
void check_round_trip(const SipMessage& m) {
  auto text = to_string(m);
  // Canonical names expand compact forms ("v" -> "Via"), so the copy may exceed the limits
  // the original just met; the limits are not what this check is about.
  SipLimits roomy;
  roomy.max_message_bytes *= 4;
  roomy.max_header_line *= 2;
  auto again = parse_sip_message(text, SipTransportKind::datagram, roomy);
  auto* copy = std::get_if<SipMessage>(&again);
  require(copy != nullptr);
  require(copy->is_request() == m.is_request());
  require(copy->method() == m.method());
  require(copy->request_uri() == m.request_uri());
  require(copy->status_code() == m.status_code());
  require(copy->reason() == m.reason());
  require(copy->headers().size() == m.headers().size());
  for (size_t i = 0; i < m.headers().size(); ++i) {
    require(copy->headers()[i].name == m.headers()[i].name);
    require(copy->headers()[i].value == m.headers()[i].value);
  }
  require(copy->body() == m.body());
  require(copy->call_id() == m.call_id());
  require(copy->cseq().number == m.cseq().number);
}

// A response built for an accepted request must itself be an acceptable response.
void check_response(const SipMessage& request) {
  for (int code : {100, 180, 200, 486}) {
    auto text = build_response(request, code, "Fuzz", "fz1");
    auto parsed = parse_sip_message(text);
    auto* response = std::get_if<SipMessage>(&parsed);
    require(response != nullptr);
    require(response->status_code() == code);
    require(response->call_id() == request.call_id());
    require(response->header_values("Via").size() == request.header_values("Via").size());
    auto to = parse_name_addr(*response->header("To"));
    require(to.ok());
    if (code > 100) require(to->tag().has_value());
  }
}

// The typed accessors agree with the generic header access for every accepted message.
void check_accessors(const SipMessage& m) {
  auto via = m.top_via();
  require(via.has_value());
  auto first = parse_via(m.header_values("Via").front());
  require(first.ok() && first->host == via->host && first->port == via->port);
  require(first->branch() == via->branch());
  require(m.from().ok() && m.to().ok());
  if (m.is_request()) require(m.max_forwards().has_value());
  (void)m.expires();
  if (auto type = m.content_type()) require(!type->empty());
}

void exercise(const SipMessage& m) {
  exercise_headers(m);
  check_accessors(m);
  check_round_trip(m);
  if (m.is_request()) check_response(m);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);

  auto datagram = parse_sip_message(bytes, SipTransportKind::datagram);
  if (auto* m = std::get_if<SipMessage>(&datagram)) {
    require(m->size() == bytes.size());
    exercise(*m);
  } else {
    auto& error = std::get<SipParseError>(datagram);
    require(error.failure != SipParseFailure::incomplete);
    touch(error.reason);
  }

  // A stream carries messages back to back; each one must consume bytes or stop the loop.
  std::string_view rest = bytes;
  for (int count = 0; !rest.empty() && count < 64; ++count) {
    auto framed = parse_sip_message(rest, SipTransportKind::stream);
    auto* m = std::get_if<SipMessage>(&framed);
    if (m == nullptr) break;
    require(m->size() > 0 && m->size() <= rest.size());
    exercise(*m);
    rest.remove_prefix(m->size());
  }

  // Tight limits take the 513 and "too many" paths with small inputs too.
  SipLimits tight;
  tight.max_message_bytes = 700;
  tight.max_headers = 12;
  tight.max_header_line = 160;
  for (auto transport : {SipTransportKind::datagram, SipTransportKind::stream}) {
    auto limited = parse_sip_message(bytes, transport, tight);
    if (auto* m = std::get_if<SipMessage>(&limited)) {
      require(m->headers().size() <= tight.max_headers);
      require(m->body().size() <= tight.max_message_bytes);
    }
  }

  // The owning variant must give the same answer as the zero-copy one.
  auto owned = parse_owned_sip_message(std::string(bytes));
  require(owned.index() == datagram.index());
  return 0;
}
