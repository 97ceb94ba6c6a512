// Pieces the multi-part nodes (answer, order, complaint, survey) share: moving to the next
// part, how a question waits, choices read out, failures of their side effects.

#include "flow/flow_interpreter_detail.hpp"

namespace callwerk::flow {

void next_part(StepContext& ctx) {
  ++ctx.state.sub_step;
  ctx.state.retries = 0;
  ctx.state.pending = FlowValue{};
  ctx.repeat();
}

AwaitInput open_request(const StepContext& ctx, const InputHandling& handling, int digits) {
  AwaitInput request;
  request.timeout_ms = handling.no_input_ms;
  const bool voice = ctx.state.channel == Channel::voice;
  request.mode = voice ? InputMode::keypad : InputMode::text;
  request.max_digits = voice ? digits : 0;
  return request;
}

AwaitInput choice_request(const StepContext& ctx, const InputHandling& handling,
                          const std::vector<AskChoice>& choices) {
  AwaitInput request = open_request(ctx, handling, 1);
  if (ctx.state.channel == Channel::voice) {
    for (const AskChoice& choice : choices)
      if (choice.key.size() != 1) request.max_digits = 0;
    return request;
  }
  request.choices.reserve(choices.size());
  for (const AskChoice& choice : choices)
    request.choices.push_back({choice.label.empty() ? choice.value : choice.label, choice.value});
  return request;
}

std::string choices_sentence(const StepContext& ctx, const std::vector<AskChoice>& choices) {
  if (ctx.state.channel != Channel::voice || choices.empty()) return {};
  std::string sentence;
  for (const AskChoice& choice : choices) {
    const std::string& label = choice.label.empty() ? choice.value : choice.label;
    sentence += phrase_format(ctx, sentence.empty() ? Phrase::choice_first : Phrase::choice_next,
                              label, choice.key);
  }
  return sentence + ".";
}

void failed_to_fallback(StepContext& ctx, Phrase sorry, std::string reason) {
  ctx.say_phrase(sorry);
  const NodeId& fallback = ctx.flow->flow->fallback;
  if (!fallback.empty() && fallback != ctx.state.node) {
    ctx.go_to(fallback);
    return;
  }
  ctx.say_phrase(Phrase::goodbye);
  ctx.end(std::move(reason));
}

std::string article_text(const StepContext& ctx, const KbSearchResult& result) {
  if (result.title.empty()) return result.summary;
  if (result.summary.empty()) return result.title;
  if (ctx.state.channel == Channel::chat) return result.title + "\n" + result.summary;
  const char last = result.title.back();
  const bool closed = last == '.' || last == '?' || last == '!' || last == ':';
  return result.title + (closed ? " " : ". ") + result.summary;
}

void record_article_found(StepContext& ctx, const KbSearchResult& result) {
  ctx.record("flow.kb",
             fmt::format("Artikel gefunden: „{}“ ({}, Relevanz {:.2f})", result.title,
                         result.article_id, result.score),
             {{"node", ctx.node_id()},
              {"found", true},
              {"article", result.article_id},
              {"title", result.title},
              {"score", FlowValue(result.score)}});
}

FlowVariables contact_of(const FlowState& state) {
  static const std::string kPrefix = "kontakt.";
  FlowVariables contact;
  for (auto it = state.variables.lower_bound(kPrefix); it != state.variables.end(); ++it) {
    if (!it->first.starts_with(kPrefix)) break;
    contact.emplace(it->first.substr(kPrefix.size()), it->second);
  }
  return contact;
}

}  // namespace callwerk::flow
