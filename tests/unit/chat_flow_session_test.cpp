// The chat channel's flow session: interpreter actions as chat messages, buttons, the waiting
// state, side effects and the chat's own input timeout.
#include <gtest/gtest.h>

#include "chat/chat_flow_session.hpp"
#include "flow/flow_loader.hpp"

namespace callwerk::chat {
namespace {

constexpr const char* kShop = R"(name: chat
start: hallo
nodes:
  hallo:
    type: say
    text: "Willkommen im Chat."
    next: menue
  menue:
    type: menu
    prompt: "Was möchten Sie tun?"
    options:
      "1": {goto: bestellen, label: Wein bestellen, keywords: [bestellen]}
      "2": {goto: mensch, label: Mit einem Menschen sprechen, keywords: [mensch]}
      "3": {goto: kunde, label: Kunde, keywords: [kundennummer]}
      "9": {goto: ende, label: Fertig}
    no_input_ms: 5000
    max_retries: 1
    on_max_retries: ende
  bestellen:
    type: order
    next: danke
    cancelled: menue
  danke:
    type: say
    text: "Danke für Ihre Bestellung {{bestellung.nummer}}."
    next: menue
  kunde:
    type: identify
    by: [customer_number]
    found: menue
    not_found: menue
  mensch:
    type: transfer
    queue: Bestellannahme
  ende:
    type: hangup
    text: "Auf Wiedersehen."
)";

std::shared_ptr<const flow::FlowInterpreter> interpreter() {
  auto loaded = flow::load_flow(kShop, "chat.yaml");
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().describe());
  flow::FlowLibrary library;
  library.add(std::move(*loaded));
  flow::ProductCatalog catalog;
  flow::CatalogProduct riesling;
  riesling.id = 7;
  riesling.sku = "RIES-23";
  riesling.name = "Riesling trocken 2023";
  riesling.unit = "Flasche 0,75 l";
  riesling.price_cents = 1290;
  catalog.push_back(riesling);
  library.set_catalog(std::make_shared<const flow::ProductCatalog>(std::move(catalog)));
  return std::make_shared<const flow::FlowInterpreter>(std::move(library));
}

ChatFlowSession session() {
  return ChatFlowSession(interpreter(), flow::StartEvent{});
}

template <typename T>
std::vector<T> all_of(const std::vector<ChatOutput>& out) {
  std::vector<T> found;
  for (const ChatOutput& o : out)
    if (const auto* x = std::get_if<T>(&o)) found.push_back(*x);
  return found;
}

std::vector<std::string> entry_types(const std::vector<ChatOutput>& out) {
  std::vector<std::string> types;
  for (const auto& entry : all_of<TimelineEntry>(out)) types.push_back(entry.type);
  return types;
}

bool has_type(const std::vector<ChatOutput>& out, const std::string& type) {
  for (const auto& t : entry_types(out))
    if (t == type) return true;
  return false;
}

TEST(ChatFlowSession, StartShowsTheGreetingAndTheMenuAsButtons) {
  auto chat = session();
  const auto out = chat.start();
  const auto texts = all_of<BotText>(out);
  ASSERT_EQ(texts.size(), 2u);
  EXPECT_EQ(texts[0].text, "Willkommen im Chat.");
  EXPECT_EQ(texts[1].text, "Was möchten Sie tun?");
  const auto asks = all_of<AskVisitor>(out);
  ASSERT_EQ(asks.size(), 1u);
  ASSERT_EQ(asks[0].choices.size(), 4u);
  EXPECT_EQ(asks[0].choices[0].label, "Wein bestellen");
  EXPECT_EQ(asks[0].choices[0].value, "1");
  EXPECT_EQ(chat.phase(), ChatFlowSession::Phase::asking);
  EXPECT_TRUE(has_type(out, "flow.start"));
  EXPECT_TRUE(has_type(out, "flow.prompt"));
  // The question is an AskVisitor after its prompt: the page shows the text, then the buttons.
  EXPECT_TRUE(std::holds_alternative<AskVisitor>(out.back()));
  EXPECT_TRUE(chat.start().empty()) << "a second start does nothing";
}

