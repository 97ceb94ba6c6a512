// The order node's first part: which product. The phone lists the products on keys 1-9 (pages
// of eight with 9 for more when there are more than nine) and takes article numbers that are
// all digits; chat shows the same list and also takes a product's name, article number or
// words of it ("2 Flaschen Riesling Kabinett", with the quantity).
//
// FlowState::pending holds what is listed: a whole number is the first product of the page
// shown, text is the products that fit the caller's words ("3,5,7": indexes into the node's
// products).

#include <fmt/core.h>

#include "flow/flow_input.hpp"
#include "flow/flow_input_parts.hpp"
#include "flow/flow_interpreter_order.hpp"

namespace callwerk::flow::order_parts {

namespace {

constexpr std::size_t kMaxKeys = 9;  // a list that fits the keypad
constexpr std::size_t kPage = 8;     // longer lists: 8 per page, key 9 for more

using Products = std::vector<const CatalogProduct*>;

const Products& products_of(const StepContext& ctx) {
  return ctx.compiled_node().products;
}

bool candidates_listed(const FlowState& state) {
  return std::holds_alternative<std::string>(state.pending);
}

std::size_t page_start(const FlowState& state) {
  const auto* start = std::get_if<std::int64_t>(&state.pending);
  return start == nullptr ? 0 : static_cast<std::size_t>(*start);
}

bool paged(const StepContext& ctx) {
  return !candidates_listed(ctx.state) && products_of(ctx).size() > kMaxKeys;
}

// Indexes of the products on keys 1, 2, ... right now.
std::vector<std::size_t> listed(const StepContext& ctx) {
  std::vector<std::size_t> indexes;
  const std::size_t count = products_of(ctx).size();
  if (const auto* text = std::get_if<std::string>(&ctx.state.pending)) {
    std::size_t at = 0;
    while (at < text->size()) {
      std::size_t end = text->find(',', at);
      if (end == std::string::npos) end = text->size();
      const std::size_t index = std::stoul(text->substr(at, end - at));
      if (index < count) indexes.push_back(index);
      at = end + 1;
    }
    return indexes;
  }
  const std::size_t start = paged(ctx) ? page_start(ctx.state) : 0;
  const std::size_t size = paged(ctx) ? kPage : kMaxKeys;
  for (std::size_t i = start; i < count && i < start + size; ++i) indexes.push_back(i);
  return indexes;
}

void next_page(StepContext& ctx) {
  const std::size_t start = page_start(ctx.state) + kPage;
  ctx.state.pending = static_cast<std::int64_t>(start < products_of(ctx).size() ? start : 0);
}

// On the phone article numbers can be typed only when they are digits.
bool digit_skus(const StepContext& ctx) {
  for (const CatalogProduct* product : products_of(ctx))
    if (input_parts::all_digits(product->sku)) return true;
  return false;
}

std::string price_text(const StepContext& ctx, const CatalogProduct& product) {
  return input_parts::euro_text(product.price_cents, ctx.state.language);
}

void choose(StepContext& ctx, const OrderNode& node, const CatalogProduct& product,
            std::string_view input, int quantity) {
  ctx.record_input(input, product_title(product));
  ctx.state.escalation.clear();
  ctx.set_variable(field(node, "artikelnummer"), product.sku);
  ctx.set_variable(field(node, "artikel"), product_title(product));
  ctx.set_variable(field(node, "einzelpreis"), product.price_cents);
  if (product.max_quantity <= 1) quantity = 1;
  if (quantity >= 1 && quantity <= product.max_quantity)
    ctx.set_variable(field(node, "menge"), std::int64_t{quantity});
  next_part(ctx);
}

void not_offered(StepContext& ctx, const OrderNode& node, std::string_view input, Phrase reason) {
  ctx.record_input(input, {});
  retry_or(ctx, ctx.failed_attempt(node.input, false, input, ctx.phrase_text(reason)),
           [&ctx] { ctx.give_up(); });
}

bool asks_for_more(const StepContext& ctx, std::string_view text) {
  if (!paged(ctx)) return false;
  if (text == "9") return true;
  const std::string folded = fold_for_matching(text);
  return folded == "weitere" || folded == "mehr" || folded == "more" || folded == "weiter";
}

}  // namespace

void ask_product(StepContext& ctx, const OrderNode& node) {
  const Products& products = products_of(ctx);
  const bool voice = ctx.state.channel == Channel::voice;
  std::string text(ctx.phrase_text(candidates_listed(ctx.state) ? Phrase::order_several_found
                                                                : Phrase::order_product_prompt));
  AwaitInput request = open_request(ctx, node.input, digit_skus(ctx) ? 0 : 1);
  const std::vector<std::size_t> keys = listed(ctx);
  for (std::size_t k = 0; k < keys.size(); ++k) {
    const CatalogProduct& product = *products[keys[k]];
    const std::string key = std::to_string(k + 1);
    if (voice) {
      text += k == 0 ? " " : "";
      text += phrase_format(ctx, k == 0 ? Phrase::choice_first : Phrase::choice_next,
                            product_title(product), key);
      if (k + 1 == keys.size()) text += ".";
    } else {
      const std::string label =
          fmt::format("{} – {}", product_title(product), price_text(ctx, product));
      text += fmt::format("\n{}. {}", key, label);
      request.choices.push_back({label, product.sku});
    }
  }
  if (paged(ctx)) {
    text += voice ? " " : "\n";
    text += ctx.phrase_text(Phrase::order_product_more);
    if (!voice) {
      const bool english = input_parts::is_english(ctx.state.language);
      request.choices.push_back({english ? "More products" : "Weitere Produkte", "weitere"});
    }
  }
  if (voice && digit_skus(ctx)) {
    text += " ";
    text += ctx.phrase_text(Phrase::order_sku_hint);
  }
  ctx.say_text(std::move(text));
  ctx.await_input(std::move(request));
}

void product_input(StepContext& ctx, const OrderNode& node, const InputEvent& input) {
  const Products& products = products_of(ctx);
  const std::string_view text = input_parts::keypad_text(input.text, ctx.state.channel);
  if (asks_for_more(ctx, text)) {
    ctx.record_input(input.text, "weitere Produkte");
    next_page(ctx);
    ctx.repeat();
    return;
  }
  const std::vector<std::size_t> keys = listed(ctx);
  if (text.size() == 1 && text[0] >= '1' && text[0] <= '9') {
    const auto key = static_cast<std::size_t>(text[0] - '1');
    if (key < keys.size()) {
      choose(ctx, node, *products[keys[key]], input.text, 0);
      return;
    }
  }
  if (const int sku = product_by_sku(products, text); sku >= 0) {
    choose(ctx, node, *products[static_cast<std::size_t>(sku)], input.text, 0);
    return;
  }
  if (ctx.state.channel == Channel::voice) {
    not_offered(ctx, node, input.text, Phrase::order_product_unknown);
    return;
  }
  const std::vector<std::size_t> fitting = match_products(products, text);
  if (fitting.size() == 1) {
    const CatalogProduct& product = *products[fitting.front()];
    choose(ctx, node, product, input.text, quantity_in_text(text, product));
    return;
  }
  if (fitting.empty()) {
    not_offered(ctx, node, input.text, Phrase::order_product_unknown);
    return;
  }
  if (fitting.size() > kMaxKeys) {
    not_offered(ctx, node, input.text, Phrase::order_several_found);
    return;
  }
  // A few fit: list just those. The caller answered, so this is no failed attempt.
  ctx.record_input(input.text, fmt::format("{} passende Produkte", fitting.size()));
  std::string indexes;
  for (const std::size_t index : fitting) {
    if (!indexes.empty()) indexes += ',';
    indexes += std::to_string(index);
  }
  ctx.state.pending = std::move(indexes);
  ctx.repeat();
}

}  // namespace callwerk::flow::order_parts
