#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "media/telephone_event.hpp"

namespace callwerk::media {
namespace {

TelephoneEvent te(char digit, bool end, std::uint16_t duration, std::uint8_t volume = 10) {
  return TelephoneEvent{*event_for_dtmf_digit(digit), end, volume, duration};
}

// Collects every ended digit, as the engine does.
struct Collector {
  TelephoneEventReceiver receiver;
  std::string digits;
  std::vector<std::int64_t> durations;
  std::string started;
  void take(const DtmfDetection& d) {
    if (d.started) started += d.started_digit;
    for (int i = 0; i < d.ended_count; ++i) {
      digits += d.ended[i].digit;
      durations.push_back(d.ended[i].duration_ms);
    }
  }
  void packet(std::uint32_t ts, const TelephoneEvent& e, TimeMs now = 0) {
    take(receiver.on_packet(ts, e, now));
  }
};

TEST(TelephoneEvent, PayloadRoundTrip) {
  std::array<std::uint8_t, 4> buf{};
  write_telephone_event(TelephoneEvent{11, true, 63, 1600}, buf);
  EXPECT_EQ(buf, (std::array<std::uint8_t, 4>{11, 0xbf, 0x06, 0x40}));
  auto parsed = parse_telephone_event(buf);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, (TelephoneEvent{11, true, 63, 1600}));
  EXPECT_FALSE(parse_telephone_event(std::span(buf.data(), 3)));
}

TEST(TelephoneEvent, DigitMapping) {
  EXPECT_EQ(dtmf_digit_for_event(0), '0');
  EXPECT_EQ(dtmf_digit_for_event(10), '*');
  EXPECT_EQ(dtmf_digit_for_event(11), '#');
  EXPECT_EQ(dtmf_digit_for_event(15), 'D');
  EXPECT_EQ(dtmf_digit_for_event(16), 0);  // flash is no key
  EXPECT_EQ(event_for_dtmf_digit('#'), 11);
  EXPECT_EQ(event_for_dtmf_digit('b'), 13);
  EXPECT_FALSE(event_for_dtmf_digit('x'));
}

TEST(TelephoneEventReceiver, FullEventWithThreeEndPacketsIsOneDigit) {
  Collector c;
  c.packet(1000, te('5', false, 160));
  EXPECT_EQ(c.started, "5");
  EXPECT_EQ(c.digits, "");
  c.packet(1000, te('5', false, 320));
  c.packet(1000, te('5', false, 480));
  c.packet(1000, te('5', true, 800));
  c.packet(1000, te('5', true, 800));
  c.packet(1000, te('5', true, 800));
  EXPECT_EQ(c.digits, "5");
  EXPECT_EQ(c.durations, std::vector<std::int64_t>{100});
  EXPECT_EQ(c.started, "5");
}

TEST(TelephoneEventReceiver, SameDigitTwiceIsTwoEvents) {
  Collector c;
  for (std::uint32_t ts : {1000u, 5000u}) {
    c.packet(ts, te('1', false, 160));
    for (int i = 0; i < 3; ++i) c.packet(ts, te('1', true, 640));
  }
  EXPECT_EQ(c.digits, "11");
}

TEST(TelephoneEventReceiver, MissingStartAndOnlyEndPacketsStillCount) {
  Collector c;
  c.packet(2000, te('#', true, 960));
  c.packet(2000, te('#', true, 960));
  EXPECT_EQ(c.started, "#");
  EXPECT_EQ(c.digits, "#");
  EXPECT_EQ(c.durations[0], 120);
}

TEST(TelephoneEventReceiver, LostEndPacketsEndedByNextEventOrTimeout) {
  Collector c;
  c.packet(1000, te('1', false, 160), 0);
  c.packet(1000, te('1', false, 320), 20);
  c.packet(3000, te('2', false, 160), 300);  // all end packets of '1' lost
  EXPECT_EQ(c.digits, "1");
  c.take(c.receiver.poll(500));
  EXPECT_EQ(c.digits, "1");  // '2' is still within its time
  c.take(c.receiver.poll(300 + TelephoneEventReceiver::kLostEndTimeoutMs));
  EXPECT_EQ(c.digits, "12");
  c.take(c.receiver.poll(5000));
  EXPECT_EQ(c.digits, "12");                 // only once
  c.packet(3000, te('2', true, 800), 5001);  // its end arrives after all
  EXPECT_EQ(c.digits, "12");
}

TEST(TelephoneEventReceiver, LatePacketOfPreviousEventIsIgnored) {
  Collector c;
  c.packet(1000, te('3', false, 160), 0);
  c.packet(1000, te('3', true, 480), 60);
  c.packet(2000, te('4', false, 160), 200);
  c.packet(1000, te('3', true, 480), 210);  // reordered redundant end of '3'
  c.packet(2000, te('4', true, 320), 240);
  EXPECT_EQ(c.digits, "34");
  EXPECT_EQ(c.started, "34");
}

TEST(TelephoneEventReceiver, DurationIsTheLongestSeen) {
  Collector c;
  c.packet(1000, te('9', false, 480));
  c.packet(1000, te('9', false, 320));  // reordered continuation
  c.packet(1000, te('9', true, 400));   // end with a smaller (wrong) duration
  EXPECT_EQ(c.durations, std::vector<std::int64_t>{60});
}

TEST(TelephoneEventReceiver, NonDtmfEventsAreIgnored) {
  Collector c;
  c.packet(1000, TelephoneEvent{16, true, 10, 800});
  EXPECT_EQ(c.digits, "");
  EXPECT_EQ(c.started, "");
}

TEST(TelephoneEventSender, ProducesGrowingDurationAndThreeEnds) {
  TelephoneEventSender sender;
  ASSERT_TRUE(sender.start('7', 100, 12, 20));
  std::vector<TelephoneEventSender::Packet> packets;
  while (auto p = sender.next_packet()) packets.push_back(*p);
  EXPECT_FALSE(sender.active());
  // 100 ms at 20 ms: five packets, the fifth is the first end packet, then two repeats.
  ASSERT_EQ(packets.size(), 7u);
  EXPECT_TRUE(packets[0].first);
  EXPECT_FALSE(packets[1].first);
  for (int i = 0; i < 4; ++i) {
    EXPECT_FALSE(packets[i].event.end);
    EXPECT_EQ(packets[i].event.duration, 160 * (i + 1));
  }
  for (int i = 4; i < 7; ++i) {
    EXPECT_TRUE(packets[i].event.end);
    EXPECT_EQ(packets[i].event.duration, 800);
  }
  EXPECT_EQ(packets[0].event.event, 7);
  EXPECT_EQ(packets[0].event.volume, 12);
  EXPECT_FALSE(sender.start('x', 100));
}

TEST(TelephoneEventSender, ReceiverSeesExactlyTheSentDigit) {
  TelephoneEventSender sender;
  Collector c;
  for (char d : std::string("0*#")) {
    ASSERT_TRUE(sender.start(d, 60));
    const std::uint32_t ts = static_cast<std::uint32_t>(c.digits.size() * 8000);
    while (auto p = sender.next_packet()) c.packet(ts, p->event);
  }
  EXPECT_EQ(c.digits, "0*#");
  EXPECT_EQ(c.durations, (std::vector<std::int64_t>{60, 60, 60}));
}

}  // namespace
}  // namespace callwerk::media
