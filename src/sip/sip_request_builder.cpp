#include "sip/sip_request_builder.hpp"

#include "sip/sip_ids.hpp"
#include "sip/sip_text.hpp"
#include "sip/sip_uri.hpp"

namespace callwerk::sip {
namespace {

constexpr std::string_view kCrlf = "\r\n";

Error bad(std::string message) {
  return make_error(ErrorKind::invalid_input, std::move(message));
}

bool has_control_char(std::string_view text) {
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte == 0x7f) return true;
  }
  return false;
}

// Each line "Name: value"; no bare CR/LF and no empty line, which would end the header block.
bool valid_extra_headers(std::string_view extra) {
  while (!extra.empty()) {
    auto end = extra.find(kCrlf);
    auto line = extra.substr(0, end);
    extra = end == std::string_view::npos ? std::string_view{} : extra.substr(end + 2);
    auto colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(trim(line.substr(0, colon))) ||
        has_control_char(line))
      return false;
  }
  return true;
}

Status check_uri(std::string_view uri, std::string_view what) {
  if (uri.empty()) return bad(std::string(what) + " missing");
  auto parsed = parse_sip_uri(uri);
  if (!parsed) return bad(std::string(what) + ": " + parsed.error().message);
  return ok_status();
}

void append_header(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append(kCrlf);
}

}  // namespace

std::string sip_host_port(std::string_view host, uint16_t port) {
  std::string out;
  bool bracket = host.find(':') != std::string_view::npos && host.front() != '[';
  if (bracket) out.push_back('[');
  out.append(host);
  if (bracket) out.push_back(']');
  out.push_back(':');
  out.append(std::to_string(port));
  return out;
}

SipLocalAddress make_local_address(SipTransportProtocol protocol, std::string_view host,
                                   uint16_t port, std::string_view contact_user) {
  SipLocalAddress local;
  local.protocol = protocol;
  local.sent_by = sip_host_port(host, port);
  local.contact_uri = "sip:";
  if (!contact_user.empty()) local.contact_uri.append(contact_user).append("@");
  local.contact_uri.append(local.sent_by);
  if (protocol == SipTransportProtocol::tcp) local.contact_uri.append(";transport=tcp");
  return local;
}

std::string quote_display_name(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) continue;
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string format_name_addr(std::string_view display_name, std::string_view uri,
                             std::string_view tag) {
  std::string out;
  if (!display_name.empty()) out.append(quote_display_name(display_name)).append(" ");
  out.append("<").append(uri).append(">");
  if (!tag.empty()) out.append(";tag=").append(tag);
  return out;
}

std::string_view name_addr_uri_text(std::string_view value) {
  value = trim(value);
  size_t pos = 0;
  if (!value.empty() && value.front() == '"') {
    // Skip the quoted display name, which may itself contain '<' or ';'.
    for (pos = 1; pos < value.size() && value[pos] != '"'; ++pos) {
      if (value[pos] == '\\') ++pos;
    }
    ++pos;
  }
  auto open = value.find('<', pos);
  if (open != std::string_view::npos) {
    auto close = value.find('>', open);
    if (close == std::string_view::npos) return {};
    return trim(value.substr(open + 1, close - open - 1));
  }
  return trim(value.substr(0, value.find(';')));
}

std::string format_via(const SipLocalAddress& local, std::string_view branch) {
  std::string out = "SIP/2.0/";
  out.append(to_via_transport(local.protocol)).append(" ").append(local.sent_by);
  out.append(";branch=").append(branch).append(";rport");
  return out;
}

void append_extra_headers(std::string& out, std::string_view extra_headers) {
  if (extra_headers.empty()) return;
  out.append(extra_headers);
  if (extra_headers.size() < 2 || extra_headers.substr(extra_headers.size() - 2) != kCrlf)
    out.append(kCrlf);
}

void append_body(std::string& out, std::string_view content_type, std::string_view body) {
  if (!content_type.empty()) append_header(out, "Content-Type", content_type);
  append_header(out, "Content-Length", std::to_string(body.size()));
  out.append(kCrlf).append(body);
}

bool method_carries_contact(std::string_view method) {
  for (std::string_view m :
       {"INVITE", "UPDATE", "SUBSCRIBE", "NOTIFY", "REFER", "REGISTER", "OPTIONS"}) {
    if (method == m) return true;
  }
  return false;
}

