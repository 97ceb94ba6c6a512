// The survey node: question kinds, skip logic, answers stored one by one.
#include <gtest/gtest.h>

#include "flow_interpreter_test_support.hpp"

namespace callwerk::flow {
namespace {

using testing::Conversation;

const char* const kSurvey = R"(nodes:
  umfrage:
    type: survey
    survey: zufriedenheit
    max_retries: 1
    questions:
      - {id: gesamt, type: scale, text: "Wie zufrieden waren Sie, von 1 bis 5?"}
      - id: grund
        type: multiple
        text: "Was hat Sie gestört? Wartezeit 1, Auskunft 2, Preis 3."
        options:
          - {value: wartezeit, label: Wartezeit}
          - {value: auskunft, label: Auskunft}
          - {value: preis, label: Preis}
        show_if: survey.gesamt < 3
      - {id: empfehlung, type: nps, text: "Wie wahrscheinlich empfehlen Sie uns, von 0 bis 10?"}
      - {id: kommentar, type: text, text: "Möchten Sie uns noch etwas sagen?"}
    next: ende
  ende: {type: say, text: "Vielen Dank für Ihre Teilnahme."}
)";

std::vector<SaveSurveyAnswer> saved(const Conversation& c) {
  return c.last_of<SaveSurveyAnswer>();
}

TEST(FlowInterpreterSurvey, PhoneSkipsByConditionAndTextAndStoresEachAnswer) {
  Conversation c({kSurvey});
  c.start();
  EXPECT_EQ(c.said(), std::vector<std::string>{"Wie zufrieden waren Sie, von 1 bis 5?"});
  EXPECT_EQ(c.only<AwaitInput>().max_digits, 1);
  c.input("7");
  EXPECT_EQ(c.said().front(), "Die Zahl muss zwischen 1 und 5 liegen.");
  c.input("4");
  ASSERT_EQ(saved(c).size(), 1u);
  EXPECT_EQ(saved(c)[0].survey, "zufriedenheit");
  EXPECT_EQ(saved(c)[0].question, "gesamt");
  EXPECT_EQ(saved(c)[0].answer, FlowValue(std::int64_t{4}));
  // 4 is not below 3: the reason is skipped
  EXPECT_EQ(c.said(),
            std::vector<std::string>{"Wie wahrscheinlich empfehlen Sie uns, von 0 bis 10?"});
  EXPECT_EQ(c.only<AwaitInput>().max_digits, 2);
  c.input("10");
  EXPECT_EQ(saved(c)[0].answer, FlowValue(std::int64_t{10}));
  // free text cannot be typed on the phone: skipped, and the survey ends
  EXPECT_EQ(c.said(), std::vector<std::string>{"Vielen Dank für Ihre Teilnahme."});
  const std::string transcript = c.transcript();
  EXPECT_NE(transcript.find("Frage „grund“ übersprungen (Bedingung survey.gesamt < 3"),
            std::string::npos);
  EXPECT_NE(transcript.find("Frage „kommentar“ übersprungen (Freitext am Telefon)"),
            std::string::npos);
  EXPECT_NE(transcript.find("Umfrage „zufriedenheit“ beendet"), std::string::npos);
}

TEST(FlowInterpreterSurvey, PhoneMultipleChoiceByKeysInARow) {
  Conversation c({kSurvey});
  c.start();
  c.input("2");
  EXPECT_EQ(c.said().size(), 2u);  // question and how to give several answers
  c.input("14#");
  EXPECT_TRUE(c.recorded("flow.no_match"));
  c.input("31#");
  EXPECT_EQ(saved(c)[0].answer, FlowValue(std::string("wartezeit,preis")));
  EXPECT_EQ(c.state.variables.at("survey.grund"), FlowValue(std::string("wartezeit,preis")));
}

TEST(FlowInterpreterSurvey, ChatTakesWordsButtonsAndText) {
  Conversation c({kSurvey});
  c.start(Channel::chat);
  EXPECT_EQ(c.only<AwaitInput>().choices.size(), 5u);
  c.input("1");
  c.input("Wartezeit und Auskunft");
  EXPECT_EQ(saved(c)[0].answer, FlowValue(std::string("wartezeit,auskunft")));
  EXPECT_EQ(c.only<AwaitInput>().choices.size(), 11u);
  c.input("0");
  c.input("Bitte schneller ans Telefon gehen.");
  EXPECT_EQ(saved(c)[0].answer, FlowValue(std::string("Bitte schneller ans Telefon gehen.")));
  EXPECT_EQ(c.said(), std::vector<std::string>{"Vielen Dank für Ihre Teilnahme."});
}

TEST(FlowInterpreterSurvey, ChatMultipleWithCommasAndAWrongWord) {
  Conversation c({kSurvey});
  c.start(Channel::chat);
  c.input("2");
  c.input("Preis, Lautstärke");
  EXPECT_TRUE(c.recorded("flow.no_match"));
  c.input("preis, 1");
  EXPECT_EQ(saved(c)[0].answer, FlowValue(std::string("wartezeit,preis")));
}

TEST(FlowInterpreterSurvey, ExhaustedQuestionsAreLeftOutAndTheSurveyGoesOn) {
  Conversation c({kSurvey});
  c.start();
  c.no_input();
  c.no_input();  // max_retries 1: gesamt is left unanswered, grund's condition is false
  EXPECT_EQ(c.said().back(), "Wie wahrscheinlich empfehlen Sie uns, von 0 bis 10?");
  EXPECT_TRUE(saved(c).empty());
  EXPECT_NE(c.transcript().find("Frage „gesamt“ übersprungen (keine gültige Antwort)"),
            std::string::npos);
}

}  // namespace
}  // namespace callwerk::flow