TEST(ChatFlowSession, InputTimeoutIsMinutesNotThePhonesSeconds) {
  auto chat = session();
  const auto asks = all_of<AskVisitor>(chat.start());
  ASSERT_EQ(asks.size(), 1u);
  EXPECT_EQ(asks[0].timeout_ms, ChatFlowSession::kMinNoInputMs);  // the flow says 5000
  // The timeout reaches the flow as NoInputEvent: the question is repeated.
  const auto out = chat.on_input_timeout();
  EXPECT_TRUE(has_type(out, "flow.no_input"));
  EXPECT_EQ(all_of<AskVisitor>(out).size(), 1u);
  // The second one uses up the retries: the flow says goodbye and the chat ends.
  const auto last = chat.on_input_timeout();
  const auto ends = all_of<EndChat>(last);
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(chat.phase(), ChatFlowSession::Phase::ended);
  EXPECT_TRUE(chat.on_input_timeout().empty());
}

TEST(ChatFlowSession, AButtonIsItsValueAndTheTimelineShowsItsLabel) {
  auto chat = session();
  chat.start();
  const auto out = chat.on_choice("2");
  ASSERT_FALSE(out.empty());
  const auto& first = std::get<TimelineEntry>(out.front());
  EXPECT_EQ(first.type, "chat.message");
  EXPECT_EQ(first.actor, "visitor");
  EXPECT_EQ(first.payload["text"], "Mit einem Menschen sprechen");
  EXPECT_EQ(first.payload["value"], "2");
  const auto waits = all_of<WaitForAgent>(out);
  ASSERT_EQ(waits.size(), 1u);
  EXPECT_EQ(waits[0].queue, "Bestellannahme");
  EXPECT_FALSE(waits[0].summary.empty());
  EXPECT_TRUE(has_type(out, "flow.transfer"));
  EXPECT_TRUE(all_of<EndChat>(out).empty()) << "a hand-over is not the chat's end";
  EXPECT_EQ(chat.phase(), ChatFlowSession::Phase::waiting);
}

TEST(ChatFlowSession, FreeTextIsMatchedAgainstMenuKeywords) {
  auto chat = session();
  chat.start();
  const auto out = chat.on_message("Ich möchte bitte mit einem Mensch reden");
  EXPECT_EQ(all_of<WaitForAgent>(out).size(), 1u);
}

TEST(ChatFlowSession, AValueThatIsNoCurrentChoiceCountsAsText) {
  auto chat = session();
  chat.start();
  const auto out = chat.on_choice("RIES-23");  // not a button of the menu
  EXPECT_TRUE(has_type(out, "flow.no_match"));
  EXPECT_EQ(chat.phase(), ChatFlowSession::Phase::asking);
}

TEST(ChatFlowSession, MessagesWhileWaitingAreKeptForTheAgentNotGivenToTheFlow) {
  auto chat = session();
  chat.start();
  chat.on_choice("2");
  const std::uint64_t steps = chat.flow_state().steps;
  const auto out = chat.on_message("  Hallo, ist da jemand?\n");
  ASSERT_EQ(out.size(), 1u);
  const auto& entry = std::get<TimelineEntry>(out[0]);
  EXPECT_EQ(entry.type, "chat.message");
  EXPECT_EQ(entry.payload["text"], "Hallo, ist da jemand?");
  EXPECT_EQ(entry.payload["waiting"], true);
  EXPECT_EQ(chat.flow_state().steps, steps);
  EXPECT_EQ(chat.phase(), ChatFlowSession::Phase::waiting);
  EXPECT_TRUE(chat.on_input_timeout().empty());
}

