#include "app/exporter.hpp"

#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <map>

#include "app/csv_reader.hpp"
#include "app/import_fields.hpp"
#include "core/yaml_helpers.hpp"

namespace callwerk::app {

namespace fs = std::filesystem;
using store::Id;

namespace {

// id -> the key records are referred to by in the files.
using IdToKey = std::map<Id, std::string>;

Result<std::vector<Json>> list_all(store::StoreReader& reader, const store::EntitySpec& spec,
                                   Id tenant_id) {
  std::vector<Json> items;
  store::ListQuery query;
  query.tenant_id = tenant_id;
  query.limit = 500;
  query.sort = "id";
  query.descending = false;
  while (true) {
    auto page = reader.list(spec, query);
    if (!page) return page.error();
    for (auto& item : page->items) items.push_back(std::move(item));
    if (page->items.size() < static_cast<size_t>(query.limit)) break;
    query.offset += query.limit;
  }
  return items;
}

Status write_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  out.close();
  if (!out) return make_error(ErrorKind::internal, "cannot write file", path.string());
  return ok_status();
}

bool has_value(const Json& item, std::string_view key) {
  auto it = item.find(std::string(key));
  return it != item.end() && !it->is_null();
}

// The plain writable fields of a record, in catalog order.
void emit_fields(YAML::Emitter& out, const store::EntitySpec& spec, const Json& item) {
  for (const store::FieldSpec& field : spec.fields) {
    if (!field.writable || field.secret || field.type == store::FieldType::reference) continue;
    if (!has_value(item, field.name)) continue;
    out << YAML::Key << std::string(field.name) << YAML::Value;
    emit_json(out, item.at(std::string(field.name)));
  }
}

void emit_reference(YAML::Emitter& out, const char* key, const Json& item, const char* field,
                    const IdToKey& keys) {
  if (!has_value(item, field)) return;
  auto it = keys.find(item.at(field).get<Id>());
  if (it == keys.end() || it->second.empty()) return;  // e.g. a contact without number
  out << YAML::Key << key << YAML::Value;
  emit_json(out, Json(it->second));
}

IdToKey keys_of(const std::vector<Json>& items, const char* key_field) {
  IdToKey keys;
  for (const Json& item : items)
    if (has_value(item, key_field))
      keys[item.at("id").get<Id>()] = item.at(key_field).get<std::string>();
  return keys;
}

std::string interaction_ref(Id id) {
  return fmt::format("i-{}", id);
}

std::string text_or_empty(const Json& item, const char* key) {
  if (!has_value(item, key)) return {};
  const Json& v = item.at(key);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

std::string consent_time(const std::string& iso) {
  // A date is enough for consents given on a day; keep the full time otherwise.
  if (auto t = parse_iso8601(iso); t && *t % 86'400'000 == 0)
    return format_iso8601(*t).substr(0, 10);
  return iso;
}

std::string products_csv(const std::vector<Json>& products) {
  std::string out = csv_row({"sku", "name", "description", "category", "unit", "price", "currency",
                             "vat_percent", "active", "max_quantity"});
  for (const Json& p : products) {
    out +=
        csv_row({text_or_empty(p, "sku"), text_or_empty(p, "name"), text_or_empty(p, "description"),
                 text_or_empty(p, "category"), text_or_empty(p, "unit"),
                 format_money_cents(p.value("unit_price_cents", std::int64_t{0})),
                 text_or_empty(p, "currency"), text_or_empty(p, "vat_percent"),
                 text_or_empty(p, "active"), text_or_empty(p, "max_quantity")});
  }
  return out;
}

std::string contacts_csv(const std::vector<Json>& contacts) {
  std::string out = csv_row({"customer_number", "salutation", "first_name", "last_name", "company",
                             "email", "street", "postcode", "city", "country", "phones", "consents",
                             "do_not_call", "notes"});
  for (const Json& c : contacts) {
    std::string phones;
    for (const Json& phone : c.value("phones", Json::array()))
      phones += (phones.empty() ? "" : ";") + text_or_empty(phone, "kind") + ":" +
                text_or_empty(phone, "number");
    std::string consents;
    for (const Json& consent : c.value("consents", Json::array()))
      consents += (consents.empty() ? "" : ";") + text_or_empty(consent, "kind") + ":" +
                  (consent.value("granted", false) ? "yes" : "no") + ":" +
                  text_or_empty(consent, "source") + ":" +
                  consent_time(text_or_empty(consent, "recorded_at"));
    out += csv_row({text_or_empty(c, "customer_number"), text_or_empty(c, "salutation"),
                    text_or_empty(c, "first_name"), text_or_empty(c, "last_name"),
                    text_or_empty(c, "company"), text_or_empty(c, "email"),
                    text_or_empty(c, "street"), text_or_empty(c, "postcode"),
                    text_or_empty(c, "city"), text_or_empty(c, "country"), phones, consents,
                    text_or_empty(c, "do_not_call"), text_or_empty(c, "notes")});
  }
  return out;
}

std::string emitted(const YAML::Emitter& out) {
  return std::string(out.c_str()) + "\n";
}

// Everything one tenant holds, read once and written file by file.
struct TenantData {
  std::map<std::string, std::vector<Json>> entities;  // by catalog name
  IdToKey skills, users, queues, products, contacts, interactions, orders;
};

Status export_tenant(store::StoreReader& reader, Id tenant_id, const fs::path& root,
                     const ExportProgress& progress) {
  auto tenant = reader.tenant(tenant_id);
  if (!tenant) return tenant.error();
  const std::string slug = tenant->at("slug").get<std::string>();
  const fs::path dir = root / "tenants" / slug;
  fs::create_directories(dir);

  TenantData data;
  for (const char* name : {"skills", "users", "queues", "products", "contacts", "kb", "kb_synonyms",
                           "flows", "interactions", "orders", "tickets", "callbacks"}) {
    auto items = list_all(reader, entity_spec(name), tenant_id);
    if (!items) return items.error();
    data.entities[name] = std::move(*items);
  }
  data.skills = keys_of(data.entities["skills"], "name");
  data.users = keys_of(data.entities["users"], "username");
  data.queues = keys_of(data.entities["queues"], "name");
  data.products = keys_of(data.entities["products"], "sku");
  data.contacts = keys_of(data.entities["contacts"], "customer_number");
  data.orders = keys_of(data.entities["orders"], "order_number");
  for (const Json& i : data.entities["interactions"])
    data.interactions[i.at("id").get<Id>()] = interaction_ref(i.at("id").get<Id>());

  {
    YAML::Emitter out;
    out << YAML::BeginMap;
    for (const char* key : {"slug", "name", "timezone", "language"})
      out << YAML::Key << key << YAML::Value << tenant->at(key).get<std::string>();
    out << YAML::EndMap;
    if (auto s = write_file(dir / "tenant.yaml", emitted(out)); !s) return s;
  }

  auto write_yaml_list = [&](const char* file, const char* entity,
                             const std::function<void(YAML::Emitter&, const Json&)>& extra) {
    const auto& items = data.entities[entity];
    if (items.empty()) return ok_status();
    YAML::Emitter out;
    out << YAML::BeginSeq;
    for (const Json& item : items) {
      out << YAML::BeginMap;
      emit_fields(out, entity_spec(entity), item);
      if (extra) extra(out, item);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
    if (progress) progress(fmt::format("{}/{}: {} {}", slug, file, items.size(), entity));
    return write_file(dir / file, emitted(out));
  };
  auto skill_levels = [&](YAML::Emitter& out, const Json& item, const char* level_key) {
    const Json skills = item.value("skills", Json::array());
    if (skills.empty()) return;
    out << YAML::Key << "skills" << YAML::Value << YAML::BeginSeq;
    for (const Json& s : skills) {
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "skill" << YAML::Value
          << data.skills[s.at("skill_id").get<Id>()];
      if (has_value(s, level_key))
        out << YAML::Key << level_key << YAML::Value << s.at(level_key).get<std::int64_t>();
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  };

  if (auto s = write_yaml_list("skills.yaml", "skills", nullptr); !s) return s;
  if (auto s = write_yaml_list("users.yaml", "users",
                               [&](YAML::Emitter& out, const Json& user) {
                                 auto record = reader.user_by_id(user.at("id").get<Id>());
                                 if (record && !record->password_hash.empty())
                                   out << YAML::Key << "password_hash" << YAML::Value
                                       << record->password_hash;
                                 skill_levels(out, user, "level");
                               });
      !s)
    return s;
  if (auto s = write_yaml_list(
          "queues.yaml", "queues",
          [&](YAML::Emitter& out, const Json& queue) { skill_levels(out, queue, "min_level"); });
      !s)
    return s;
  if (!data.entities["products"].empty()) {
    if (auto s = write_file(dir / "products.csv", products_csv(data.entities["products"])); !s)
      return s;
    if (progress)
      progress(fmt::format("{}/products.csv: {} products", slug, data.entities["products"].size()));
  }
  if (!data.entities["contacts"].empty()) {
    if (auto s = write_file(dir / "contacts.csv", contacts_csv(data.entities["contacts"])); !s)
      return s;
    if (progress)
      progress(fmt::format("{}/contacts.csv: {} contacts", slug, data.entities["contacts"].size()));
  }

  if (!data.entities["kb"].empty()) fs::create_directories(dir / "kb");
  for (const Json& article : data.entities["kb"]) {
    YAML::Emitter front;
    front << YAML::BeginMap;
    for (const char* key : {"title", "category", "language", "published"}) {
      if (!has_value(article, key)) continue;
      front << YAML::Key << key << YAML::Value;
      emit_json(front, article.at(key));
    }
    if (has_value(article, "tags")) {
      Json tags = Json::array();
      const std::string joined = article.at("tags").get<std::string>();
      for (size_t start = 0; start <= joined.size();) {
        size_t end = joined.find(", ", start);
        tags.push_back(joined.substr(start, end == std::string::npos ? end : end - start));
        if (end == std::string::npos) break;
        start = end + 2;
      }
      front << YAML::Key << "tags" << YAML::Value << YAML::Flow;
      emit_json(front, tags);
    }
    front << YAML::EndMap;
    const std::string text =
        "---\n" + std::string(front.c_str()) + "\n---\n" + text_or_empty(article, "body") + "\n";
    if (auto s = write_file(dir / "kb" / (article.at("slug").get<std::string>() + ".md"), text); !s)
      return s;
  }

  if (const auto& groups = data.entities["kb_synonyms"]; !groups.empty()) {
    YAML::Emitter out;
    out << YAML::BeginMap << YAML::Key << "synonyms" << YAML::Value << YAML::BeginSeq;
    for (const Json& group : groups) {
      out << YAML::Flow;
      emit_json(out, group.value("words", Json::array()));
    }
    out << YAML::EndSeq << YAML::EndMap;
    if (auto s = write_file(dir / "kb-synonyms.yaml", emitted(out)); !s) return s;
    if (progress)
      progress(fmt::format("{}/kb-synonyms.yaml: {} synonym groups", slug, groups.size()));
  }

  // The newest version of each flow.
  std::map<std::string, const Json*> newest_flows;
  for (const Json& flow : data.entities["flows"]) {
    const std::string name = flow.at("name").get<std::string>();
    auto& slot = newest_flows[name];
    if (slot == nullptr || slot->value("version", 0) < flow.value("version", 0)) slot = &flow;
  }
  if (!newest_flows.empty()) fs::create_directories(dir / "flows");
  for (const auto& [name, flow] : newest_flows)
    if (auto s = write_file(dir / "flows" / (name + ".yaml"), text_or_empty(*flow, "source")); !s)
      return s;

  std::string timeline_error;
  if (auto s = write_yaml_list("interactions.yaml", "interactions",
                               [&](YAML::Emitter& out, const Json& item) {
                                 const Id id = item.at("id").get<Id>();
                                 out << YAML::Key << "ref" << YAML::Value << interaction_ref(id);
                                 emit_reference(out, "contact", item, "contact_id", data.contacts);
                                 emit_reference(out, "queue", item, "queue_id", data.queues);
                                 emit_reference(out, "agent", item, "agent_id", data.users);
                                 auto timeline = reader.timeline(tenant_id, id);
                                 if (!timeline) {
                                   timeline_error = timeline.error().describe();
                                   return;
                                 }
                                 const Json events = timeline->is_array()
                                                         ? *timeline
                                                         : timeline->value("items", Json::array());
                                 if (events.empty()) return;
                                 out << YAML::Key << "timeline" << YAML::Value << YAML::BeginSeq;
                                 for (const Json& event : events) {
                                   out << YAML::Flow << YAML::BeginMap;
                                   for (const char* key : {"type", "at", "actor", "payload"}) {
                                     if (!has_value(event, key)) continue;
                                     out << YAML::Key << key << YAML::Value;
                                     emit_json(out, event.at(key));
                                   }
                                   out << YAML::EndMap;
                                 }
                                 out << YAML::EndSeq;
                               });
      !s)
    return s;
  if (!timeline_error.empty()) return make_error(ErrorKind::internal, timeline_error);

  if (auto s = write_yaml_list(
          "orders.yaml", "orders",
          [&](YAML::Emitter& out, const Json& order) {
            emit_reference(out, "contact", order, "contact_id", data.contacts);
            emit_reference(out, "interaction", order, "interaction_id", data.interactions);
            if (has_value(order, "created_at"))
              out << YAML::Key << "created_at" << YAML::Value << text_or_empty(order, "created_at");
            out << YAML::Key << "lines" << YAML::Value << YAML::BeginSeq;
            for (const Json& line : order.value("lines", Json::array())) {
              out << YAML::BeginMap;
              emit_reference(out, "sku", line, "product_id", data.products);
              for (const char* key : {"quantity", "description", "unit_price_cents"}) {
                if (!has_value(line, key)) continue;
                out << YAML::Key << key << YAML::Value;
                emit_json(out, line.at(key));
              }
              out << YAML::EndMap;
            }
            out << YAML::EndSeq;
          });
      !s)
    return s;

  if (auto s = write_yaml_list(
          "tickets.yaml", "tickets",
          [&](YAML::Emitter& out, const Json& ticket) {
            emit_reference(out, "contact", ticket, "contact_id", data.contacts);
            emit_reference(out, "interaction", ticket, "interaction_id", data.interactions);
            emit_reference(out, "order", ticket, "order_id", data.orders);
            emit_reference(out, "owner", ticket, "owner_id", data.users);
            if (has_value(ticket, "created_at"))
              out << YAML::Key << "created_at" << YAML::Value
                  << text_or_empty(ticket, "created_at");
          });
      !s)
    return s;

  // Call backs, done and still to make: a moved tenant calls its customers back as promised.
  return write_yaml_list("callbacks.yaml", "callbacks", [&](YAML::Emitter& out, const Json& cb) {
    emit_reference(out, "queue", cb, "queue_id", data.queues);
    emit_reference(out, "contact", cb, "contact_id", data.contacts);
    emit_reference(out, "interaction", cb, "interaction_id", data.interactions);
    emit_reference(out, "agent", cb, "agent_id", data.users);
    if (has_value(cb, "created_at"))
      out << YAML::Key << "created_at" << YAML::Value << text_or_empty(cb, "created_at");
  });
}

}  // namespace

Status export_folder(const fs::path& dir, const store::StoreOptions& options,
                     const ExportProgress& progress) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !(fs::is_directory(dir, ec) && fs::is_empty(dir, ec)))
    return make_error(ErrorKind::invalid_input, "the target folder exists and is not empty",
                      dir.string());
  if (!fs::exists(options.path, ec))
    return make_error(ErrorKind::invalid_input, "no database here", options.path);
  auto reader = store::open_reader(options);
  if (!reader) return reader.error();
  auto tenants = (*reader)->tenants();
  if (!tenants) return tenants.error();
  fs::create_directories(dir / "tenants", ec);
  if (ec) return make_error(ErrorKind::invalid_input, ec.message(), dir.string());
  for (const Json& tenant : *tenants) {
    if (auto s = export_tenant(**reader, tenant.at("id").get<Id>(), dir, progress); !s) return s;
  }
  return ok_status();
}

}  // namespace callwerk::app
