#include "http/desk_script_handover.hpp"

namespace callwerk::http {

namespace {

std::string text_of(const nlohmann::json& payload, const char* key) {
  const auto it = payload.find(key);
  return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string();
}

struct Place {
  std::string flow;
  std::string node;
  bool empty() const { return node.empty(); }
};

}  // namespace

flow::FlowValue flow_value_of(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number()) return value.get<double>();
  return {};
}

ScriptHandover find_script_handover(const nlohmann::json& timeline) {
  ScriptHandover handover;
  if (!timeline.is_array()) return handover;
  std::string flow;  // the flow running at this point of the timeline
  Place last_input;  // the last question the caller answered
  Place gave_up;     // where retries ran out, until the caller answers anything after it
  for (const nlohmann::json& event : timeline) {
    if (!event.is_object()) continue;
    const std::string type = text_of(event, "type");
    if (type.rfind("flow.", 0) != 0 && type != "script.started") continue;
    const auto found = event.find("payload");
    if (found == event.end() || !found->is_object()) continue;
    const nlohmann::json& payload = *found;
    if (type == "flow.start" || type == "flow.goto" || type == "script.started") {
      if (auto name = text_of(payload, "flow"); !name.empty()) flow = std::move(name);
    } else if (type == "flow.input") {
      last_input = Place{flow, text_of(payload, "node")};
      gave_up = Place{};
    } else if (type == "flow.retries") {
      gave_up = Place{flow, text_of(payload, "node")};
    } else if (type == "flow.variable") {
      const std::string name = text_of(payload, "variable");
      if (!name.empty())
        handover.variables[name] = flow_value_of(payload.value("value", nlohmann::json()));
    } else if (type == "flow.transfer") {
      handover.transferred = true;
      handover.queue = text_of(payload, "queue");
      handover.summary = text_of(payload, "summary");
      handover.reason = text_of(payload, "reason");
      if (const auto vars = payload.find("variables"); vars != payload.end() && vars->is_object())
        for (const auto& [name, value] : vars->items())
          handover.variables[name] = flow_value_of(value);
      const Place& resume = !gave_up.empty() ? gave_up : last_input;
      handover.resume_flow = resume.flow;
      handover.resume_node = resume.node;
      handover.resume_why = resume.empty()     ? std::string()
                            : !gave_up.empty() ? std::string("max_retries")
                                               : std::string("last_question");
    }
  }
  return handover;
}

}  // namespace callwerk::http
