#include "voice/joined_prompts.hpp"

#include <gtest/gtest.h>

namespace callwerk::voice {
namespace {

media::SharedPcm pcm(std::vector<int16_t> samples) {
  auto audio = std::make_shared<media::PcmAudio>();
  audio->samples = std::move(samples);
  return audio;
}

TEST(JoinedPromptsTest, JoinsInOrderOnceAndReusesTheJoint) {
  JoinedPrompts joints;
  const auto greeting = pcm({1, 2, 3});
  const auto question = pcm({4, 5});
  const auto joined = joints.join(greeting, question);
  ASSERT_TRUE(joined);
  EXPECT_EQ(joined->samples, (std::vector<int16_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(joints.join(greeting, question).get(), joined.get());  // no second copy
  EXPECT_NE(joints.join(question, greeting).get(), joined.get());  // order matters
  EXPECT_EQ(joints.join(question, greeting)->samples, (std::vector<int16_t>{4, 5, 1, 2, 3}));
}

TEST(JoinedPromptsTest, AMissingOrEmptyPartLeavesTheOther) {
  JoinedPrompts joints;
  const auto greeting = pcm({1, 2});
  EXPECT_EQ(joints.join(greeting, nullptr).get(), greeting.get());
  EXPECT_EQ(joints.join(nullptr, greeting).get(), greeting.get());
  EXPECT_EQ(joints.join(pcm({}), greeting).get(), greeting.get());
  EXPECT_EQ(joints.join(nullptr, nullptr), nullptr);
  EXPECT_EQ(joints.size(), 0u);
}

TEST(JoinedPromptsTest, PartsStayAliveWithTheirJointSoAddressesAreNotReused) {
  JoinedPrompts joints;
  std::weak_ptr<const media::PcmAudio> first_part;
  {
    auto a = pcm({1});
    first_part = a;
    joints.join(a, pcm({2}));
  }
  EXPECT_FALSE(first_part.expired());
}

TEST(JoinedPromptsTest, AFullTableStartsOver) {
  JoinedPrompts joints(2);
  const auto a = pcm({1}), b = pcm({2}), c = pcm({3});
  joints.join(a, b);
  joints.join(b, c);
  EXPECT_EQ(joints.size(), 2u);
  EXPECT_EQ(joints.join(c, a)->samples, (std::vector<int16_t>{3, 1}));
  EXPECT_EQ(joints.size(), 1u);
}

}  // namespace
}  // namespace callwerk::voice
