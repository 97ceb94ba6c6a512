#include <gtest/gtest.h>

#include "kb/kb_compound.hpp"

namespace callwerk::kb {
namespace {

TEST(KbCompound, SplitsBeforeAPartThatCouldStartAWord) {
  EXPECT_TRUE(plausible_compound_split("stromausfall", 5));      // strom|ausfall
  EXPECT_TRUE(plausible_compound_split("gasgeruch", 3));         // gas|geruch
  EXPECT_TRUE(plausible_compound_split("zaehlerstand", 7));      // zaehler|stand
  EXPECT_TRUE(plausible_compound_split("datenschutz", 5));       // daten|schutz
  EXPECT_TRUE(plausible_compound_split("abschlagszahlung", 9));  // abschlags|zahlung
  EXPECT_TRUE(plausible_compound_split("preiserhoehung", 5));    // preis|erhoehung
}

TEST(KbCompound, NeverInsideAVowelPairOrAConsonantClusterNoWordStartsWith) {
  EXPECT_FALSE(plausible_compound_split("stromausfall", 6));      // stroma|usfall ("au")
  EXPECT_FALSE(plausible_compound_split("zaehlerstand", 2));      // za|ehlerstand ("ae")
  EXPECT_FALSE(plausible_compound_split("zaehlerstand", 6));      // zaehle|rstand
  EXPECT_FALSE(plausible_compound_split("datenschutz", 6));       // datens|chutz
  EXPECT_FALSE(plausible_compound_split("abschlagszahlung", 8));  // abschlag|szahlung
  EXPECT_FALSE(plausible_compound_split("strompfnd", 5));         // no vowel after the split
  EXPECT_FALSE(plausible_compound_split("strom", 0));
  EXPECT_FALSE(plausible_compound_split("strom", 5));
  EXPECT_FALSE(plausible_compound_split("", 0));
}

}  // namespace
}  // namespace callwerk::kb
