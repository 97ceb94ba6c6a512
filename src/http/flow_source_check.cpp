#include "http/flow_source_check.hpp"

#include "flow/flow_validator.hpp"
#include "http/json_responses.hpp"

namespace callwerk::http {

namespace {

// Names of a tenant's entities of one kind (flows, queues), for the references of a flow.
std::set<std::string> names_of(store::StoreReader& reader, std::string_view entity,
                               store::Id tenant_id) {
  std::set<std::string> names;
  const store::EntitySpec* spec = store::find_entity(entity);
  if (spec == nullptr) return names;
  store::ListQuery query;
  query.tenant_id = tenant_id;
  query.limit = 500;
  query.sort = "name";
  query.descending = false;
  for (int offset = 0;; offset += query.limit) {
    query.offset = offset;
    auto page = reader.list(*spec, query);
    if (!page) break;
    for (const store::Json& row : page->items)
      if (auto name = row.find("name"); name != row.end() && name->is_string())
        names.insert(name->get<std::string>());
    if (page->items.size() < static_cast<size_t>(query.limit)) break;
  }
  return names;
}

}  // namespace

std::optional<ApiResponse> check_flow_source(const store::Json& input, store::Id tenant_id,
                                             std::optional<store::Id> id,
                                             store::StoreReader& reader) {
  const auto source = input.find("source");
  if (source == input.end() || !source->is_string()) return std::nullopt;
  std::string name;
  if (auto given = input.find("name"); given != input.end() && given->is_string()) {
    name = given->get<std::string>();
  } else if (id) {
    if (auto stored = reader.get(*store::find_entity("flows"), tenant_id, *id))
      name = stored->value("name", "");
  }
  const std::string file = (name.empty() ? std::string("flow") : name) + ".yaml";

  flow::FlowValidationContext context;
  context.flows = names_of(reader, "flows", tenant_id);
  if (!name.empty()) context.flows->insert(name);
  context.queues = names_of(reader, "queues", tenant_id);
  const auto issues = flow::check_flow_text(source->get<std::string>(), file, context);
  if (issues.empty()) return std::nullopt;

  store::Json listed = store::Json::array();
  for (const flow::FlowIssue& issue : issues)
    listed.push_back({{"kind", flow::issue_kind_name(issue.kind)},
                      {"message", issue.message},
                      {"line", issue.line},
                      {"column", issue.column},
                      {"location", flow::issue_location(issue, file)}});
  const flow::FlowIssue& first = issues.front();
  store::Json error{{"status", 400},
                    {"message", flow::issue_location(first, file) + ": " + first.message},
                    {"field", "source"},
                    {"issues", std::move(listed)}};
  return json_response(400, store::Json{{"error", std::move(error)}});
}

}  // namespace callwerk::http
