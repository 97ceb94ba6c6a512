#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdlib>

#include "media/g711.hpp"
#include "media/pcm_audio.hpp"

namespace callwerk::media {
namespace {

std::array<std::int16_t, samples_per_20ms> sine_frame(double hz, double amplitude) {
  std::array<std::int16_t, samples_per_20ms> frame{};
  for (std::size_t i = 0; i < frame.size(); ++i)
    frame[i] = static_cast<std::int16_t>(amplitude * std::sin(2 * M_PI * hz * i / 8000.0));
  return frame;
}

void expect_round_trip_close(G711Law law) {
  const auto pcm = sine_frame(440, 20000);
  std::array<std::uint8_t, samples_per_20ms> codes{};
  std::array<std::int16_t, samples_per_20ms> back{};
  g711_encode(law, pcm, codes);
  g711_decode(law, codes, back);
  for (std::size_t i = 0; i < pcm.size(); ++i) {
    // Logarithmic quantisation: the error grows with the amplitude, about 1/32 at most.
    const int tolerance = std::max(16, std::abs(pcm[i]) / 16);
    EXPECT_NEAR(back[i], pcm[i], tolerance) << i;
  }
}

TEST(G711, AlawRoundTripIsClose) {
  expect_round_trip_close(G711Law::alaw);
}

TEST(G711, UlawRoundTripIsClose) {
  expect_round_trip_close(G711Law::ulaw);
}

TEST(G711, KnownCodes) {
  std::array<std::int16_t, 1> zero{0};
  std::array<std::uint8_t, 1> code{};
  g711_encode(G711Law::alaw, zero, code);
  EXPECT_EQ(code[0], 0xd5);
  EXPECT_EQ(g711_silence(G711Law::alaw), 0xd5);
  g711_encode(G711Law::ulaw, zero, code);
  EXPECT_EQ(code[0], 0xff);
  EXPECT_EQ(g711_silence(G711Law::ulaw), 0xff);
  std::array<std::int16_t, 1> full{32767};
  g711_encode(G711Law::ulaw, full, code);
  EXPECT_EQ(code[0], 0x80);
}

TEST(G711, PayloadTypes) {
  EXPECT_EQ(g711_law_for_payload_type(0), G711Law::ulaw);
  EXPECT_EQ(g711_law_for_payload_type(8), G711Law::alaw);
  EXPECT_FALSE(g711_law_for_payload_type(18));
  EXPECT_EQ(payload_type_for(G711Law::alaw), 8);
}

TEST(G711, TranscodeMatchesDecodeEncode) {
  const auto pcm = sine_frame(1000, 12000);
  std::array<std::uint8_t, samples_per_20ms> alaw{};
  g711_encode(G711Law::alaw, pcm, alaw);
  auto ulaw = alaw;
  g711_transcode(G711Law::alaw, G711Law::ulaw, ulaw);
  std::array<std::int16_t, samples_per_20ms> from_alaw{}, from_ulaw{};
  g711_decode(G711Law::alaw, alaw, from_alaw);
  g711_decode(G711Law::ulaw, ulaw, from_ulaw);
  for (std::size_t i = 0; i < pcm.size(); ++i)
    EXPECT_NEAR(from_ulaw[i], from_alaw[i], std::max(32, std::abs(pcm[i]) / 8));
}

}  // namespace
}  // namespace callwerk::media
