// Knowledge-base query latency with 10,000 articles (issue 4: p99 under 5 ms).
// Articles are generated from the demo knowledge bases' own words (deterministic seed):
// titles and tags from title words, bodies of 250-400 words drawn from the bodies' word
// stream (so word frequencies stay natural). Queries: the demo customer questions
// (tests/fixtures/kb) and random 3-8 word phrases from the same vocabulary.
//
// usage: kb_search_bench [articles=10000] [queries=20000]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "kb/kb_article_file.hpp"
#include "kb/kb_index.hpp"
#include "kb/kb_synonyms.hpp"

using namespace callwerk::kb;
using Clock = std::chrono::steady_clock;

namespace {

const std::filesystem::path kRoot = std::filesystem::path(__FILE__).parent_path().parent_path();
const char* const kTenants[] = {"stadtwerke-musterstadt", "weinversand-rheingau"};

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;) {
    w.erase(std::remove_if(w.begin(), w.end(),
                           [](char c) { return c == '#' || c == '*' || c == '|' || c == '`'; }),
            w.end());
    if (!w.empty()) words.push_back(w);
  }
  return words;
}

std::string pick_words(const std::vector<std::string>& pool, std::mt19937& rng, int n) {
  std::uniform_int_distribution<size_t> any(0, pool.size() - 1);
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? " " : "") + pool[any(rng)];
  return out;
}

// CPU time of the calling thread: on a shared machine, wall-clock percentiles include the
// time the scheduler gave to other processes.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  const long article_count = argc > 1 ? std::atol(argv[1]) : 10000;
  const long query_count = argc > 2 ? std::atol(argv[2]) : 20000;
  if (article_count <= 0 || query_count <= 0) {
    fmt::print(stderr, "usage: kb_search_bench [articles] [queries]\n");
    return 2;
  }

  std::vector<std::string> title_words;
  std::vector<std::string> body_words;
  std::vector<std::string> questions;
  KbSynonyms synonyms;
  for (const char* tenant : kTenants) {
    const auto dir = kRoot / "examples" / "demo" / "tenants" / tenant;
    auto articles = read_kb_folder(dir / "kb");
    if (!articles) {
      fmt::print(stderr, "kb_search_bench: {}\n", articles.error().describe());
      return 1;
    }
    for (const auto& a : *articles) {
      for (auto& w : words_of(a.title)) title_words.push_back(w);
      for (const auto& t : a.tags) title_words.push_back(t);
      for (auto& w : words_of(a.body)) body_words.push_back(w);
    }
    if (auto s = load_kb_synonyms(dir / "kb-synonyms.yaml"))
      synonyms.groups.insert(synonyms.groups.end(), s->groups.begin(), s->groups.end());
    std::ifstream in(kRoot / "tests" / "fixtures" / "kb" / fmt::format("questions-{}.tsv", tenant));
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line[0] != '#' && line.find('\t') != std::string::npos)
        questions.push_back(line.substr(line.find('\t') + 1));
  }

  std::mt19937 rng(20261126);
  std::uniform_int_distribution<int> body_length(250, 400);
  std::uniform_int_distribution<int> title_length(2, 6);
  std::vector<KbArticle> articles;
  articles.reserve(static_cast<size_t>(article_count));
  for (long i = 0; i < article_count; ++i) {
    KbArticle a;
    a.id = i + 1;
    a.slug = fmt::format("artikel-{}", i + 1);
    a.title = pick_words(title_words, rng, title_length(rng));
    for (int t = 0; t < 5; ++t) a.tags.push_back(pick_words(title_words, rng, 1));
    a.category = pick_words(title_words, rng, 1);
    a.body = pick_words(body_words, rng, body_length(rng)) + ".";
    articles.push_back(std::move(a));
  }

  KbIndex index;
  const auto build_start = Clock::now();
  for (size_t i = 0; i < articles.size(); ++i) {
    if (auto s = index.put(articles[i]); !s) {
      fmt::print(stderr, "kb_search_bench: {}\n", s.error().describe());
      return 1;
    }
    if ((i + 1) % 2000 == 0) fmt::print(stderr, "indexed {} / {}\n", i + 1, articles.size());
  }
  if (auto s = index.set_synonyms(synonyms); !s) {
    fmt::print(stderr, "kb_search_bench: synonyms: {}\n", s.error().describe());
    return 1;
  }
  const double build_s = std::chrono::duration<double>(Clock::now() - build_start).count();

  std::uniform_int_distribution<int> phrase_length(3, 8);
  std::vector<std::string> queries;
  for (long i = 0; i < query_count; ++i)
    queries.push_back(i % 2 == 0 ? questions[static_cast<size_t>(i / 2) % questions.size()]
                                 : pick_words(body_words, rng, phrase_length(rng)));

  std::vector<double> latency_ms;
  std::vector<double> cpu_ms;  // this thread's CPU time: the latency without the machine's load
  latency_ms.reserve(queries.size());
  cpu_ms.reserve(queries.size());
  size_t hits_total = 0;
  const auto run_start = Clock::now();
  for (const std::string& q : queries) {
    const auto t0 = Clock::now();
    const double c0 = thread_cpu_ms();
    auto hits = index.search(q, 5);
    cpu_ms.push_back(thread_cpu_ms() - c0);
    latency_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (!hits) {
      fmt::print(stderr, "kb_search_bench: {}\n", hits.error().describe());
      return 1;
    }
    hits_total += hits->size();
  }
  const double run_s = std::chrono::duration<double>(Clock::now() - run_start).count();

  fmt::print("articles {}  build {:.2f} s ({:.0f} articles/s)\n", index.size(), build_s,
             static_cast<double>(index.size()) / build_s);
  fmt::print("queries {}  ({} questions + random phrases)  {:.0f} queries/s  avg hits {:.2f}\n",
             queries.size(), questions.size(), static_cast<double>(queries.size()) / run_s,
             static_cast<double>(hits_total) / static_cast<double>(queries.size()));
  std::vector<size_t> order(queries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::partial_sort(order.begin(), order.begin() + std::min<size_t>(5, order.size()), order.end(),
                    [&](size_t a, size_t b) { return latency_ms[a] > latency_ms[b]; });
  for (size_t i = 0; i < std::min<size_t>(5, order.size()); ++i)
    fmt::print("slow {:.3f} ms (cpu {:.3f}): {}\n", latency_ms[order[i]], cpu_ms[order[i]],
               queries[order[i]]);
  fmt::print("latency ms  p50 {:.3f}  p90 {:.3f}  p99 {:.3f}  max {:.3f}\n",
             percentile(latency_ms, 0.50), percentile(latency_ms, 0.90),
             percentile(latency_ms, 0.99), percentile(latency_ms, 1.0));
  fmt::print("cpu ms      p50 {:.3f}  p90 {:.3f}  p99 {:.3f}  max {:.3f}\n",
             percentile(cpu_ms, 0.50), percentile(cpu_ms, 0.90), percentile(cpu_ms, 0.99),
             percentile(cpu_ms, 1.0));
  return 0;
}
