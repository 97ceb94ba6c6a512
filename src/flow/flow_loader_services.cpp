// Reading the nodes that do business: identify, answer, order, complaint, survey, webhook,
// callback.
#include <fmt/core.h>

#include <set>

#include "flow/flow_loader_reader.hpp"

namespace callwerk::flow::loader {

namespace {

IdentifyBy read_identify_by(const YAML::Node& node) {
  const std::string name = scalar_text(node, "an entry of 'by'");
  if (name == "caller_number") return IdentifyBy::caller_number;
  if (name == "customer_number") return IdentifyBy::customer_number;
  if (name == "name_postcode") return IdentifyBy::name_postcode;
  fail(
      FlowIssueKind::bad_value, node,
      fmt::format("unknown way '{}' (known: caller_number, customer_number, name_postcode)", name));
}

SurveyQuestionKind read_question_kind(const YAML::Node& node) {
  const std::string name = scalar_text(node, "'type'");
  if (name == "single") return SurveyQuestionKind::single;
  if (name == "multiple") return SurveyQuestionKind::multiple;
  if (name == "scale") return SurveyQuestionKind::scale;
  if (name == "nps") return SurveyQuestionKind::nps;
  if (name == "number") return SurveyQuestionKind::number;
  if (name == "text") return SurveyQuestionKind::text;
  fail(FlowIssueKind::bad_value, node,
       fmt::format("unknown question type '{}' (known: single, multiple, scale, nps, number, text)",
                   name));
}

SurveyQuestion read_question(const YAML::Node& item) {
  SurveyQuestion question;
  question.mark = mark_of(item);
  MapReader map(item, "a question", question.mark);
  question.id = map.text("id", true);
  // The answer lands in survey.<id>, so the id is one part of a variable name.
  if (!valid_variable_name(question.id) || question.id.find('.') != std::string::npos)
    fail(FlowIssueKind::bad_value, *map.find("id"),
         fmt::format("question id '{}' must be one word (letters, digits, '_')", question.id));
  question.kind = read_question_kind(map.require("type"));
  map.require("text");
  question.prompt = map.prompt("text");
  const bool choices =
      question.kind == SurveyQuestionKind::single || question.kind == SurveyQuestionKind::multiple;
  if (auto options = map.find("options")) {
    if (!choices)
      fail(FlowIssueKind::bad_value, map.key_mark("options"),
           "'options' belong to questions of type single or multiple");
    question.options = read_choices(*options, "options");
  }
  if (choices && question.options.empty())
    fail(FlowIssueKind::missing_key, question.mark,
         fmt::format("question '{}' needs 'options'", question.id));
  question.show_if = map.text("show_if");
  map.finish();
  return question;
}

std::vector<AskChoice> optional_choices(MapReader& map, std::string_view key) {
  auto list = map.find(key);
  return list ? read_choices(*list, key) : std::vector<AskChoice>{};
}

}  // namespace

NodeBody read_identify(MapReader& map) {
  IdentifyNode identify;
  if (auto by = map.find("by")) {
    if (!by->IsSequence() || by->size() == 0)
      fail(FlowIssueKind::wrong_type, *by, "'by' must be a list of ways to identify");
    for (const YAML::Node& item : *by) {
      const IdentifyBy way = read_identify_by(item);
      for (IdentifyBy earlier : identify.by)
        if (earlier == way) fail(FlowIssueKind::bad_value, item, "a way is listed twice");
      identify.by.push_back(way);
    }
  } else {
    identify.by = {IdentifyBy::caller_number, IdentifyBy::customer_number};
  }
  identify.variable = map.variable("variable", identify.variable, false);
  identify.customer_number_prompt = map.prompt("customer_number_prompt");
  identify.postcode_prompt = map.prompt("postcode_prompt");
  identify.name_prompt = map.prompt("name_prompt");
  const NodeId found = map.target("found", false);
  const NodeId next = map.target("next", false);
  if (!found.empty() && !next.empty())
    fail(FlowIssueKind::bad_value, map.key_mark("next"),
         "'found' and 'next' mean the same; write one of them");
  if (found.empty() && next.empty())
    fail(FlowIssueKind::missing_key, map.owner(), fmt::format("{} needs 'found'", map.what()));
  identify.next = found.empty() ? next : found;
  identify.not_found = map.target("not_found", true);
  identify.input = read_input_handling(map);
  return identify;
}

NodeBody read_answer(MapReader& map) {
  AnswerNode answer;
  answer.query = map.text("query");
  answer.prompt = map.prompt("prompt");
  answer.helped_prompt = map.prompt("helped_prompt");
  answer.next = map.target("next", true);
  answer.not_helped = map.target("not_helped", true);
  answer.input = read_input_handling(map);
  return answer;
}

NodeBody read_order(MapReader& map) {
  OrderNode order;
  order.category = map.text("category");
  order.variable = map.variable("variable", order.variable, false);
  order.ask_address = map.boolean("ask_address", order.ask_address);
  order.next = map.target("next", true);
  order.cancelled = map.target("cancelled", true);
  order.input = read_input_handling(map);
  return order;
}

NodeBody read_complaint(MapReader& map) {
  ComplaintNode complaint;
  complaint.prompt = map.prompt("prompt");
  complaint.created_prompt = map.prompt("created_prompt");
  complaint.categories = read_choices(map.require("categories"), "categories");
  if (complaint.categories.empty())
    fail(FlowIssueKind::missing_key, map.key_mark("categories"), "'categories' is empty");
  complaint.remedies = optional_choices(map, "remedies");
  complaint.ask_order = map.boolean("ask_order", complaint.ask_order);
  complaint.ask_description = map.boolean("ask_description", complaint.ask_description);
  complaint.sla_hours = map.integer("sla_hours", complaint.sla_hours, 1, 24 * 365);
  complaint.variable = map.variable("variable", complaint.variable, false);
  complaint.next = map.target("next", true);
  complaint.input = read_input_handling(map);
  return complaint;
}

NodeBody read_survey(MapReader& map) {
  SurveyNode survey;
  survey.survey = map.text("survey", true);
  const YAML::Node questions = map.require("questions");
  if (!questions.IsSequence() || questions.size() == 0)
    fail(FlowIssueKind::wrong_type, questions, "'questions' must be a list of questions");
  std::set<std::string> ids;
  for (const YAML::Node& item : questions) {
    SurveyQuestion question = read_question(item);
    if (!ids.insert(question.id).second)
      fail(FlowIssueKind::bad_value, question.mark,
           fmt::format("question id '{}' is used twice", question.id));
    survey.questions.push_back(std::move(question));
  }
  survey.next = map.target("next", true);
  survey.input = read_input_handling(map);
  return survey;
}

NodeBody read_webhook(MapReader& map) {
  WebhookNode webhook;
  webhook.url = map.text("url", true);
  if (!webhook.url.starts_with("http://") && !webhook.url.starts_with("https://"))
    fail(FlowIssueKind::bad_value, *map.find("url"), "'url' must start with http:// or https://");
  webhook.send = map.text_list("send");
  for (const std::string& name : webhook.send)
    if (!valid_variable_name(name))
      fail(FlowIssueKind::bad_value, map.key_mark("send"),
           fmt::format("'{}' in 'send' is not a variable name", name));
  webhook.timeout_ms = map.integer("timeout_ms", webhook.timeout_ms, 100, 30000);
  webhook.variable = map.variable("variable", webhook.variable, false);
  webhook.next = map.target("next", true);
  webhook.on_failure = map.target("on_failure", true);
  return webhook;
}

NodeBody read_callback(MapReader& map) {
  CallbackNode callback;
  callback.queue = map.text("queue", true);
  callback.prompt = map.prompt("prompt");
  callback.ask_number = map.boolean("ask_number", false);
  callback.next = map.target("next", false);
  callback.input = read_input_handling(map);
  return callback;
}

}  // namespace callwerk::flow::loader
