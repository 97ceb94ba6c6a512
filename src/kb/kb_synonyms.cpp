#include "kb/kb_synonyms.hpp"

#include "core/yaml_helpers.hpp"

namespace callwerk::kb {

namespace {

bool is_one_word(const std::string& word) {
  if (word.empty()) return false;
  for (char c : word)
    if (c == ' ' || c == '\t' || c == '-' || c == '/' || c == ',' || c == '.') return false;
  return true;
}

}  // namespace

Result<KbSynonyms> parse_kb_synonyms(const std::string& yaml_text, const std::string& display) {
  const YamlSource source{display, 0};
  auto root = parse_yaml(yaml_text, source);
  if (!root) return root.error();
  KbSynonyms synonyms;
  if (root->IsNull()) return synonyms;  // an empty file: no synonyms
  if (auto s = expect_map(source, *root, "the synonyms file"); !s) return s.error();
  if (auto s = check_known_keys(source, *root, {"synonyms"}); !s) return s.error();
  const YAML::Node list = (*root)["synonyms"];
  if (!list || list.IsNull()) return synonyms;
  if (auto s = expect_sequence(source, list, "synonyms"); !s) return s.error();
  for (const YAML::Node& group : list) {
    if (auto s = expect_sequence(source, group, "a synonym group"); !s) return s.error();
    std::vector<std::string> words;
    for (const YAML::Node& entry : group) {
      auto word = yaml_string(source, entry, "synonym");
      if (!word) return word.error();
      if (!is_one_word(*word))
        return yaml_error(
            source, entry,
            "a synonym must be one word (no spaces, hyphens or punctuation): '" + *word + "'");
      words.push_back(*word);
    }
    if (words.size() < 2)
      return yaml_error(source, group, "a synonym group needs at least two words");
    synonyms.groups.push_back(std::move(words));
  }
  return synonyms;
}

Result<KbSynonyms> load_kb_synonyms(const std::filesystem::path& file) {
  auto text = read_text_file(file, file.string());
  if (!text) return text.error();
  return parse_kb_synonyms(*text, file.string());
}

}  // namespace callwerk::kb
