#include "sip/sip_raw_response.hpp"

#include <array>
#include <cctype>

#include "sip/sip_text.hpp"

namespace callwerk::sip {

namespace {

struct WantedHeader {
  std::string_view name;
  std::string_view compact;
  bool repeatable;
};

constexpr std::array<WantedHeader, 5> kWanted{{{"Via", "v", true},
                                               {"From", "f", false},
                                               {"To", "t", false},
                                               {"Call-ID", "i", false},
                                               {"CSeq", "", false}}};

// Reason phrases go on the wire: keep them to printable ASCII.
std::string sanitize_reason(std::string_view reason) {
  std::string out;
  for (char c : reason.substr(0, 120)) out += (c >= 0x20 && c < 0x7f) ? c : ' ';
  return out.empty() ? "Bad Request" : out;
}

}  // namespace

std::optional<std::string> build_raw_error_response(std::string_view bytes, int code,
                                                    std::string_view reason) {
  // Responses are never answered (§18.1.2), and something that isn't a request line is no SIP.
  // An ACK is never answered (RFC 3261 §17.2.1), not even a broken one.
  if (bytes.substr(0, 4) == "SIP/" || bytes.substr(0, 4) == "ACK " || bytes.empty() ||
      !std::isalpha(static_cast<unsigned char>(bytes[0])))
    return std::nullopt;
  std::array<std::string, kWanted.size()> found;
  size_t pos = bytes.find('\n');
  while (pos != std::string_view::npos && pos + 1 < bytes.size()) {
    const size_t start = pos + 1;
    size_t end = bytes.find('\n', start);
    std::string_view line =
        bytes.substr(start, end == std::string_view::npos ? bytes.npos : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // end of headers
    pos = end;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = trim(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    if (value.empty() || value.find_first_of("\r\n") != std::string_view::npos) continue;
    for (size_t i = 0; i < kWanted.size(); ++i) {
      const auto& wanted = kWanted[i];
      if (!iequals(name, wanted.name) &&
          !(!wanted.compact.empty() && iequals(name, wanted.compact)))
        continue;
      if (!found[i].empty() && !wanted.repeatable) break;
      found[i] += std::string(wanted.name) + ": " + std::string(value) + "\r\n";
      break;
    }
  }
  for (const auto& header : found)
    if (header.empty()) return std::nullopt;
  std::string out = "SIP/2.0 " + std::to_string(code) + " " + sanitize_reason(reason) + "\r\n";
  for (const auto& header : found) out += header;
  out += "Content-Length: 0\r\n\r\n";
  return out;
}

}  // namespace callwerk::sip
