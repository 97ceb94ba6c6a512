#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kb/kb_query_words.hpp"
#include "kb/kb_text.hpp"

namespace callwerk::kb {
namespace {

bool has(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::vector<std::string> verbs_of(std::string_view text) {
  std::vector<std::string> verbs;
  for (const SeparableVerb& v : separable_verbs(query_words(fold_german(text))))
    verbs.push_back(v.verb);
  return verbs;
}

TEST(KbQueryWords, SplitsLowersAndMarksClausesAndStopwords) {
  const auto words = query_words(fold_german("Zählerstand melden, bitte! Wie? Online-Konto"));
  ASSERT_EQ(words.size(), 6u);
  EXPECT_EQ(words[0].text, "zaehlerstand");
  EXPECT_EQ(words[1].text, "melden");
  EXPECT_EQ(words[0].clause, words[1].clause);
  EXPECT_EQ(words[2].text, "bitte");
  EXPECT_TRUE(words[2].stopword);
  EXPECT_FALSE(words[0].stopword);
  EXPECT_NE(words[1].clause, words[2].clause);  // the comma ends a clause
  EXPECT_NE(words[2].clause, words[3].clause);
  EXPECT_EQ(words[4].text, "online");  // a hyphen separates words
  EXPECT_EQ(words[5].text, "konto");
  EXPECT_TRUE(query_words("").empty());
  EXPECT_TRUE(query_words(" ,.?! ").empty());
}

TEST(KbQueryWords, InflectionVariantsReachTheNounsForms) {
  EXPECT_TRUE(has(inflection_variants("kostet"), "kost"));
  EXPECT_TRUE(has(inflection_variants("fehlt"), "fehlend"));
  EXPECT_TRUE(has(inflection_variants("erhoeht"), "erhoehung"));
  EXPECT_TRUE(has(inflection_variants("nachbarn"), "nachbar"));
  EXPECT_TRUE(has(inflection_variants("wechseln"), "wechsel"));
  EXPECT_TRUE(has(inflection_variants("gebucht"), "buch"));
  EXPECT_TRUE(has(inflection_variants("zurueckzuschicken"), "zurueckschicken"));
  EXPECT_TRUE(has(inflection_variants("abgebucht"), "abbuch"));
  EXPECT_FALSE(has(inflection_variants("kosten"), "koste"));  // "-en" is the stemmer's job
  for (const std::string& v : inflection_variants("gut")) EXPECT_GE(v.size(), 3u) << v;
  EXPECT_TRUE(inflection_variants("").empty());
}

TEST(KbQueryWords, ModifierVariantsDropLinkingElements) {
  const auto weihnacht = modifier_variants("weihnachts");
  EXPECT_EQ(weihnacht.front(), "weihnachts");
  EXPECT_TRUE(has(weihnacht, "weihnacht"));
  EXPECT_TRUE(has(modifier_variants("sonnen"), "sonne"));
  EXPECT_EQ(modifier_variants("gas"), std::vector<std::string>{"gas"});
}

TEST(KbQueryWords, SeparableVerbsAreJoinedAtTheEndOfTheirClause) {
  const auto words = query_words(fold_german("Bitte buchen Sie nichts mehr von meinem Konto ab."));
  const auto verbs = verbs_of("Bitte buchen Sie nichts mehr von meinem Konto ab.");
  EXPECT_TRUE(has(verbs, "abbuchen"));
  for (const SeparableVerb& v : separable_verbs(words))
    if (v.verb == "abbuchen") {
      EXPECT_EQ(words[v.base].text, "buchen");
    }
  EXPECT_TRUE(has(verbs, "abkonto"));  // a candidate only: the index knows no such word
  // Only within the particle's clause, and only when the particle closes it.
  const auto two = verbs_of("wir ziehen um, bleibt der zaehler");
  EXPECT_TRUE(has(two, "umziehen"));
  EXPECT_FALSE(has(two, "umzaehler"));
  EXPECT_TRUE(verbs_of("ab wann kann ich zahlen").empty());
}

}  // namespace
}  // namespace callwerk::kb
