#include <string>

#include <gtest/gtest.h>

#include "kb/kb_index.hpp"
#include "kb/kb_synonyms.hpp"
#include "kb/kb_tenant_indexes.hpp"

namespace callwerk::kb {
namespace {

KbArticle article(std::int64_t id, std::string slug, std::string title, std::string body,
                  std::vector<std::string> tags = {}) {
  KbArticle a;
  a.id = id;
  a.slug = std::move(slug);
  a.title = std::move(title);
  a.body = std::move(body);
  a.tags = std::move(tags);
  a.category = "Allgemein";
  return a;
}

// A small index with unrelated articles, so that ranking has something to separate.
KbIndex sample_index() {
  KbIndex index;
  EXPECT_TRUE(index
                  .put(article(1, "zaehler", "Zählerstand melden",
                               "Den Stand des Zählers können Sie online melden."))
                  .ok());
  EXPECT_TRUE(index
                  .put(article(2, "strasse", "Baustelle in der Straße",
                               "Wegen Bauarbeiten ist die Straße gesperrt."))
                  .ok());
  EXPECT_TRUE(
      index
          .put(article(3, "abschlag", "Abschlag anpassen",
                       "Der monatliche Abschlag kann erhöht oder gesenkt werden.", {"Abschlag"}))
          .ok());
  EXPECT_TRUE(
      index.put(article(4, "wein", "Wein lagern", "Wein liegend und kühl aufbewahren.")).ok());
  return index;
}

std::string top_slug(const KbIndex& index, std::string_view query) {
  auto hits = index.search(query, 3);
  EXPECT_TRUE(hits.ok()) << query;
  return hits && !hits->empty() ? hits->front().slug : std::string("(none)");
}

TEST(KbIndex, FindsByTitleAndReturnsHitFields) {
  const KbIndex index = sample_index();
  auto hits = index.search("Ich will den Abschlag ändern", 5);
  ASSERT_TRUE(hits.ok());
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ(hits->front().id, 3);
  EXPECT_EQ(hits->front().slug, "abschlag");
  EXPECT_EQ(hits->front().title, "Abschlag anpassen");
  EXPECT_GT(hits->front().score, 0);
  EXPECT_EQ(hits->front().percent, 100);
  EXPECT_EQ(hits->front().summary, "Der monatliche Abschlag kann erhöht oder gesenkt werden.");
}

TEST(KbIndex, LimitBoundsTheHits) {
  const KbIndex index = sample_index();
  auto all = index.search("Zähler Straße Abschlag Wein", 10);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 4u);
  auto two = index.search("Zähler Straße Abschlag Wein", 2);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->size(), 2u);
  auto none = index.search("Zähler", 0);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(KbIndex, GermanStemmingJoinsWordForms) {
  const KbIndex index = sample_index();
  for (const char* query : {"Zähler", "Zählers", "Zählerstand", "zählerstände"})
    EXPECT_EQ(top_slug(index, query), "zaehler") << query;
}

TEST(KbIndex, UmlautsAndSharpSFoldBothWays) {
  const KbIndex index = sample_index();
  EXPECT_EQ(top_slug(index, "Strasse"), "strasse");
  EXPECT_EQ(top_slug(index, "STRASSE"), "strasse");
  EXPECT_EQ(top_slug(index, "Zaehler"), "zaehler");
  EXPECT_EQ(top_slug(index, "ZAEHLERSTAND"), "zaehler");

  KbIndex ascii;  // indexed without umlauts, searched with them
  ASSERT_TRUE(ascii.put(article(7, "gruen", "Gruener Strom", "Oekostrom aus der Region")).ok());
  EXPECT_EQ(top_slug(ascii, "grüner Ökostrom"), "gruen");
}

TEST(KbIndex, StopwordsAloneFindNothing) {
  const KbIndex index = sample_index();
  auto hits = index.search("Ich habe da mal eine Frage, wie ist das denn?", 5);
  ASSERT_TRUE(hits.ok());
  for (const auto& hit : *hits) EXPECT_NE(hit.slug, "zaehler");  // nothing but "frage" is left
  auto only_stopwords = index.search("und oder aber der die das", 5);
  ASSERT_TRUE(only_stopwords.ok());
  EXPECT_TRUE(only_stopwords->empty());
}

TEST(KbIndex, CompoundPartsFindTheCompound) {
  KbIndex index;
  ASSERT_TRUE(
      index.put(article(1, "ausfall", "Stromausfall melden", "Bitte Sicherung prüfen.")).ok());
  ASSERT_TRUE(index.put(article(2, "gas", "Gasgeruch", "Fenster öffnen, Haus verlassen.")).ok());
  ASSERT_TRUE(index.put(article(3, "preis", "Preise", "Der Strom kostet 30 Cent.")).ok());
  EXPECT_EQ(top_slug(index, "Ausfall"), "ausfall");
  EXPECT_EQ(top_slug(index, "Geruch im Keller"), "gas");
  EXPECT_EQ(top_slug(index, "Strom Ausfall"), "ausfall");  // said apart, indexed joined
}

TEST(KbIndex, CallersWordFormsMeetTheArticlesWords) {
  KbIndex index;
  ASSERT_TRUE(index.put(article(1, "versand", "Versandkosten", "Ab 12 Flaschen frei.")).ok());
  ASSERT_TRUE(index.put(article(2, "nachbar", "Abgabe beim Nachbar", "Der Bote klingelt.")).ok());
  ASSERT_TRUE(index
                  .put(article(3, "lastschrift", "Lastschrift widerrufen",
                               "Wir hören auf abzubuchen, sobald Sie das Abbuchen stoppen."))
                  .ok());
  ASSERT_TRUE(
      index.put(article(4, "probe", "Weinprobe buchen", "Buchen Sie eine Probe im Keller.")).ok());
  // "kostet" + "Versand" -> "Versandkosten"; "Nachbarn" -> "Nachbar" (the stemmer keeps both).
  EXPECT_EQ(top_slug(index, "Was kostet der Versand?"), "versand");
  EXPECT_EQ(top_slug(index, "Kann das Paket zu den Nachbarn?"), "nachbar");
  // A separable verb said apart: "buchen ... ab" -> "abbuchen", not "buchen".
  EXPECT_EQ(top_slug(index, "Bitte buchen Sie nichts mehr ab"), "lastschrift");
  EXPECT_EQ(top_slug(index, "Ich möchte eine Probe buchen"), "probe");
}

TEST(KbIndex, SynonymsTakePartInCompoundsSaidApart) {
  KbIndex index;
  ASSERT_TRUE(index.put(article(1, "wasserpreis", "Wasserpreis", "Pro Kubikmeter 2 Euro.")).ok());
  ASSERT_TRUE(index.put(article(2, "wasser", "Kein Wasser", "Haupthahn aufdrehen.")).ok());
  ASSERT_TRUE(index.put(article(3, "gas", "Gasgeruch", "Fenster öffnen.")).ok());
  ASSERT_TRUE(index.put(article(4, "strom", "Stromausfall", "Sicherung prüfen.")).ok());
  EXPECT_NE(top_slug(index, "Was kostet bei Ihnen das Wasser?"), "wasserpreis");
  auto synonyms = parse_kb_synonyms("synonyms:\n  - [Preis, Kosten]\n", "s.yaml");
  ASSERT_TRUE(synonyms.ok());
  ASSERT_TRUE(index.set_synonyms(*synonyms).ok());
  // "kostet" ~ "Kosten" ~ "Preis", and "Wasser" + "Preis" is a word of the index.
  EXPECT_EQ(top_slug(index, "Was kostet bei Ihnen das Wasser?"), "wasserpreis");
}

TEST(KbIndex, CompoundInTheQuestionIsSplitIntoKnownWords) {
  KbIndex index;
  ASSERT_TRUE(
      index.put(article(1, "fest", "Wein zu Weihnachten", "Zur Gans passt Spätburgunder.")).ok());
  ASSERT_TRUE(index.put(article(2, "reife", "Trinkreife", "Wann trinkt man Riesling?")).ok());
  EXPECT_EQ(top_slug(index, "Was trinkt man zur Weihnachtsgans?"), "fest");
}

// From 500 articles on, very common words are left out of a query for speed, but a
// question made only of common words still finds articles, and a rare word still decides.
TEST(KbIndex, LargeIndexKeepsRareWordsAndAnswersCommonOnes) {
  KbIndex index;
  for (int i = 1; i <= 600; ++i)
    ASSERT_TRUE(
        index
            .put(article(i, "artikel-" + std::to_string(i), "Kundenservice " + std::to_string(i),
                         "Unser Service hilft jedem Kunden gern weiter."))
            .ok());
  ASSERT_TRUE(index
                  .put(article(601, "zaehler", "Zählerstand melden",
                               "Unser Service nimmt Ihren Zählerstand auf."))
                  .ok());
  auto common = index.search("Service Kunden", 5);
  ASSERT_TRUE(common.ok());
  EXPECT_EQ(common->size(), 5u);
  EXPECT_EQ(top_slug(index, "Service für den Kunden: Zählerstand"), "zaehler");
}

TEST(KbIndex, UnpublishedArticlesAreNeverFound) {
  KbIndex index = sample_index();
  KbArticle draft = article(9, "entwurf", "Geheimer Entwurf", "Unveröffentlichter Text.");
  draft.published = false;
  ASSERT_TRUE(index.put(draft).ok());
  EXPECT_FALSE(index.contains(9));
  auto hits = index.search("Geheimer Entwurf", 5);
  ASSERT_TRUE(hits.ok());
  EXPECT_TRUE(hits->empty());

  // Unpublishing an indexed article takes it out.
  KbArticle wine = article(4, "wein", "Wein lagern", "Wein liegend und kühl aufbewahren.");
  wine.published = false;
  ASSERT_TRUE(index.put(wine).ok());
  EXPECT_NE(top_slug(index, "Wein lagern"), "wein");
  EXPECT_EQ(index.size(), 3u);
}

TEST(KbIndex, ReplaceAndRemove) {
  KbIndex index = sample_index();
  ASSERT_TRUE(
      index.put(article(4, "wein-neu", "Sekt kühlen", "Sekt gehört in den Kühlschrank.")).ok());
  EXPECT_EQ(index.size(), 4u);
  EXPECT_EQ(top_slug(index, "Sekt"), "wein-neu");
  auto old_words = index.search("liegend aufbewahren", 5);
  ASSERT_TRUE(old_words.ok());
  EXPECT_TRUE(old_words->empty());  // the old text is gone with the old version

  EXPECT_TRUE(index.remove(4));
  EXPECT_FALSE(index.remove(4));
  EXPECT_FALSE(index.contains(4));
  auto gone = index.search("Sekt", 5);
  ASSERT_TRUE(gone.ok());
  EXPECT_TRUE(gone->empty());
  EXPECT_EQ(index.size(), 3u);
}

TEST(KbIndex, SynonymsWidenAQueryWord) {
  KbIndex index = sample_index();
  EXPECT_NE(top_slug(index, "Vorauszahlung"), "abschlag");
  auto synonyms = parse_kb_synonyms("synonyms:\n  - [Abschlag, Vorauszahlung, Rate]\n", "s.yaml");
  ASSERT_TRUE(synonyms.ok()) << synonyms.error().describe();
  ASSERT_TRUE(index.set_synonyms(*synonyms).ok());
  EXPECT_EQ(top_slug(index, "Vorauszahlung"), "abschlag");
  EXPECT_EQ(top_slug(index, "Vorauszahlungen"), "abschlag");  // stemmed like any word

  ASSERT_TRUE(index.set_synonyms(KbSynonyms{}).ok());  // replaced, not merged
  EXPECT_NE(top_slug(index, "Vorauszahlung"), "abschlag");
}

TEST(KbIndex, SynonymThatIsNoSingleTermIsRejected) {
  KbIndex index = sample_index();
  auto stop = index.set_synonyms(KbSynonyms{{{"Abschlag", "und"}}});
  ASSERT_FALSE(stop.ok());
  EXPECT_EQ(stop.error().location, "und");
}

TEST(KbSynonymsFile, ErrorsNameTheLine) {
  auto multi = parse_kb_synonyms("synonyms:\n  - [Abschlag, Strom weg]\n", "s.yaml");
  ASSERT_FALSE(multi.ok());
  EXPECT_NE(multi.error().describe().find("s.yaml:2:"), std::string::npos)
      << multi.error().describe();
  auto lonely = parse_kb_synonyms("synonyms:\n  - [Abschlag]\n", "s.yaml");
  ASSERT_FALSE(lonely.ok());
  auto unknown = parse_kb_synonyms("synonym:\n  - [a, b]\n", "s.yaml");
  ASSERT_FALSE(unknown.ok());
  auto empty = parse_kb_synonyms("", "s.yaml");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->groups.empty());
}

