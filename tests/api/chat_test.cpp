// The public web chat over WebSocket (/api/v1/chat/<tenant>): a chat that orders stores the
// order linked to its interaction, a hand-over shows the waiting state and the timeline holds
// every step, unknown tenants and bad messages are refused, tenants stay apart.
#include <gtest/gtest.h>

#include "chat_test_support.hpp"
#include "test_client.hpp"

namespace callwerk::test {
namespace {

constexpr const char* kShopFlow = R"(name: chat
start: hallo
nodes:
  hallo:
    type: say
    text: "Willkommen beim Weinhaus A."
    next: menue
  menue:
    type: menu
    prompt: "Was möchten Sie tun?"
    options:
      "1": {goto: bestellen, label: Wein bestellen, keywords: [bestellen]}
      "2": {goto: mensch, label: Mit einem Menschen sprechen, keywords: [mensch]}
      "3": {goto: rueckruf, label: Rückruf, keywords: [rückruf]}
  bestellen:
    type: order
    next: danke
    cancelled: menue
  danke:
    type: say
    text: "Vielen Dank."
    next: menue
  mensch:
    type: transfer
    queue: Bestellannahme
  rueckruf:
    type: callback
    queue: Bestellannahme
    next: menue
)";

constexpr const char* kOtherHotline = R"(name: hotline
start: hallo
nodes:
  hallo:
    type: say
    text: "Hier ist Laden B."
    next: ende
  ende:
    type: hangup
)";

struct ChatWorld {
  ChatTestServer server;
  store::Id a = 0;
  store::Id b = 0;
  store::Id queue_id = 0;

  explicit ChatWorld(http::HttpOptions options = {}) : server(std::move(options)) {
    a = server.create_tenant("laden-a");
    b = server.create_tenant("laden-b");
    server.create_tenant("ohne-flow");
    const flow::CatalogProduct riesling =
        server.create_product(a, {{"sku", "RIES-23"},
                                  {"name", "Riesling trocken 2023"},
                                  {"unit", "Flasche 0,75 l"},
                                  {"unit_price_cents", 1290},
                                  {"active", true}});
    queue_id = server.create("queues", a, {{"name", "Bestellannahme"}})["id"].get<store::Id>();
    server.flows().set(a, {kShopFlow}, {riesling});
    server.flows().set(b, {kOtherHotline});
  }

  // The tenant's chat interactions, newest first.
  Json chats(store::Id tenant) {
    auto reader = server.reader();
    store::ListQuery query;
    query.tenant_id = tenant;
    query.equals.emplace_back("channel", "chat");
    auto page = reader->list(*store::find_entity("interactions"), query);
    EXPECT_TRUE(page.ok());
    return page ? page->items : Json::array();
  }
  Json timeline(store::Id tenant, store::Id interaction) {
    auto reader = server.reader();
    auto entries = reader->timeline(tenant, interaction);
    EXPECT_TRUE(entries.ok());
    return entries ? *entries : Json::array();
  }
};

ChatWorld& chat_world() {
  return test::shared_world<ChatWorld>();
}

