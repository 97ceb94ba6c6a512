#pragma once
// Per-tenant synonyms an operator maintains: groups of words that mean the same to callers
// ("Abschlag", "Abschlagszahlung", "Vorauszahlung"). File format (kb-synonyms.yaml):
//
//   synonyms:
//     - [Abschlag, Abschlagszahlung, Vorauszahlung]
//     - [Zähler, Stromzähler, Messgerät]
//
// Each entry is one word (no spaces or hyphens): a query word is widened to its group.

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace callwerk::kb {

struct KbSynonyms {
  std::vector<std::vector<std::string>> groups;
};

// `display` names the file in error messages ("kb-synonyms.yaml:3:7: ...").
Result<KbSynonyms> parse_kb_synonyms(const std::string& yaml_text, const std::string& display);
Result<KbSynonyms> load_kb_synonyms(const std::filesystem::path& file);

}  // namespace callwerk::kb
