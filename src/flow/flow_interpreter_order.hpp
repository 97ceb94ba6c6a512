#pragma once
// Private to flow_interpreter_order*.cpp: the parts of an order node and the product choice.

#include <string>
#include <string_view>

#include "flow/flow_interpreter_detail.hpp"

namespace callwerk::flow::order_parts {

// Parts of the order node (FlowState::sub_step), in the order they are asked.
constexpr int kProduct = 0;
constexpr int kQuantity = 1;
constexpr int kStreet = 2;  // chat only
constexpr int kPostcode = 3;
constexpr int kConfirm = 4;
constexpr int kCreating = 5;

// "<variable>.<field>": bestellung.menge, ...
std::string field(const OrderNode& node, std::string_view name);
// The product chosen in this run of the node (by its SKU in <variable>.artikelnummer).
const CatalogProduct* chosen_product(const StepContext& ctx, const OrderNode& node);

// kProduct: the list of products (or the products that fit the caller's words) and the
// caller's pick. A pick sets artikelnummer, artikel and einzelpreis (and menge when the
// quantity needs no question) and moves on to the quantity.
void ask_product(StepContext& ctx, const OrderNode& node);
void product_input(StepContext& ctx, const OrderNode& node, const InputEvent& input);

}  // namespace callwerk::flow::order_parts
