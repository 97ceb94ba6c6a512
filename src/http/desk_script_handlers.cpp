// The agent desktop's guided script over HTTP (desk_script.hpp):
//   GET    /api/v1/desk/me/script[?interaction_id=N]  the running script and what may be started
//   POST   /api/v1/desk/me/script {interaction_id?, flow?, node?}  start (201)
//   POST   /api/v1/desk/me/script/input {text} | {choice} | {no_input: true}  the customer's answer
//   DELETE /api/v1/desk/me/script  stop it (204)
// An agent runs scripts on their own calls only (the interaction's agent, or the call the ACD
// offers them right now); team leads and admins on any of the tenant's.
#include "http/desk_script_handlers.hpp"

#include <charconv>

#include "http/desk_script.hpp"
#include "http/desk_script_handover.hpp"
#include "http/json_responses.hpp"

namespace callwerk::http {

namespace {

using store::Json;

constexpr std::size_t kMaxNameBytes = 100;

std::string text_field(const Json& row, const char* key) {
  const auto it = row.find(key);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<store::Id> id_field(const Json& row, const char* key) {
  const auto it = row.find(key);
  if (it == row.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<store::Id>();
}

// What a handler needs once it has returned (the RequestContext lives only as long as it).
struct ScriptCall {
  ServerState& server;
  store::StoreReader& reader;  // the connection thread's, where the continuation runs
  Caller caller;
  Reply reply;
};

// The interaction a script runs on: the one asked for (403 when an agent asks for a call that
// is neither theirs nor the one they are offered), else the call the agent has now, else their
// latest call. 404 when there is none.
Result<Json> script_interaction(ScriptCall& call, std::optional<store::Id> asked,
                                std::optional<store::Id> current) {
  const auto& interactions = *store::find_entity("interactions");
  if (asked || current) {
    const store::Id id = asked ? *asked : *current;
    auto row = call.reader.get(interactions, call.caller.tenant_id, id);
    if (!row) return row.error();
    if (call.caller.role == Role::agent && id_field(*row, "agent_id") != call.caller.user_id &&
        current != id)
      return make_error(ErrorKind::forbidden, "this is not your call");
    return row;
  }
  store::ListQuery query;
  query.tenant_id = call.caller.tenant_id;
  query.limit = 1;
  query.sort = "id";
  query.equals.emplace_back("agent_id", std::to_string(call.caller.user_id));
  auto page = call.reader.list(interactions, query);
  if (!page) return page.error();
  if (page->items.empty()) return make_error(ErrorKind::not_found, "you have no call to script");
  return page->items.front();
}

// Finds the interaction (asking the ACD for the caller's current call first, when the queues
// run) and continues with it on the connection's thread.
void with_interaction(RequestContext& ctx, std::optional<store::Id> asked,
                      std::function<void(ScriptCall&, Result<Json>)> then) {
  auto call =
      std::make_shared<ScriptCall>(ScriptCall{ctx.server, ctx.reader, ctx.caller, ctx.reply});
  if (ctx.server.desk == nullptr) {
    auto found = script_interaction(*call, asked, std::nullopt);
    return then(*call, std::move(found));
  }
  ctx.server.desk->agent_status(
      ctx.caller.tenant_id, ctx.caller.user_id,
      [call, asked, then = std::move(then)](Result<Json> status) {
        std::optional<store::Id> current;
        if (status && status->contains("call") && (*status)["call"].is_object())
          current = id_field((*status)["call"], "interaction_id");
        call->reply.post([call, asked, current, then] {
          auto found = script_interaction(*call, asked, current);
          then(*call, std::move(found));
        });
      });
}

std::shared_ptr<const flow::FlowInterpreter> tenant_flows(ScriptCall& call) {
  if (call.server.chat_flows == nullptr) return nullptr;
  return call.server.chat_flows->interpreter(call.caller.tenant_id);
}

Error no_flows() {
  return make_error(ErrorKind::not_found, "your tenant has no published flow to run");
}

Json offer_json(const Json& interaction, const ScriptHandover& handover,
                const flow::FlowInterpreter* flows) {
  Json resume = nullptr;
  if (!handover.resume_node.empty()) {
    resume = Json{{"flow", handover.resume_flow},
                  {"node", handover.resume_node},
                  {"why", handover.resume_why}};
  }
  Json list = Json::array();
  if (flows != nullptr) {
    for (const auto& [name, flow] : flows->library().flows()) {
      list.push_back(
          Json{{"name", name}, {"description", flow->description}, {"start", flow->start}});
    }
  }
  return Json{{"interaction_id", interaction.value("id", store::Id{0})},
              {"transferred", handover.transferred},
              {"queue", handover.queue},
              {"summary", handover.summary},
              {"reason", handover.reason},
              {"resume", std::move(resume)},
              {"variables", flow::variables_to_json(handover.variables)},
              {"flows", std::move(list)}};
}

Result<Json> handover_of(ScriptCall& call, const Json& interaction, ScriptHandover& handover) {
  auto timeline =
      call.reader.timeline(call.caller.tenant_id, interaction.value("id", store::Id{0}));
  if (!timeline) return timeline.error();
  handover = find_script_handover(*timeline);
  return Json();
}

Result<std::optional<store::Id>> optional_id(const Json& value, const char* field) {
  if (value.is_null()) return std::optional<store::Id>();
  if (!value.is_number_integer() || value.get<store::Id>() <= 0)
    return make_error(ErrorKind::invalid_input, std::string(field) + " must be a positive id",
                      field);
  return std::optional<store::Id>(value.get<store::Id>());
}

Result<std::string> optional_name(const Json& value, const char* field) {
  if (value.is_null()) return std::string();
  if (!value.is_string() || value.get_ref<const std::string&>().empty() ||
      value.get_ref<const std::string&>().size() > kMaxNameBytes)
    return make_error(ErrorKind::invalid_input,
                      std::string(field) + " must be a name of 1 to 100 bytes", field);
  return value.get<std::string>();
}

std::string channel_label(const Json& interaction) {
  const std::string channel = text_field(interaction, "channel");
  if (channel == "voice") return "Telefon";
  if (channel == "chat") return "Chat";
  return "Arbeitsplatz";
}

DeskScript::Done reply_view(const Reply& reply, int status) {
  return [reply, status](Json view) { reply.respond(json_response(status, view)); };
}

// Starts the script on `interaction` (what POST /desk/me/script does once it is found).
void start_on(ScriptCall& call, const Result<Json>& interaction, const std::string& flow_name,
              const std::string& node) {
  if (!interaction) return call.reply.respond(error_response(interaction.error()));
  const auto flows = tenant_flows(call);
  if (!flows) return call.reply.respond(error_response(no_flows()));
  ScriptHandover handover;
  if (auto read = handover_of(call, *interaction, handover); !read)
    return call.reply.respond(error_response(read.error()));

  ScriptStart start;
  start.variables = handover.variables;
  if (text_field(*interaction, "channel") == "voice")
    start.caller_number = text_field(*interaction, "remote_address");
  if (!flow_name.empty()) {
    start.flow = flow_name;
    start.node = node;
  } else if (!handover.resume_node.empty()) {
    start.flow = handover.resume_flow;
    start.node = handover.resume_node;
    start.resumed = handover.resume_why;
  } else {
    return call.reply.respond(
        error_response(400, "this call did not come through a flow: name the flow to run", "flow"));
  }
  auto interpreter = script_interpreter(*flows, start);
  if (!interpreter) return call.reply.respond(error_response(interpreter.error()));

  auto& scripts = call.server.desk_scripts;
  if (auto old = scripts.find(call.caller.tenant_id, call.caller.user_id)) {
    if (!old->claim())
      return call.reply.respond(error_response(409, "your script is still working: try again"));
    old->stop(call.server, "replaced");  // stays claimed: nobody runs it any more
  }
  DeskScript::Owner owner;
  owner.tenant_id = call.caller.tenant_id;
  owner.agent = call.caller.actor();
  owner.interaction_id = interaction->value("id", store::Id{0});
  owner.channel_label = channel_label(*interaction);
  owner.contact_id = id_field(*interaction, "contact_id");
  auto script = std::make_shared<DeskScript>(std::move(owner), std::move(*interpreter),
                                             std::move(start), scripts.next_id());
  script->claim();
  scripts.put(call.caller.tenant_id, call.caller.user_id, script);
  script->begin(std::make_shared<ScriptIo>(ScriptIo{call.server, call.reader, call.reply}),
                reply_view(call.reply, 201));
}

}  // namespace

void get_desk_script(RequestContext& ctx) {
  std::optional<store::Id> asked;
  for (const auto& [name, value] : ctx.params) {
    store::Id id = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
    if (name != "interaction_id" || ec != std::errc() || end != value.data() + value.size() ||
        id <= 0)
      return ctx.reply.respond(error_response(
          400, "the only parameter is interaction_id, a positive id", "interaction_id"));
    asked = id;
  }
  Json script = nullptr;
  if (auto running = ctx.server.desk_scripts.find(ctx.caller.tenant_id, ctx.caller.user_id)) {
    if (running->claim()) {
      script = running->view();
      running->release_claim();
    } else {
      script = Json{{"status", "working"}, {"interaction_id", running->interaction_id()}};
    }
  }
  with_interaction(
      ctx, asked, [asked, script = std::move(script)](ScriptCall& call, Result<Json> interaction) {
        if (!interaction) {
          if (asked || interaction.error().kind != ErrorKind::not_found)
            return call.reply.respond(error_response(interaction.error()));
          return call.reply.respond(
              json_response(200, Json{{"script", script}, {"offer", nullptr}}));
        }
        ScriptHandover handover;
        if (auto read = handover_of(call, *interaction, handover); !read)
          return call.reply.respond(error_response(read.error()));
        const auto flows = tenant_flows(call);
        call.reply.respond(json_response(
            200,
            Json{{"script", script}, {"offer", offer_json(*interaction, handover, flows.get())}}));
      });
}

void start_desk_script(RequestContext& ctx) {
  auto body = json_object_body(ctx.request);
  if (!body) return ctx.reply.respond(error_response(body.error()));
  Result<std::optional<store::Id>> asked = std::optional<store::Id>();
  Result<std::string> flow_name = std::string();
  Result<std::string> node = std::string();
  for (const auto& [key, value] : body->items()) {
    if (key == "interaction_id") {
      asked = optional_id(value, "interaction_id");
    } else if (key == "flow") {
      flow_name = optional_name(value, "flow");
    } else if (key == "node") {
      node = optional_name(value, "node");
    } else {
      return ctx.reply.respond(
          error_response(make_error(ErrorKind::invalid_input, "unknown field '" + key + "'", key)));
    }
  }
  if (!asked) return ctx.reply.respond(error_response(asked.error()));
  if (!flow_name) return ctx.reply.respond(error_response(flow_name.error()));
  if (!node) return ctx.reply.respond(error_response(node.error()));
  if (!node->empty() && flow_name->empty())
    return ctx.reply.respond(error_response(400, "a node needs its flow", "flow"));

  with_interaction(
      ctx, *asked,
      [flow_name = *flow_name, node = *node](ScriptCall& call, Result<Json> interaction) {
        start_on(call, interaction, flow_name, node);
      });
}

void answer_desk_script(RequestContext& ctx) {
  auto body = json_object_body(ctx.request);
  if (!body) return ctx.reply.respond(error_response(body.error()));
  std::string text;
  int given = 0;
  bool choice = false;
  bool no_input = false;
  for (const auto& [key, value] : body->items()) {
    if (key == "text" || key == "choice") {
      if (!value.is_string() ||
          value.get_ref<const std::string&>().size() > chat::ChatFlowSession::kMaxMessageBytes)
        return ctx.reply.respond(error_response(
            400, key + " must be a string of at most 2000 bytes", std::string_view(key)));
      text = chat::clean_visitor_text(value.get_ref<const std::string&>(),
                                      chat::ChatFlowSession::kMaxMessageBytes);
      if (text.empty())
        return ctx.reply.respond(
            error_response(400, key + " must not be empty", std::string_view(key)));
      choice = key == "choice";
      ++given;
    } else if (key == "no_input") {
      if (!value.is_boolean() || !value.get<bool>())
        return ctx.reply.respond(error_response(400, "no_input must be true", "no_input"));
      no_input = true;
      ++given;
    } else {
      return ctx.reply.respond(
          error_response(make_error(ErrorKind::invalid_input, "unknown field '" + key + "'", key)));
    }
  }
  if (given != 1)
    return ctx.reply.respond(
        error_response(400, "give exactly one of text, choice or no_input", "text"));
  auto script = ctx.server.desk_scripts.find(ctx.caller.tenant_id, ctx.caller.user_id);
  if (!script) return ctx.reply.respond(error_response(404, "no script is running on your desk"));
  if (!script->claim())
    return ctx.reply.respond(error_response(409, "your script is still working: try again"));
  auto io = std::make_shared<ScriptIo>(ScriptIo{ctx.server, ctx.reader, ctx.reply});
  if (auto taken =
          script->answer(std::move(text), choice, no_input, io, reply_view(ctx.reply, 200));
      !taken)
    return ctx.reply.respond(error_response(taken.error()));
}

void stop_desk_script(RequestContext& ctx) {
  if (auto none = expect_no_params(ctx.params); !none)
    return ctx.reply.respond(error_response(none.error()));
  auto script = ctx.server.desk_scripts.find(ctx.caller.tenant_id, ctx.caller.user_id);
  if (!script) return ctx.reply.respond(error_response(404, "no script is running on your desk"));
  if (!script->claim())
    return ctx.reply.respond(error_response(409, "your script is still working: try again"));
  script->stop(ctx.server, "stopped");
  script->release_claim();
  ctx.reply.respond(no_content());
}

}  // namespace callwerk::http
