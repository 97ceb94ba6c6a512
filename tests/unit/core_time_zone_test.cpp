// The tenant's day boundary: local midnight from the system's tz database, across daylight
// saving changes, and the refusals of names that are no zone.
#include "core/time_zone.hpp"

#include <gtest/gtest.h>

namespace callwerk {
namespace {

TimeMs at(const char* iso) {
  return *parse_iso8601(iso);
}

std::string day_start(const char* zone_name, const char* now) {
  auto zone = TimeZone::load(zone_name);
  EXPECT_TRUE(zone) << zone_name;
  return format_iso8601(local_day_start(at(now), *zone));
}

TEST(TimeZone, BerlinOffsetsInWinterAndSummer) {
  auto berlin = TimeZone::load("Europe/Berlin");
  ASSERT_TRUE(berlin);
  EXPECT_EQ(berlin->offset_seconds_at(at("2026-01-15T12:00:00Z")), 3600);
  EXPECT_EQ(berlin->offset_seconds_at(at("2026-07-15T12:00:00Z")), 7200);
  // The spring change happens at 01:00 UTC on the last Sunday of March.
  EXPECT_EQ(berlin->offset_seconds_at(at("2026-03-29T00:59:59Z")), 3600);
  EXPECT_EQ(berlin->offset_seconds_at(at("2026-03-29T01:00:00Z")), 7200);
}

TEST(TimeZone, DayStartsAtLocalMidnight) {
  EXPECT_EQ(day_start("Europe/Berlin", "2026-01-15T10:00:00Z"), "2026-01-14T23:00:00.000Z");
  EXPECT_EQ(day_start("Europe/Berlin", "2026-07-15T10:00:00Z"), "2026-07-14T22:00:00.000Z");
  // 23:30 UTC is already the next day in Berlin: that day started half an hour ago.
  EXPECT_EQ(day_start("Europe/Berlin", "2026-01-15T23:30:00Z"), "2026-01-15T23:00:00.000Z");
  // Exactly at midnight the new day starts.
  EXPECT_EQ(day_start("Europe/Berlin", "2026-01-15T23:00:00Z"), "2026-01-15T23:00:00.000Z");
  EXPECT_EQ(day_start("America/New_York", "2026-01-15T03:00:00Z"), "2026-01-14T05:00:00.000Z");
}

TEST(TimeZone, DaysWithADaylightSavingChangeStartAtTheEarlierOffset) {
  // Summer time from 02:00 local: midnight was still CET (UTC+1), now is CEST (UTC+2).
  EXPECT_EQ(day_start("Europe/Berlin", "2026-03-29T10:00:00Z"), "2026-03-28T23:00:00.000Z");
  // Back to winter time at 03:00 local: midnight was CEST.
  EXPECT_EQ(day_start("Europe/Berlin", "2026-10-25T10:00:00Z"), "2026-10-24T22:00:00.000Z");
}

TEST(TimeZone, UtcAndUnknownZones) {
  EXPECT_EQ(format_iso8601(local_day_start(at("2026-01-15T10:00:00Z"), TimeZone::utc())),
            "2026-01-15T00:00:00.000Z");
  EXPECT_FALSE(TimeZone::load("Mars/Olympus_Mons"));
  EXPECT_FALSE(TimeZone::load("../../etc/passwd"));
  EXPECT_FALSE(TimeZone::load("/etc/localtime"));
  EXPECT_FALSE(TimeZone::load(""));
  // Unknown names fall back to UTC rather than failing the wallboard.
  EXPECT_EQ(shared_time_zone("Mars/Olympus_Mons")->offset_seconds_at(at("2026-07-01T00:00:00Z")),
            0);
  EXPECT_EQ(shared_time_zone("Europe/Berlin")->offset_seconds_at(at("2026-07-01T00:00:00Z")), 7200);
}

TEST(TimeZone, RefusesWhatIsNoTzifFile) {
  EXPECT_FALSE(TimeZone::parse(""));
  EXPECT_FALSE(TimeZone::parse("TZif2 but far too short"));
  EXPECT_FALSE(TimeZone::parse(std::string(64, 'x')));
}

}  // namespace
}  // namespace callwerk
