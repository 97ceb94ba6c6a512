// The survey node: its questions in order, each skipped when its show_if is false (or when it
// asks for text on the phone). Every answer lands in survey.<id> and goes out as
// SaveSurveyAnswer; a question whose retries run out is left unanswered and the survey goes on,
// because a survey is never worth losing the caller over. FlowState::sub_step is the index of
// the current question.
//
// Answers: single -> the option's value; multiple -> the values chosen, in the options' order,
// joined by commas ("wartezeit,auskunft"); scale (1-5), nps (0-10), number -> whole numbers;
// text -> the text.

#include <fmt/core.h>

#include "flow/flow_input.hpp"
#include "flow/flow_input_parts.hpp"
#include "flow/flow_interpreter_detail.hpp"

namespace callwerk::flow {

namespace {

const SurveyQuestion& current(const StepContext& ctx, const SurveyNode& node) {
  return node.questions[static_cast<std::size_t>(ctx.state.sub_step)];
}

std::vector<AskChoice> number_buttons(int from, int to) {
  std::vector<AskChoice> buttons;
  for (int i = from; i <= to; ++i)
    buttons.push_back({std::to_string(i), std::to_string(i), {}, {}});
  return buttons;
}

AwaitInput question_request(const StepContext& ctx, const SurveyNode& node,
                            const SurveyQuestion& question) {
  switch (question.kind) {
    case SurveyQuestionKind::single:
      return choice_request(ctx, node.input, question.options);
    case SurveyQuestionKind::scale:
      return choice_request(ctx, node.input, number_buttons(1, 5));
    case SurveyQuestionKind::nps: {
      // "10" is two keys: up to two digits, or one and '#' or a pause.
      AwaitInput request = choice_request(ctx, node.input, number_buttons(0, 10));
      if (ctx.state.channel == Channel::voice) request.max_digits = 2;
      return request;
    }
    default:
      return open_request(ctx, node.input, 0);
  }
}

// Range checks by the number parser: "Die Zahl muss zwischen 1 und 5 liegen."
Result<FlowValue> whole_number(const StepContext& ctx, std::string_view raw, std::optional<int> min,
                               std::optional<int> max) {
  AskNode check;
  check.kind = InputKind::number;
  if (min) check.min_value = *min;
  if (max) check.max_value = *max;
  return parse_input(check, raw, ctx.state.channel, ctx.state.language);
}

Result<FlowValue> one_choice(const StepContext& ctx, const SurveyQuestion& question,
                             std::string_view raw) {
  AskNode check;
  check.kind = InputKind::choice;
  check.choices = question.options;
  return parse_input(check, raw, ctx.state.channel, ctx.state.language);
}

// Several options: keys typed in a row on the phone ("13#"), words or numbers separated by
// commas, "und" or spaces in chat.
Result<FlowValue> several_choices(const StepContext& ctx, const SurveyQuestion& question,
                                  std::string_view raw) {
  const auto& options = question.options;
  std::vector<bool> chosen(options.size(), false);
  auto pick = [&](std::string_view part) {
    const int index = match_choice(options, part);
    if (index >= 0) chosen[static_cast<std::size_t>(index)] = true;
    return index >= 0;
  };
  const std::string_view text = input_parts::keypad_text(raw, ctx.state.channel);
  if (ctx.state.channel == Channel::voice) {
    for (const char key : text)
      if (!pick(std::string_view(&key, 1))) return one_choice(ctx, question, std::string(1, key));
  } else {
    // Split the raw text: folding turns commas into spaces.
    std::string split;
    for (const char c : text) split += (c == ';' || c == '/' || c == '&') ? ',' : c;
    std::size_t at = 0;
    while (at <= split.size()) {
      std::size_t end = split.find(',', at);
      if (end == std::string::npos) end = split.size();
      // The words of one part, without the joining words: "preis und service".
      std::vector<std::string> words;
      std::string part;
      const std::string folded = fold_for_matching(split.substr(at, end - at));
      std::size_t w = 0;
      while (w < folded.size()) {
        std::size_t e = folded.find(' ', w);
        if (e == std::string::npos) e = folded.size();
        std::string word = folded.substr(w, e - w);
        w = e + 1;
        if (word.empty() || word == "und" || word == "and" || word == "sowie") continue;
        part += part.empty() ? word : " " + word;
        words.push_back(std::move(word));
      }
      // Each word an option ("1 3", "wartezeit auskunft"), else the part as a whole names
      // one ("die lange wartezeit").
      if (!part.empty()) {
        std::vector<int> each;
        for (const std::string& word : words) {
          const int index = match_choice(options, word);
          if (index < 0) break;
          each.push_back(index);
        }
        if (each.size() == words.size()) {
          for (const int index : each) chosen[static_cast<std::size_t>(index)] = true;
        } else if (!pick(part)) {
          return one_choice(ctx, question, part);
        }
      }
      at = end + 1;
    }
  }
  std::string values;
  for (std::size_t i = 0; i < options.size(); ++i) {
    if (!chosen[i]) continue;
    if (!values.empty()) values += ',';
    values += options[i].value;
  }
  if (values.empty()) return one_choice(ctx, question, text);
  return FlowValue(std::move(values));
}

Result<FlowValue> parse_answer(const StepContext& ctx, const SurveyQuestion& question,
                               std::string_view raw) {
  switch (question.kind) {
    case SurveyQuestionKind::single:
      return one_choice(ctx, question, raw);
    case SurveyQuestionKind::multiple:
      return several_choices(ctx, question, raw);
    case SurveyQuestionKind::scale:
      return whole_number(ctx, raw, 1, 5);
    case SurveyQuestionKind::nps:
      return whole_number(ctx, raw, 0, 10);
    case SurveyQuestionKind::number:
      return whole_number(ctx, raw, std::nullopt, std::nullopt);
    case SurveyQuestionKind::text: {
      AskNode check;
      check.kind = InputKind::text;
      return parse_input(check, raw, ctx.state.channel, ctx.state.language);
    }
  }
  return make_error(ErrorKind::internal, "unknown question type");
}

void skip(StepContext& ctx, const SurveyNode& node, const SurveyQuestion& question,
          std::string_view why) {
  ctx.record("flow.survey", fmt::format("Frage „{}“ übersprungen ({})", question.id, why),
             {{"node", ctx.node_id()},
              {"survey", node.survey},
              {"question", question.id},
              {"skipped", true},
              {"why", why}});
}

void give_up_question(StepContext& ctx, const SurveyNode& node) {
  skip(ctx, node, current(ctx, node), "keine gültige Antwort");
  next_part(ctx);
}

}  // namespace

void enter(StepContext& ctx, const SurveyNode& node) {
  FlowState& state = ctx.state;
  const CompiledNode& compiled = ctx.compiled_node();
  while (static_cast<std::size_t>(state.sub_step) < node.questions.size()) {
    const auto index = static_cast<std::size_t>(state.sub_step);
    const SurveyQuestion& question = node.questions[index];
    if (!question.show_if.empty()) {
      if (index < compiled.errors.size() && !compiled.errors[index].empty()) {
        ctx.fail(fmt::format("Bedingung „{}“ ist ungültig: {}", question.show_if,
                             compiled.errors[index]));
        return;
      }
      if (!compiled.expressions[index].evaluate_truthy(state.variables)) {
        skip(ctx, node, question, "Bedingung " + question.show_if + " trifft nicht zu");
        ++state.sub_step;
        continue;
      }
    }
    if (question.kind == SurveyQuestionKind::text && state.channel == Channel::voice) {
      skip(ctx, node, question, "Freitext am Telefon");
      ++state.sub_step;
      continue;
    }
    ctx.say(question.prompt);
    if (question.kind == SurveyQuestionKind::multiple && state.retries == 0)
      ctx.say_phrase(Phrase::survey_multiple_hint);
    ctx.await_input(question_request(ctx, node, question));
    return;
  }
  ctx.record("flow.survey", fmt::format("Umfrage „{}“ beendet", node.survey),
             {{"node", ctx.node_id()}, {"survey", node.survey}, {"finished", true}});
  ctx.go_to_or_end(node.next);
}

void react(StepContext& ctx, const SurveyNode& node, const FlowEvent& event) {
  if (static_cast<std::size_t>(ctx.state.sub_step) >= node.questions.size()) return;
  const SurveyQuestion& question = current(ctx, node);
  if (std::holds_alternative<NoInputEvent>(event)) {
    retry_or(ctx, ctx.failed_attempt(node.input, true, {}, {}),
             [&] { give_up_question(ctx, node); });
    return;
  }
  const auto* input = std::get_if<InputEvent>(&event);
  if (input == nullptr) return;
  auto answer = parse_answer(ctx, question, input->text);
  if (!answer) {
    ctx.record_input(input->text, {});
    retry_or(ctx, ctx.failed_attempt(node.input, false, input->text, answer.error().message),
             [&] { give_up_question(ctx, node); });
    return;
  }
  const std::string text = value_to_text(*answer, ctx.state.language);
  ctx.record_input(input->text, text);
  ctx.state.escalation.clear();
  ctx.set_variable("survey." + question.id, *answer);
  ctx.out.emplace_back(SaveSurveyAnswer{node.survey, question.id, *answer});
  ctx.record("flow.survey", fmt::format("Antwort auf „{}“ gespeichert: {}", question.id, text),
             {{"node", ctx.node_id()},
              {"survey", node.survey},
              {"question", question.id},
              {"answer", *answer}});
  next_part(ctx);
}

}  // namespace callwerk::flow
