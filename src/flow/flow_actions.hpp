#pragma once
// What goes into the flow interpreter (events) and what comes out (actions). The interpreter is
// pure: it never plays audio, sends a chat message, looks anything up or writes the store. The
// voice channel and the chat channel execute the actions and feed back events: the caller's
// input, a timeout, or the result of a side effect (lookup, order, webhook, ...).
//
// Side effects are requests with an id (`request`): the interpreter waits for the result event
// with the same id and ignores any other (a late webhook reply after the channel already
// reported its timeout, for example). The channel owns timeouts: when a side effect takes too
// long it sends the result event with ok = false.

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "flow/flow_input.hpp"
#include "flow/flow_model.hpp"
#include "flow/flow_value.hpp"

namespace callwerk::flow {

// --- events: into the interpreter ------------------------------------------------------------

// Begins a conversation. `flow` empty: the library's main flow; `language` empty: the flow's.
struct StartEvent {
  Channel channel = Channel::voice;
  std::string flow;
  std::string language;
  std::string caller_number;  // E.164 or as the trunk sent it; empty when withheld
  FlowVariables variables;    // known before the flow starts (campaign data, chat form fields)
};

// What the caller entered: keypad digits collected by the voice channel (without the closing
// '#'), or a chat message.
struct InputEvent {
  std::string text;
};

// Nothing arrived within the `timeout_ms` of the last AwaitInput.
struct NoInputEvent {};

// Answer to LookupContact. `fields` are the contact's fields without prefix ("name",
// "kundennummer", "plz", ...); the interpreter stores them under the identify node's variable.
struct ContactLookupResult {
  std::uint32_t request = 0;
  bool found = false;
  FlowVariables fields;
};

// Answer to SearchKb: the best article, if any (for the `answer` node).
struct KbSearchResult {
  std::uint32_t request = 0;
  bool found = false;
  std::string article_id;
  std::string title;
  std::string summary;  // what is read or shown
  double score = 0;
};

// Answer to CreateOrder (for the `order` node).
struct OrderResult {
  std::uint32_t request = 0;
  bool ok = false;
  std::string number;
  std::string error;
};

// Answer to CreateTicket (for the `complaint` node).
struct TicketResult {
  std::uint32_t request = 0;
  bool ok = false;
  std::string number;
  std::string due;  // SLA due date as the channel wants it read ("Freitag, 14 Uhr")
  std::string error;
};

// Answer to CallWebhook: ok for a 2xx reply; `fields` are the top-level fields of a JSON reply.
struct WebhookResult {
  std::uint32_t request = 0;
  bool ok = false;
  int status = 0;  // HTTP status; 0 on timeout or connection error
  FlowVariables fields;
  std::string error;
};

// Answer to ScheduleCallback. `when` is how the agreed time reads in a sentence ("morgen
// zwischen 9 und 12 Uhr"); empty: as soon as possible.
struct CallbackResult {
  std::uint32_t request = 0;
  bool ok = false;
  std::string when;
  std::string error;
};

using FlowEvent =
    std::variant<StartEvent, InputEvent, NoInputEvent, ContactLookupResult, KbSearchResult,
                 OrderResult, TicketResult, WebhookResult, CallbackResult>;

// --- actions: out of the interpreter, executed in order by the channel -----------------------

// Speak (voice) or show (chat). `text` is rendered with the variables; `file` is a prompt
// recording the voice channel plays instead of synthesising `text`.
struct Say {
  std::string text;
  std::string file;
};

enum class InputMode { keypad, text };

struct InputChoice {
  std::string label;  // button text
  std::string value;  // what the chat sends back as InputEvent text when clicked
};

// Wait for the caller. keypad: collect up to `max_digits` digits (0: until '#' or a pause),
// then send InputEvent; text: the next chat message. After `timeout_ms` without input, send
// NoInputEvent. `choices` are offered as buttons in chat (voice ignores them).
struct AwaitInput {
  InputMode mode = InputMode::keypad;
  int max_digits = 0;
  int timeout_ms = 7000;
  std::vector<InputChoice> choices;
};

// One detail of a timeline entry: a value, or a set of named values (skills, a contact's
// fields, what a webhook sent). `key` is a string literal: the interpreter's own names.
struct RecordField {
  RecordField(std::string_view key, FlowValue value) : key(key), value(std::move(value)) {}
  RecordField(std::string_view key, std::string text) : key(key), value(std::move(text)) {}
  RecordField(std::string_view key, std::string_view text) : key(key), value(std::string(text)) {}
  RecordField(std::string_view key, const char* text) : key(key), value(std::string(text)) {}
  RecordField(std::string_view key, bool flag) : key(key), value(flag) {}
  RecordField(std::string_view key, int number) : key(key), value(std::int64_t{number}) {}
  RecordField(std::string_view key, std::int64_t number) : key(key), value(number) {}
  RecordField(std::string_view key, FlowVariables values)
      : key(key), values(std::make_shared<const FlowVariables>(std::move(values))) {}

