#include "http/desk_script.hpp"

#include <spdlog/spdlog.h>

#include "flow/flow_entity_input.hpp"
#include "flow/flow_expression.hpp"
#include "http/desk_script_effects.hpp"

namespace callwerk::http {

using store::Json;

namespace {

constexpr const char* kEntryNode = "weiter";

// The flow's records speak of the virtual agent; on the desk the agent says it.
void retell(chat::TimelineEntry& entry) {
  static const std::string kVirtual = "Virtueller Agent: ";
  const auto text = entry.payload.find("text");
  if (text == entry.payload.end() || !text->is_string()) return;
  const auto& words = text->get_ref<const std::string&>();
  if (words.rfind(kVirtual, 0) == 0) *text = "Leitfaden: " + words.substr(kVirtual.size());
}

const char* input_kind_name(flow::InputKind kind) {
  switch (kind) {
    case flow::InputKind::digits:
      return "digits";
    case flow::InputKind::number:
      return "number";
    case flow::InputKind::amount:
      return "amount";
    case flow::InputKind::date:
      return "date";
    case flow::InputKind::yes_no:
      return "yes_no";
    case flow::InputKind::choice:
      return "choice";
    case flow::InputKind::text:
      return "text";
    case flow::InputKind::customer_number:
      return "customer_number";
    case flow::InputKind::iban:
      return "iban";
    case flow::InputKind::postcode:
      return "postcode";
  }
  return "";
}

const char* survey_kind_name(flow::SurveyQuestionKind kind) {
  switch (kind) {
    case flow::SurveyQuestionKind::single:
      return "single";
    case flow::SurveyQuestionKind::multiple:
      return "multiple";
    case flow::SurveyQuestionKind::scale:
      return "scale";
    case flow::SurveyQuestionKind::nps:
      return "nps";
    case flow::SurveyQuestionKind::number:
      return "number";
    case flow::SurveyQuestionKind::text:
      return "text";
  }
  return "";
}

}  // namespace

Result<std::shared_ptr<const flow::FlowInterpreter>> script_interpreter(
    const flow::FlowInterpreter& tenant, const ScriptStart& start) {
  const flow::Flow* target = tenant.library().find(start.flow);
  if (target == nullptr)
    return make_error(ErrorKind::invalid_input, "no published flow '" + start.flow + "'", "flow");
  if (!start.node.empty() && target->find(start.node) == nullptr)
    return make_error(ErrorKind::invalid_input,
                      "the flow '" + start.flow + "' has no node '" + start.node + "'", "node");
  flow::FlowLibrary library;
  for (const auto& [name, flow] : tenant.library().flows()) library.add(flow);
  library.set_catalog(std::make_shared<const flow::ProductCatalog>(tenant.library().catalog()));
  if (!start.node.empty() && start.node != target->start) {
    flow::Flow entry;
    entry.name = kScriptEntryFlow;
    entry.language = target->language;
    entry.start = kEntryNode;
    flow::FlowNode jump;
    jump.id = kEntryNode;
    jump.type = "goto";
    flow::GotoNode go;
    go.target = start.node;
    go.flow = start.flow;
    jump.body = std::move(go);
    entry.nodes.push_back(std::move(jump));
    entry.index[kEntryNode] = 0;
    library.add(std::move(entry));
  }
  return std::make_shared<const flow::FlowInterpreter>(std::move(library));
}

Json script_question(const flow::FlowInterpreter& interpreter, const flow::FlowState& state) {
  Json question{{"flow", state.flow}, {"node", state.node}};
  const flow::Flow* flow = interpreter.library().find(state.flow);
  const flow::FlowNode* node = flow != nullptr ? flow->find(state.node) : nullptr;
  if (node == nullptr) return question;
  question["type"] = node->type;
  if (state.phase == flow::FlowPhase::confirming) {
    question["kind"] = "confirm";
  } else if (const auto* ask = std::get_if<flow::AskNode>(&node->body)) {
    question["kind"] = input_kind_name(ask->kind);
    question["variable"] = ask->variable;
  } else if (const auto* survey = std::get_if<flow::SurveyNode>(&node->body)) {
    question["survey"] = survey->survey;
    const auto index = static_cast<std::size_t>(state.sub_step);
    if (index < survey->questions.size()) {
      question["question"] = survey->questions[index].id;
      question["kind"] = survey_kind_name(survey->questions[index].kind);
    }
  }
  return question;
}

DeskScript::DeskScript(Owner owner, std::shared_ptr<const flow::FlowInterpreter> interpreter,
                       ScriptStart start, std::int64_t id)
    : owner_(std::move(owner)),
      interpreter_(std::move(interpreter)),
      start_(std::move(start)),
      id_(id),
      session_(interpreter_, [this] {
        flow::StartEvent event;
        event.channel = flow::Channel::chat;
        event.caller_number = start_.caller_number;
        event.variables = start_.variables;
        const bool at_node = interpreter_->library().find(kScriptEntryFlow) != nullptr;
        event.flow = at_node ? kScriptEntryFlow : start_.flow;
        return event;
      }()) {
  skip_entry_ = interpreter_->library().find(kScriptEntryFlow) != nullptr;
}

bool DeskScript::claim() {
  std::lock_guard lock(mutex_);
  if (busy_) return false;
  busy_ = true;
  return true;
}

void DeskScript::release_claim() {
  std::lock_guard lock(mutex_);
  busy_ = false;
  const auto phase = session_.phase();
  if (phase == chat::ChatFlowSession::Phase::ended ||
      phase == chat::ChatFlowSession::Phase::waiting)
    ended_ = true;
}

void DeskScript::begin(std::shared_ptr<ScriptIo> io, Done done) {
  Json payload{{"flow", start_.flow}, {"script", id_}};
  payload["node"] = start_.node.empty() ? Json() : Json(start_.node);
  if (!start_.resumed.empty()) payload["resumed"] = start_.resumed;
  record(io->server, {chat::TimelineEntry{"script.started", std::move(payload), ""}});
  run(session_.start(), std::move(io), std::move(done));
}

Status DeskScript::answer(std::string text, bool choice, bool no_input,
                          std::shared_ptr<ScriptIo> io, Done done) {
  bool over = false;
  {
    std::lock_guard lock(mutex_);
    over = ended_;
  }
  if (over || session_.phase() != chat::ChatFlowSession::Phase::asking) {
    release_claim();
    return make_error(ErrorKind::conflict, "the script asks nothing now: it has ended");
  }
  says_.clear();
  results_ = Json::array();
  error_.clear();
  if (no_input) {
    run(session_.on_input_timeout(), std::move(io), std::move(done));
  } else {
    run(choice ? session_.on_choice(text) : session_.on_message(text), std::move(io),
        std::move(done));
  }
  return ok_status();
}

bool DeskScript::stop(ServerState& server, const std::string& reason) {
  {
    std::lock_guard lock(mutex_);
    if (ended_) return false;
    ended_ = true;
  }
  status_ = "ended";
  outcome_ = Json{{"reason", reason}};
  record(server,
         {chat::TimelineEntry{"script.ended", Json{{"reason", reason}, {"script", id_}}, ""}});
  return true;
}

void DeskScript::record(ServerState& server, std::vector<chat::TimelineEntry> entries) {
  if (entries.empty()) return;
  server.writer.submit(
      [tenant = owner_.tenant_id, interaction = owner_.interaction_id, agent = owner_.agent,
       entries = std::move(entries)](store::WriteContext& ctx) -> Result<Json> {
        for (const chat::TimelineEntry& entry : entries) {
          auto stored =
              ctx.append_timeline(tenant, interaction, entry.type, entry.payload, agent, now_ms());
          if (!stored) return stored.error();
        }
        return Json();
      },
      [](Result<Json> result) {
        if (!result)
          spdlog::error("desk script: timeline not stored: {}", result.error().describe());
      });
}

void DeskScript::run(std::vector<chat::ChatOutput> outputs, std::shared_ptr<ScriptIo> io,
                     Done done) {
  std::vector<chat::TimelineEntry> entries;
  std::optional<flow::FlowAction> awaited;
  for (chat::ChatOutput& output : outputs) {
    if (auto* entry = std::get_if<chat::TimelineEntry>(&output)) {
      if (entry->type == "chat.message") continue;  // flow.input says what the customer said
      if (skip_entry_ && (entry->type == "flow.start" || entry->type == "flow.goto")) {
        if (entry->type == "flow.goto") skip_entry_ = false;
        continue;
      }
      if (entry->type == "flow.no_match") {
        const auto reason = entry->payload.find("reason");
        error_ = reason != entry->payload.end() && reason->is_string()
                     ? reason->get<std::string>()
                     : entry->payload.value("text", std::string());
      }
      retell(*entry);
      entries.push_back(std::move(*entry));
    } else if (auto* say = std::get_if<chat::BotText>(&output)) {
      says_.push_back(std::move(say->text));
    } else if (std::holds_alternative<chat::AskVisitor>(output)) {
      status_ = "asking";
    } else if (auto* wait = std::get_if<chat::WaitForAgent>(&output)) {
      status_ = "transferred";
      outcome_ = Json{{"reason", "transfer"},
                      {"queue", wait->queue},
                      {"summary", wait->summary},
                      {"why", wait->reason}};
      entries.push_back(chat::TimelineEntry{
          "script.ended", Json{{"reason", "transfer"}, {"queue", wait->queue}, {"script", id_}},
          ""});
    } else if (auto* end = std::get_if<chat::EndChat>(&output)) {
      status_ = "ended";
      outcome_ = Json{{"reason", end->reason}};
      entries.push_back(
          chat::TimelineEntry{"script.ended", Json{{"reason", end->reason}, {"script", id_}}, ""});
    } else if (auto* request = std::get_if<chat::RunRequest>(&output)) {
      if (const auto* survey = std::get_if<flow::SaveSurveyAnswer>(&request->effect)) {
        const std::string answer =
            flow::value_to_text(survey->answer, session_.flow_state().language);
        // The timeline is the record of the answers, as in the chat and on the phone.
        entries.push_back(chat::TimelineEntry{
            "survey.answer",
            Json{{"survey", survey->survey}, {"question", survey->question}, {"answer", answer}},
            ""});
        results_.push_back(Json{{"effect", "survey"},
                                {"ok", true},
                                {"survey", survey->survey},
                                {"question", survey->question},
                                {"answer", answer}});
      } else {
        awaited = std::move(request->effect);
      }
    }
  }
  // The entries before a side effect reach the writer before it: the protocol keeps the order.
  record(io->server, std::move(entries));
  if (awaited) return execute(*awaited, std::move(io), std::move(done));
  Json answer = view();
  release_claim();
  done(std::move(answer));
}

void DeskScript::resume_with(flow::FlowEvent result, std::shared_ptr<ScriptIo> io, Done done) {
  run(session_.on_result(result), std::move(io), std::move(done));
}

void DeskScript::execute(const flow::FlowAction& effect, std::shared_ptr<ScriptIo> io, Done done) {
  ScriptEffects effects{owner_.tenant_id, owner_.interaction_id, owner_.agent, owner_.channel_label,
                        owner_.contact_id};
  // Every answer continues the script on the request's thread, in a fresh turn.
  auto back = [self = shared_from_this(), io, done](flow::FlowEvent result, Json note) {
    io->reply.post([self, io, done, result = std::move(result), note = std::move(note)] {
      if (!note.is_null()) self->results_.push_back(note);
      self->resume_with(result, io, done);
    });
  };
  run_script_effect(effects, effect, io->server, io->reader, std::move(back));
}

Json DeskScript::view() const {
  Json view{{"id", id_},
            {"interaction_id", owner_.interaction_id},
            {"flow", start_.flow},
            {"node", start_.node.empty() ? Json() : Json(start_.node)},
            {"resumed", start_.resumed.empty() ? Json() : Json(start_.resumed)},
            {"status", status_},
            {"says", says_},
            {"error", error_.empty() ? Json() : Json(error_)},
            {"results", results_},
            {"outcome", outcome_},
            {"variables", flow::variables_to_json(session_.flow_state().variables)},
            {"question", nullptr}};
  if (status_ == "asking") {
    Json question = script_question(*interpreter_, session_.flow_state());
    Json choices = Json::array();
    for (const flow::InputChoice& choice : session_.choices())
      choices.push_back(Json{{"label", choice.label}, {"value", choice.value}});
    question["choices"] = std::move(choices);
    view["question"] = std::move(question);
  }
  return view;
}

}  // namespace callwerk::http
