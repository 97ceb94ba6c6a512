// kb/<slug>.md (knowledge articles), kb-synonyms.yaml (their synonym groups) and
// flows/<name>.yaml (conversation flows).
#include <fmt/core.h>

#include "app/import_fields.hpp"
#include "app/importer_files.hpp"
#include "kb/kb_index.hpp"
#include "kb/kb_synonyms.hpp"

namespace callwerk::app {

namespace {

// Slugs and flow names come from file names, so they are restricted to what is safe there.
bool valid_file_key(const std::string& key) {
  if (key.empty() || key.size() > 100 || key.front() == '.' || key.front() == '-') return false;
  for (char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_' || c == '.'))
      return false;
  return true;
}

std::string strip_blank_edges(const std::string& text) {
  size_t first = 0;
  // Leading blank lines only: the body's own indentation is Markdown.
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n')
      first = i + 1;
    else if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r')
      break;
  }
  size_t last = text.find_last_not_of(" \t\r\n");
  if (last == std::string::npos || last < first) return {};
  return text.substr(first, last - first + 1);
}

}  // namespace

Status read_kb_article(const std::filesystem::path& file, const std::string& display,
                       TenantImport& tenant) {
  auto text = read_text_file(file, display);
  if (!text) return text.error();
  const std::string slug = file.stem().string();
  if (!valid_file_key(slug))
    return make_error(ErrorKind::invalid_input,
                      "the file name (the article's slug) may only contain letters, digits, "
                      "'-', '_' and '.'",
                      display + ":1:1");
  std::string content = *text;
  if (content.starts_with("\xEF\xBB\xBF")) content.erase(0, 3);
  if (!content.starts_with("---\n") && !content.starts_with("---\r\n"))
    return make_error(ErrorKind::invalid_input,
                      "a knowledge article must start with YAML front matter ('---')",
                      display + ":1:1");
  const size_t front_start = content.find('\n') + 1;
  // The closing '---' is the first line that is exactly '---'.
  size_t front_end = std::string::npos;
  size_t body_start = std::string::npos;
  for (size_t pos = front_start; pos < content.size();) {
    size_t eol = content.find('\n', pos);
    std::string line = content.substr(pos, eol == std::string::npos ? eol : eol - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line == "---") {
      front_end = pos;
      body_start = eol == std::string::npos ? content.size() : eol + 1;
      break;
    }
    if (eol == std::string::npos) break;
    pos = eol + 1;
  }
  if (front_end == std::string::npos)
    return make_error(ErrorKind::invalid_input, "the front matter is not closed with '---'",
                      display + ":1:1");

  const YamlSource source{display, 1};
  auto front = parse_yaml(content.substr(front_start, front_end - front_start), source);
  if (!front) return front.error();
  if (!front->IsMap())
    return make_error(ErrorKind::invalid_input, "the front matter must be a mapping",
                      display + ":2:1");
  const auto& spec = entity_spec("kb");
  ImportRecord record;
  record.location = display + ":1:1";
  record.key = slug;
  if (auto s = read_catalog_fields(source, *front, spec, {"tags", "slug"}, record.fields); !s)
    return s;
  if (const YAML::Node slug_node = (*front)["slug"]) {
    if (slug_node.IsScalar() && slug_node.Scalar() != slug)
      return yaml_error(
          source, slug_node,
          fmt::format("slug '{}' differs from the file name '{}'", slug_node.Scalar(), slug));
  }
  if (const YAML::Node tags = (*front)["tags"]) {
    // Stored as one searchable text; a list is the friendlier way to write it.
    std::string joined;
    if (tags.IsSequence()) {
      for (const YAML::Node& tag : tags) {
        auto value = yaml_string(source, tag, "tags");
        if (!value) return value.error();
        // Tags are stored joined with ", ", so that is the one thing a tag cannot contain.
        if (value->find(", ") != std::string::npos)
          return yaml_error(source, tag, "a tag must not contain ', '");
        joined += (joined.empty() ? "" : ", ") + *value;
      }
    } else {
      auto value = yaml_string(source, tags, "tags");
      if (!value) return value.error();
      joined = *value;
    }
    auto checked = field_from_text(joined, *spec.field("tags"), yaml_location(source, tags.Mark()));
    if (!checked) return checked.error();
    if (!checked->is_null()) record.fields["tags"] = *checked;
  }
  record.fields["slug"] = slug;
  const std::string body = strip_blank_edges(content.substr(body_start));
  auto checked_body = field_from_text(body, *spec.field("body"), record.location);
  if (!checked_body) return checked_body.error();
  record.fields["body"] = *checked_body;
  if (auto s = check_required_fields(record.location, spec, record.fields); !s) return s;
  tenant.kb.push_back(std::move(record));
  return ok_status();
}

Status read_kb_synonyms_file(const std::filesystem::path& file, const std::string& display,
                             TenantImport& tenant) {
  auto text = read_text_file(file, display);
  if (!text) return text.error();
  // The search's own reader checks the format (file:line:column errors)...
  auto synonyms = kb::parse_kb_synonyms(*text, display);
  if (!synonyms) return synonyms.error();
  if (synonyms->groups.empty()) return ok_status();
  // ... and the nodes give each group its line, for this reader's and the store's errors.
  const YamlSource source{display};
  auto root = parse_yaml(*text, source);
  if (!root) return root.error();
  const YAML::Node list = (*root)["synonyms"];
  // A stopword ("der", "nicht") is no search term: the index would refuse the whole group.
  kb::KbIndex probe;
  std::size_t index = 0;
  for (const YAML::Node& group : list) {
    const std::vector<std::string>& words = synonyms->groups.at(index++);
    if (Status s = probe.set_synonyms(kb::KbSynonyms{{words}}); !s) {
      YAML::Node at = group;
      for (const YAML::Node& entry : group)
        if (entry.IsScalar() && entry.Scalar() == s.error().location) at = entry;
      return yaml_error(source, at, fmt::format("'{}': {}", s.error().location, s.error().message));
    }
    ImportRecord record;
    record.location = yaml_location(source, group.Mark());
    record.fields["words"] = words;
    tenant.kb_synonyms.push_back(std::move(record));
  }
  return ok_status();
}

Status read_flow_file(const std::filesystem::path& file, const std::string& display,
                      TenantImport& tenant) {
  auto text = read_text_file(file, display);
  if (!text) return text.error();
  const std::string name = file.stem().string();
  if (!valid_file_key(name))
    return make_error(ErrorKind::invalid_input,
                      "the file name (the flow's name) may only contain letters, digits, "
                      "'-', '_' and '.'",
                      display + ":1:1");
  const YamlSource source{display};
  auto root = parse_yaml(*text, source);
  if (!root) return root.error();
  if (!root->IsMap())
    return make_error(ErrorKind::invalid_input, "a flow must be a YAML mapping", display + ":1:1");
  const auto& spec = entity_spec("flows");
  ImportRecord record;
  record.location = display + ":1:1";
  record.key = name;
  record.fields["name"] = name;
  record.fields["version"] = 1;
  record.fields["source"] = *text;
  // Imported flows are meant to run: the demo answers calls with them right away.
  record.fields["published"] = true;
  if (const YAML::Node description = (*root)["description"]; description && description.IsScalar())
    record.fields["description"] = description.Scalar();
  auto checked = field_from_text(*text, *spec.field("source"), record.location);
  if (!checked) return checked.error();
  tenant.flows.push_back(std::move(record));
  return ok_status();
}

}  // namespace callwerk::app
