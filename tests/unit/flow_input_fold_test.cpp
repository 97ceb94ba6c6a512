// fold_for_matching: how chat text and keywords are made comparable.

#include <gtest/gtest.h>

#include <string>

#include "flow/flow_input.hpp"

namespace callwerk::flow {
namespace {

TEST(FlowInputFold, LowerCaseAndUmlauts) {
  EXPECT_EQ(fold_for_matching("Zählerstand MELDEN"), "zaehlerstand melden");
  EXPECT_EQ(fold_for_matching("ÄÖÜ äöü ß"), "aeoeue aeoeue ss");
  EXPECT_EQ(fold_for_matching("STRAẞE"), "strasse");  // capital sharp s
  EXPECT_EQ(fold_for_matching("Straße"), "strasse");
  EXPECT_EQ(fold_for_matching("Nö"), "noe");
}

TEST(FlowInputFold, PunctuationBecomesSingleSpaces) {
  EXPECT_EQ(fold_for_matching("  Ja, bitte!  "), "ja bitte");
  EXPECT_EQ(fold_for_matching("Tarif--wechsel...jetzt?!"), "tarif wechsel jetzt");
  EXPECT_EQ(fold_for_matching("a\t\nb"), "a b");
  EXPECT_EQ(fold_for_matching("12,50 €"), "12 50");
  EXPECT_EQ(fold_for_matching("„Gas“ – bitte…"), "gas bitte");  // typographic quotes and dashes
  EXPECT_EQ(fold_for_matching("Strom 👍"), "strom");
  EXPECT_EQ(fold_for_matching("a\u00A0b"), "a b");  // no-break space
  EXPECT_EQ(fold_for_matching("a\u200Bb"), "a b");  // zero-width space
}

TEST(FlowInputFold, EmptyAndOnlyPunctuation) {
  EXPECT_EQ(fold_for_matching(""), "");
  EXPECT_EQ(fold_for_matching("   "), "");
  EXPECT_EQ(fold_for_matching("?!.,;#*"), "");
}

TEST(FlowInputFold, OtherLettersStayLetters) {
  EXPECT_EQ(fold_for_matching("Café CRÈME"), "café crème");
  EXPECT_EQ(fold_for_matching("ŁÓDŹ"), "łódź");
  EXPECT_EQ(fold_for_matching("ΑΘΗΝΑ"), "αθηνα");
  EXPECT_EQ(fold_for_matching("МОСКВА"), "москва");
  EXPECT_EQ(fold_for_matching("東京"), "東京");
}

TEST(FlowInputFold, DecomposedUmlautsFoldLikeComposedOnes) {
  // "a" + combining diaeresis (U+0308), as some keyboards send it.
  EXPECT_EQ(fold_for_matching("Za\u0308hler"), "zaehler");
  EXPECT_EQ(fold_for_matching("U\u0308BER"), "ueber");
  // Other combining accents are dropped, the letter stays.
  EXPECT_EQ(fold_for_matching("Cafe\u0301"), "cafe");
}

TEST(FlowInputFold, InvalidUtf8BytesBecomeSpaces) {
  EXPECT_EQ(fold_for_matching(std::string("ja\xFFnein")), "ja nein");
  EXPECT_EQ(fold_for_matching(std::string("\x80\x80ja")), "ja");
  // Truncated sequence at the end.
  EXPECT_EQ(fold_for_matching(std::string("ja\xC3")), "ja");
  // Overlong encoding of '/' and of 'A'.
  EXPECT_EQ(fold_for_matching(std::string("a\xC0\xAF"
                                          "b")),
            "a b");
  EXPECT_EQ(fold_for_matching(std::string("x\xC1\x81y")), "x y");
  // UTF-16 surrogate encoded in UTF-8.
  EXPECT_EQ(fold_for_matching(std::string("a\xED\xA0\x80z")), "a z");
  // Beyond U+10FFFF.
  EXPECT_EQ(fold_for_matching(std::string("a\xF4\x90\x80\x80z")), "a z");
  // A lead byte followed by ASCII: the ASCII survives.
  EXPECT_EQ(fold_for_matching(std::string("\xE2ja")), "ja");
  // NUL is not a letter.
  EXPECT_EQ(fold_for_matching(std::string("ja\0nein", 7)), "ja nein");
}

TEST(FlowInputFold, FoldedTextIsStable) {
  for (const char* text : {"Zählerstand MELDEN", "Ja, bitte!", "Straße 12b", "Café"}) {
    const std::string once = fold_for_matching(text);
    EXPECT_EQ(fold_for_matching(once), once) << text;
  }
}

}  // namespace
}  // namespace callwerk::flow
