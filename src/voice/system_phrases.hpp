#pragma once
// The sentences callwerk itself says to a caller (not a flow's or a menu's own words), in the
// call's language (the call back's notice: in the agent's): German, and English for the flows and
// menus that speak English. A caller of an English flow hearing German notices read by the English
// voice understood nothing.

#include <string>
#include <string_view>

namespace callwerk::voice {

enum class Phrase {
  hold_notice,            // the agent holds the call
  transfer_notice,        // a blind transfer: the caller waits for the next agent
  callback_instead,       // the maximum wait is over: the queue calls back, the call ends
  callback_confirmed,     // the caller chose a call back while waiting
  voicemail_greeting,     // the maximum wait is over: leave a message after the tone
  voicemail_thanks,       // the message is taken, the call ends
  callback_agent_notice,  // to the agent who answered a call back, while the customer is rung
};

// German unless `language` is English ("en", "en-GB", ...).
std::string_view system_phrase(Phrase phrase, std::string_view language);
bool is_english(std::string_view language);
// The language as the store and the prompts know it: "en" for English variants, else "de".
inline std::string language_code(std::string_view language) {
  return is_english(language) ? "en" : "de";
}

// A menu's own sentences when its configuration leaves them out, in its language.
struct MenuDefaultTexts {
  std::string no_input;
  std::string invalid;
  std::string goodbye;
  std::string transfer_failed;
  std::string recording_notice;
};
MenuDefaultTexts menu_default_texts(std::string_view language);

}  // namespace callwerk::voice
