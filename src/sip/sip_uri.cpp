#include "sip/sip_uri.hpp"

#include <cctype>

#include "sip/sip_text.hpp"

namespace callwerk::sip {
namespace {

Error bad(std::string message) {
  return make_error(ErrorKind::invalid_input, std::move(message));
}

bool is_host_char(char c) {
  return ascii_alnum(c) || c == '-' || c == '.' || c == '_';
}

// host [":" port]; IPv6 references keep their brackets only in the input. `lws` allows
// whitespace around the ':' (Via sent-by, RFC 3261 §25.1 COLON); a URI never has any.
bool parse_hostport(std::string_view text, std::string_view& host, uint16_t& port, bool& ipv6,
                    bool lws = false) {
  std::string_view rest;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos || close < 3) return false;
    host = text.substr(1, close - 1);
    for (char c : host) {
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') return false;
    }
    if (host.find(':') == std::string_view::npos) return false;
    ipv6 = true;
    rest = text.substr(close + 1);
  } else {
    auto colon = text.find(':');
    host = text.substr(0, colon);
    if (lws) host = trim(host);
    if (host.empty()) return false;
    for (char c : host) {
      if (!is_host_char(c)) return false;
    }
    rest = colon == std::string_view::npos ? std::string_view{} : text.substr(colon);
  }
  if (lws) rest = trim(rest);
  if (rest.empty()) return true;
  if (rest.front() != ':') return false;
  auto value = parse_decimal(lws ? trim(rest.substr(1)) : rest.substr(1), 65535);
  if (!value || *value == 0) return false;
  port = static_cast<uint16_t>(*value);
  return true;
}

// Splits at `separator` outside quoted strings, so a quoted ";" in a param value stays put.
std::vector<std::string_view> split_outside_quotes(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (quoted && text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      quoted = !quoted;
    } else if (!quoted && text[i] == separator) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(text.substr(start));
  return parts;
}

// Index of the quote closing the string that opens at text[0]; npos when unterminated.
size_t closing_quote(std::string_view text) {
  for (size_t i = 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i;
    }
  }
  return std::string_view::npos;
}

// Header params are tokens (RFC 3261 §25.1 generic-param), URI params paramchars (§19.1.1):
// one check for both. A quote or space in a name would hide the params behind it.
bool is_param_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (ascii_alnum(c)) continue;
    if (std::string_view("-.!%*_+`'~[]/:&$()").find(c) == std::string_view::npos) return false;
  }
  return true;
}

// gen-value = token / host / quoted-string: a quote only around the whole value and never
// LWS outside one, so a value cannot swallow the params after it.
bool is_param_value(std::string_view value) {
  if (value.empty()) return false;
  if (value.front() == '"') return closing_quote(value) == value.size() - 1;
  return value.find_first_of("\" \t") == std::string_view::npos;
}

// `text` holds everything after the first separator: "a=b;lr;c=d".
bool parse_params(std::string_view text, char separator, std::vector<SipParam>& out) {
  for (auto part : split_outside_quotes(text, separator)) {
    part = trim(part);
    auto eq = part.find('=');
    auto name = trim(part.substr(0, eq));
    auto value = eq == std::string_view::npos ? std::string_view{} : trim(part.substr(eq + 1));
    if (!is_param_name(name)) return false;
    if (eq != std::string_view::npos && !is_param_value(value)) return false;
    out.emplace_back(name, value);
  }
  return true;
}

}  // namespace

std::optional<std::string_view> find_param(const std::vector<SipParam>& params,
                                           std::string_view name) {
  for (const auto& [key, value] : params) {
    if (iequals(key, name)) return value;
  }
  return std::nullopt;
}

bool SipUri::secure() const {
  return iequals(scheme, "sips");
}

Result<std::string> SipUri::user_decoded() const {
  auto decoded = percent_decode(user);
  if (!decoded) return bad("Malformed escape in URI user");
  return *decoded;
}

