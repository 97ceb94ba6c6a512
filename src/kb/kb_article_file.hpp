#pragma once
// Knowledge articles as files: Markdown with YAML front matter (title, category, tags,
// language, published), the slug taken from the file name. The importer in src/app reads the
// same format into the store; this reader serves the index directly (tests, benchmarks, a
// folder-backed knowledge base) without pulling in the app layer.

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "kb/kb_article.hpp"

namespace callwerk::kb {

// `display` names the file in error messages. The id is left 0 for the caller to assign.
Result<KbArticle> parse_kb_article(const std::string& content, const std::string& slug,
                                   const std::string& display);
Result<KbArticle> read_kb_article_file(const std::filesystem::path& file);
// Every *.md in `dir`, sorted by file name, with ids 1, 2, 3, ... in that order.
Result<std::vector<KbArticle>> read_kb_folder(const std::filesystem::path& dir);

}  // namespace callwerk::kb
