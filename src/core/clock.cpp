#include "core/clock.hpp"

#include <chrono>
#include <cstdio>

#include <fmt/format.h>

namespace callwerk {

TimeMs now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t y;
  unsigned m, d;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

bool read_digits(std::string_view s, std::size_t& pos, std::size_t count, int& out) {
  if (pos + count > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += count;
  out = v;
  return true;
}

}  // namespace

std::string format_iso8601(TimeMs t) {
  std::int64_t days = t >= 0 ? t / 86400000 : (t - 86399999) / 86400000;
  std::int64_t rest = t - days * 86400000;
  const Civil c = civil_from_days(days);
  const int h = static_cast<int>(rest / 3600000);
  rest %= 3600000;
  const int mi = static_cast<int>(rest / 60000);
  rest %= 60000;
  const int s = static_cast<int>(rest / 1000);
  const int ms = static_cast<int>(rest % 1000);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", c.y, c.m, c.d, h, mi, s, ms);
}

std::optional<TimeMs> parse_iso8601(std::string_view s) {
  if (s.empty()) return std::nullopt;
  if (s.find('-') == std::string_view::npos) {
    // plain milliseconds
    TimeMs v = 0;
    for (char c : s) {
      if (c < '0' || c > '9' || v > 1'000'000'000'000'000) return std::nullopt;
      v = v * 10 + (c - '0');
    }
    return v;
  }
  std::size_t p = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
  if (!read_digits(s, p, 4, y) || p >= s.size() || s[p++] != '-' || !read_digits(s, p, 2, mo) ||
      p >= s.size() || s[p++] != '-' || !read_digits(s, p, 2, d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  int offset_min = 0;
  if (p < s.size() && (s[p] == 'T' || s[p] == ' ')) {
    ++p;
    if (!read_digits(s, p, 2, h) || p >= s.size() || s[p++] != ':' || !read_digits(s, p, 2, mi))
      return std::nullopt;
    if (p < s.size() && s[p] == ':') {
      ++p;
      if (!read_digits(s, p, 2, sec)) return std::nullopt;
      if (p < s.size() && s[p] == '.') {
        ++p;
        std::size_t start = p;
        int frac = 0, digits = 0;
        while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
          if (digits < 3) frac = frac * 10 + (s[p] - '0'), ++digits;
          ++p;
        }
        if (p == start) return std::nullopt;
        while (digits < 3) frac *= 10, ++digits;
        ms = frac;
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
    if (p < s.size()) {
      if (s[p] == 'Z') {
        ++p;
      } else if (s[p] == '+' || s[p] == '-') {
        const int sign = s[p] == '-' ? -1 : 1;
        ++p;
        int oh = 0, om = 0;
        if (!read_digits(s, p, 2, oh)) return std::nullopt;
        if (p < s.size() && s[p] == ':') ++p;
        if (!read_digits(s, p, 2, om)) return std::nullopt;
        offset_min = sign * (oh * 60 + om);
      }
    }
  }
  if (p != s.size()) return std::nullopt;
  const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return ((days * 24 + h) * 60 + mi - offset_min) * 60000LL + sec * 1000LL + ms;
}

}  // namespace callwerk
