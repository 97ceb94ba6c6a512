// Uniqueness and references of an import, checked before anything is written.
#include <fmt/core.h>

#include <map>
#include <set>

#include "app/importer.hpp"
#include "flow/flow_validator.hpp"

namespace callwerk::app {

const char* ref_target_label(RefTarget target) {
  switch (target) {
    case RefTarget::skill:
      return "skill";
    case RefTarget::user:
      return "user";
    case RefTarget::queue:
      return "queue";
    case RefTarget::product:
      return "product (sku)";
    case RefTarget::contact:
      return "contact (customer_number)";
    case RefTarget::interaction:
      return "interaction (ref)";
    case RefTarget::order:
      return "order (order_number)";
  }
  return "record";
}

namespace {

Error invalid(std::string message, const std::string& location) {
  return make_error(ErrorKind::invalid_input, std::move(message), location);
}

// Keys of one kind must be unique within the tenant; returns them for the reference check.
Result<std::set<std::string>> unique_keys(const std::vector<ImportRecord>& records,
                                          std::string_view what) {
  std::map<std::string, const ImportRecord*> seen;
  for (const ImportRecord& r : records) {
    if (r.key.empty()) continue;
    auto [it, inserted] = seen.emplace(r.key, &r);
    if (!inserted)
      return invalid(
          fmt::format("duplicate {} '{}' (first at {})", what, r.key, it->second->location),
          r.location);
  }
  std::set<std::string> keys;
  for (const auto& [key, record] : seen) keys.insert(key);
  return keys;
}

// Flows run as they are imported: each must load, and fit the tenant's other flows and queues.
Status check_flows(const TenantImport& tenant, const std::set<std::string>& queues) {
  flow::FlowValidationContext context;
  context.flows.emplace();
  for (const ImportRecord& record : tenant.flows) context.flows->insert(record.key);
  context.queues = queues;
  for (const ImportRecord& record : tenant.flows) {
    // The record's location is "<file>:1:1"; issues name their own line.
    std::string file = record.location;
    if (file.ends_with(":1:1")) file.resize(file.size() - 4);
    const auto source = record.fields.find("source");
    if (source == record.fields.end() || !source->is_string()) continue;
    const auto issues = flow::check_flow_text(source->get<std::string>(), file, context);
    if (!issues.empty()) return flow::issue_error(issues.front(), file);
  }
  return ok_status();
}

Status check_tenant(const TenantImport& tenant) {
  std::map<RefTarget, std::set<std::string>> keys;
  const std::vector<
      std::tuple<const std::vector<ImportRecord>*, std::string_view, std::optional<RefTarget>>>
      kinds = {
          {&tenant.skills, "skill", RefTarget::skill},
          {&tenant.users, "username", RefTarget::user},
          {&tenant.queues, "queue", RefTarget::queue},
          {&tenant.products, "sku", RefTarget::product},
          {&tenant.contacts, "customer_number", RefTarget::contact},
          {&tenant.kb, "article slug", std::nullopt},
          {&tenant.flows, "flow name", std::nullopt},
          {&tenant.interactions, "interaction ref", RefTarget::interaction},
          {&tenant.orders, "order_number", RefTarget::order},
          {&tenant.tickets, "ticket_number", std::nullopt},
          {&tenant.callbacks, "call back", std::nullopt},  // no key: nothing refers to one
      };
  for (const auto& [records, what, target] : kinds) {
    auto unique = unique_keys(*records, what);
    if (!unique) return unique.error();
    if (target) keys[*target] = std::move(*unique);
  }
  if (auto s = check_flows(tenant, keys[RefTarget::queue]); !s) return s;
  for (const auto& [records, what, target] : kinds) {
    for (const ImportRecord& record : *records) {
      std::set<std::string> children_seen;  // a skill once per user/queue
      for (const Reference& ref : record.references) {
        if (!keys[ref.target].contains(ref.key))
          return invalid(fmt::format("unknown {} '{}' in tenant '{}'", ref_target_label(ref.target),
                                     ref.key, tenant.slug),
                         ref.location);
        if (ref.child == "skills" && !children_seen.insert(ref.key).second)
          return invalid(fmt::format("skill '{}' is listed twice", ref.key), ref.location);
      }
    }
  }
  return ok_status();
}

}  // namespace

Status check_import(const ImportBundle& bundle, store::StoreReader& reader) {
  std::map<std::string, const TenantImport*> slugs;
  std::map<std::string, const ImportRecord*> usernames;  // unique across the installation
  for (const TenantImport& tenant : bundle.tenants) {
    if (auto [it, inserted] = slugs.emplace(tenant.slug, &tenant); !inserted)
      return invalid(
          fmt::format("duplicate tenant '{}' (also in {})", tenant.slug, it->second->folder),
          tenant.location);
    if (reader.tenant_id_by_slug(tenant.slug))
      return invalid(fmt::format("tenant '{}' already exists", tenant.slug), tenant.location);
    for (const ImportRecord& user : tenant.users) {
      if (auto [it, inserted] = usernames.emplace(user.key, &user); !inserted)
        return invalid(
            fmt::format("duplicate username '{}' (first at {})", user.key, it->second->location),
            user.location);
      if (reader.user_by_username(user.key))
        return invalid(fmt::format("username '{}' already exists", user.key), user.location);
    }
    if (auto s = check_tenant(tenant); !s) return s;
  }
  return ok_status();
}

}  // namespace callwerk::app
