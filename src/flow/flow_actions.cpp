#include "flow/flow_actions.hpp"

namespace callwerk::flow {

nlohmann::json value_to_json(const FlowValue& value) {
  return std::visit(
      [](const auto& v) -> nlohmann::json {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::monostate>) {
          return nullptr;
        } else {
          return v;
        }
      },
      value);
}

nlohmann::json variables_to_json(const FlowVariables& variables) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [name, value] : variables) json[name] = value_to_json(value);
  return json;
}

const RecordField* RecordData::find(std::string_view key) const {
  for (const RecordField& field : fields) {
    if (field.key == key) return &field;
  }
  return nullptr;
}

const FlowValue& RecordData::operator[](std::string_view key) const {
  static const FlowValue kNull;
  const RecordField* field = find(key);
  return field == nullptr || field->nested() ? kNull : field->value;
}

nlohmann::json RecordData::to_json() const {
  nlohmann::json json = nlohmann::json::object();
  for (const RecordField& field : fields) {
    json[std::string(field.key)] =
        field.nested() ? variables_to_json(*field.values) : value_to_json(field.value);
  }
  return json;
}

bool awaits_result(const FlowAction& action) {
  return std::holds_alternative<LookupContact>(action) ||
         std::holds_alternative<SearchKb>(action) || std::holds_alternative<CreateOrder>(action) ||
         std::holds_alternative<CreateTicket>(action) ||
         std::holds_alternative<CallWebhook>(action) ||
         std::holds_alternative<ScheduleCallback>(action);
}

nlohmann::json record_payload(const Record& record) {
  nlohmann::json payload = record.data.to_json();
  if (!record.text.empty()) payload["text"] = record.text;
  return payload;
}

}  // namespace callwerk::flow
