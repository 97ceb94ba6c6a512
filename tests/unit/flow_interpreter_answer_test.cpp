// The answer node: knowledge-base search for a query or the caller's own question, the article
// read out, and whether it helped.
#include <gtest/gtest.h>

#include "flow_interpreter_test_support.hpp"

namespace callwerk::flow {
namespace {

using testing::Conversation;

const char* const kQuery = R"(nodes:
  frage:
    type: answer
    query: "Lieferzeit {{land}}"
    next: ende
    not_helped: mensch
    max_retries: 1
  ende: {type: say, text: "Schön, dass ich helfen konnte."}
  mensch: {type: transfer, queue: service}
)";

const char* const kAsk = R"(nodes:
  frage:
    type: answer
    prompt: "Was möchten Sie wissen?"
    next: ende
    not_helped: mensch
  ende: {type: hangup}
  mensch: {type: transfer, queue: service}
)";

KbSearchResult article(std::uint32_t request) {
  return KbSearchResult{
      request, true, "kb-17", "Lieferzeiten", "Wir liefern innerhalb von zwei bis drei Werktagen.",
      0.82};
}

TEST(FlowInterpreterAnswer, PhoneSearchesTheQueryReadsTheArticleAndAsksWhetherItHelped) {
  Conversation c({kQuery});
  c.start(Channel::voice, {}, {{"land", std::string("Österreich")}});
  const SearchKb search = c.only<SearchKb>();
  EXPECT_EQ(search.query, "Lieferzeit Österreich");
  EXPECT_EQ(search.language, "de");
  EXPECT_TRUE(c.recorded("flow.kb"));

  c.input("1");  // not awaited while searching
  EXPECT_TRUE(c.last().empty());
  c.send(article(search.request + 1));  // stale request id
  EXPECT_TRUE(c.last().empty());

  c.send(article(search.request));
  EXPECT_EQ(c.said(),
            (std::vector<std::string>{
                "Lieferzeiten. Wir liefern innerhalb von zwei bis drei Werktagen.",
                "Konnte ich Ihnen damit helfen? Dann drücken Sie bitte die 1, sonst die 2."}));
  EXPECT_EQ(c.only<AwaitInput>().max_digits, 1);
  EXPECT_EQ(c.state.variables.at("antwort.artikel"), FlowValue(std::string("kb-17")));
  EXPECT_NE(c.transcript().find("Artikel gefunden: „Lieferzeiten“ (kb-17, Relevanz 0.82)"),
            std::string::npos);

  c.input("1");
  EXPECT_EQ(c.said(), std::vector<std::string>{"Schön, dass ich helfen konnte."});
  EXPECT_EQ(c.state.variables.at("antwort.geholfen"), FlowValue(true));
}

TEST(FlowInterpreterAnswer, NoGoesToNotHelped) {
  Conversation c({kQuery});
  c.start();
  c.send(article(c.state.request));
  c.input("2");
  EXPECT_EQ(c.only<Transfer>().queue, "service");
  EXPECT_EQ(c.state.variables.at("antwort.geholfen"), FlowValue(false));
}

TEST(FlowInterpreterAnswer, NothingFoundSaysSoAndGoesToNotHelped) {
  Conversation c({kQuery});
  c.start();
  c.send(KbSearchResult{c.state.request, false, {}, {}, {}, 0});
  EXPECT_EQ(c.said().front(), "Dazu habe ich leider keine passende Auskunft gefunden.");
  EXPECT_EQ(c.only<Transfer>().queue, "service");
  EXPECT_NE(c.transcript().find("Kein passender Artikel gefunden"), std::string::npos);
}

TEST(FlowInterpreterAnswer, WrongKeysAndSilenceAtTheHelpedQuestionEndInNotHelped) {
  Conversation c({kQuery});
  c.start();
  c.send(article(c.state.request));
  c.input("7");
  EXPECT_TRUE(c.recorded("flow.no_match"));
  EXPECT_EQ(c.said().front(), "Bitte drücken Sie die 1 für Ja oder die 2 für Nein.");
  EXPECT_TRUE(c.waits_for_input());
  c.no_input();  // max_retries 1: the second failure ends the question
  EXPECT_EQ(c.only<Transfer>().queue, "service");
}

TEST(FlowInterpreterAnswer, ChatAsksForTheQuestionAndSearchesIt) {
  Conversation c({kAsk});
  c.start(Channel::chat);
  EXPECT_EQ(c.said(), std::vector<std::string>{"Was möchten Sie wissen?"});
  EXPECT_EQ(c.only<AwaitInput>().mode, InputMode::text);
  c.input("   ");
  EXPECT_TRUE(c.recorded("flow.no_match"));
  c.input("Wie lange dauert die Lieferung?");
  EXPECT_EQ(c.only<SearchKb>().query, "Wie lange dauert die Lieferung?");
  EXPECT_EQ(c.state.variables.at("antwort.frage"),
            FlowValue(std::string("Wie lange dauert die Lieferung?")));
  c.send(article(c.state.request));
  EXPECT_EQ(c.said().front(), "Lieferzeiten\nWir liefern innerhalb von zwei bis drei Werktagen.");
  EXPECT_EQ(c.only<AwaitInput>().choices.size(), 2u);
  c.input("ja, danke");
  EXPECT_EQ(c.state.end_reason, "flow_end");
}

TEST(FlowInterpreterAnswer, PhoneWithoutAQueryCannotAskAndHandsOver) {
  Conversation c({kAsk});
  c.start(Channel::voice);
  EXPECT_TRUE(c.last_of<SearchKb>().empty());
  EXPECT_EQ(c.only<Transfer>().queue, "service");
  EXPECT_NE(c.transcript().find("Ohne Suchbegriff"), std::string::npos);
}

TEST(FlowInterpreterAnswer, ChatQuestionRetriesExhaustedGoToNotHelped) {
  Conversation c({kAsk});
  c.start(Channel::chat);
  c.no_input();
  c.no_input();
  EXPECT_TRUE(c.waits_for_input());
  c.no_input();  // default max_retries 2: the third silence ends it
  EXPECT_EQ(c.only<Transfer>().queue, "service");
}

}  // namespace
}  // namespace callwerk::flow
