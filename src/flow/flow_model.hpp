#pragma once
// A flow (Gesprächsleitfaden) as loaded from YAML: named nodes, each of one type, joined by
// targets. The loader builds it, the validator checks it, the interpreter runs it. Nothing
// here does I/O; every node keeps where it was written so that errors point at a line.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "flow/flow_value.hpp"

namespace callwerk::flow {

using NodeId = std::string;

// 1-based line and column in the flow's YAML source; 0 when made in code.
struct SourceMark {
  int line = 0;
  int column = 0;
};

// What is spoken (voice) or shown (chat). `text` may insert variables as {{name}}; `file` is a
// prompt recording for the voice channel, `text` is then what chat shows and the timeline says.
struct PromptSpec {
  std::string text;
  std::string file;
  // What chat shows instead of `text`, when the spoken words do not fit a screen with buttons
  // ("Für eine Bestellung drücken Sie die 1 …" becomes "Wie kann ich Ihnen helfen?").
  std::string chat;
  SourceMark mark;
  bool empty() const { return text.empty() && file.empty(); }
};

// Input handling shared by every node that waits for the caller. An attempt fails on no input
// (nothing within `no_input_ms`) or no match (input that is not valid here). After a failed
// attempt the node is asked again (with the no-input or no-match prompt first), unless a target
// for that case is given; after `max_retries` failed repetitions it goes to `on_max_retries`,
// or to the flow's `fallback` when that is empty.
struct InputHandling {
  int max_retries = 2;
  int no_input_ms = 7000;
  PromptSpec no_input_prompt;  // empty: a default sentence in the flow's language
  PromptSpec no_match_prompt;
  NodeId no_input;  // optional jump instead of repeating
  NodeId no_match;
  NodeId on_max_retries;
};

// --- node types ------------------------------------------------------------------------------

struct SayNode {
  PromptSpec prompt;
  NodeId next;  // empty only when the validator accepts it as the last node (then: hang up)
};

struct MenuOption {
  std::string key;  // keypad digit "0".."9", "*", "#"
  NodeId target;
  std::string label;                  // chat button text; empty: the key
  std::vector<std::string> keywords;  // chat: words and synonyms that choose this option
  SourceMark mark;
};

struct MenuNode {
  PromptSpec prompt;
  std::vector<MenuOption> options;
  InputHandling input;
};

enum class InputKind {
  digits,  // keypad digits as text, length limits
  number,  // whole number, min/max
  amount,  // money in euro cents, min/max in euro
  date,    // DDMMYYYY on the keypad, "12.03.2026" or "12. März" in chat; ISO in the variable
  yes_no,  // 1 = ja, 2 = nein; ja/nein/jo/nö... in chat
  choice,  // one of `choices`
  text,    // free text (chat); on the phone: not available, the validator says so
  customer_number,  // digits with a check digit (see flow_input.hpp)
  iban,             // IBAN with mod-97 check
  postcode,         // German Postleitzahl: five digits
};

struct AskChoice {
  std::string key;    // keypad digit
  std::string value;  // what the variable receives
  std::string label;  // spoken/shown; empty: value
  std::vector<std::string> keywords;
};

struct AskNode {
  PromptSpec prompt;
  InputKind kind = InputKind::digits;
  std::string variable;             // where the valid answer goes
  int min_length = 0;               // digits, customer_number
  int max_length = 0;               // 0: no limit (voice input ends with '#' or a pause)
  std::optional<double> min_value;  // number, amount
  std::optional<double> max_value;
  std::vector<AskChoice> choices;  // choice
  bool confirm = false;            // read the answer back and ask yes/no before going on
  PromptSpec confirm_prompt;       // empty: "Sie haben {{value}} eingegeben. ..." by language
  NodeId next;
  InputHandling input;
};

struct SetNode {
  // variable -> expression (flow_expression.hpp), evaluated in order of writing.
  std::vector<std::pair<std::string, std::string>> assignments;
  std::vector<SourceMark> marks;  // one per assignment
  NodeId next;
};

struct BranchCase {
  std::string condition;  // expression; true when its value is truthy
  NodeId target;
  SourceMark mark;
};

struct BranchNode {
  std::vector<BranchCase> cases;  // the first true case wins
  NodeId otherwise;               // YAML key `else`
};

struct GotoNode {
  NodeId target;     // a node of this flow, or of `flow` when that is given
  std::string flow;  // another flow of the same tenant (its start node when target is empty)
};

enum class IdentifyBy { caller_number, customer_number, name_postcode };

// The way's name as a flow writes it in `by` (and the protocol and the diagram show it).
inline const char* identify_by_name(IdentifyBy by) {
  switch (by) {
    case IdentifyBy::caller_number:
      return "caller_number";
    case IdentifyBy::customer_number:
      return "customer_number";
    case IdentifyBy::name_postcode:
      return "name_postcode";
  }
  return "";
}

// Finds the contact: first by what it has without asking (caller number), then by asking, in
// the order of `by`. The contact's fields land in variables under `variable` (default kontakt).
struct IdentifyNode {
  std::vector<IdentifyBy> by;
  std::string variable = "kontakt";
  PromptSpec customer_number_prompt;  // empty: default sentence
  PromptSpec postcode_prompt;
  PromptSpec name_prompt;  // chat only
  NodeId next;             // found
  NodeId not_found;        // after every way failed
  InputHandling input;
};

// Knowledge base: searches for `query` (text with variables) or, when empty, asks the caller
// for their question (chat). Reads the best article's summary, asks whether it helped.
struct AnswerNode {
  std::string query;
  PromptSpec prompt;         // asks for the question when query is empty
  PromptSpec helped_prompt;  // empty: "Konnte ich Ihnen damit helfen?"
  NodeId next;               // helped
  NodeId not_helped;         // no, or nothing found: usually a transfer
  InputHandling input;
};

// Order by slot filling against the tenant's product catalog.
struct OrderNode {
  std::string category;  // only products of this category; empty: all
  std::string variable = "bestellung";
  bool ask_address = true;  // ask for a delivery address when the contact has none
  NodeId next;              // order created; its number is in {{bestellung.nummer}}
  NodeId cancelled;         // the caller said no at the confirmation
  InputHandling input;
};

struct ComplaintNode {
  // The same node takes reports that are no complaint (an outage, a damaged meter): these say
  // what it is about in the flow's own words. The choices' keys are added to `prompt`.
  PromptSpec prompt;          // the category question; empty: "Worum geht es bei Ihrer ..."
  PromptSpec created_prompt;  // once the ticket exists; empty: "Ihre Reklamation ist unter ..."
  std::vector<AskChoice> categories;  // what the complaint is about
  std::vector<AskChoice> remedies;    // what the caller wants (Ersatz, Gutschrift, ...)
  bool ask_order = true;              // which order it concerns (number, optional)
  bool ask_description = true;        // free text in chat; on the phone the category is all
  int sla_hours = 48;                 // due date of the ticket
  std::string variable = "reklamation";
  NodeId next;  // ticket created; {{reklamation.nummer}}
  InputHandling input;
};

enum class SurveyQuestionKind { single, multiple, scale, nps, number, text };

struct SurveyQuestion {
  std::string id;
  SurveyQuestionKind kind = SurveyQuestionKind::single;
  PromptSpec prompt;
  std::vector<AskChoice> options;  // single, multiple
  std::string show_if;             // expression over earlier answers (survey.<id>); empty: always
  SourceMark mark;
};

struct SurveyNode {
  std::string survey;  // the questionnaire's name, stored with every answer
  std::vector<SurveyQuestion> questions;
  NodeId next;
  InputHandling input;
};

struct WebhookNode {
  std::string url;
  std::vector<std::string> send;  // variables to POST; empty: all collected variables
  int timeout_ms = 3000;
  std::string variable = "webhook";  // top-level fields of a JSON reply land here
  // (not "antwort": that is where the answer node keeps the article it read)
  NodeId next;
  NodeId on_failure;  // timeout, connection error, status >= 400
};

struct TransferNode {
  std::string queue;
  std::vector<std::pair<std::string, int>> skills;  // skill -> minimum level
  int priority = 0;
  std::string summary;  // text with variables; empty: generated from what was collected
  PromptSpec prompt;    // said before the transfer; empty: default sentence
};

struct CallbackNode {
  std::string queue;
  PromptSpec prompt;
  bool ask_number = false;  // ask for a number instead of the caller's own
  NodeId next;              // empty: say goodbye and hang up
  InputHandling input;
};

struct HangupNode {
  PromptSpec prompt;
  std::string reason;  // recorded as the end reason; empty: "flow_end"
};

using NodeBody = std::variant<SayNode, MenuNode, AskNode, SetNode, BranchNode, GotoNode,
                              IdentifyNode, AnswerNode, OrderNode, ComplaintNode, SurveyNode,
                              WebhookNode, TransferNode, CallbackNode, HangupNode>;

struct FlowNode {
  NodeId id;
  std::string type;  // as written: say, menu, ask, ...
  SourceMark mark;
  NodeBody body;
  // Where each key of the node was written ("next", "no_match", ...), so that the validator
  // can point at the line of a bad target; empty when made in code.
  std::map<std::string, SourceMark> key_marks;

  SourceMark mark_of(const std::string& key) const {
    auto it = key_marks.find(key);
    return it == key_marks.end() ? mark : it->second;
  }
};

struct Flow {
  std::string name;
  std::string description;
  std::string language = "de";  // de or en: default sentences and read-back of values
  NodeId start;
  NodeId fallback;  // where exhausted retries go when a node names nothing; empty: hang up
  std::vector<FlowNode> nodes;                  // in order of writing
  std::map<NodeId, std::size_t> index;          // id -> position in nodes
  std::map<std::string, SourceMark> key_marks;  // top-level keys (start, fallback, ...)

  const FlowNode* find(const NodeId& id) const {
    auto it = index.find(id);
    return it == index.end() ? nullptr : &nodes[it->second];
  }
};

}  // namespace callwerk::flow
