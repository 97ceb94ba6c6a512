#pragma once
// One reader per file kind of docs/import-format.md. Each reads one file of one tenant into
// the TenantImport, checking everything that can be checked from the file alone; references
// between records are checked afterwards (import_check.cpp) when every file is read.

#include <filesystem>
#include <string>

#include "app/import_model.hpp"
#include "core/result.hpp"
#include "core/yaml_helpers.hpp"

namespace callwerk::app {

// `file` is the path to open, `display` the path shown in error locations.
Status read_tenant_file(const std::filesystem::path& file, const std::string& display,
                        TenantImport& tenant);
Status read_skills_file(const std::filesystem::path& file, const std::string& display,
                        TenantImport& tenant);
Status read_users_file(const std::filesystem::path& file, const std::string& display,
                       TenantImport& tenant);
Status read_queues_file(const std::filesystem::path& file, const std::string& display,
                        TenantImport& tenant);
Status read_products_file(const std::filesystem::path& file, const std::string& display,
                          TenantImport& tenant);
Status read_contacts_file(const std::filesystem::path& file, const std::string& display,
                          TenantImport& tenant);
Status read_kb_article(const std::filesystem::path& file, const std::string& display,
                       TenantImport& tenant);
// kb-synonyms.yaml: one kb_synonyms record per group, located at the group's line.
Status read_kb_synonyms_file(const std::filesystem::path& file, const std::string& display,
                             TenantImport& tenant);
Status read_flow_file(const std::filesystem::path& file, const std::string& display,
                      TenantImport& tenant);
Status read_interactions_file(const std::filesystem::path& file, const std::string& display,
                              TenantImport& tenant);
Status read_orders_file(const std::filesystem::path& file, const std::string& display,
                        TenantImport& tenant);
Status read_callbacks_file(const std::filesystem::path& file, const std::string& display,
                           TenantImport& tenant);
Status read_tickets_file(const std::filesystem::path& file, const std::string& display,
                         TenantImport& tenant);

// Shared by the YAML readers: the file must be a list of mappings (an empty file is an empty
// list); `read_item` is called for each.
template <typename ReadItem>
Status for_each_yaml_record(const YAML::Node& root, const YamlSource& source,
                            ReadItem&& read_item) {
  if (root.IsNull()) return ok_status();
  if (auto s = expect_sequence(source, root, "the file"); !s) return s;
  for (const YAML::Node& item : root) {
    if (auto s = expect_map(source, item, "each entry"); !s) return s;
    if (auto s = read_item(item); !s) return s;
  }
  return ok_status();
}

// A reference to another record by its key, as written in the YAML ("queue: Kundenservice").
Status add_yaml_reference(const YamlSource& source, const YAML::Node& value, RefTarget target,
                          const std::string& field, ImportRecord& record);

}  // namespace callwerk::app