std::vector<std::string> types_of(const Json& timeline) {
  std::vector<std::string> types;
  for (const Json& entry : timeline) types.push_back(entry["type"].get<std::string>());
  return types;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Answers the question that is out: waits for its "input" message first.
void answer(ChatClient& chat, const Json& message) {
  ASSERT_TRUE(chat.read_until("input")) << "no question came";
  ASSERT_TRUE(chat.send(message));
}

TEST(Chat, AnOrderInTheChatIsStoredLinkedToTheChatsInteraction) {
  ChatWorld& w = chat_world();
  ChatClient chat;
  ASSERT_EQ(chat.connect(w.server.port(), "laden-a"), 101);
  auto hello = chat.read();
  ASSERT_TRUE(hello);
  EXPECT_EQ((*hello)["type"], "hello");
  EXPECT_EQ((*hello)["tenant"]["slug"], "laden-a");
  EXPECT_EQ((*hello)["flow"], "chat");
  EXPECT_EQ((*hello)["language"], "de");

  auto question = chat.read_until("input");
  ASSERT_TRUE(question);
  EXPECT_EQ((*question)["choices"][0]["label"], "Wein bestellen");
  EXPECT_NE(chat.bot_texts().find("Willkommen beim Weinhaus A."), std::string::npos);
  ASSERT_TRUE(chat.send({{"type", "choice"}, {"value", "1"}}));
  question = chat.read_until("input");
  ASSERT_TRUE(question);
  ASSERT_EQ((*question)["choices"][0]["value"], "RIES-23");
  ASSERT_TRUE(chat.send({{"type", "choice"}, {"value", "RIES-23"}}));
  answer(chat, {{"type", "message"}, {"text", "3"}});
  answer(chat, {{"type", "message"}, {"text", "Rheinweg 5"}});
  answer(chat, {{"type", "message"}, {"text", "65343 Eltville"}});
  answer(chat, {{"type", "choice"}, {"value", "ja"}});
  ASSERT_TRUE(chat.read_until("input")) << chat.bot_texts();  // back at the menu
  const std::string texts = chat.bot_texts();
  EXPECT_NE(texts.find("38,70"), std::string::npos) << texts;
  chat.close();

  const Json chats = w.chats(w.a);
  ASSERT_FALSE(chats.empty());
  const store::Id interaction = chats[0]["id"].get<store::Id>();
  EXPECT_EQ(chats[0]["direction"], "inbound");
  auto reader = w.server.reader();
  store::ListQuery query;
  query.tenant_id = w.a;
  query.equals.emplace_back("interaction_id", std::to_string(interaction));
  auto orders = reader->list(*store::find_entity("orders"), query);
  ASSERT_TRUE(orders.ok());
  ASSERT_EQ(orders->items.size(), 1u);
  const Json& order = orders->items[0];
  EXPECT_NE(texts.find(order["order_number"].get<std::string>()), std::string::npos)
      << "the visitor was told the stored order's number";
  EXPECT_EQ(order["delivery_street"], "Rheinweg 5");
  EXPECT_EQ(order["delivery_postcode"], "65343");
}

TEST(Chat, AHandOverShowsTheWaitingStateAndTheTimelineHasEveryStep) {
  ChatWorld& w = chat_world();
  ChatClient chat;
  ASSERT_EQ(chat.connect(w.server.port(), "laden-a"), 101);
  answer(chat, {{"type", "message"}, {"text", "Ich will mit einem Mensch sprechen"}});
  auto waiting = chat.read_until("waiting");
  ASSERT_TRUE(waiting);
  EXPECT_EQ((*waiting)["queue"], "Bestellannahme");
  EXPECT_EQ((*waiting)["text"],
            "Sie werden mit einer Mitarbeiterin oder einem Mitarbeiter verbunden …");
  EXPECT_TRUE((*waiting)["summary"].is_string());
  // Written while waiting: kept for the agent, and no answer from the flow.
  ASSERT_TRUE(chat.send({{"type", "message"}, {"text", "Ich warte."}}));
  EXPECT_FALSE(chat.read(std::chrono::milliseconds(300)));
  chat.close();

  // The protocol is written after the close; wait for its last entry.
  Json timeline;
  store::Id interaction = 0;
  for (int i = 0; i < 100; ++i) {
    const Json chats = w.chats(w.a);
    interaction = chats[0]["id"].get<store::Id>();
    timeline = w.timeline(w.a, interaction);
    if (!timeline.empty() && timeline.back()["type"] == "chat.ended") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto types = types_of(timeline);
  for (const char* kind : {"chat.started", "flow.start", "flow.prompt", "chat.message",
                           "flow.input", "flow.transfer", "transfer.queue", "chat.ended"}) {
    EXPECT_TRUE(contains(types, kind)) << kind;
  }
  EXPECT_EQ(types.front(), "chat.started");
  EXPECT_EQ(types.back(), "chat.ended");
  bool kept = false;
  for (const Json& entry : timeline) {
    if (entry["type"] == "chat.message" && entry["payload"].value("waiting", false)) {
      kept = entry["payload"]["text"] == "Ich warte." && entry["actor"] == "visitor";
    }
    if (entry["type"] == "transfer.queue") {
      EXPECT_EQ(entry["payload"]["queue_id"], w.queue_id);
    }
  }
  EXPECT_TRUE(kept) << timeline.dump(1);
  auto reader = w.server.reader();
  auto stored = reader->get(*store::find_entity("interactions"), w.a, interaction);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ((*stored)["channel"], "chat");
  EXPECT_EQ((*stored)["queue_id"], w.queue_id);
  EXPECT_EQ((*stored)["end_reason"], "visitor_left_queue");
  EXPECT_TRUE((*stored)["ended_at"].is_string());
}

TEST(Chat, AVisitorLeavesANumberAndTheCallBackIsKeptForTheQueue) {
  ChatWorld& w = chat_world();
  ChatClient chat;
  ASSERT_EQ(chat.connect(w.server.port(), "laden-a"), 101);
  answer(chat, {{"type", "choice"}, {"value", "3"}});
  // The chat knows no caller number: it asks, and a number without area code is refused.
  answer(chat, {{"type", "message"}, {"text", "12"}});
  answer(chat, {{"type", "message"}, {"text", "06123 456789"}});
  ASSERT_TRUE(chat.read_until("input")) << chat.bot_texts();  // back at the menu
  const std::string texts = chat.bot_texts();
  EXPECT_NE(texts.find("Unter welcher Telefonnummer"), std::string::npos) << texts;
  EXPECT_NE(texts.find("unvollständig"), std::string::npos) << texts;
  EXPECT_NE(texts.find("so bald wie möglich zurück"), std::string::npos) << texts;
  chat.close();

  const store::Id interaction = w.chats(w.a)[0]["id"].get<store::Id>();
  auto reader = w.server.reader();
  store::ListQuery query;
  query.tenant_id = w.a;
  query.equals.emplace_back("interaction_id", std::to_string(interaction));
  auto callbacks = reader->list(*store::find_entity("callbacks"), query);
  ASSERT_TRUE(callbacks.ok());
  ASSERT_EQ(callbacks->items.size(), 1u);
  const Json& callback = callbacks->items[0];
  EXPECT_EQ(callback["number_e164"], "+496123456789");
  EXPECT_EQ(callback["queue_id"], w.queue_id);
  EXPECT_EQ(callback["status"], "pending");
  EXPECT_TRUE(callback["due_at"].is_string());
  EXPECT_EQ(callback["variables"]["rueckruf.nummer"], "06123456789") << callback.dump();
}

TEST(Chat, UnknownTenantsAndTenantsWithoutAFlowHaveNoChat) {
  ChatWorld& w = chat_world();
  for (const char* slug : {"gibt-es-nicht", "ohne-flow"}) {
    ChatClient chat;
    std::string body;
    EXPECT_EQ(chat.connect(w.server.port(), slug, &body), 404) << slug;
    EXPECT_TRUE(Json::parse(body, nullptr, false).contains("error")) << body;
  }
  // Without the upgrade it is no page either.
  EXPECT_EQ(TestClient(w.server.port()).get("/api/v1/chat/laden-a").status, 404);
}

TEST(Chat, BadMessagesAreAnsweredWithErrorsAndOversizedFramesCloseTheChat) {
  ChatWorld& w = chat_world();
  ChatClient chat;
  ASSERT_EQ(chat.connect(w.server.port(), "laden-a"), 101);
  ASSERT_TRUE(chat.read_until("input"));
  const std::pair<std::string, std::string> bad[] = {
      {"{nicht json", "bad_json"},
      {"[1,2]", "bad_json"},
      {R"({"text":"hallo"})", "bad_message"},
      {R"({"type":"delete_everything"})", "bad_message"},
      {R"({"type":"message","text":42})", "bad_message"},
      {Json{{"type", "message"}, {"text", std::string(3000, 'x')}}.dump(), "too_long"},
  };
  for (const auto& [text, code] : bad) {
    ASSERT_TRUE(chat.send_raw(text));
    auto error = chat.read();
    ASSERT_TRUE(error) << text;
    EXPECT_EQ((*error)["type"], "error") << text;
    EXPECT_EQ((*error)["code"], code) << text;
  }
  // Still the same chat: the question is answered.
  ASSERT_TRUE(chat.send({{"type", "choice"}, {"value", "2"}}));
  EXPECT_TRUE(chat.read_until("waiting"));

  ChatClient big;
  ASSERT_EQ(big.connect(w.server.port(), "laden-a"), 101);
  ASSERT_TRUE(big.read_until("input"));
  big.send_raw(Json{{"type", "message"}, {"text", std::string(20000, 'y')}}.dump());
  EXPECT_FALSE(big.read_until("nothing-comes"));
  EXPECT_TRUE(big.closed_by_server());
}

TEST(Chat, TenantsStayApart) {
  ChatWorld& w = chat_world();
  const std::size_t chats_of_a = w.chats(w.a).size();
  ChatClient chat;
  ASSERT_EQ(chat.connect(w.server.port(), "laden-b"), 101);
  auto hello = chat.read();
  ASSERT_TRUE(hello);
  EXPECT_EQ((*hello)["flow"], "hotline");  // B has no flow named chat
  auto ended = chat.read_until("ended");
  ASSERT_TRUE(ended);
  EXPECT_EQ(chat.bot_texts(), "Hier ist Laden B.\n");
  for (int i = 0; i < 100 && w.chats(w.b).empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_EQ(w.chats(w.b).size(), 1u);
  EXPECT_EQ(w.chats(w.a).size(), chats_of_a) << "nothing of B's chat is in A";
  const Json b_chat = w.chats(w.b)[0];
  auto reader = w.server.reader();
  EXPECT_FALSE(reader->timeline(w.a, b_chat["id"].get<store::Id>()).ok() &&
               !reader->timeline(w.a, b_chat["id"].get<store::Id>())->empty());
}

TEST(Chat, NewChatsPerAddressAreLimited) {
  http::HttpOptions options;
  options.chat_limits.new_chats_per_address = 2;
  ChatWorld limited(options);
  ChatClient one, two, three;
  EXPECT_EQ(one.connect(limited.server.port(), "laden-a"), 101);
  EXPECT_EQ(two.connect(limited.server.port(), "laden-a"), 101);
  std::string body;
  EXPECT_EQ(three.connect(limited.server.port(), "laden-a", &body), 429);
  EXPECT_NE(body.find("too many chats"), std::string::npos);
}

}  // namespace
}  // namespace callwerk::test
