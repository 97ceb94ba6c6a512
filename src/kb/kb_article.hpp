#pragma once
// A knowledge-base article as the search sees it, and one search hit.

#include <cstdint>
#include <string>
#include <vector>

namespace callwerk::kb {

struct KbArticle {
  std::int64_t id = 0;  // the store's id; unique within one tenant's index
  std::string slug;
  std::string title;
  std::string category;
  std::vector<std::string> tags;
  std::string body;  // Markdown
  std::string language = "de";
  bool published = true;
};

struct KbHit {
  std::int64_t id = 0;
  std::string slug;
  std::string title;
  double score = 0;  // BM25 weight; comparable only within one result list
  int percent = 0;   // score relative to the best possible match of this query (0-100)
  // The body's first sentence(s) as plain text, short enough to be read aloud.
  std::string summary;
};

}  // namespace callwerk::kb
