#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "media/jitter_buffer.hpp"

namespace callwerk::media {
namespace {

// Frame k holds the constant sample value 1000 * (k + 1), so the pulled order is visible.
std::array<std::uint8_t, kG711FrameBytes> frame(int k) {
  std::array<std::int16_t, samples_per_20ms> pcm;
  pcm.fill(static_cast<std::int16_t>(1000 * (k + 1)));
  std::array<std::uint8_t, kG711FrameBytes> codes{};
  g711_encode(G711Law::alaw, pcm, codes);
  return codes;
}

std::int16_t decoded_value(int k) {
  std::array<std::int16_t, 1> out{};
  g711_decode(G711Law::alaw, std::span(frame(k).data(), 1), out);
  return out[0];
}

void put(G711JitterBuffer& jb, int k) {
  const auto f = frame(k);
  jb.put(static_cast<std::uint32_t>(5000 + k * 160), static_cast<std::uint16_t>(100 + k), f);
}

TEST(JitterBuffer, SilenceBeforeTheFirstPacket) {
  G711JitterBuffer jb;
  std::array<std::int16_t, samples_per_20ms> out;
  out.fill(7);
  EXPECT_EQ(jb.pull(out), G711JitterBuffer::FrameKind::silence);
  EXPECT_EQ(out[0], 0);
}

TEST(JitterBuffer, ReorderedPacketsComeOutInOrder) {
  G711JitterBuffer jb;
  // Packets arrive in bursts and out of order, one pull per 20 ms tick.
  const std::vector<std::vector<int>> arrivals = {{0}, {2, 1}, {},  {3}, {5, 4},
                                                  {6}, {},     {7}, {},  {}};
  std::vector<std::int16_t> values;
  std::array<std::int16_t, samples_per_20ms> out;
  for (const auto& tick : arrivals) {
    for (int k : tick) put(jb, k);
    if (jb.pull(out) == G711JitterBuffer::FrameKind::audio) values.push_back(out[0]);
  }
  std::vector<std::int16_t> expected;
  for (int k = 0; k < 8; ++k) expected.push_back(decoded_value(k));
  EXPECT_EQ(values, expected);
}

TEST(JitterBuffer, LostFrameIsConcealedThenSilence) {
  G711JitterBuffer jb;
  std::array<std::int16_t, samples_per_20ms> out;
  std::vector<G711JitterBuffer::FrameKind> kinds;
  std::vector<std::int16_t> values;
  for (int k = 0; k < 12; ++k) {
    if (k != 4) put(jb, k);  // frame 4 is lost
    kinds.push_back(jb.pull(out));
    values.push_back(out[0]);
  }
  // Every received frame comes out once and in order (speexdsp may also insert a frame
  // while it sets its delay; that is concealed too).
  std::vector<std::int16_t> audio;
  for (std::size_t i = 0; i < kinds.size(); ++i)
    if (kinds[i] == G711JitterBuffer::FrameKind::audio) audio.push_back(values[i]);
  ASSERT_GE(audio.size(), 6u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(audio[i], decoded_value(static_cast<int>(i)));
  EXPECT_EQ(audio[4], decoded_value(5));
  // Where frame 4 should be, a softer copy of frame 3 stands.
  std::size_t at3 = 0;
  while (at3 < values.size() &&
         !(kinds[at3] == G711JitterBuffer::FrameKind::audio && values[at3] == decoded_value(3)))
    ++at3;
  ASSERT_LT(at3 + 2, values.size());
  EXPECT_EQ(kinds[at3 + 1], G711JitterBuffer::FrameKind::concealed);
  EXPECT_EQ(values[at3 + 1], decoded_value(3) / 2);
  EXPECT_EQ(values[at3 + 2], decoded_value(5));
  EXPECT_GE(jb.concealed_frames(), 1u);

  // When the stream stops, a few concealed frames fade to silence.
  for (int i = 0; i < 3; ++i) jb.pull(out);
  std::vector<G711JitterBuffer::FrameKind> tail;
  for (int i = 0; i < 8; ++i) tail.push_back(jb.pull(out));
  EXPECT_EQ(tail.back(), G711JitterBuffer::FrameKind::silence);
  EXPECT_EQ(out[0], 0);
}

TEST(JitterBuffer, MultiFramePayloadIsSplit) {
  G711JitterBuffer jb;
  std::vector<std::uint8_t> two;
  for (int k : {0, 1}) {
    const auto f = frame(k);
    two.insert(two.end(), f.begin(), f.end());
  }
  EXPECT_EQ(jb.put(5000, 1, two), 2);
  EXPECT_EQ(jb.put(5320, 2, std::span(two.data(), 100)), 0);  // not whole frames
  std::array<std::int16_t, samples_per_20ms> out;
  ASSERT_EQ(jb.pull(out), G711JitterBuffer::FrameKind::audio);
  EXPECT_EQ(out[0], decoded_value(0));
  ASSERT_EQ(jb.pull(out), G711JitterBuffer::FrameKind::audio);
  EXPECT_EQ(out[0], decoded_value(1));
}

}  // namespace
}  // namespace callwerk::media
