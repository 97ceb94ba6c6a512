#include "sip/sip_auth_retry.hpp"

#include <fmt/format.h>

#include "sip/sip_digest.hpp"
#include "sip/sip_text.hpp"

namespace callwerk::sip {

namespace {

// The top Via value with its branch parameter's value replaced.
Result<std::string> with_branch(std::string_view via, std::string_view branch) {
  std::size_t at = 0;
  while (true) {
    at = via.find(';', at);
    if (at == std::string_view::npos) break;
    std::size_t name = at + 1;
    while (name < via.size() && (via[name] == ' ' || via[name] == '\t')) ++name;
    if (via.size() - name >= 7 && iequals(via.substr(name, 6), "branch") &&
        via.find('=', name) != std::string_view::npos) {
      std::size_t value = via.find('=', name) + 1;
      std::size_t end = value;
      while (end < via.size() && via[end] != ';' && via[end] != ',' && via[end] != ' ') ++end;
      return fmt::format("{}{}{}", via.substr(0, value), branch, via.substr(end));
    }
    ++at;
  }
  return make_error(ErrorKind::invalid_input, "the request's Via has no branch");
}

}  // namespace

Result<std::string> authorised_retry(const SipMessage& request, const SipMessage& challenge,
                                     const SipAuthRetry& account) {
  if (!request.is_request())
    return make_error(ErrorKind::invalid_input, "only a request can be sent again");
  const int code = challenge.status_code();
  if (code != 401 && code != 407)
    return make_error(ErrorKind::invalid_input, fmt::format("{} is no challenge", code));
  if (challenge.cseq().number != request.cseq().number || challenge.call_id() != request.call_id())
    return make_error(ErrorKind::invalid_input, "the challenge is not for this request");
  const std::string_view challenge_header = code == 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
  const std::string_view answer_header = code == 401 ? "Authorization" : "Proxy-Authorization";

  // Several challenges may be offered (SHA-256 first, RFC 7616 §3.7): the first we can serve.
  std::string authorization;
  Error last = make_error(ErrorKind::invalid_input, fmt::format("no {} header", challenge_header));
  for (const SipHeader& header : challenge.headers()) {
    if (!iequals(header.name, challenge_header)) continue;
    auto parsed = parse_digest_challenge(header.value);
    if (!parsed) {
      last = parsed.error();
      continue;
    }
    auto value =
        build_digest_authorization(*parsed, account.username, account.password, request.method(),
                                   request.request_uri(), account.cnonce, 1);
    if (!value) {
      last = value.error();
      continue;
    }
    authorization = std::move(*value);
    break;
  }
  if (authorization.empty()) return last;

  std::string out = fmt::format("{} {} SIP/2.0\r\n", request.method(), request.request_uri());
  bool via_done = false;
  for (const SipHeader& header : request.headers()) {
    if (iequals(header.name, "Authorization") || iequals(header.name, "Proxy-Authorization") ||
        iequals(header.name, "Content-Length"))
      continue;
    if (iequals(header.name, "CSeq")) {
      out += fmt::format("CSeq: {} {}\r\n", request.cseq().number + 1, request.cseq().method);
      continue;
    }
    if (iequals(header.name, "Via") && !via_done) {
      // The top Via is the first value of the first Via line.
      const std::string_view line = header.value;
      const std::string_view first = first_header_list_item(line);
      const auto comma = static_cast<std::size_t>(first.data() - line.data()) + first.size();
      auto top = with_branch(line.substr(0, comma), account.branch);
      if (!top) return top.error();
      out += fmt::format("Via: {}{}\r\n", *top, line.substr(comma));
      via_done = true;
      continue;
    }
    out += fmt::format("{}: {}\r\n", header.name, header.value);
  }
  if (!via_done) return make_error(ErrorKind::invalid_input, "the request has no Via");
  out += fmt::format("{}: {}\r\n", answer_header, authorization);
  out += fmt::format("Content-Length: {}\r\n\r\n", request.body().size());
  out += request.body();
  return out;
}

}  // namespace callwerk::sip
