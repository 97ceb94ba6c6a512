#include <gtest/gtest.h>

#include <cstdint>

#include "media/audio_mix.hpp"

namespace callwerk::media {
namespace {

PcmFrame filled(std::int16_t value) {
  PcmFrame frame;
  frame.fill(value);
  return frame;
}

TEST(MixAddSaturating, SumsAndClipsInsteadOfWrapping) {
  PcmFrame out = filled(1000);
  mix_add_saturating(out, filled(-300));
  EXPECT_EQ(out[0], 700);
  out = filled(30000);
  mix_add_saturating(out, filled(10000));
  EXPECT_EQ(out[5], 32767);
  out = filled(-30000);
  mix_add_saturating(out, filled(-10000));
  EXPECT_EQ(out[159], -32768);
}

TEST(MixSourceQueue, GivesFramesInOrderAndNothingWhenEmpty) {
  MixSourceQueue queue;
  PcmFrame out;
  EXPECT_FALSE(queue.pull(out));
  queue.push(filled(1));
  queue.push(filled(2));
  ASSERT_TRUE(queue.pull(out));
  EXPECT_EQ(out[0], 1);
  ASSERT_TRUE(queue.pull(out));
  EXPECT_EQ(out[0], 2);
  EXPECT_FALSE(queue.pull(out));
}

TEST(MixSourceQueue, ABurstKeepsOnlyTheNewestFrames) {
  MixSourceQueue queue;
  for (int i = 1; i <= 10; ++i) queue.push(filled(static_cast<std::int16_t>(i)));
  EXPECT_EQ(queue.depth(), MixSourceQueue::kCapacity);
  EXPECT_EQ(queue.dropped(), 10 - MixSourceQueue::kCapacity);
  PcmFrame out;
  ASSERT_TRUE(queue.pull(out));
  EXPECT_EQ(out[0], 11 - static_cast<int>(MixSourceQueue::kCapacity));
}

TEST(MixSourceQueue, StandingDelayIsTrimmedButJitterIsNot) {
  // A source whose ticks come in pairs (two frames, then none) keeps the queue between 0 and
  // 1 frame after each pull: nothing is dropped however long it runs.
  MixSourceQueue jittery;
  PcmFrame out;
  int played = 0;
  for (int tick = 0; tick < 1000; ++tick) {
    if (tick % 2 == 0) {
      jittery.push(filled(1));
      jittery.push(filled(1));
    }
    played += jittery.pull(out) ? 1 : 0;
  }
  EXPECT_EQ(jittery.dropped(), 0u);
  EXPECT_EQ(played, 1000);

  // A source that once got three frames ahead and then sends one per tick would keep that
  // delay for ever: it is won back, one frame at a time, and then stays put.
  MixSourceQueue ahead;
  for (int i = 0; i < 3; ++i) ahead.push(filled(1));
  for (int tick = 0; tick < 1000; ++tick) {
    ahead.push(filled(1));
    ahead.pull(out);
  }
  EXPECT_LE(ahead.depth(), 1u);
  EXPECT_EQ(ahead.dropped(), 2u);
}

TEST(AudioMixer, SumsOneFrameOfEachSourceAndIgnoresOthers) {
  AudioMixer<int> mixer;
  EXPECT_TRUE(mixer.empty());
  mixer.set_sources({1, 2});
  mixer.push(1, filled(100));
  mixer.push(2, filled(20));
  mixer.push(3, filled(5000));  // not a source
  PcmFrame out;
  mixer.pull_mix(out);
  EXPECT_EQ(out[0], 120);
  // Source 2 sent nothing for this tick: only source 1's frame is heard.
  mixer.push(1, filled(7));
  mixer.pull_mix(out);
  EXPECT_EQ(out[80], 7);
  mixer.pull_mix(out);
  EXPECT_EQ(out[80], 0);
}

TEST(AudioMixer, ChangingSourcesKeepsTheQueuesOfThoseThatStay) {
  AudioMixer<int> mixer;
  mixer.set_sources({1, 2});
  mixer.push(1, filled(3));
  mixer.push(2, filled(4));
  mixer.set_sources({2, 5, 2});
  EXPECT_FALSE(mixer.has_source(1));
  EXPECT_TRUE(mixer.has_source(5));
  PcmFrame out;
  mixer.pull_mix(out);
  EXPECT_EQ(out[0], 4);
  mixer.set_sources({});
  EXPECT_TRUE(mixer.empty());
  mixer.push(2, filled(9));
  mixer.pull_mix(out);
  EXPECT_EQ(out[0], 0);
}

}  // namespace
}  // namespace callwerk::media