Result<std::string> build_out_of_dialog_request(const SipOutOfDialogRequest& spec) {
  if (!is_token(spec.method)) return bad("Malformed method");
  if (spec.method == "ACK" || spec.method == "CANCEL")
    return bad(spec.method + " is built from the request it belongs to");
  for (auto [uri, what] : {std::pair{std::string_view(spec.request_uri), "Request-URI"},
                           std::pair{std::string_view(spec.from_uri), "From URI"},
                           std::pair{std::string_view(spec.to_uri), "To URI"}}) {
    if (auto status = check_uri(uri, what); !status) return status.error();
  }
  if (!spec.local.contact_uri.empty()) {
    if (auto status = check_uri(spec.local.contact_uri, "Contact URI"); !status)
      return status.error();
  }
  if (spec.local.sent_by.empty() || has_control_char(spec.local.sent_by) ||
      spec.local.sent_by.find_first_of(" ;,") != std::string::npos)
    return bad("Malformed Via sent-by");
  if (!spec.call_id.empty() &&
      (has_control_char(spec.call_id) || spec.call_id.find_first_of(" ;,") != std::string::npos))
    return bad("Malformed Call-ID");
  if (!spec.from_tag.empty() && !is_token(spec.from_tag)) return bad("Malformed From tag");
  if (!spec.branch.empty() && !is_token(spec.branch)) return bad("Malformed branch");
  if (spec.cseq == 0 || spec.cseq > 0x7fffffffU) return bad("CSeq out of range");
  if (spec.max_forwards < 0 || spec.max_forwards > 255) return bad("Max-Forwards out of range");
  for (const auto& route : spec.route) {
    if (!parse_name_addr(route) || has_control_char(route)) return bad("Malformed Route");
  }
  if (has_control_char(spec.content_type)) return bad("Malformed Content-Type");
  if (!valid_extra_headers(spec.extra_headers)) return bad("Malformed extra header line");

  std::string out;
  out.reserve(512 + spec.body.size() + spec.extra_headers.size());
  out.append(spec.method).append(" ").append(spec.request_uri).append(" SIP/2.0\r\n");
  append_header(out, "Via",
                format_via(spec.local, spec.branch.empty() ? new_sip_branch() : spec.branch));
  append_header(out, "Max-Forwards", std::to_string(spec.max_forwards));
  for (const auto& route : spec.route) append_header(out, "Route", route);
  append_header(out, "From",
                format_name_addr(spec.from_display, spec.from_uri,
                                 spec.from_tag.empty() ? new_sip_tag() : spec.from_tag));
  append_header(out, "To", format_name_addr(spec.to_display, spec.to_uri));
  append_header(out, "Call-ID", spec.call_id.empty() ? new_sip_call_id() : spec.call_id);
  append_header(out, "CSeq", std::to_string(spec.cseq) + " " + spec.method);
  if (!spec.local.contact_uri.empty() && method_carries_contact(spec.method))
    append_header(out, "Contact", "<" + spec.local.contact_uri + ">");
  append_extra_headers(out, spec.extra_headers);
  append_body(out, spec.content_type, spec.body);
  return out;
}

std::string build_cancel(const SipMessage& invite_sent) {
  std::string out = "CANCEL ";
  out.append(invite_sent.request_uri()).append(" SIP/2.0\r\n");
  auto vias = invite_sent.header_values("Via");
  if (!vias.empty()) append_header(out, "Via", vias.front());
  append_header(out, "Max-Forwards", "70");
  for (auto route : invite_sent.header_values("Route")) append_header(out, "Route", route);
  append_header(out, "From", invite_sent.header("From").value_or(""));
  append_header(out, "To", invite_sent.header("To").value_or(""));
  append_header(out, "Call-ID", invite_sent.header("Call-ID").value_or(""));
  append_header(out, "CSeq", std::to_string(invite_sent.cseq().number) + " CANCEL");
  append_body(out, {}, {});
  return out;
}

std::string build_response_with(const SipMessage& request, int code, std::string_view reason,
                                std::string_view to_tag, std::string_view extra_headers,
                                std::string_view content_type, std::string_view body) {
  std::string out = build_response(request, code, reason, to_tag);
  // build_response ends with an empty body; put our headers where its Content-Length was.
  constexpr std::string_view kEmptyTail = "Content-Length: 0\r\n\r\n";
  if (out.size() >= kEmptyTail.size() &&
      std::string_view(out).substr(out.size() - kEmptyTail.size()) == kEmptyTail)
    out.resize(out.size() - kEmptyTail.size());
  append_extra_headers(out, extra_headers);
  append_body(out, content_type, body);
  return out;
}

std::string_view default_reason_phrase(int code) {
  switch (code) {
    case 100:
      return "Trying";
    case 180:
      return "Ringing";
    case 181:
      return "Call Is Being Forwarded";
    case 182:
      return "Queued";
    case 183:
      return "Session Progress";
    case 200:
      return "OK";
    case 202:
      return "Accepted";
    case 300:
      return "Multiple Choices";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Moved Temporarily";
    case 305:
      return "Use Proxy";
    case 380:
      return "Alternative Service";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 402:
      return "Payment Required";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 407:
      return "Proxy Authentication Required";
    case 408:
      return "Request Timeout";
    case 410:
      return "Gone";
    case 413:
      return "Request Entity Too Large";
    case 414:
      return "Request-URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 416:
      return "Unsupported URI Scheme";
    case 420:
      return "Bad Extension";
    case 421:
      return "Extension Required";
    case 423:
      return "Interval Too Brief";
    case 480:
      return "Temporarily Unavailable";
    case 481:
      return "Call/Transaction Does Not Exist";
    case 482:
      return "Loop Detected";
    case 483:
      return "Too Many Hops";
    case 484:
      return "Address Incomplete";
    case 485:
      return "Ambiguous";
    case 486:
      return "Busy Here";
    case 487:
      return "Request Terminated";
    case 488:
      return "Not Acceptable Here";
    case 489:
      return "Bad Event";
    case 491:
      return "Request Pending";
    case 493:
      return "Undecipherable";
    case 494:
      return "Security Agreement Required";
    case 500:
      return "Server Internal Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Server Time-out";
    case 505:
      return "Version Not Supported";
    case 513:
      return "Message Too Large";
    case 580:
      return "Precondition Failure";
    case 600:
      return "Busy Everywhere";
    case 603:
      return "Decline";
    case 604:
      return "Does Not Exist Anywhere";
    case 606:
      return "Not Acceptable";
    default:
      return "Unknown";
  }
}

}  // namespace callwerk::sip
