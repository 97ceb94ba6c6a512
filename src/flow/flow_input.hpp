#pragma once
// Turns what a caller typed (keypad digits on the phone, text in chat) into a checked value for
// an `ask` node, and values back into words for read-back. Pure functions, German first.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "flow/flow_model.hpp"
#include "flow/flow_value.hpp"

namespace callwerk::flow {

enum class Channel { voice, chat };

// The value an `ask` node stores, or an error whose message can be told to the caller in the
// flow's language ("Die Postleitzahl hat fünf Ziffern."). Values: digits, customer_number,
// postcode, iban (normalised: no spaces, upper case) -> string; number -> int64;
// amount -> int64 euro cents; date -> "YYYY-MM-DD"; yes_no -> bool; choice -> the choice's
// value; text -> trimmed string.
Result<FlowValue> parse_input(const AskNode& ask, std::string_view raw, Channel channel,
                              std::string_view language);

// Yes or no from keypad ("1"/"2") or words ("ja", "jawohl", "genau", "nein", "nee", "yes", ...);
// an error when it is neither.
Result<bool> parse_yes_no(std::string_view raw, Channel channel, std::string_view language);

// The choice a caller picked by digit, value, label or keyword; -1 when none matches.
int match_choice(const std::vector<AskChoice>& choices, std::string_view raw);
// The menu option picked by key or (chat) keyword; -1 when none matches.
int match_menu_option(const std::vector<MenuOption>& options, std::string_view raw,
                      Channel channel);

// Check digit of customer numbers: the last digit is the Luhn (mod 10) check of the others.
bool valid_customer_number(std::string_view digits);
// IBAN: country code, check digits, length per country for DE/AT/CH (others 15..34), mod 97.
bool valid_iban(std::string_view iban);

// How a value is read back: digits one by one ("1 2 3 4"), amounts as "12,50 Euro", dates
// as "12. März 2026", IBANs in groups of four, yes/no as "ja"/"nein".
std::string spoken_value(InputKind kind, const FlowValue& value, std::string_view language);

// Lower case with umlauts and ß folded (ä->ae, ß->ss), punctuation to spaces, single spaces:
// how chat input and keywords are compared.
std::string fold_for_matching(std::string_view text);

}  // namespace callwerk::flow
