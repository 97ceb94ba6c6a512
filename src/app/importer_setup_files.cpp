// tenant.yaml, skills.yaml, users.yaml, queues.yaml: the set-up of a tenant.
#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>

#include "app/import_fields.hpp"
#include "app/importer_files.hpp"
#include "store/credentials.hpp"

namespace callwerk::app {

Status add_yaml_reference(const YamlSource& source, const YAML::Node& value, RefTarget target,
                          const std::string& field, ImportRecord& record) {
  auto key = yaml_string(source, value, field);
  if (!key) return key.error();
  if (key->empty()) return ok_status();
  record.references.push_back(Reference{.target = target,
                                        .key = *key,
                                        .field = field,
                                        .child = {},
                                        .child_index = 0,
                                        .location = yaml_location(source, value.Mark())});
  return ok_status();
}

namespace {

// A user's password waiting for its hash.
struct PendingHash {
  std::size_t user = 0;  // index in TenantImport::users
  std::string plain;
  std::string location;  // of the password in users.yaml
};

// argon2id is most of an import's time (the demo's 14 users took 2.5 of its 3.6 s, one hash
// after another) and every hash stands alone: they run on up to four cores. Each takes 64 MB
// while it runs, hence no more.
Status hash_passwords(std::vector<PendingHash>& pending, TenantImport& tenant) {
  std::vector<std::optional<Result<std::string>>> hashes(pending.size());
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < pending.size(); i = next++)
      hashes[i] = store::hash_password(pending[i].plain);
  };
  const unsigned helpers =
      std::min<unsigned>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u),
                         static_cast<unsigned>(pending.size())) -
      (pending.empty() ? 0 : 1);
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < helpers; ++i) threads.emplace_back(work);
  work();
  for (auto& thread : threads) thread.join();
  for (std::size_t i = 0; i < pending.size(); ++i) {
    const auto& hash = *hashes[i];
    if (!hash)
      return make_error(ErrorKind::invalid_input, hash.error().message, pending[i].location);
    tenant.users[pending[i].user].fields["password_hash"] = *hash;
  }
  return ok_status();
}

bool valid_slug(const std::string& slug) {
  if (slug.empty() || slug.size() > 64 || slug.front() == '-') return false;
  for (char c : slug)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

// skills: [{skill: Abrechnung, level: 3}] of users and queues.
Status read_skill_levels(const YamlSource& source, const YAML::Node& list,
                         std::string_view level_key, ImportRecord& record) {
  if (auto s = expect_sequence(source, list, "'skills'"); !s) return s;
  Json children = Json::array();
  for (const YAML::Node& item : list) {
    if (auto s = expect_map(source, item, "each skill"); !s) return s;
    if (auto s = check_known_keys(source, item, {"skill", level_key}); !s) return s;
    const YAML::Node skill = item["skill"];
    if (!skill) return yaml_error(source, item, "missing required key 'skill'");
    Json child = Json::object();
    if (const YAML::Node level = item[std::string(level_key)]) {
      auto value = yaml_integer(source, level, level_key);
      if (!value) return value.error();
      if (*value < 1 || *value > 10)
        return yaml_error(source, level, fmt::format("'{}' must be between 1 and 10", level_key));
      child[std::string(level_key)] = *value;
    }
    auto name = yaml_string(source, skill, "skill");
    if (!name) return name.error();
    if (name->empty()) return yaml_error(source, skill, "'skill' must not be empty");
    record.references.push_back(Reference{.target = RefTarget::skill,
                                          .key = *name,
                                          .field = "skill_id",
                                          .child = "skills",
                                          .child_index = children.size(),
                                          .location = yaml_location(source, skill.Mark())});
    children.push_back(std::move(child));
  }
  record.fields["skills"] = std::move(children);
  return ok_status();
}

}  // namespace

Status read_tenant_file(const std::filesystem::path& file, const std::string& display,
                        TenantImport& tenant) {
  const YamlSource source{display};
  auto root = load_yaml_file(file, display);
  if (!root) return root.error();
  if (auto s = expect_map(source, *root, "tenant.yaml"); !s) return s;
  if (auto s = check_known_keys(source, *root, {"slug", "name", "timezone", "language"}); !s)
    return s;
  tenant.location = yaml_location(source, root->Mark());
  for (const char* key : {"slug", "name"}) {
    if (!(*root)[key])
      return yaml_error(source, *root, fmt::format("missing required key '{}'", key));
  }
  auto slug = yaml_string(source, (*root)["slug"], "slug");
  if (!slug) return slug.error();
  if (!valid_slug(*slug))
    return yaml_error(source, (*root)["slug"],
                      "'slug' must be lower-case letters, digits and '-' (at most 64)");
  const std::string folder_name = file.parent_path().filename().string();
  if (*slug != folder_name)
    return yaml_error(source, (*root)["slug"],
                      fmt::format("slug '{}' does not match its folder '{}'", *slug, folder_name));
  auto name = yaml_string(source, (*root)["name"], "name");
  if (!name) return name.error();
  if (name->empty()) return yaml_error(source, (*root)["name"], "'name' must not be empty");
  tenant.slug = *slug;
  tenant.name = *name;
  if (const YAML::Node tz = (*root)["timezone"]) {
    auto value = yaml_string(source, tz, "timezone");
    if (!value) return value.error();
    if (!value->empty()) tenant.timezone = *value;
  }
  if (const YAML::Node language = (*root)["language"]) {
    auto value = yaml_string(source, language, "language");
    if (!value) return value.error();
    if (*value != "de" && *value != "en")
      return yaml_error(source, language, "'language' must be de or en");
    tenant.language = *value;
  }
  return ok_status();
}

