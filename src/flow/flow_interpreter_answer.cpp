// The answer node: a knowledge-base search for the flow's query or, in chat, the caller's own
// question; the best article is read or shown, then the caller says whether it helped.
// Variables: antwort.frage (the caller's question), antwort.artikel, antwort.titel (the article
// found), antwort.geholfen (true or false).

#include <fmt/core.h>

#include "flow/flow_input.hpp"
#include "flow/flow_interpreter_detail.hpp"

namespace callwerk::flow {

namespace {

// Parts of the node (FlowState::sub_step).
constexpr int kStart = 0;
constexpr int kAskingQuestion = 1;
constexpr int kSearching = 2;
constexpr int kAskingHelped = 3;

const AskNode& free_text() {
  static const AskNode kText = [] {
    AskNode ask;
    ask.kind = InputKind::text;
    return ask;
  }();
  return kText;
}

void search(StepContext& ctx, std::string query) {
  ctx.record("flow.kb", fmt::format("Wissensdatenbank: Suche nach „{}“", query),
             {{"node", ctx.node_id()}, {"query", query}});
  ctx.state.sub_step = kSearching;
  ctx.await_result(SearchKb{0, std::move(query), ctx.state.language});
}

void not_helped(StepContext& ctx, const AnswerNode& node) {
  ctx.go_to(node.not_helped);
}

void found(StepContext& ctx, const KbSearchResult& result) {
  FlowState& state = ctx.state;
  state.variables.insert_or_assign("antwort.artikel", result.article_id);
  state.variables.insert_or_assign("antwort.titel", result.title);
  record_article_found(ctx, result);
  ctx.say_text(article_text(ctx, result));
  state.sub_step = kAskingHelped;
  ctx.repeat();
}

void question_input(StepContext& ctx, const AnswerNode& node, const InputEvent& input) {
  ctx.record_input(input.text, {});
  auto question = parse_input(free_text(), input.text, ctx.state.channel, ctx.state.language);
  if (!question) {
    retry_or(ctx, ctx.failed_attempt(node.input, false, input.text, question.error().message),
             [&] { not_helped(ctx, node); });
    return;
  }
  ctx.set_variable("antwort.frage", *question);
  search(ctx, std::get<std::string>(*question));
}

void helped_input(StepContext& ctx, const AnswerNode& node, const InputEvent& input) {
  ctx.record_input(input.text, {});
  auto yes = parse_yes_no(input.text, ctx.state.channel, ctx.state.language);
  if (!yes) {
    retry_or(
        ctx,
        ctx.failed_attempt(node.input, false, input.text, ctx.phrase_text(Phrase::confirm_again)),
        [&] { not_helped(ctx, node); });
    return;
  }
  ctx.set_variable("antwort.geholfen", *yes);
  ctx.record("flow.kb", *yes ? "Die Auskunft hat geholfen" : "Die Auskunft hat nicht geholfen",
             {{"node", ctx.node_id()}, {"helped", *yes}});
  if (*yes) {
    ctx.state.escalation.clear();
    ctx.go_to_or_end(node.next);
  } else {
    not_helped(ctx, node);
  }
}

}  // namespace

void enter(StepContext& ctx, const AnswerNode& node) {
  FlowState& state = ctx.state;
  if (state.sub_step == kStart) {
    std::string query = ctx.render(node.query);
    if (fold_for_matching(query).empty()) query.clear();
    if (!query.empty()) {
      search(ctx, std::move(query));
      return;
    }
    if (state.channel == Channel::voice) {
      // The keypad cannot type a question; a person has to hear it.
      ctx.record("flow.kb", "Ohne Suchbegriff kann am Telefon nicht gesucht werden",
                 {{"node", ctx.node_id()}, {"found", false}});
      not_helped(ctx, node);
      return;
    }
    state.sub_step = kAskingQuestion;
  }
  if (state.sub_step == kAskingQuestion) {
    if (node.prompt.empty()) {
      ctx.say_phrase(Phrase::kb_question_prompt);
    } else {
      ctx.say(node.prompt);
    }
    ctx.await_input(open_request(ctx, node.input, 0));
    return;
  }
  // kAskingHelped
  if (node.helped_prompt.empty()) {
    ctx.say_phrase(Phrase::kb_helped);
  } else {
    ctx.say(node.helped_prompt);
  }
  ctx.await_input(ctx.yes_no_request(node.input.no_input_ms));
}

void react(StepContext& ctx, const AnswerNode& node, const FlowEvent& event) {
  if (const auto* result = std::get_if<KbSearchResult>(&event)) {
    if (result->found) {
      found(ctx, *result);
      return;
    }
    ctx.record("flow.kb", "Kein passender Artikel gefunden",
               {{"node", ctx.node_id()}, {"found", false}});
    ctx.say_phrase(Phrase::kb_not_found);
    not_helped(ctx, node);
    return;
  }
  if (std::holds_alternative<NoInputEvent>(event)) {
    retry_or(ctx, ctx.failed_attempt(node.input, true, {}, {}), [&] { not_helped(ctx, node); });
    return;
  }
  const auto* input = std::get_if<InputEvent>(&event);
  if (input == nullptr) return;
  if (ctx.state.sub_step == kAskingQuestion) {
    question_input(ctx, node, *input);
  } else if (ctx.state.sub_step == kAskingHelped) {
    helped_input(ctx, node, *input);
  }
}

}  // namespace callwerk::flow
