#include "sip/sip_transaction_keys.hpp"

#include "sip/sip_text.hpp"
#include "sip/sip_uri.hpp"

namespace callwerk::sip {
namespace {

// Separates the parts of a key; a control character cannot occur in any of them.
constexpr char kSeparator = '\x1f';

std::string from_tag_of(const SipMessage& message) {
  auto from = message.header("From");
  if (!from) return {};
  auto parsed = parse_name_addr(*from);
  if (!parsed) return {};
  return std::string(parsed->tag().value_or(std::string_view{}));
}

}  // namespace

std::optional<std::string_view> top_via_value(const SipMessage& message) {
  auto first_line = message.header("Via");
  if (!first_line) return std::nullopt;
  auto values = split_header_list(*first_line);
  if (values.empty()) return std::nullopt;
  return values.front();
}

std::optional<std::string> server_transaction_key(const SipMessage& request,
                                                  std::string_view method) {
  auto via_text = top_via_value(request);
  if (!via_text) return std::nullopt;
  auto via = parse_via(*via_text);
  if (!via) return std::nullopt;
  auto branch = via->branch().value_or(std::string_view{});
  std::string key;
  if (branch.size() > kBranchMagicCookie.size() && branch.starts_with(kBranchMagicCookie)) {
    key.reserve(branch.size() + via->host.size() + method.size() + 12);
    key.append(branch).push_back(kSeparator);
    key.append(via->host).push_back(':');
    key.append(std::to_string(via->port)).push_back(kSeparator);
    key.append(method);
    return key;
  }
  key.push_back(kSeparator);  // keeps these keys apart from any branch-based one
  key.append(request.request_uri()).push_back(kSeparator);
  key.append(from_tag_of(request)).push_back(kSeparator);
  key.append(request.call_id()).push_back(kSeparator);
  key.append(std::to_string(request.cseq().number)).push_back(kSeparator);
  key.append(*via_text).push_back(kSeparator);
  key.append(method);
  return key;
}

std::string client_transaction_key(std::string_view branch, std::string_view method) {
  std::string key;
  key.reserve(branch.size() + method.size() + 1);
  key.append(branch).push_back(kSeparator);
  key.append(method);
  return key;
}

std::optional<std::string> client_transaction_key(const SipMessage& response) {
  auto via_text = top_via_value(response);
  if (!via_text) return std::nullopt;
  auto via = parse_via(*via_text);
  if (!via) return std::nullopt;
  auto branch = via->branch();
  if (!branch || branch->empty()) return std::nullopt;
  return client_transaction_key(*branch, response.cseq().method);
}

std::optional<std::string> ack_match_key(const SipMessage& message) {
  auto call_id = message.header("Call-ID");
  if (!call_id) return std::nullopt;
  std::string key(*call_id);
  key.push_back(kSeparator);
  key.append(std::to_string(message.cseq().number)).push_back(kSeparator);
  key.append(from_tag_of(message));
  return key;
}

std::string to_tag_of(const SipMessage& message) {
  auto to = message.header("To");
  if (!to) return {};
  auto parsed = parse_name_addr(*to);
  if (!parsed) return {};
  return std::string(parsed->tag().value_or(std::string_view{}));
}

}  // namespace callwerk::sip