Result<SipUri> parse_sip_uri(std::string_view text) {
  SipUri uri;
  auto colon = text.find(':');
  if (colon == std::string_view::npos) return bad("URI without scheme");
  uri.scheme = text.substr(0, colon);
  auto rest = text.substr(colon + 1);
  if (rest.find_first_of(" \t\r\n") != std::string_view::npos) return bad("Whitespace in URI");

  if (iequals(uri.scheme, "tel")) {
    // RFC 3966: the number plays the role of the user; there is no host.
    auto semi = rest.find(';');
    uri.user = rest.substr(0, semi);
    if (uri.user.empty()) return bad("Empty tel URI");
    if (semi != std::string_view::npos && !parse_params(rest.substr(semi + 1), ';', uri.params))
      return bad("Malformed tel URI parameter");
    return uri;
  }
  if (!iequals(uri.scheme, "sip") && !iequals(uri.scheme, "sips"))
    return bad("Unsupported URI scheme");

  // '@' cannot appear unescaped in params or headers, so the first one ends the userinfo.
  auto at = rest.find('@');
  if (at != std::string_view::npos) {
    auto userinfo = rest.substr(0, at);
    auto pw = userinfo.find(':');
    uri.user = userinfo.substr(0, pw);
    if (pw != std::string_view::npos) uri.password = userinfo.substr(pw + 1);
    if (uri.user.empty()) return bad("Empty user in URI");
    if (!percent_decode(uri.user)) return bad("Malformed escape in URI user");
    rest = rest.substr(at + 1);
  }
  auto question = rest.find('?');
  auto headers =
      question == std::string_view::npos ? std::string_view{} : rest.substr(question + 1);
  rest = rest.substr(0, question);
  // Skip the IPv6 reference before looking for ';' (it has none, but keep the rule obvious).
  auto host_end = rest.find(';', rest.empty() || rest.front() != '[' ? 0 : rest.find(']'));
  if (!parse_hostport(rest.substr(0, host_end), uri.host, uri.port, uri.ipv6))
    return bad("Malformed host in URI");
  if (host_end != std::string_view::npos &&
      !parse_params(rest.substr(host_end + 1), ';', uri.params))
    return bad("Malformed URI parameter");
  if (question != std::string_view::npos && !parse_params(headers, '&', uri.headers))
    return bad("Malformed URI header");
  return uri;
}

Result<SipNameAddr> parse_name_addr(std::string_view text) {
  SipNameAddr result;
  text = trim(text);
  std::string_view params;
  std::string_view uri_text;
  if (!text.empty() && text.front() == '"') {
    auto close = closing_quote(text);
    if (close == std::string_view::npos) return bad("Unterminated quoted string");
    result.display_name = text.substr(1, close - 1);
    text = trim(text.substr(close + 1));
    if (text.empty() || text.front() != '<') return bad("Missing <URI> after display name");
  }
  auto open = text.find('<');
  if (open != std::string_view::npos) {
    if (result.display_name.empty()) result.display_name = trim(text.substr(0, open));
    auto close = text.find('>', open);
    if (close == std::string_view::npos) return bad("Unterminated <URI>");
    uri_text = text.substr(open + 1, close - open - 1);
    params = trim(text.substr(close + 1));
  } else {
    // addr-spec: any ';' belongs to the header, never to the URI (RFC 3261 §20.10).
    auto semi = text.find(';');
    uri_text = trim(text.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{} : text.substr(semi);
  }
  auto uri = parse_sip_uri(uri_text);
  if (!uri) return uri.error();
  result.uri = std::move(uri.value());
  if (!params.empty()) {
    if (params.front() != ';') return bad("Garbage after URI");
    if (!parse_params(params.substr(1), ';', result.params)) return bad("Malformed header param");
  }
  return result;
}

std::optional<uint16_t> SipVia::rport() const {
  auto value = find_param(params, "rport");
  if (!value || value->empty()) return std::nullopt;
  auto port = parse_decimal(*value, 65535);
  if (!port) return std::nullopt;
  return static_cast<uint16_t>(*port);
}

Result<SipVia> parse_via(std::string_view text) {
  SipVia via;
  // sent-protocol allows LWS around each "/" (RFC 3261 §25.1 SLASH).
  std::string_view* fields[] = {&via.protocol, &via.version};
  for (auto* field : fields) {
    auto slash = text.find('/');
    if (slash == std::string_view::npos) return bad("Malformed Via protocol");
    *field = trim(text.substr(0, slash));
    text = text.substr(slash + 1);
  }
  text = trim(text);
  auto space = text.find_first_of(" \t");
  if (space == std::string_view::npos) return bad("Missing Via sent-by");
  via.transport = text.substr(0, space);
  if (!is_token(via.protocol) || !is_token(via.version) || !is_token(via.transport))
    return bad("Malformed Via protocol");
  text = trim(text.substr(space));
  auto semi = text.find(';');
  auto sent_by = trim(text.substr(0, semi));
  // RFC 4475 §3.1.1.1: "host : port" is legal; the host and port views simply skip the LWS.
  if (!parse_hostport(sent_by, via.host, via.port, via.ipv6, true))
    return bad("Malformed Via sent-by");
  if (semi != std::string_view::npos && !parse_params(text.substr(semi + 1), ';', via.params))
    return bad("Malformed Via parameter");
  return via;
}

}  // namespace callwerk::sip
