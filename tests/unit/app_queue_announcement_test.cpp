#include <gtest/gtest.h>

#include "app/queue_announcement.hpp"

namespace callwerk::app {
namespace {

TEST(QueueAnnouncement, FirstSaysWhyThenPlaceAndWait) {
  EXPECT_EQ(queue_announcement(3, 150, true),
            "Alle unsere Mitarbeiterinnen und Mitarbeiter sind gerade im Gespräch. Vor Ihnen "
            "warten noch 2 Personen. Die voraussichtliche Wartezeit beträgt etwa 3 Minuten. "
            "Bitte bleiben Sie am Apparat.");
}

TEST(QueueAnnouncement, RepeatsOnlyTheFigures) {
  EXPECT_EQ(queue_announcement(2, 89, false),
            "Vor Ihnen wartet noch eine Person. Die voraussichtliche Wartezeit "
            "beträgt etwa 1 Minute.");
  EXPECT_EQ(queue_announcement(1, 20, false),
            "Sie sind als Nächstes an der Reihe. Die voraussichtliche Wartezeit beträgt weniger "
            "als eine Minute.");
}

TEST(QueueAnnouncement, WithoutAnEstimateNothingIsSaidAboutTheWait) {
  const std::string text = queue_announcement(4, std::nullopt, false);
  EXPECT_EQ(text, "Vor Ihnen warten noch 3 Personen.");
  EXPECT_EQ(text.find("Wartezeit"), std::string::npos);
}

TEST(QueueAnnouncement, MinutesAreRoundedTheWayPeopleSayThem) {
  EXPECT_NE(queue_announcement(2, 60, false).find("etwa 1 Minute."), std::string::npos);
  EXPECT_NE(queue_announcement(2, 149, false).find("etwa 2 Minuten."), std::string::npos);
  EXPECT_NE(queue_announcement(2, 150, false).find("etwa 3 Minuten."), std::string::npos);
}

TEST(QueueAnnouncement, OffersACallBackOnlyWithItsKey) {
  const std::string offered = queue_announcement(2, std::nullopt, true, '1');
  EXPECT_NE(
      offered.find("Bitte bleiben Sie am Apparat. Wenn wir Sie lieber zurückrufen sollen, "
                   "drücken Sie die 1. Ihr Platz in der Warteschlange bleibt dabei erhalten."),
      std::string::npos)
      << offered;
  EXPECT_EQ(queue_announcement(2, std::nullopt, true).find("zurückrufen"), std::string::npos);
}

TEST(QueueAnnouncement, AnEnglishCallHearsItInEnglish) {
  EXPECT_EQ(queue_announcement(3, 150, true, '1', "en"),
            "All our agents are busy at the moment. There are 2 callers ahead of you. The "
            "expected waiting time is about 3 minutes. Please stay on the line. If you would "
            "rather be called back, press 1. You keep your place in the queue.");
  EXPECT_EQ(queue_announcement(2, 61, false, std::nullopt, "en-GB"),
            "There is one caller ahead of you. The expected waiting time is about 1 minute.");
  EXPECT_EQ(queue_announcement(1, 10, false, std::nullopt, "en"),
            "You are next in line. The expected waiting time is less than a minute.");
  // Any language but English is spoken in German, callwerk's first language.
  EXPECT_EQ(queue_announcement(1, std::nullopt, false, std::nullopt, "de"),
            "Sie sind als Nächstes an der Reihe.");
}

}  // namespace
}  // namespace callwerk::app
