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
};

// `language` "en" gives English; anything else German, the product's first language.
std::string_view phrase(Phrase which, std::string_view language, Channel channel);

}  // namespace callwerk::flow
