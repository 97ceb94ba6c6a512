// Walks DIR/tenants/<slug>/ and hands each file to its reader (importer_*_files.cpp).
#include <fmt/core.h>

#include <algorithm>
#include <map>

#include "app/importer.hpp"
#include "app/importer_files.hpp"

namespace callwerk::app {

namespace fs = std::filesystem;

namespace {

using FileReader = Status (*)(const fs::path&, const std::string&, TenantImport&);

struct TenantFile {
  const char* name;
  FileReader read;
  const char* counted;  // what to count for progress
};

// In reading order: later files refer to earlier ones only by name, so the order matters
// for the demo logins (users need the tenant slug) and for readable progress.
const std::vector<TenantFile>& tenant_files() {
  static const std::vector<TenantFile> files = {
      {"skills.yaml", read_skills_file, "skills"},
      {"users.yaml", read_users_file, "users"},
      {"queues.yaml", read_queues_file, "queues"},
      {"products.csv", read_products_file, "products"},
      {"contacts.csv", read_contacts_file, "contacts"},
      {"interactions.yaml", read_interactions_file, "interactions"},
      {"orders.yaml", read_orders_file, "orders"},
      {"tickets.yaml", read_tickets_file, "tickets"},
      {"callbacks.yaml", read_callbacks_file, "callbacks"},
  };
  return files;
}

size_t count_of(const TenantImport& t, std::string_view what) {
  if (what == "skills") return t.skills.size();
  if (what == "users") return t.users.size();
  if (what == "queues") return t.queues.size();
  if (what == "products") return t.products.size();
  if (what == "contacts") return t.contacts.size();
  if (what == "interactions") return t.interactions.size();
  if (what == "orders") return t.orders.size();
  if (what == "tickets") return t.tickets.size();
  if (what == "callbacks") return t.callbacks.size();
  return 0;
}

std::vector<fs::path> sorted_entries(const fs::path& dir) {
  std::vector<fs::path> entries;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) entries.push_back(entry.path());
  std::sort(entries.begin(), entries.end());
  return entries;
}

// Synonym groups for the knowledge-base search (src/kb/kb_synonyms.hpp).
constexpr const char* kKbSynonymsFile = "kb-synonyms.yaml";

bool hidden(const fs::path& p) {
  return p.filename().string().starts_with(".");
}

// kb/*.md or flows/*.yaml
Status read_content_folder(const fs::path& folder, const std::string& display,
                           const std::string& extension, FileReader read, TenantImport& tenant) {
  for (const fs::path& file : sorted_entries(folder)) {
    if (hidden(file)) continue;
    const std::string shown = display + "/" + file.filename().string();
    if (!fs::is_regular_file(file) || file.extension() != extension)
      return make_error(ErrorKind::invalid_input,
                        fmt::format("expected only *{} files here", extension), shown + ":1:1");
    if (auto s = read(file, shown, tenant); !s) return s;
  }
  return ok_status();
}

Result<TenantImport> read_tenant_folder(const fs::path& folder, const std::string& display,
                                        const ImportProgress& progress) {
  TenantImport tenant;
  tenant.folder = display;
  const fs::path tenant_yaml = folder / "tenant.yaml";
  if (!fs::is_regular_file(tenant_yaml))
    return make_error(ErrorKind::invalid_input, "missing tenant.yaml",
                      display + "/tenant.yaml:1:1");
  if (auto s = read_tenant_file(tenant_yaml, display + "/tenant.yaml", tenant); !s)
    return s.error();

  for (const fs::path& entry : sorted_entries(folder)) {
    const std::string name = entry.filename().string();
    if (hidden(entry) || name == "tenant.yaml" || name == "kb" || name == "flows" ||
        name == kKbSynonymsFile)
      continue;
    const bool known = std::any_of(tenant_files().begin(), tenant_files().end(),
                                   [&](const TenantFile& f) { return name == f.name; });
    if (!known)
      return make_error(ErrorKind::invalid_input,
                        "unknown file (see docs/import-format.md for the files of a tenant)",
                        display + "/" + name + ":1:1");
  }
  for (const TenantFile& file : tenant_files()) {
    const fs::path path = folder / file.name;
    if (!fs::exists(path)) continue;
    const std::string shown = display + "/" + file.name;
    if (auto s = file.read(path, shown, tenant); !s) return s.error();
    if (progress)
      progress(fmt::format("{}: {} {}", shown, count_of(tenant, file.counted), file.counted));
  }
  if (fs::is_directory(folder / "kb")) {
    if (auto s =
            read_content_folder(folder / "kb", display + "/kb", ".md", read_kb_article, tenant);
        !s)
      return s.error();
    if (progress) progress(fmt::format("{}/kb: {} articles", display, tenant.kb.size()));
  }
  if (fs::is_regular_file(folder / kKbSynonymsFile)) {
    const std::string shown = display + "/" + kKbSynonymsFile;
    if (auto s = read_kb_synonyms_file(folder / kKbSynonymsFile, shown, tenant); !s)
      return s.error();
    if (progress) progress(fmt::format("{}: {} synonym groups", shown, tenant.kb_synonyms.size()));
  }
  if (fs::is_directory(folder / "flows")) {
    if (auto s = read_content_folder(folder / "flows", display + "/flows", ".yaml", read_flow_file,
                                     tenant);
        !s)
      return s.error();
    if (progress) progress(fmt::format("{}/flows: {} flows", display, tenant.flows.size()));
  }
  return tenant;
}

}  // namespace

Result<ImportBundle> read_import_folder(const fs::path& dir, const ImportProgress& progress) {
  const fs::path tenants_dir = dir / "tenants";
  const std::string tenants_display = tenants_dir.string();
  if (!fs::is_directory(tenants_dir))
    return make_error(ErrorKind::invalid_input, "no 'tenants' folder in the import folder",
                      tenants_display + ":1:1");
  ImportBundle bundle;
  for (const fs::path& folder : sorted_entries(tenants_dir)) {
    if (hidden(folder)) continue;
    const std::string display = tenants_display + "/" + folder.filename().string();
    if (!fs::is_directory(folder))
      return make_error(ErrorKind::invalid_input, "expected one folder per tenant",
                        display + ":1:1");
    auto tenant = read_tenant_folder(folder, display, progress);
    if (!tenant) return tenant.error();
    bundle.tenants.push_back(std::move(*tenant));
  }
  if (bundle.tenants.empty())
    return make_error(ErrorKind::invalid_input, "no tenant folders to import",
                      tenants_display + ":1:1");
  return bundle;
}

}  // namespace callwerk::app
