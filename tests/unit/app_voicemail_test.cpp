// The pure parts of voicemail: which overflow steps a queue's rule means, what ends a
// recording, which recordings become messages, the tone, and which files the audio endpoint
// may serve.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "app/queue_overflow.hpp"
#include "http/voicemail_file.hpp"
#include "voice/voicemail.hpp"

namespace callwerk {
namespace {

using app::OverflowStep;

TEST(QueueOverflow, VoicemailFallsBackToACallBackAndTheOthersStandAlone) {
  EXPECT_EQ(app::overflow_steps("voicemail"),
            (std::vector<OverflowStep>{OverflowStep::voicemail, OverflowStep::callback}));
  EXPECT_EQ(app::overflow_steps("callback"), std::vector<OverflowStep>{OverflowStep::callback});
  EXPECT_EQ(app::overflow_steps("queue"), std::vector<OverflowStep>{OverflowStep::queue});
  EXPECT_TRUE(app::overflow_steps("none").empty());
  EXPECT_TRUE(app::overflow_steps("").empty());
  EXPECT_TRUE(app::overflow_steps("mailbox").empty());
}

TEST(Voicemail, OnlyTheHashKeyEndsTheRecording) {
  EXPECT_TRUE(voice::voicemail_stop_key('#'));
  for (char digit : std::string("0123456789*ABCD")) EXPECT_FALSE(voice::voicemail_stop_key(digit));
}

TEST(Voicemail, ShortOrFailedRecordingsAreNoMessages) {
  using voice::VoicemailOutcome;
  EXPECT_EQ(voice::voicemail_outcome(0, ""), VoicemailOutcome::too_short);
  EXPECT_EQ(voice::voicemail_outcome(voice::kVoicemailMinMs - 1, ""), VoicemailOutcome::too_short);
  EXPECT_EQ(voice::voicemail_outcome(voice::kVoicemailMinMs, ""), VoicemailOutcome::store);
  EXPECT_EQ(voice::voicemail_outcome(voice::kVoicemailMaxMs, ""), VoicemailOutcome::store);
  EXPECT_EQ(voice::voicemail_outcome(30'000, "disk full"), VoicemailOutcome::failed);
  EXPECT_EQ(voice::voicemail_outcome_name(VoicemailOutcome::store), "stored");
  EXPECT_EQ(voice::voicemail_outcome_name(VoicemailOutcome::too_short), "too_short");
}

TEST(Voicemail, TheToneIsAShortPauseThen400msOf1kHz) {
  const media::SharedPcm beep = voice::voicemail_beep();
  ASSERT_NE(beep, nullptr);
  EXPECT_EQ(beep, voice::voicemail_beep());  // made once
  EXPECT_EQ(beep->duration_ms(), 600);
  const auto& s = beep->samples;
  for (int i = 0; i < 1600; ++i) ASSERT_EQ(s[i], 0) << i;
  // 1 kHz at 8 kHz: the sign changes twice per 8 samples.
  int crossings = 0;
  int peak = 0;
  for (std::size_t i = 1601; i < s.size(); ++i) {
    if ((s[i - 1] < 0) != (s[i] < 0)) ++crossings;
    peak = std::max(peak, std::abs(static_cast<int>(s[i])));
  }
  EXPECT_NEAR(crossings, 800, 4);
  EXPECT_GT(peak, 7000);
  EXPECT_LE(peak, 8000);
}

TEST(VoicemailFile, ServesOnlyWavFilesInsideTheRecordingsDirectory) {
  const std::string dir = "/data/recordings";
  EXPECT_EQ(http::voicemail_file_path(dir, "alpha/2026-01-05/voicemail-1-2.wav"),
            std::filesystem::path("/data/recordings/alpha/2026-01-05/voicemail-1-2.wav"));
  EXPECT_EQ(http::voicemail_file_path(dir + "/", "/data/recordings/alpha/x.wav"),
            std::filesystem::path("/data/recordings/alpha/x.wav"));
  EXPECT_EQ(http::voicemail_file_path(dir, "alpha/../beta/x.wav"),
            std::filesystem::path("/data/recordings/beta/x.wav"));
  for (const char* outside :
       {"../x.wav", "alpha/../../x.wav", "/etc/x.wav", "/data/recordings-old/x.wav", "/data/x.wav"})
    EXPECT_FALSE(http::voicemail_file_path(dir, outside)) << outside;
  EXPECT_FALSE(http::voicemail_file_path(dir, "alpha/x.txt"));
  EXPECT_FALSE(http::voicemail_file_path(dir, "alpha/x"));
  EXPECT_FALSE(http::voicemail_file_path(dir, ""));
  EXPECT_FALSE(http::voicemail_file_path("", "alpha/x.wav"));
}

}  // namespace
}  // namespace callwerk
