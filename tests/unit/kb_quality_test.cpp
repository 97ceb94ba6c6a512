// Search quality on the demo knowledge bases: customer questions written the way callers
// speak (tests/fixtures/kb/questions-<tenant>.tsv), each with the article that answers it.
// Prints top-1 / top-3 accuracy and every miss; the target is top-1 >= 85 %.

#include <fstream>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "kb/kb_article_file.hpp"
#include "kb/kb_index.hpp"
#include "kb_test_support.hpp"

namespace callwerk::kb {
namespace {

struct Question {
  std::string slug;
  std::string text;
  int line = 0;
};

std::vector<Question> read_questions(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<Question> questions;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line.starts_with('#')) continue;
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      ADD_FAILURE() << file << ":" << number << ": no tab between slug and question";
      continue;
    }
    questions.push_back({line.substr(0, tab), line.substr(tab + 1), number});
  }
  return questions;
}

struct Score {
  int questions = 0;
  int top1 = 0;
  int top3 = 0;
};

Score evaluate(const char* tenant) {
  Score score;
  const auto dir = test::demo_tenant_dir(tenant);
  auto articles = read_kb_folder(dir / "kb");
  if (!articles) {
    ADD_FAILURE() << articles.error().describe();
    return score;
  }
  KbIndex index;
  for (const auto& article : *articles) EXPECT_TRUE(index.put(article).ok()) << article.slug;
  if (std::filesystem::exists(dir / "kb-synonyms.yaml")) {
    auto synonyms = load_kb_synonyms(dir / "kb-synonyms.yaml");
    EXPECT_TRUE(synonyms.ok()) << (synonyms ? "" : synonyms.error().describe());
    if (synonyms) {
      auto set = index.set_synonyms(*synonyms);
      EXPECT_TRUE(set.ok()) << (set ? "" : set.error().describe());
    }
  }

  const auto questions = read_questions(test::source_root() / "tests" / "fixtures" / "kb" /
                                        fmt::format("questions-{}.tsv", tenant));
  for (const Question& q : questions) {
    bool known = false;
    for (const auto& a : *articles) known = known || a.slug == q.slug;
    EXPECT_TRUE(known) << "line " << q.line << ": no article '" << q.slug << "'";
    auto hits = index.search(q.text, 3);
    EXPECT_TRUE(hits.ok());
    if (!hits) continue;
    ++score.questions;
    int rank = 0;
    for (size_t i = 0; i < hits->size(); ++i)
      if ((*hits)[i].slug == q.slug) rank = static_cast<int>(i) + 1;
    if (rank == 1) ++score.top1;
    if (rank >= 1) ++score.top3;
    if (rank != 1) {
      std::string got;
      for (const auto& h : *hits) got += fmt::format(" {} ({:.2f})", h.slug, h.score);
      fmt::print("  miss [{}] \"{}\"\n    want {} (rank {}), got:{}\n", tenant, q.text, q.slug,
                 rank == 0 ? std::string(">3") : std::to_string(rank), got);
    }
  }
  fmt::print("{}: {} questions, top-1 {}/{} = {:.1f} %, top-3 {}/{} = {:.1f} %\n", tenant,
             score.questions, score.top1, score.questions, 100.0 * score.top1 / score.questions,
             score.top3, score.questions, 100.0 * score.top3 / score.questions);
  return score;
}

TEST(KbQuality, DemoQuestionsFindTheirArticles) {
  Score total;
  for (const char* tenant : {"stadtwerke-musterstadt", "weinversand-rheingau"}) {
    const Score s = evaluate(tenant);
    total.questions += s.questions;
    total.top1 += s.top1;
    total.top3 += s.top3;
  }
  ASSERT_GE(total.questions, 60);
  const double top1 = 100.0 * total.top1 / total.questions;
  const double top3 = 100.0 * total.top3 / total.questions;
  fmt::print("overall: {} questions, top-1 {:.1f} %, top-3 {:.1f} %\n", total.questions, top1,
             top3);
  // The target; the ranking reaches it with a small margin (86.5 %, top-3 93.7 %).
  EXPECT_GE(top1, 85.0);
}

}  // namespace
}  // namespace callwerk::kb
