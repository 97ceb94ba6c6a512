// Product lookup for the order node: which products a node offers, which one the caller named,
// and how a quantity of it is said.

#include "flow/flow_catalog.hpp"

#include <fmt/core.h>

#include <set>

#include "flow/flow_input.hpp"
#include "flow/flow_input_parts.hpp"

namespace callwerk::flow {

namespace {

// Words that say nothing about which product is meant ("ich hätte gern einen ...").
constexpr std::string_view kFillers[] = {
    "ich",  "moechte", "moechten", "haette", "haetten",   "gern",     "gerne", "bitte",
    "eine", "einen",   "einem",    "einer",  "bestellen", "bestelle", "nehme", "nehmen",
    "der",  "die",     "das",      "den",    "dem",       "und",      "mit",   "von",
    "vom",  "noch",    "mal",      "fuer",   "davon",     "stueck",   "want",  "would",
    "like", "order",   "please",   "the",    "and"};

bool filler(std::string_view word) {
  for (const std::string_view f : kFillers)
    if (f == word) return true;
  return false;
}

// Everything a product is known by, folded: name, variant, SKU and keywords.
std::string known_words(const CatalogProduct& product) {
  std::string text = fold_for_matching(product.name);
  for (const std::string* part : {&product.variant, &product.sku}) {
    text += ' ';
    text += fold_for_matching(*part);
  }
  for (const std::string& keyword : product.keywords) {
    text += ' ';
    text += fold_for_matching(keyword);
  }
  return text;
}

std::string first_word(std::string_view unit) {
  const std::string_view trimmed = input_parts::trim_space(unit);
  return std::string(trimmed.substr(0, trimmed.find(' ')));
}

// Plurals of the unit words catalogs use; a word not listed is counted with "×".
std::string_view german_plural(std::string_view word) {
  static constexpr std::pair<std::string_view, std::string_view> kPlurals[] = {
      {"Flasche", "Flaschen"},     {"Karton", "Kartons"},    {"Kiste", "Kisten"},
      {"Holzkiste", "Holzkisten"}, {"Stück", "Stück"},       {"Gutschein", "Gutscheine"},
      {"Präsent", "Präsente"},     {"Packung", "Packungen"}, {"Dose", "Dosen"},
      {"Glas", "Gläser"},          {"Set", "Sets"},          {"Paket", "Pakete"},
      {"Termin", "Termine"},       {"Auftrag", "Aufträge"},  {"Kasten", "Kästen"}};
  for (const auto& [one, many] : kPlurals)
    if (one == word) return many;
  return {};
}

}  // namespace

std::vector<const CatalogProduct*> offered_products(const ProductCatalog& catalog,
                                                    std::string_view category) {
  const std::string wanted = fold_for_matching(category);
  std::vector<const CatalogProduct*> offered;
  for (const CatalogProduct& product : catalog) {
    if (!product.active) continue;
    if (!wanted.empty() && fold_for_matching(product.category) != wanted) continue;
    offered.push_back(&product);
  }
  return offered;
}

std::string product_title(const CatalogProduct& product) {
  return product.variant.empty() ? product.name : product.name + ", " + product.variant;
}

std::vector<std::size_t> match_products(const std::vector<const CatalogProduct*>& products,
                                        std::string_view text) {
  const std::string folded = fold_for_matching(text);
  std::vector<std::string_view> words;
  for (const std::string_view word : input_parts::folded_words(folded))
    if (word.size() >= 3 && !filler(word)) words.push_back(word);
  std::vector<std::size_t> best;
  std::size_t best_score = 0;
  if (words.empty()) return best;
  for (std::size_t i = 0; i < products.size(); ++i) {
    const std::string known = known_words(*products[i]);
    std::size_t score = 0;
    for (const std::string_view word : words)
      if (input_parts::contains_phrase(known, word)) ++score;
    if (score == 0 || score < best_score) continue;
    if (score > best_score) best.clear();
    best_score = score;
    best.push_back(i);
  }
  return best;
}

int product_by_sku(const std::vector<const CatalogProduct*>& products, std::string_view text) {
  std::string wanted;
  for (const char c : input_parts::trim_space(text))
    if (c != ' ') wanted += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  if (wanted.empty()) return -1;
  for (std::size_t i = 0; i < products.size(); ++i) {
    std::string sku;
    for (const char c : products[i]->sku)
      sku += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    if (sku == wanted) return static_cast<int>(i);
  }
  return -1;
}

int quantity_in_text(std::string_view text, const CatalogProduct& product) {
  const std::string known = known_words(product);
  const std::string folded = fold_for_matching(text);
  int found = 0;
  for (const std::string_view word : input_parts::folded_words(folded)) {
    if (!input_parts::all_digits(word) || word.size() > 2) continue;
    if (input_parts::contains_phrase(known, word)) continue;
    const int number = std::stoi(std::string(word));
    if (number < 1) continue;
    if (found != 0) return 0;  // "2 oder 3": not for me to decide
    found = number;
  }
  return found;
}

std::string quantity_text(int quantity, const CatalogProduct& product, std::string_view language) {
  const std::string word = first_word(product.unit);
  if (!input_parts::is_english(language) && !word.empty()) {
    if (quantity == 1) return "1 " + word;
    const std::string_view plural = german_plural(word);
    if (!plural.empty()) return fmt::format("{} {}", quantity, plural);
  }
  return fmt::format("{} ×", quantity);
}

std::string unit_plural(const CatalogProduct& product, std::string_view language) {
  if (input_parts::is_english(language)) return "items";
  const std::string_view plural = german_plural(first_word(product.unit));
  return plural.empty() ? std::string("Stück") : std::string(plural);
}

}  // namespace callwerk::flow
