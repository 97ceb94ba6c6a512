#include <gtest/gtest.h>

#include <algorithm>

#include "voice/supervision_mode.hpp"

namespace callwerk::voice {
namespace {

// Whether `listener` hears `speaker` in `mode`: through the bridge (caller and agent hear each
// other) or through its mix.
bool hears(CallParty listener, CallParty speaker, SupervisionMode mode) {
  const auto mix = heard_by(listener, mode);
  if (!mix)
    return listener != CallParty::supervisor && speaker != CallParty::supervisor &&
           listener != speaker;
  return std::find(mix->begin(), mix->end(), speaker) != mix->end();
}

TEST(SupervisionMode, NamesRoundTripAndUnknownIsRefused) {
  for (const auto mode :
       {SupervisionMode::listen, SupervisionMode::whisper, SupervisionMode::barge})
    EXPECT_EQ(parse_supervision_mode(to_string(mode)), mode);
  EXPECT_FALSE(parse_supervision_mode("Listen"));
  EXPECT_FALSE(parse_supervision_mode(""));
}

TEST(SupervisionMode, WhoHearsWhomInEachMode) {
  using P = CallParty;
  using M = SupervisionMode;
  for (const auto mode : {M::listen, M::whisper, M::barge}) {
    EXPECT_TRUE(hears(P::supervisor, P::caller, mode));
    EXPECT_TRUE(hears(P::supervisor, P::agent, mode));
    EXPECT_TRUE(hears(P::caller, P::agent, mode));
    EXPECT_TRUE(hears(P::agent, P::caller, mode));
    EXPECT_FALSE(hears(P::caller, P::caller, mode));
    EXPECT_FALSE(hears(P::supervisor, P::supervisor, mode));
  }
  EXPECT_FALSE(hears(P::caller, P::supervisor, M::listen));
  EXPECT_FALSE(hears(P::agent, P::supervisor, M::listen));
  EXPECT_FALSE(hears(P::caller, P::supervisor, M::whisper));
  EXPECT_TRUE(hears(P::agent, P::supervisor, M::whisper));
  EXPECT_TRUE(hears(P::caller, P::supervisor, M::barge));
  EXPECT_TRUE(hears(P::agent, P::supervisor, M::barge));
  // Listening leaves the caller-agent bridge on its fast path.
  EXPECT_FALSE(heard_by(P::caller, M::listen));
  EXPECT_FALSE(heard_by(P::agent, M::listen));
}

}  // namespace
}  // namespace callwerk::voice
