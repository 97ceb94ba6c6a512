#pragma once
// The products an `order` node offers: a tenant's catalog as plain data, handed to the
// interpreter with its flows (FlowLibrary::set_catalog) so that the pure state machine can list
// products, match what a caller names and compute prices without asking anyone. A snapshot:
// the channel builds it when it builds the tenant's interpreter, and a call keeps the prices it
// started with.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace callwerk::flow {

struct CatalogProduct {
  std::int64_t id = 0;   // the store's product id, carried into CreateOrder; 0: not stored
  std::string sku;       // article number, unique per tenant ("RG-RIES-2023-KAB-075")
  std::string name;      // "Riesling Kabinett 2023 Hallgartener Jungfer"
  std::string category;  // an order node's `category` selects on it (case and umlauts folded)
  std::string variant;   // said after the name ("6er-Karton"); empty: none
  std::string unit;      // "Flasche 0,75 l": its first word counts the quantity ("2 Flaschen")
  std::int64_t price_cents = 0;       // per unit, gross
  int max_quantity = 99;              // 1: the quantity is not asked (a tariff, a service)
  bool active = true;                 // inactive products are never offered
  std::vector<std::string> keywords;  // further words that name it in chat ("Kabi")
};

using ProductCatalog = std::vector<CatalogProduct>;

// Active products of `category` (compared folded; empty: all), in catalog order.
std::vector<const CatalogProduct*> offered_products(const ProductCatalog& catalog,
                                                    std::string_view category);

// The product name as said and shown: name, and the variant after a comma.
std::string product_title(const CatalogProduct& product);

// Chat: the products whose name, variant, SKU or keywords contain most of the caller's words
// ("einen Riesling Kabinett bitte"); several when they tie, none when no word fits. Indexes
// into `products`.
std::vector<std::size_t> match_products(const std::vector<const CatalogProduct*>& products,
                                        std::string_view text);

// The product whose SKU is `text` (case-insensitive, spaces ignored); -1 when none.
int product_by_sku(const std::vector<const CatalogProduct*>& products, std::string_view text);

// A whole number 1..99 written among the words of a chat message that is not part of the
// product's own name ("2 Flaschen Riesling 2023" -> 2); 0 when there is none or several.
int quantity_in_text(std::string_view text, const CatalogProduct& product);

// "1 Flasche", "2 Flaschen", "3 Kartons"; "2 ×" when the unit's word has no known plural.
// English: "2 ×" always.
std::string quantity_text(int quantity, const CatalogProduct& product, std::string_view language);
// The counted word alone for a question: "Flaschen", or "Stück".
std::string unit_plural(const CatalogProduct& product, std::string_view language);

}  // namespace callwerk::flow
