#pragma once
// The sentences the virtual agent says on its own, where a flow gives none: after no input,
// after input it cannot use, when it reads a value back, hands over or says goodbye. German
// and English, each worded for the phone (keys) and for chat (words and buttons).

#include <string_view>

#include "flow/flow_input.hpp"

namespace callwerk::flow {

enum class Phrase {
  no_input,
  no_match,
  confirm,        // read-back; inserts {{value}}
  confirm_again,  // the caller answered the read-back with neither yes nor no
  ask_again,      // the caller said no to the read-back
  transfer,
  transfer_failed,  // the hand-over found nobody: the call ends after this
  goodbye,
  max_retries,  // retries exhausted and the flow names no way on: the last sentence
  technical_error,
  customer_number_prompt,
  postcode_prompt,
  name_prompt,  // chat only: the caller's surname for a lookup with the postcode
  contact_not_found,
  callback_number_prompt,
  callback_invalid_number,
  callback_confirmed,       // inserts {{rueckruf.zeit}}
  callback_confirmed_asap,  // when no time was agreed
  callback_failed,
  yes,  // chat button labels
  no,
  // Sentences below with {} take fmt arguments, in the order their comment names.
  choice_first,  // {label} {key}: "Für Bruch drücken Sie die 1"
  choice_next,   // {label} {key}: ", für Verspätung die 2"
  // answer
  kb_question_prompt,  // chat: asks for the caller's question
  kb_helped,
  kb_not_found,
  // menu (chat): free text that names no option found an article
  menu_kb_intro,  // before the article
  menu_kb_after,  // after it, before the menu is shown again
  // order
  order_product_prompt,
  order_product_more,  // voice: key 9 lists further products; chat: "weitere"
  order_sku_hint,      // voice, when article numbers can be typed
  order_several_found,
  order_product_unknown,
  order_quantity_prompt,  // {unit plural}
  order_street_prompt,    // chat only
  order_postcode_prompt,
  order_address_invalid,
  order_readback,         // {quantity text} {product} {unit price} {total}
  order_readback_single,  // {product} {price}: quantity 1, not asked
  order_delivery,         // {address}
  order_confirm,
  order_cancelled,
  order_created,  // {number}
  order_failed,
  order_unavailable,  // the node offers no products
  // complaint
  complaint_category_prompt,
  complaint_order_prompt,
  complaint_order_invalid,
  complaint_description_prompt,  // chat only
  complaint_remedy_prompt,
  complaint_created,      // {number} {due}
  complaint_created_sla,  // {number} {hours}
  complaint_failed,
  // survey
  survey_multiple_hint,  // how to give several answers
  survey_out_of_range,   // {min} {max}
};

// `language` "en" gives English; anything else German, the product's first language.
std::string_view phrase(Phrase which, std::string_view language, Channel channel);

}  // namespace callwerk::flow
