// interactions.yaml, orders.yaml, tickets.yaml, callbacks.yaml: the history of a tenant (and
// the call backs still to make).
#include <fmt/core.h>

#include "app/import_fields.hpp"
#include "app/importer_files.hpp"

namespace callwerk::app {

namespace {

Status read_timeline(const YamlSource& source, const YAML::Node& list, ImportRecord& record) {
  if (auto s = expect_sequence(source, list, "'timeline'"); !s) return s;
  for (const YAML::Node& item : list) {
    if (auto s = expect_map(source, item, "each timeline event"); !s) return s;
    if (auto s = check_known_keys(source, item, {"type", "at", "actor", "payload"}); !s) return s;
    TimelineEntry entry;
    entry.location = yaml_location(source, item.Mark());
    const YAML::Node type = item["type"];
    if (!type) return yaml_error(source, item, "missing required key 'type'");
    auto type_text = yaml_string(source, type, "type");
    if (!type_text) return type_text.error();
    if (type_text->empty() || type_text->size() > 64)
      return yaml_error(source, type, "'type' must be 1 to 64 characters");
    entry.type = *type_text;
    const YAML::Node at = item["at"];
    if (!at) return yaml_error(source, item, "missing required key 'at'");
    auto at_time = yaml_time(source, at, "at");
    if (!at_time) return at_time.error();
    entry.at = *at_time;
    entry.actor = "system";
    if (const YAML::Node actor = item["actor"]) {
      auto value = yaml_string(source, actor, "actor");
      if (!value) return value.error();
      if (!value->empty()) entry.actor = *value;
    }
    if (const YAML::Node payload = item["payload"]; payload && !payload.IsNull()) {
      if (auto s = expect_map(source, payload, "'payload'"); !s) return s;
      entry.payload = yaml_to_json(payload);
    }
    record.timeline.push_back(std::move(entry));
  }
  return ok_status();
}

Status read_created_at(const YamlSource& source, const YAML::Node& item, ImportRecord& record) {
  if (const YAML::Node created = item["created_at"]) {
    auto value = yaml_time(source, created, "created_at");
    if (!value) return value.error();
    record.created_at = *value;
  }
  return ok_status();
}

// delivery: {name, street, postcode, city} -> delivery_name, ...
Status read_delivery(const YamlSource& source, const YAML::Node& delivery,
                     const store::EntitySpec& spec, ImportRecord& record) {
  if (auto s = expect_map(source, delivery, "'delivery'"); !s) return s;
  if (auto s = check_known_keys(source, delivery, {"name", "street", "postcode", "city"}); !s)
    return s;
  for (auto it = delivery.begin(); it != delivery.end(); ++it) {
    const std::string field = "delivery_" + it->first.Scalar();
    auto value = field_from_yaml(source, it->second, *spec.field(field));
    if (!value) return value.error();
    if (!value->is_null()) record.fields[field] = std::move(*value);
  }
  return ok_status();
}

Status read_order_lines(const YamlSource& source, const YAML::Node& lines,
                        const store::EntitySpec& spec, ImportRecord& record) {
  if (auto s = expect_sequence(source, lines, "'lines'"); !s) return s;
  const store::ChildSpec& child = *spec.child("lines");
  Json children = Json::array();
  for (const YAML::Node& item : lines) {
    if (auto s = expect_map(source, item, "each order line"); !s) return s;
    if (auto s =
            check_known_keys(source, item, {"sku", "quantity", "description", "unit_price_cents"});
        !s)
      return s;
    Json line = Json::object();
    for (const char* key : {"quantity", "description", "unit_price_cents"}) {
      const YAML::Node value_node = item[key];
      if (!value_node) continue;
      const store::FieldSpec* field = nullptr;
      for (const auto& f : child.fields)
        if (f.name == key) field = &f;
      auto value = field_from_yaml(source, value_node, *field);
      if (!value) return value.error();
      if (!value->is_null()) line[key] = std::move(*value);
    }
    if (!line.contains("quantity"))
      return yaml_error(source, item, "missing required key 'quantity'");
    if (line["quantity"].get<std::int64_t>() < 1)
      return yaml_error(source, item["quantity"], "'quantity' must be at least 1");
    if (const YAML::Node sku = item["sku"]) {
      auto key = yaml_string(source, sku, "sku");
      if (!key) return key.error();
      record.references.push_back(Reference{.target = RefTarget::product,
                                            .key = *key,
                                            .field = "product_id",
                                            .child = "lines",
                                            .child_index = children.size(),
                                            .location = yaml_location(source, sku.Mark())});
    } else if (!line.contains("description") || !line.contains("unit_price_cents")) {
      return yaml_error(source, item,
                        "a line needs 'sku', or 'description' and 'unit_price_cents'");
    }
    children.push_back(std::move(line));
  }
  record.fields["lines"] = std::move(children);
  return ok_status();
}

struct ReferenceKey {
  const char* key;    // YAML key ("contact")
  RefTarget target;   // what its value names
  const char* field;  // the catalog field it fills ("contact_id")
};

// The optional reference keys of a record, resolved by name or number when writing.
Status add_yaml_references(const YamlSource& source, const YAML::Node& item,
                           std::initializer_list<ReferenceKey> keys, ImportRecord& record) {
  for (const ReferenceKey& k : keys)
    if (const YAML::Node value = item[k.key])
      if (auto s = add_yaml_reference(source, value, k.target, k.field, record); !s) return s;
  return ok_status();
}

// Orders and tickets: catalog fields, their human number as the record's key, created_at.
Status read_numbered_record(const YamlSource& source, const YAML::Node& item,
                            const store::EntitySpec& spec,
                            std::initializer_list<std::string_view> extra_keys,
                            ImportRecord& record) {
  record.location = yaml_location(source, item.Mark());
  if (auto s = read_catalog_fields(source, item, spec, extra_keys, record.fields); !s) return s;
  if (auto s = check_required_fields(record.location, spec, record.fields); !s) return s;
  const std::string number_field(spec.number_field);
  if (!record.fields.contains(number_field))
    return yaml_error(source, item, fmt::format("missing required key '{}'", number_field));
  record.key = record.fields[number_field].get<std::string>();
  return read_created_at(source, item, record);
}

}  // namespace

Status read_interactions_file(const std::filesystem::path& file, const std::string& display,
                              TenantImport& tenant) {
  const YamlSource source{display};
  auto root = load_yaml_file(file, display);
  if (!root) return root.error();
  const auto& spec = entity_spec("interactions");
  return for_each_yaml_record(*root, source, [&](const YAML::Node& item) -> Status {
    ImportRecord record;
    record.location = yaml_location(source, item.Mark());
    if (auto s = read_catalog_fields(
            source, item, spec, {"ref", "contact", "queue", "agent", "timeline"}, record.fields);
        !s)
      return s;
    if (auto s = check_required_fields(record.location, spec, record.fields); !s) return s;
    if (const YAML::Node ref = item["ref"]) {
      auto value = yaml_string(source, ref, "ref");
      if (!value) return value.error();
      record.key = *value;
    }
    if (auto s = add_yaml_references(source, item,
                                     {{"contact", RefTarget::contact, "contact_id"},
                                      {"queue", RefTarget::queue, "queue_id"},
                                      {"agent", RefTarget::user, "agent_id"}},
                                     record);
        !s)
      return s;
    if (const YAML::Node timeline = item["timeline"]; timeline && !timeline.IsNull())
      if (auto s = read_timeline(source, timeline, record); !s) return s;
    tenant.interactions.push_back(std::move(record));
    return ok_status();
  });
}

Status read_orders_file(const std::filesystem::path& file, const std::string& display,
                        TenantImport& tenant) {
  const YamlSource source{display};
  auto root = load_yaml_file(file, display);
  if (!root) return root.error();
  const auto& spec = entity_spec("orders");
  return for_each_yaml_record(*root, source, [&](const YAML::Node& item) -> Status {
    ImportRecord record;
    if (auto s = read_numbered_record(source, item, spec,
                                      {"contact", "interaction", "delivery", "lines", "created_at"},
                                      record);
        !s)
      return s;
    if (auto s = add_yaml_references(source, item,
                                     {{"contact", RefTarget::contact, "contact_id"},
                                      {"interaction", RefTarget::interaction, "interaction_id"}},
                                     record);
        !s)
      return s;
    if (const YAML::Node delivery = item["delivery"]; delivery && !delivery.IsNull())
      if (auto s = read_delivery(source, delivery, spec, record); !s) return s;
    const YAML::Node lines = item["lines"];
    if (!lines) return yaml_error(source, item, "missing required key 'lines'");
    if (auto s = read_order_lines(source, lines, spec, record); !s) return s;
    tenant.orders.push_back(std::move(record));
    return ok_status();
  });
}

Status read_tickets_file(const std::filesystem::path& file, const std::string& display,
                         TenantImport& tenant) {
  const YamlSource source{display};
  auto root = load_yaml_file(file, display);
  if (!root) return root.error();
  const auto& spec = entity_spec("tickets");
  return for_each_yaml_record(*root, source, [&](const YAML::Node& item) -> Status {
    ImportRecord record;
    if (auto s = read_numbered_record(
            source, item, spec, {"contact", "interaction", "order", "owner", "created_at"}, record);
        !s)
      return s;
    if (auto s = add_yaml_references(source, item,
                                     {{"contact", RefTarget::contact, "contact_id"},
                                      {"interaction", RefTarget::interaction, "interaction_id"},
                                      {"order", RefTarget::order, "order_id"},
                                      {"owner", RefTarget::user, "owner_id"}},
                                     record);
        !s)
      return s;
    tenant.tickets.push_back(std::move(record));
    return ok_status();
  });
}

Status read_callbacks_file(const std::filesystem::path& file, const std::string& display,
                           TenantImport& tenant) {
  const YamlSource source{display};
  auto root = load_yaml_file(file, display);
  if (!root) return root.error();
  const auto& spec = entity_spec("callbacks");
  return for_each_yaml_record(*root, source, [&](const YAML::Node& item) -> Status {
    ImportRecord record;
    record.location = yaml_location(source, item.Mark());
    if (auto s = read_catalog_fields(source, item, spec,
                                     {"queue", "contact", "interaction", "agent", "created_at"},
                                     record.fields);
        !s)
      return s;
    if (auto s = check_required_fields(record.location, spec, record.fields); !s) return s;
    if (auto s = add_yaml_references(source, item,
                                     {{"queue", RefTarget::queue, "queue_id"},
                                      {"contact", RefTarget::contact, "contact_id"},
                                      {"interaction", RefTarget::interaction, "interaction_id"},
                                      {"agent", RefTarget::user, "agent_id"}},
                                     record);
        !s)
      return s;
    if (auto s = read_created_at(source, item, record); !s) return s;
    tenant.callbacks.push_back(std::move(record));
    return ok_status();
  });
}

}  // namespace callwerk::app