TEST(KbIndex, GarbageQueriesReturnCleanly) {
  const KbIndex index = sample_index();
  std::string long_text;
  while (long_text.size() < 10 * 1024) long_text += "Zähler Strom Wein Abschlag blabla ";
  std::string binary;
  for (int i = 0; i < 256; ++i) binary += static_cast<char>(i);
  for (const std::string& query :
       {std::string(), std::string("***"), std::string("   \t\n"), std::string("\"(AND OR NOT"),
        std::string("Zähler AND NOT"), std::string("title:Zähler"), std::string("Z*"),
        std::string("\xC3\x28\xA0\xA1 \xFF\xFE Z\xC3hler"), std::string("\xE1\xBA"), binary,
        long_text, std::string(5000, 'x')}) {
    auto hits = index.search(query, 5);
    EXPECT_TRUE(hits.ok()) << (hits ? "" : hits.error().describe());
  }
  auto empty = index.search("", 5);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  auto long_hits = index.search(long_text, 5);
  ASSERT_TRUE(long_hits.ok());
  EXPECT_FALSE(long_hits->empty());  // the first kilobyte still counts
}

TEST(KbIndex, EmptyIndexFindsNothing) {
  const KbIndex index;
  auto hits = index.search("Zähler", 5);
  ASSERT_TRUE(hits.ok());
  EXPECT_TRUE(hits->empty());
}