  bool nested() const { return values != nullptr; }

  std::string_view key;
  FlowValue value;
  std::shared_ptr<const FlowVariables> values;  // set when the field is a set of named values
};

// The details of a timeline entry as a flat list: every step writes several entries, and a
// list costs one allocation where a JSON object costs one per key and string. to_json() gives
// the object that the store and the event stream carry.
struct RecordData {
  RecordData() = default;
  RecordData(std::initializer_list<RecordField> list) : fields(list) {}

  RecordData& add(RecordField field) {
    fields.push_back(std::move(field));
    return *this;
  }
  const RecordField* find(std::string_view key) const;
  // The value under `key`; null when absent or nested.
  const FlowValue& operator[](std::string_view key) const;
  nlohmann::json to_json() const;

  std::vector<RecordField> fields;
};

// One line of the conversation's timeline. `kind` says what happened (see the list in
// flow_interpreter.hpp), `text` is a German transcript line, `data` the details.
struct Record {
  std::string kind;
  std::string text;
  RecordData data;
};

// Hand the conversation to a queue of human agents. The flow has ended; the human continues
// with everything collected.
struct Transfer {
  std::string queue;
  std::vector<std::pair<std::string, int>> skills;  // skill -> minimum level
  int priority = 0;
  std::string summary;  // a short German text for the agent
  std::string reason;   // why the virtual agent handed over
  FlowVariables variables;
};

struct Hangup {
  std::string reason;  // "flow_end", "max_retries", "flow_error", or a hangup node's reason
};

// Find the contact: by `caller_number`, or by `customer_number`, or by `name` + `postcode`
// (only the fields of the chosen way are set). Answered by ContactLookupResult.
struct LookupContact {
  std::uint32_t request = 0;
  IdentifyBy by = IdentifyBy::caller_number;
  std::string caller_number;
  std::string customer_number;
  std::string name;
  std::string postcode;
};

// Knowledge-base search (answer node). Answered by KbSearchResult.
struct SearchKb {
  std::uint32_t request = 0;
  std::string query;
  std::string language;
};

// Create an order (order node). Answered by OrderResult.
struct CreateOrder {
  std::uint32_t request = 0;
  FlowVariables order;  // product, variant, quantity, address, ... as collected
  FlowVariables contact;
};

// Create a ticket (complaint node). Answered by TicketResult.
struct CreateTicket {
  std::uint32_t request = 0;
  std::string category;
  std::string description;
  std::string order_number;
  std::string remedy;
  int sla_hours = 48;
  FlowVariables contact;
};

// Store one survey answer (survey node). Fire and forget: the store writer reports failures
// itself, and a survey must not stop because one answer could not be written at once.
struct SaveSurveyAnswer {
  std::string survey;
  std::string question;
  FlowValue answer;
};

// POST `data` as a JSON object to `url`. Answered by WebhookResult (the channel enforces
// `timeout_ms`).
struct CallWebhook {
  std::uint32_t request = 0;
  std::string url;
  int timeout_ms = 3000;
  FlowVariables data;
};

// Schedule a call back to `number` in `queue`. Answered by CallbackResult.
struct ScheduleCallback {
  std::uint32_t request = 0;
  std::string queue;
  std::string number;
  std::string summary;
  FlowVariables variables;
  FlowVariables contact;  // the identified contact's fields ("id", ...); empty: unknown
  std::string language;   // the conversation's: the call back speaks it
};

using FlowAction =
    std::variant<Say, AwaitInput, Record, Transfer, Hangup, LookupContact, SearchKb, CreateOrder,
                 CreateTicket, SaveSurveyAnswer, CallWebhook, ScheduleCallback>;

// Whether the channel must answer the action with a result event (every side effect but the
// fire-and-forget SaveSurveyAnswer); the conversation waits until it does.
bool awaits_result(const FlowAction& action);

// A timeline line as the store keeps it: the record's details, with its transcript line as
// "text".
nlohmann::json record_payload(const Record& record);

// null, true/false, numbers and text as JSON; FlowVariables as an object of those.
nlohmann::json value_to_json(const FlowValue& value);
nlohmann::json variables_to_json(const FlowVariables& variables);

}  // namespace callwerk::flow
