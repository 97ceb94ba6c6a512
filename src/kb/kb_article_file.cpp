#include "kb/kb_article_file.hpp"

#include <algorithm>
#include <system_error>

#include "core/yaml_helpers.hpp"

namespace callwerk::kb {

namespace {

// Splits "---\n<front>\n---\n<body>"; the closing '---' is the first line that is exactly that.
bool split_front_matter(const std::string& content, std::string& front, std::string& body) {
  if (!content.starts_with("---\n") && !content.starts_with("---\r\n")) return false;
  const size_t front_start = content.find('\n') + 1;
  for (size_t pos = front_start; pos < content.size();) {
    const size_t eol = content.find('\n', pos);
    std::string line = content.substr(pos, eol == std::string::npos ? eol : eol - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line == "---") {
      front = content.substr(front_start, pos - front_start);
      body = eol == std::string::npos ? std::string() : content.substr(eol + 1);
      return true;
    }
    if (eol == std::string::npos) break;
    pos = eol + 1;
  }
  return false;
}

}  // namespace

Result<KbArticle> parse_kb_article(const std::string& raw, const std::string& slug,
                                   const std::string& display) {
  const std::string content = raw.starts_with("\xEF\xBB\xBF") ? raw.substr(3) : raw;
  std::string front_text;
  std::string body;
  if (!split_front_matter(content, front_text, body))
    return make_error(ErrorKind::invalid_input,
                      "a knowledge article starts with YAML front matter between '---' lines",
                      display + ":1:1");
  const YamlSource source{display, 1};
  auto front = parse_yaml(front_text, source);
  if (!front) return front.error();
  if (auto s = expect_map(source, *front, "the front matter"); !s) return s.error();

  KbArticle article;
  article.slug = slug;
  article.body = std::move(body);
  if (const YAML::Node n = (*front)["title"]) {
    auto v = yaml_string(source, n, "title");
    if (!v) return v.error();
    article.title = *v;
  }
  if (article.title.empty())
    return make_error(ErrorKind::invalid_input, "the front matter needs a title", display + ":2:1");
  if (const YAML::Node n = (*front)["category"]) {
    auto v = yaml_string(source, n, "category");
    if (!v) return v.error();
    article.category = *v;
  }
  if (const YAML::Node n = (*front)["language"]) {
    auto v = yaml_string(source, n, "language");
    if (!v) return v.error();
    article.language = *v;
  }
  if (const YAML::Node n = (*front)["published"]) {
    auto v = yaml_bool(source, n, "published");
    if (!v) return v.error();
    article.published = *v;
  }
  if (const YAML::Node n = (*front)["tags"]) {
    if (n.IsSequence()) {
      for (const YAML::Node& tag : n) {
        auto v = yaml_string(source, tag, "tags");
        if (!v) return v.error();
        article.tags.push_back(*v);
      }
    } else {
      // The store keeps tags joined with ", "; accept that spelling as well.
      auto v = yaml_string(source, n, "tags");
      if (!v) return v.error();
      for (size_t start = 0; start < v->size();) {
        size_t end = v->find(',', start);
        if (end == std::string::npos) end = v->size();
        std::string tag = v->substr(start, end - start);
        tag.erase(0, tag.find_first_not_of(' '));
        tag.erase(tag.find_last_not_of(' ') + 1);
        if (!tag.empty()) article.tags.push_back(tag);
        start = end + 1;
      }
    }
  }
  return article;
}

Result<KbArticle> read_kb_article_file(const std::filesystem::path& file) {
  auto text = read_text_file(file, file.string());
  if (!text) return text.error();
  return parse_kb_article(*text, file.stem().string(), file.string());
}

Result<std::vector<KbArticle>> read_kb_folder(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".md") files.push_back(entry.path());
  if (ec)
    return make_error(ErrorKind::not_found, "cannot list the folder: " + ec.message(),
                      dir.string());
  std::sort(files.begin(), files.end());
  std::vector<KbArticle> articles;
  for (const auto& file : files) {
    auto article = read_kb_article_file(file);
    if (!article) return article.error();
    article->id = static_cast<std::int64_t>(articles.size()) + 1;
    articles.push_back(std::move(*article));
  }
  return articles;
}

}  // namespace callwerk::kb
