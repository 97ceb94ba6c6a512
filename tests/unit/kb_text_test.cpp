#include <gtest/gtest.h>

#include "kb/kb_article_file.hpp"
#include "kb/kb_text.hpp"
#include "kb_test_support.hpp"

namespace callwerk::kb {
namespace {

TEST(KbText, FoldGermanSpellsUmlautsOut) {
  EXPECT_EQ(fold_german("Zähler Öl Übergabe Straße größer ẞ"),
            "Zaehler Oel Uebergabe Strasse groesser SS");
  EXPECT_EQ(fold_german("plain ascii"), "plain ascii");
  EXPECT_EQ(fold_german("\xC3"), "\xC3");  // a cut sequence passes through
}

TEST(KbText, SpokenSummaryIsPlainAndEndsAtASentence) {
  const char* body =
      "# Abschlag anpassen\n\nDer monatliche **Abschlag** ist eine Vorauszahlung (§ 13 "
      "StromGVV). Er wird z. B. nach dem 20. Mai neu berechnet, siehe [Portal](https://x.de). "
      "Ein dritter Satz, der nicht mehr passt, weil er sehr lang ist und immer weiter geht.\n";
  EXPECT_EQ(spoken_summary(body, 160),
            "Der monatliche Abschlag ist eine Vorauszahlung. Er wird z. B. nach dem 20. Mai neu "
            "berechnet, siehe Portal.");
  EXPECT_EQ(spoken_summary(body, 60), "Der monatliche Abschlag ist eine Vorauszahlung.");
  // Even the first sentence is too long: cut at a word.
  const std::string cut = spoken_summary(body, 20);
  EXPECT_LE(cut.size(), 20u);
  EXPECT_EQ(cut, "Der monatliche");
  EXPECT_EQ(spoken_summary(""), "");
  EXPECT_EQ(spoken_summary("1. Erst das.\n2. Dann das.\n", 100), "Erst das. Dann das.");
}

TEST(KbText, ClipNeverSplitsAUtf8Sequence) {
  const std::string text = "ääääää";  // 12 bytes
  EXPECT_EQ(clip_text(text, 5), "ää");
  EXPECT_EQ(clip_text("short", 100), "short");
}

TEST(KbArticleFile, ReadsFrontMatterAndBody) {
  auto a = parse_kb_article(
      "---\ntitle: Zählerstand melden\ncategory: Zähler\ntags: [Zähler, Ablesung]\n"
      "published: false\n---\n# Zählerstand\nText.\n",
      "zaehlerstand", "z.md");
  ASSERT_TRUE(a.ok()) << a.error().describe();
  EXPECT_EQ(a->slug, "zaehlerstand");
  EXPECT_EQ(a->title, "Zählerstand melden");
  EXPECT_EQ(a->category, "Zähler");
  EXPECT_EQ(a->tags, (std::vector<std::string>{"Zähler", "Ablesung"}));
  EXPECT_FALSE(a->published);
  EXPECT_EQ(a->language, "de");
  EXPECT_EQ(a->body, "# Zählerstand\nText.\n");

  auto joined = parse_kb_article("---\ntitle: T\ntags: a, b ,c\n---\n", "t", "t.md");
  ASSERT_TRUE(joined.ok());
  EXPECT_EQ(joined->tags, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(KbArticleFile, BadFilesNameTheirPlace) {
  auto no_front = parse_kb_article("# Nur Text\n", "x", "x.md");
  ASSERT_FALSE(no_front.ok());
  EXPECT_EQ(no_front.error().location, "x.md:1:1");
  auto no_title = parse_kb_article("---\ncategory: A\n---\nText\n", "x", "x.md");
  ASSERT_FALSE(no_title.ok());
  auto bad_bool = parse_kb_article("---\ntitle: T\npublished: vielleicht\n---\n", "x", "x.md");
  ASSERT_FALSE(bad_bool.ok());
  EXPECT_NE(bad_bool.error().describe().find("x.md:3:"), std::string::npos)
      << bad_bool.error().describe();
}

TEST(KbArticleFile, ReadsTheDemoFolders) {
  for (const char* tenant : {"stadtwerke-musterstadt", "weinversand-rheingau"}) {
    auto articles = read_kb_folder(test::demo_tenant_dir(tenant) / "kb");
    ASSERT_TRUE(articles.ok()) << articles.error().describe();
    EXPECT_EQ(articles->size(), 41u);
    EXPECT_EQ(articles->front().id, 1);
    for (const auto& a : *articles) {
      EXPECT_FALSE(a.title.empty()) << a.slug;
      EXPECT_FALSE(spoken_summary(a.body).empty()) << a.slug;
    }
  }
}

}  // namespace
}  // namespace callwerk::kb
