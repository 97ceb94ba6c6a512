#include <gtest/gtest.h>

#include <memory>

#include "speech/pcm_lru.hpp"

namespace callwerk::speech {
namespace {

media::SharedPcm audio_of(std::size_t samples) {
  auto audio = std::make_shared<media::PcmAudio>();
  audio->samples.resize(samples);
  return audio;
}

TEST(PcmLru, FindsWhatWasInserted) {
  PcmLru lru(1 << 20);
  auto a = audio_of(100);
  lru.insert("a", a);
  EXPECT_EQ(lru.find("a"), a);
  EXPECT_EQ(lru.find("b"), nullptr);
  EXPECT_EQ(lru.size(), 1u);
  EXPECT_EQ(lru.bytes(), PcmLru::cost("a", *a));
}

TEST(PcmLru, EvictsLeastRecentlyUsedWithinByteLimit) {
  auto one = audio_of(1000);
  std::size_t each = PcmLru::cost("k1", *one);
  PcmLru lru(each * 3);
  lru.insert("k1", audio_of(1000));
  lru.insert("k2", audio_of(1000));
  lru.insert("k3", audio_of(1000));
  ASSERT_NE(lru.find("k1"), nullptr);  // k1 is now the most recent; k2 the oldest
  lru.insert("k4", audio_of(1000));
  EXPECT_EQ(lru.find("k2"), nullptr);
  EXPECT_NE(lru.find("k1"), nullptr);
  EXPECT_NE(lru.find("k3"), nullptr);
  EXPECT_NE(lru.find("k4"), nullptr);
  EXPECT_LE(lru.bytes(), lru.max_bytes());
  EXPECT_EQ(lru.size(), 3u);
}

TEST(PcmLru, ReplacingAKeyKeepsAccountingRight) {
  PcmLru lru(1 << 20);
  lru.insert("k", audio_of(100));
  auto bigger = audio_of(5000);
  lru.insert("k", bigger);
  EXPECT_EQ(lru.size(), 1u);
  EXPECT_EQ(lru.bytes(), PcmLru::cost("k", *bigger));
  EXPECT_EQ(lru.find("k"), bigger);
}

TEST(PcmLru, EntryLargerThanLimitIsNotKeptAndEvictsNothing) {
  PcmLru lru(10000);
  lru.insert("small", audio_of(10));
  lru.insert("huge", audio_of(100000));
  EXPECT_EQ(lru.find("huge"), nullptr);
  EXPECT_NE(lru.find("small"), nullptr);
  lru.insert("null", nullptr);
  EXPECT_EQ(lru.size(), 1u);
}

TEST(PcmLru, EvictedAudioStaysAliveForItsHolders) {
  PcmLru lru(PcmLru::cost("a", *audio_of(1000)));
  lru.insert("a", audio_of(1000));
  auto held = lru.find("a");
  lru.insert("b", audio_of(1000));
  EXPECT_EQ(lru.find("a"), nullptr);
  ASSERT_NE(held, nullptr);
  EXPECT_EQ(held->samples.size(), 1000u);
}

}  // namespace
}  // namespace callwerk::speech
