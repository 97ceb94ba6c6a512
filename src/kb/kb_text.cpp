#include "kb/kb_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace callwerk::kb {

namespace {

struct Fold {
  std::string_view from;
  std::string_view to;
};

// UTF-8 spellings of the German special letters; ẞ (U+1E9E) is the capital sharp s.
constexpr std::array<Fold, 8> kFolds{{{"\xC3\xA4", "ae"},
                                      {"\xC3\xB6", "oe"},
                                      {"\xC3\xBC", "ue"},
                                      {"\xC3\x84", "Ae"},
                                      {"\xC3\x96", "Oe"},
                                      {"\xC3\x9C", "Ue"},
                                      {"\xC3\x9F", "ss"},
                                      {"\xE1\xBA\x9E", "SS"}}};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Abbreviations whose period does not end a sentence (folded, lower case, without the period).
bool is_abbreviation(std::string_view word) {
  static constexpr std::array<std::string_view, 24> kAbbreviations{
      "z",   "b",   "d",   "h",   "u",   "a",   "bzw",  "ca",  "nr",  "inkl", "ggf", "evtl",
      "usw", "etc", "str", "tel", "max", "min", "bspw", "vgl", "abs", "dr",   "st",  "zzgl"};
  std::string lower;
  for (char c : word) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::find(kAbbreviations.begin(), kAbbreviations.end(), lower) != kAbbreviations.end();
}

bool all_digits(std::string_view word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

// Starts a new sentence: an upper-case letter (ASCII or Ä/Ö/Ü), a digit or a quote.
bool starts_sentence(std::string_view rest) {
  if (rest.empty()) return true;
  const auto c = static_cast<unsigned char>(rest[0]);
  if (std::isupper(c) || std::isdigit(c)) return true;
  return rest.starts_with("\xC3\x84") || rest.starts_with("\xC3\x96") ||
         rest.starts_with("\xC3\x9C") || rest.starts_with("\xE2\x80\x9E");  // Ä Ö Ü „
}

std::string strip_inline_markdown(std::string_view line) {
  std::string out;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '*' || c == '`' ||
        (c == '_' && (i + 1 == line.size() || line[i + 1] == '_' || i == 0 || line[i - 1] == '_' ||
                      is_space(line[i - 1]) || is_space(line[i + 1])))) {
      continue;  // emphasis and code marks; an underscore inside a word stays
    }
    if (c == '[') {
      // [text](target) -> text
      const size_t close = line.find("](", i);
      const size_t end = close == std::string_view::npos ? close : line.find(')', close);
      if (end != std::string_view::npos) {
        out += strip_inline_markdown(line.substr(i + 1, close - i - 1));
        i = end;
        continue;
      }
    }
    out += c;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// "1. ", "12) ", "- ", "* ", "+ ", "> " at the start of a line.
std::string_view strip_block_marker(std::string_view line) {
  if (line.starts_with("> ")) line.remove_prefix(2);
  if (line.size() >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ')
    return line.substr(2);
  size_t digits = 0;
  while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits]))) ++digits;
  if (digits > 0 && digits + 1 < line.size() && (line[digits] == '.' || line[digits] == ')') &&
      line[digits + 1] == ' ')
    return line.substr(digits + 2);
  return line;
}

std::string remove_parentheses(std::string_view text) {
  std::string out;
  int depth = 0;
  for (char c : text) {
    if (c == '(') {
      ++depth;
      continue;
    }
    if (c == ')' && depth > 0) {
      --depth;
      continue;
    }
    if (depth == 0) out += c;
  }
  // Close the gaps the asides leave: "Vorauszahlung  ." -> "Vorauszahlung."
  std::string tidy;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == ' ' && (i + 1 == out.size() || out[i + 1] == ' ' || out[i + 1] == '.' ||
                          out[i + 1] == ',' || out[i + 1] == ';' || out[i + 1] == ':'))
      continue;
    tidy += out[i];
  }
  return tidy;
}

}  // namespace

std::string fold_german(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (size_t i = 0; i < text.size();) {
    bool folded = false;
    if (static_cast<unsigned char>(text[i]) >= 0xC3) {
      for (const Fold& f : kFolds) {
        if (text.substr(i).starts_with(f.from)) {
          out += f.to;
          i += f.from.size();
          folded = true;
          break;
        }
      }
    }
    if (!folded) out += text[i++];
  }
  return out;
}

