#include "core/clock.hpp"

#include <gtest/gtest.h>

namespace callwerk {
namespace {

TEST(Clock, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(1795720062123), "2026-11-26T19:07:42.123Z");
  EXPECT_EQ(format_iso8601(-1), "1969-12-31T23:59:59.999Z");
}

TEST(Clock, ParsesWhatItFormats) {
  for (TimeMs t : {TimeMs{0}, TimeMs{1795720062123}, TimeMs{951782400000} /* 2000-02-29 */}) {
    auto parsed = parse_iso8601(format_iso8601(t));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, t);
  }
}

TEST(Clock, ParsesDatesZonesAndMilliseconds) {
  EXPECT_EQ(parse_iso8601("2026-11-26"), parse_iso8601("2026-11-26T00:00:00Z"));
  EXPECT_EQ(parse_iso8601("2026-11-26T20:07:42+01:00"), parse_iso8601("2026-11-26T19:07:42Z"));
  EXPECT_EQ(parse_iso8601("2026-11-26T19:07"), parse_iso8601("2026-11-26T19:07:00.000Z"));
  EXPECT_EQ(parse_iso8601("1795720062123"), TimeMs{1795720062123});
}

TEST(Clock, RejectsMalformedInput) {
  for (const char* bad : {"", "2026-13-01", "2026-11-26T25:00", "2026-11-26T10:00:00X",
                          "26.11.2026", "2026-11-26T10:00:00.Z", "12ab"}) {
    EXPECT_FALSE(parse_iso8601(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace callwerk
