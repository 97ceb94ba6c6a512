// The write phase of an import: one StoreWriter work item for the whole folder, so that the
// store's savepoint makes it all or nothing.
#include <fmt/core.h>

#include <map>

#include "app/importer.hpp"

namespace callwerk::app {

namespace {

using store::Id;

using KeyToId = std::map<RefTarget, std::map<std::string, Id>>;

const store::Actor kImportActor{std::nullopt, "import"};

Error at_record(const ImportRecord& record, const Error& store_error) {
  std::string message = store_error.location.empty()
                            ? store_error.message
                            : store_error.location + ": " + store_error.message;
  return make_error(store_error.kind, std::move(message), record.location);
}

Result<Id> create_record(store::WriteContext& context, const store::EntitySpec& spec, Id tenant_id,
                         const ImportRecord& record, const KeyToId& ids) {
  Json input = record.fields;
  for (const Reference& ref : record.references) {
    // check_import guarantees that every key is known.
    const Id id = ids.at(ref.target).at(ref.key);
    if (ref.child.empty())
      input[ref.field] = id;
    else
      input[ref.child][ref.child_index][ref.field] = id;
  }
  // History from the file keeps its own time; created_at stays read-only for API clients.
  auto created = record.created_at
                     ? context.create_imported(spec, tenant_id, input, kImportActor,
                                               store::HistoricalTimes{*record.created_at, {}})
                     : context.create(spec, tenant_id, input, kImportActor);
  if (!created) return at_record(record, created.error());
  if (!created->contains("id") || !(*created)["id"].is_number_integer())
    return make_error(ErrorKind::internal, "the store returned no id", record.location);
  return (*created)["id"].get<Id>();
}

struct KindToWrite {
  const std::vector<ImportRecord>* records;
  const char* entity;
  std::optional<RefTarget> target;
};

Result<Json> write_tenant(store::WriteContext& context, const TenantImport& tenant,
                          const ImportProgress& progress) {
  auto tenant_id =
      context.create_tenant(tenant.slug, tenant.name, tenant.timezone, tenant.language);
  if (!tenant_id) {
    Error e = tenant_id.error();
    e.location = tenant.location;
    return e;
  }
  KeyToId ids;
  Json counts = Json::object();
  const std::vector<KindToWrite> kinds = {
      {&tenant.skills, "skills", RefTarget::skill},
      {&tenant.users, "users", RefTarget::user},
      {&tenant.queues, "queues", RefTarget::queue},
      {&tenant.products, "products", RefTarget::product},
      {&tenant.contacts, "contacts", RefTarget::contact},
      {&tenant.kb, "kb", std::nullopt},
      {&tenant.kb_synonyms, "kb_synonyms", std::nullopt},
      {&tenant.flows, "flows", std::nullopt},
      {&tenant.interactions, "interactions", RefTarget::interaction},
      {&tenant.orders, "orders", RefTarget::order},
      {&tenant.tickets, "tickets", std::nullopt},
      {&tenant.callbacks, "callbacks", std::nullopt},
  };
  std::size_t timeline_events = 0;
  for (const KindToWrite& kind : kinds) {
    const store::EntitySpec& spec = *store::find_entity(kind.entity);
    std::size_t written = 0;
    for (const ImportRecord& record : *kind.records) {
      auto id = create_record(context, spec, *tenant_id, record, ids);
      if (!id) return id.error();
      if (kind.target && !record.key.empty()) ids[*kind.target][record.key] = *id;
      for (const TimelineEntry& event : record.timeline) {
        auto appended = context.append_timeline(*tenant_id, *id, event.type, event.payload,
                                                store::Actor{std::nullopt, event.actor}, event.at);
        if (!appended) {
          Error e = appended.error();
          e.location = event.location;
          return e;
        }
        ++timeline_events;
      }
      ++written;
      if (progress && written % 10000 == 0)
        progress(fmt::format("{}: {} of {} {} written", tenant.slug, written, kind.records->size(),
                             kind.entity));
    }
    counts[kind.entity] = written;
  }
  counts["timeline_events"] = timeline_events;
  if (auto s = context.audit(*tenant_id, kImportActor, "import", "tenant", *tenant_id,
                             Json{{"counts", counts}});
      !s) {
    Error e = s.error();
    e.location = tenant.location;
    return e;
  }
  if (progress) progress(fmt::format("{}: written ({})", tenant.slug, counts.dump()));
  return Json{{"slug", tenant.slug}, {"id", *tenant_id}, {"counts", counts}};
}

}  // namespace

Result<Json> write_import(const ImportBundle& bundle, store::StoreWriter& writer,
                          const ImportProgress& progress) {
  return writer.run([&bundle, &progress](store::WriteContext& context) -> Result<Json> {
    Json tenants = Json::array();
    for (const TenantImport& tenant : bundle.tenants) {
      auto written = write_tenant(context, tenant, progress);
      if (!written) return written.error();
      tenants.push_back(std::move(*written));
    }
    return Json{{"tenants", tenants}};
  });
}

Result<ImportOutcome> import_folder(const std::filesystem::path& dir,
                                    const store::StoreOptions& options,
                                    const ImportProgress& progress) {
  auto bundle = read_import_folder(dir, progress);
  if (!bundle) return bundle.error();
  auto writer = store::open_writer(options);
  if (!writer) return writer.error();
  auto reader = store::open_reader(options);
  if (!reader) {
    (*writer)->stop();
    return reader.error();
  }
  if (auto s = check_import(*bundle, **reader); !s) {
    (*writer)->stop();
    return s.error();
  }
  auto summary = write_import(*bundle, **writer, progress);
  (*writer)->stop();
  if (!summary) return summary.error();
  return ImportOutcome{std::move(*bundle), std::move(*summary)};
}

}  // namespace callwerk::app