TEST(KbTenantIndexes, EachTenantSeesOnlyItsOwnArticles) {
  KbTenantIndexes indexes;
  ASSERT_TRUE(indexes.index(1).put(article(1, "strom", "Stromausfall", "Sicherung prüfen.")).ok());
  ASSERT_TRUE(indexes.index(2).put(article(1, "wein", "Weinprobe", "Termine in Eltville.")).ok());

  auto strom_for_2 = indexes.search(2, "Stromausfall", 5);
  ASSERT_TRUE(strom_for_2.ok());
  EXPECT_TRUE(strom_for_2->empty());
  auto wein_for_1 = indexes.search(1, "Weinprobe", 5);
  ASSERT_TRUE(wein_for_1.ok());
  EXPECT_TRUE(wein_for_1->empty());
  auto strom_for_1 = indexes.search(1, "Stromausfall", 5);
  ASSERT_TRUE(strom_for_1.ok());
  ASSERT_EQ(strom_for_1->size(), 1u);
  EXPECT_EQ(strom_for_1->front().slug, "strom");

  // Same article id in both tenants: removing one leaves the other.
  EXPECT_TRUE(indexes.index(1).remove(1));
  auto wein_for_2 = indexes.search(2, "Weinprobe", 5);
  ASSERT_TRUE(wein_for_2.ok());
  EXPECT_EQ(wein_for_2->size(), 1u);

  auto unknown = indexes.search(3, "Weinprobe", 5);
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(unknown->empty());
  EXPECT_EQ(indexes.find(3), nullptr);
  indexes.drop(2);
  EXPECT_EQ(indexes.find(2), nullptr);
}

}  // namespace
}  // namespace callwerk::kb