Status read_skills_file(const std::filesystem::path& file, const std::string& display,
                        TenantImport& tenant) {
  const YamlSource source{display};
  auto root = load_yaml_file(file, display);
  if (!root) return root.error();
  const auto& spec = entity_spec("skills");
  return for_each_yaml_record(*root, source, [&](const YAML::Node& item) -> Status {
    ImportRecord record;
    record.location = yaml_location(source, item.Mark());
    if (auto s = read_catalog_fields(source, item, spec, {}, record.fields); !s) return s;
    if (auto s = check_required_fields(record.location, spec, record.fields); !s) return s;
    record.key = record.fields["name"].get<std::string>();
    tenant.skills.push_back(std::move(record));
    return ok_status();
  });
}

Status read_users_file(const std::filesystem::path& file, const std::string& display,
                       TenantImport& tenant) {
  const YamlSource source{display};
  auto root = load_yaml_file(file, display);
  if (!root) return root.error();
  const auto& spec = entity_spec("users");
  std::vector<PendingHash> pending;
  auto records = for_each_yaml_record(*root, source, [&](const YAML::Node& item) -> Status {
    ImportRecord record;
    record.location = yaml_location(source, item.Mark());
    if (auto s = read_catalog_fields(source, item, spec, {"password", "password_hash", "skills"},
                                     record.fields);
        !s)
      return s;
    if (auto s = check_required_fields(record.location, spec, record.fields); !s) return s;
    record.key = record.fields["username"].get<std::string>();
    const YAML::Node password = item["password"];
    const YAML::Node password_hash = item["password_hash"];
    if (password && password_hash)
      return yaml_error(source, password_hash, "give either 'password' or 'password_hash'");
    if (password) {
      auto plain = yaml_string(source, password, "password");
      if (!plain) return plain.error();
      if (plain->size() < 8)
        return yaml_error(source, password, "'password' must have at least 8 characters");
      pending.push_back(PendingHash{.user = tenant.users.size(),
                                    .plain = *plain,
                                    .location = yaml_location(source, password.Mark())});
      tenant.logins.push_back(DemoLogin{.username = record.key,
                                        .password = *plain,
                                        .role = record.fields["role"].get<std::string>(),
                                        .tenant = tenant.slug});
    } else if (password_hash) {
      auto hash = yaml_string(source, password_hash, "password_hash");
      if (!hash) return hash.error();
      if (!hash->starts_with("$argon2"))
        return yaml_error(source, password_hash, "'password_hash' must be an argon2 hash");
      record.fields["password_hash"] = *hash;
    }
    if (const YAML::Node skills = item["skills"]) {
      if (auto s = read_skill_levels(source, skills, "level", record); !s) return s;
    }
    tenant.users.push_back(std::move(record));
    return ok_status();
  });
  if (!records) return records;
  return hash_passwords(pending, tenant);
}

Status read_queues_file(const std::filesystem::path& file, const std::string& display,
                        TenantImport& tenant) {
  const YamlSource source{display};
  auto root = load_yaml_file(file, display);
  if (!root) return root.error();
  const auto& spec = entity_spec("queues");
  return for_each_yaml_record(*root, source, [&](const YAML::Node& item) -> Status {
    ImportRecord record;
    record.location = yaml_location(source, item.Mark());
    if (auto s = read_catalog_fields(source, item, spec, {"skills"}, record.fields); !s) return s;
    if (auto s = check_required_fields(record.location, spec, record.fields); !s) return s;
    if (record.fields.contains("dispositions")) {
      const Json& dispositions = record.fields["dispositions"];
      bool all_text = dispositions.is_array();
      for (const Json& d : dispositions) all_text = all_text && d.is_string();
      if (!all_text)
        return yaml_error(source, item["dispositions"], "'dispositions' must be a list of texts");
    }
    record.key = record.fields["name"].get<std::string>();
    if (const YAML::Node skills = item["skills"]) {
      if (auto s = read_skill_levels(source, skills, "min_level", record); !s) return s;
    }
    tenant.queues.push_back(std::move(record));
    return ok_status();
  });
}

}  // namespace callwerk::app
