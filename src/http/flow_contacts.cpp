#include "http/flow_contacts.hpp"

#include <spdlog/spdlog.h>

namespace callwerk::http {

using store::Json;

std::string text_field(const Json& row, const char* key) {
  const auto it = row.find(key);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string contact_name(const Json& row) {
  std::string name = text_field(row, "first_name");
  const std::string last = text_field(row, "last_name");
  if (!last.empty()) name = name.empty() ? last : name + " " + last;
  return name.empty() ? text_field(row, "company") : name;
}

flow::FlowVariables contact_fields(const Json& row) {
  flow::FlowVariables fields;
  fields["id"] = row.value("id", std::int64_t{0});
  fields["name"] = contact_name(row);
  const std::pair<const char*, const char*> copied[] = {{"customer_number", "kundennummer"},
                                                        {"street", "strasse"},
                                                        {"postcode", "plz"},
                                                        {"city", "ort"}};
  for (const auto& [from, to] : copied) {
    std::string value = text_field(row, from);
    if (!value.empty()) fields[to] = std::move(value);
  }
  return fields;
}

namespace {

// Case and spaces do not matter when a caller spells the name.
std::string folded(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != ' ') out.push_back(c);
  }
  return out;
}

}  // namespace

std::optional<Json> find_flow_contact(store::StoreReader& reader, store::Id tenant_id,
                                      const flow::LookupContact& lookup) {
  store::ListQuery query;
  query.tenant_id = tenant_id;
  if (lookup.by == flow::IdentifyBy::customer_number && !lookup.customer_number.empty()) {
    query.limit = 2;
    query.equals.emplace_back("customer_number", lookup.customer_number);
  } else if (lookup.by == flow::IdentifyBy::name_postcode && !lookup.postcode.empty() &&
             !lookup.name.empty()) {
    query.limit = 100;
    query.equals.emplace_back("postcode", lookup.postcode);
  } else {
    return std::nullopt;  // by caller number: the channel knows its caller
  }
  auto page = reader.list(*store::find_entity("contacts"), query);
  if (!page) {
    spdlog::error("flow: contact lookup: {}", page.error().describe());
    return std::nullopt;
  }
  std::optional<Json> found;
  for (const Json& row : page->items) {
    if (lookup.by == flow::IdentifyBy::name_postcode) {
      const std::string wanted = folded(lookup.name);
      if (folded(text_field(row, "last_name")) != wanted && folded(contact_name(row)) != wanted)
        continue;
    }
    if (found) return std::nullopt;  // not unique
    found = row;
  }
  return found;
}

}  // namespace callwerk::http