const std::vector<std::string>& german_stopwords() {
  // Articles, pronouns, auxiliaries and modal verbs, prepositions, conjunctions and the
  // particles callers fill their sentences with. Content words (nouns, most verbs) stay.
  static const std::vector<std::string> words{
      // articles and pronouns
      "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen",
      "ich", "du", "er", "sie", "es", "wir", "ihr", "mich", "mir", "dich", "dir", "ihn", "ihm",
      "uns", "euch", "ihnen", "sich", "man", "mein", "meine", "meinen", "meinem", "meiner",
      "meines", "dein", "deine", "deinen", "deinem", "deiner", "sein", "seine", "seinen", "seinem",
      "seiner", "seines", "ihre", "ihren", "ihrem", "ihrer", "ihres", "unser", "unsere", "unseren",
      "unserem", "unserer", "euer", "eure", "dies", "diese", "dieser", "diesen", "diesem", "dieses",
      "jener", "jene", "welche", "welcher", "welches", "welchen", "welchem", "was", "wer", "wen",
      "wem", "wessen", "etwas", "alles", "alle", "jemand",
      // auxiliaries and modal verbs
      "bin", "bist", "ist", "sind", "seid", "war", "warst", "waren", "wart", "waere", "waeren",
      "gewesen", "habe", "hab", "hast", "hat", "haben", "habt", "hatte", "hatten", "haette",
      "haetten", "gehabt", "werde", "wirst", "wird", "werden", "werdet", "wurde", "wurden",
      "worden", "wuerde", "wuerden", "kann", "kannst", "koennen", "koennt", "konnte", "konnten",
      "koennte", "koennten", "muss", "musst", "muessen", "muesst", "musste", "mussten", "muesste",
      "soll", "sollst", "sollen", "sollt", "sollte", "sollten", "will", "willst", "wollen", "wollt",
      "wollte", "wollten", "moechte", "moechtest", "moechten", "mag", "darf", "darfst", "duerfen",
      "durfte", "duerfte", "gibt", "geht", "mache", "machen", "macht", "tun", "tut",
      // prepositions
      "in", "im", "ins", "an", "am", "ans", "auf", "aus", "bei", "beim", "mit", "nach", "von",
      "vom", "zu", "zum", "zur", "fuer", "ueber", "unter", "vor", "hinter", "neben", "zwischen",
      "durch", "gegen", "ohne", "um", "bis", "seit", "ab", "wegen", "trotz", "waehrend",
      // conjunctions and question words
      "und", "oder", "aber", "doch", "denn", "weil", "dass", "ob", "wenn", "als", "wie", "so",
      "sondern", "damit", "wo", "wann", "warum", "wieso", "weshalb", "woher", "wohin",
      // particles and fillers
      "auch", "noch", "schon", "nur", "sehr", "mal", "ja", "nein", "nicht", "kein", "keine",
      "keinen", "keinem", "keiner", "da", "dann", "hier", "dort", "jetzt", "gerade", "eigentlich",
      "halt", "eben", "bitte", "danke", "hallo", "gern", "gerne", "immer", "wieder", "einfach",
      "genau", "ganz", "also", "nun", "ok", "okay", "irgendwie", "irgendwo", "irgendwas", "viel",
      "viele", "mehr", "denn", "eh", "bzw", "sowie", "dabei", "dazu", "darauf", "darum", "daran",
      "davon", "dafuer", "hallo", "guten", "tag"};
  return words;
}

std::string markdown_to_plain(std::string_view markdown) {
  std::string out;
  size_t pos = 0;
  while (pos <= markdown.size()) {
    size_t eol = markdown.find('\n', pos);
    if (eol == std::string_view::npos) eol = markdown.size();
    std::string_view line = trim(markdown.substr(pos, eol - pos));
    pos = eol + 1;
    if (line.empty() || line.starts_with('#') || line.starts_with("---") || line.starts_with('|') ||
        line.starts_with("```"))
      continue;  // headings, rules, tables and fences are structure, not prose
    const std::string plain = strip_inline_markdown(strip_block_marker(line));
    if (plain.empty()) continue;
    if (!out.empty()) out += ' ';
    out += plain;
  }
  return out;
}

std::string_view clip_text(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t cut = max_bytes;
  // Never inside a UTF-8 sequence: continuation bytes are 10xxxxxx.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  const size_t space = text.rfind(' ', cut);
  if (space != std::string_view::npos && space > max_bytes / 2) cut = space;
  return trim(text.substr(0, cut));
}

std::string spoken_summary(std::string_view markdown, std::size_t max_chars) {
  const std::string text = remove_parentheses(markdown_to_plain(markdown));
  size_t fitting_end = 0;  // end of the last whole sentence within max_chars
  size_t first_end = text.size();
  for (size_t i = 0; i < text.size() && i < max_chars; ++i) {
    const char c = text[i];
    if (c != '.' && c != '!' && c != '?') continue;
    if (i + 1 < text.size() && !is_space(text[i + 1])) continue;  // "3.5", "www.x.de"
    if (c == '.') {
      const size_t space = text.rfind(' ', i);
      const std::string_view word =
          std::string_view(text).substr(space == std::string::npos ? 0 : space + 1,
                                        i - (space == std::string::npos ? 0 : space + 1));
      // "z. B.", "bzw.", "20. Mai", initials: not the end of a sentence.
      if (word.size() <= 1 || is_abbreviation(word) || all_digits(word)) continue;
    }
    if (!starts_sentence(trim(std::string_view(text).substr(i + 1)))) continue;
    if (first_end == text.size()) first_end = i + 1;
    fitting_end = i + 1;
  }
  if (fitting_end > 0) return std::string(trim(std::string_view(text).substr(0, fitting_end)));
  return std::string(clip_text(std::string_view(text).substr(0, first_end), max_chars));
}

}  // namespace callwerk::kb