TEST(ChatFlowSession, AnOrderGoesOutAsARequestAndItsResultComesBack) {
  auto chat = session();
  chat.start();
  auto out = chat.on_message("bestellen");
  ASSERT_EQ(all_of<AskVisitor>(out).size(), 1u);
  EXPECT_EQ(all_of<AskVisitor>(out)[0].choices.at(0).value, "RIES-23");
  out = chat.on_choice("RIES-23");  // product
  out = chat.on_message("2");       // quantity
  out = chat.on_message("Rheinweg 5");
  out = chat.on_message("65343 Eltville");
  ASSERT_FALSE(all_of<BotText>(out).empty());
  EXPECT_NE(all_of<BotText>(out).back().text.find("25,80"), std::string::npos);
  out = chat.on_message("ja");
  const auto requests = all_of<RunRequest>(out);
  ASSERT_EQ(requests.size(), 1u);
  const auto* order = std::get_if<flow::CreateOrder>(&requests[0].effect);
  ASSERT_NE(order, nullptr);
  EXPECT_EQ(std::get<std::int64_t>(order->order.at("quantity")), 2);
  EXPECT_EQ(chat.phase(), ChatFlowSession::Phase::working);

  // Typed while the order is being stored: kept, not answered.
  const auto early = chat.on_message("hallo?");
  ASSERT_EQ(early.size(), 1u);
  EXPECT_EQ(std::get<TimelineEntry>(early[0]).payload["unanswered"], true);

  flow::OrderResult wrong;
  wrong.request = order->request + 1;
  wrong.ok = true;
  EXPECT_TRUE(chat.on_result(wrong).empty()) << "another request's result is ignored";

  flow::OrderResult done;
  done.request = order->request;
  done.ok = true;
  done.number = "B-2026-000001";
  out = chat.on_result(done);
  bool thanked = false;
  for (const auto& text : all_of<BotText>(out))
    thanked |= text.text.find("B-2026-000001") != std::string::npos;
  EXPECT_TRUE(thanked);
  EXPECT_EQ(chat.phase(), ChatFlowSession::Phase::asking);  // back at the menu
}

TEST(ChatFlowSession, ALookupIsARequestAndNotFoundGoesOn) {
  auto chat = session();
  chat.start();
  auto out = chat.on_choice("3");
  ASSERT_EQ(all_of<AskVisitor>(out).size(), 1u);  // the customer number is asked
  out = chat.on_message("12344");                 // Luhn check digit
  const auto requests = all_of<RunRequest>(out);
  ASSERT_EQ(requests.size(), 1u);
  const auto& lookup = std::get<flow::LookupContact>(requests[0].effect);
  EXPECT_EQ(lookup.customer_number, "12344");
  flow::ContactLookupResult result;
  result.request = lookup.request;
  result.found = false;
  out = chat.on_result(result);
  EXPECT_TRUE(has_type(out, "flow.contact"));
  EXPECT_EQ(chat.phase(), ChatFlowSession::Phase::asking);
}

TEST(ChatFlowSession, HangupEndsTheChatAndLaterMessagesAreOnlyKept) {
  auto chat = session();
  chat.start();
  auto out = chat.on_choice("9");
  ASSERT_EQ(all_of<EndChat>(out).size(), 1u);
  EXPECT_EQ(all_of<BotText>(out).back().text, "Auf Wiedersehen.");
  EXPECT_EQ(chat.phase(), ChatFlowSession::Phase::ended);
  out = chat.on_message("noch eine Frage");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(std::get<TimelineEntry>(out[0]).payload["after_end"], true);
}

TEST(ChatFlowSession, EmptyMessagesAreIgnored) {
  auto chat = session();
  chat.start();
  EXPECT_TRUE(chat.on_message(" \n\t ").empty());
  EXPECT_EQ(chat.phase(), ChatFlowSession::Phase::asking);
}

TEST(CleanVisitorText, KeepsUtf8AndNewlinesDropsControlsAndCutsAtACharacter) {
  EXPECT_EQ(clean_visitor_text("Grüße\nvon mir", 100), "Grüße\nvon mir");
  EXPECT_EQ(clean_visitor_text("a\x01"
                               "b\x7f"
                               "c",
                               100),
            "abc");
  EXPECT_EQ(clean_visitor_text("a\tb", 100), "a b");
  EXPECT_EQ(clean_visitor_text("x\xff"
                               "y",
                               100),
            "x\xEF\xBF\xBDy");
  EXPECT_EQ(clean_visitor_text("\xC3", 100), "\xEF\xBF\xBD");                  // cut sequence
  EXPECT_EQ(clean_visitor_text("\xC0\xAF", 100), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong
  EXPECT_EQ(clean_visitor_text("ääää", 5), "ää");  // never half a character
  EXPECT_EQ(clean_visitor_text("  hallo  ", 100), "hallo");
}

}  // namespace
}  // namespace callwerk::chat
