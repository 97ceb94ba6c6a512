#include "flow/flow_template.hpp"

#include <gtest/gtest.h>

namespace callwerk::flow {
namespace {

using Names = std::vector<std::string>;

Names names_of(std::string_view text) {
  auto names = template_variables(text);
  EXPECT_TRUE(names.ok()) << text << ": " << names.error().message;
  return names.ok() ? *names : Names{};
}

std::string error_of(std::string_view text) {
  auto names = template_variables(text);
  EXPECT_FALSE(names.ok()) << text << " has no error";
  if (names.ok()) return {};
  EXPECT_EQ(names.error().kind, ErrorKind::invalid_input);
  return names.error().message;
}

TEST(FlowTemplateVariables, NamesInOrderOfFirstAppearance) {
  EXPECT_EQ(names_of("Ihre Bestellung {{bestellung.nummer}} ist angelegt."),
            Names{"bestellung.nummer"});
  EXPECT_EQ(names_of("{{ b }} und {{a}} und {{b}} und {{  a  }}"), (Names{"b", "a"}));
  EXPECT_EQ(names_of("{{a}}{{b}}"), (Names{"a", "b"}));
  EXPECT_EQ(names_of("Größe: {{ größe }}, {{\tkontakt.straße\t}}"),
            (Names{"größe", "kontakt.straße"}));
  EXPECT_EQ(names_of("{{survey.q1}} {{_x2}}"), (Names{"survey.q1", "_x2"}));
}

TEST(FlowTemplateVariables, TextWithoutPlaceholders) {
  EXPECT_TRUE(names_of("").empty());
  EXPECT_TRUE(names_of("Guten Tag.").empty());
  EXPECT_TRUE(names_of("{ einfach } und }} allein").empty());
  EXPECT_TRUE(names_of("{x}").empty());
}

TEST(FlowTemplateVariables, UnclosedPlaceholderNamesItsColumn) {
  EXPECT_EQ(error_of("Hallo {{name"), "column 7: '{{' has no closing '}}'");
  EXPECT_EQ(error_of("{{"), "column 1: '{{' has no closing '}}'");
  EXPECT_EQ(error_of("{{a}} und {{b"), "column 11: '{{' has no closing '}}'");
  EXPECT_EQ(error_of("{{a} }"), "column 1: '{{' has no closing '}}'");
  EXPECT_NE(error_of("Größe {{ x").find("column 7"), std::string::npos);  // characters
}

TEST(FlowTemplateVariables, EmptyPlaceholder) {
  EXPECT_NE(error_of("Hallo {{}}").find("column 7"), std::string::npos);
  EXPECT_NE(error_of("Hallo {{  }}").find("names no variable"), std::string::npos);
}

TEST(FlowTemplateVariables, InvalidNames) {
  EXPECT_NE(error_of("{{vor name}}").find("'vor name' is not a variable name"), std::string::npos);
  EXPECT_NE(error_of("x {{1abc}}").find("column 3"), std::string::npos);
  EXPECT_NE(error_of("{{ .x }}").find("column 1"), std::string::npos);
  EXPECT_NE(error_of("{{ a. }}").find("not a variable name"), std::string::npos);
  EXPECT_NE(error_of("{{ a..b }}").find("not a variable name"), std::string::npos);
  EXPECT_NE(error_of("{{ a-b }}").find("not a variable name"), std::string::npos);
  EXPECT_NE(error_of("{{{x}}}").find("not a variable name"), std::string::npos);
  EXPECT_NE(error_of("{{ x + 1 }}").find("not a variable name"), std::string::npos);
  EXPECT_NE(error_of("{{ \xff }}").find("UTF-8"), std::string::npos);
}

TEST(FlowTemplateRender, InsertsValues) {
  const FlowVariables variables{{"bestellung.nummer", std::string("B-1042")},
                                {"anzahl", std::int64_t{3}},
                                {"betrag", 12.5},
                                {"bestätigt", true},
                                {"größe", std::string("XL")}};
  EXPECT_EQ(render_template("Ihre Bestellung {{bestellung.nummer}} ist angelegt.", variables, "de"),
            "Ihre Bestellung B-1042 ist angelegt.");
  EXPECT_EQ(render_template("{{ anzahl }} Flaschen zu {{betrag}} Euro", variables, "de"),
            "3 Flaschen zu 12,5 Euro");
  EXPECT_EQ(render_template("{{ anzahl }} bottles at {{betrag}} euros", variables, "en"),
            "3 bottles at 12.5 euros");
  EXPECT_EQ(render_template("Bestätigt: {{bestätigt}}", variables, "de"), "Bestätigt: ja");
  EXPECT_EQ(render_template("Confirmed: {{bestätigt}}", variables, "en"), "Confirmed: yes");
  EXPECT_EQ(render_template("{{größe}}{{anzahl}}", variables, "de"), "XL3");
  EXPECT_EQ(render_template("ohne Platzhalter", variables, "de"), "ohne Platzhalter");
  EXPECT_EQ(render_template("", variables, "de"), "");
}

TEST(FlowTemplateRender, UnsetAndNullInsertNothing) {
  const FlowVariables variables{{"leer", FlowValue{}}};
  EXPECT_EQ(render_template("Hallo {{ name }}!", variables, "de"), "Hallo !");
  EXPECT_EQ(render_template("[{{leer}}]", variables, "de"), "[]");
}

TEST(FlowTemplateRender, InsertedTextIsNotExpandedAgain) {
  const FlowVariables variables{{"a", std::string("{{b}}")}, {"b", std::string("B")}};
  EXPECT_EQ(render_template("{{a}} {{b}}", variables, "de"), "{{b}} B");
}

TEST(FlowTemplateRender, BrokenPlaceholdersStayAsWritten) {
  const FlowVariables variables{{"x", std::int64_t{5}}};
  EXPECT_EQ(render_template("a {{ }} b {{x}}", variables, "de"), "a {{ }} b 5");
  EXPECT_EQ(render_template("{{vor name}} {{x}}", variables, "de"), "{{vor name}} 5");
  EXPECT_EQ(render_template("{{x}} Preis {{ x", variables, "de"), "5 Preis {{ x");
  EXPECT_EQ(render_template("{ x } }} {{x}}", variables, "de"), "{ x } }} 5");
}

TEST(FlowTemplateRender, LongNamesAndValues) {
  const std::string name = "kontakt.adresse.strasse_und_hausnummer.zusatz";
  const std::string value(200, 'w');
  const FlowVariables variables{{name, value}};
  EXPECT_EQ(render_template("<{{ " + name + " }}>", variables, "de"), "<" + value + ">");
}

}  // namespace
}  // namespace callwerk::flow
