#include "sip/sip_transaction_keys.hpp"

#include "sip/sip_text.hpp"
#include "sip/sip_uri.hpp"

namespace callwerk::sip {
namespace {

// Separates the parts of a key; a control character cannot occur in any of them.
constexpr char kSeparator = '\x1f';

}  // namespace

std::optional<std::string_view> known_header(const SipMessage& message,
                                             std::string_view canonical_name) {
  // The parser stores known names in their canonical spelling: an exact compare suffices.
  for (const auto& header : message.headers()) {
    if (header.name == canonical_name) return header.value;
  }
  return std::nullopt;
}

std::optional<std::string_view> top_via_value(const SipMessage& message) {
  auto line = known_header(message, "Via");
  if (!line) return std::nullopt;
  return first_header_list_item(*line);
}

std::string_view header_tag(std::string_view name_addr) {
  // Header parameters follow the closing '>' of a name-addr, or begin at the first ';' of
  // a bare addr-spec (RFC 3261 §20.10); a quoted display name may hold either character.
  size_t params = 0;
  bool quoted = false;
  for (size_t i = 0; i < name_addr.size(); ++i) {
    char c = name_addr[i];
    if (quoted) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '<') {
      auto close = name_addr.find('>', i);
      if (close == std::string_view::npos) return {};
      params = close + 1;
      break;
    } else if (c == ';') {
      params = i;
      break;
    }
  }
  for (auto semi = name_addr.find(';', params); semi != std::string_view::npos;) {
    auto next = name_addr.find(';', semi + 1);
    auto param = trim(name_addr.substr(
        semi + 1, next == std::string_view::npos ? std::string_view::npos : next - semi - 1));
    auto equals = param.find('=');
    if (equals != std::string_view::npos && iequals(trim(param.substr(0, equals)), "tag"))
      return trim(param.substr(equals + 1));
    semi = next;
  }
  return {};
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
  key.append(header_tag(known_header(request, "From").value_or(std::string_view{})));
  key.push_back(kSeparator);
  key.append(known_header(request, "Call-ID").value_or(std::string_view{}));
  key.push_back(kSeparator);
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
  auto call_id = known_header(message, "Call-ID");
  auto from = known_header(message, "From");
  if (!call_id || !from) return std::nullopt;
  auto from_tag = header_tag(*from);
  std::string key;
  key.reserve(call_id->size() + from_tag.size() + 12);
  key.append(*call_id).push_back(kSeparator);
  key.append(std::to_string(message.cseq().number)).push_back(kSeparator);
  key.append(from_tag);
  return key;
}

std::string_view to_tag_of(const SipMessage& message) {
  auto to = known_header(message, "To");
  return to ? header_tag(*to) : std::string_view{};
}

std::string_view to_tag_in_bytes(std::string_view message_bytes) {
  // Only the header lines are looked at; the transaction layer's own responses never fold.
  size_t pos = message_bytes.find('\n');
  while (pos != std::string_view::npos && pos + 1 < message_bytes.size()) {
    auto start = pos + 1;
    auto end = message_bytes.find('\n', start);
    auto line = message_bytes.substr(start, end == std::string_view::npos ? end : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      auto name = trim(line.substr(0, colon));
      if (iequals(name, "To") || iequals(name, "t")) return header_tag(line.substr(colon + 1));
    }
    pos = end;
  }
  return {};
}

}  // namespace callwerk::sip
