// StoreReader on its own read-only connection (query_only), one per thread. WAL lets readers
// run while the writer commits.

#include <fmt/format.h>

#include "store/audit_log.hpp"
#include "store/entity_query.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_connection.hpp"
#include "store/store.hpp"
#include "store/timeline.hpp"

namespace callwerk::store {

namespace {

constexpr const char* kUserColumns =
    "SELECT id, tenant_id, username, display_name, role, COALESCE(password_hash, ''), language, "
    "active FROM users ";

constexpr const char* kTenantColumns =
    "SELECT id, slug, name, timezone, language, created_at FROM tenants";

Json tenant_json(const SqliteStatement& row) {
  return Json{{"id", row.int64(0)},      {"slug", row.text(1)},
              {"name", row.text(2)},     {"timezone", row.text(3)},
              {"language", row.text(4)}, {"created_at", format_iso8601(row.int64(5))}};
}

class SqliteStoreReader final : public StoreReader {
 public:
  explicit SqliteStoreReader(std::unique_ptr<SqliteConnection> db) : db_(std::move(db)) {}

  Result<Json> get(const EntitySpec& entity, Id tenant_id, Id id) override {
    return fetch_entity(*db_, entity, tenant_id, id);
  }
  Result<ListPage> list(const EntitySpec& entity, const ListQuery& query) override {
    return list_entities(*db_, entity, query);
  }
  Result<Json> timeline(Id tenant_id, Id interaction_id) override {
    return read_timeline(*db_, tenant_id, interaction_id);
  }
  Result<ListPage> audit(const ListQuery& query) override { return list_audit(*db_, query); }

  Result<Json> tenant(Id tenant_id) override {
    auto stmt = db_->prepare(std::string(kTenantColumns) + " WHERE id = ?");
    if (!stmt) return stmt.error();
    stmt->bind(1, tenant_id);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row)
      return make_error(ErrorKind::not_found, fmt::format("tenant {} not found", tenant_id));
    return tenant_json(*stmt);
  }

  Result<Json> tenants() override {
    auto stmt = db_->prepare(std::string(kTenantColumns) + " ORDER BY id");
    if (!stmt) return stmt.error();
    Json all = Json::array();
    while (true) {
      auto row = stmt->step();
      if (!row) return row.error();
      if (!*row) break;
      all.push_back(tenant_json(*stmt));
    }
    return all;
  }

  Result<ListPage> api_tokens(const ListQuery& query) override {
    return list_entities(*db_, api_token_spec(), query);
  }

  std::optional<UserRecord> user_by_username(const std::string& username) override {
    return one_user(std::string(kUserColumns) + "WHERE username = ?", SqlValue{username});
  }
  std::optional<UserRecord> user_by_id(Id user_id) override {
    return one_user(std::string(kUserColumns) + "WHERE id = ?", SqlValue{user_id});
  }

  std::optional<SessionRecord> session(const std::string& id_hash) override {
    auto stmt = db_->prepare(
        "SELECT id_hash, user_id, csrf_token, created_at, expires_at FROM sessions "
        "WHERE id_hash = ?");
    if (!stmt) return std::nullopt;
    stmt->bind(1, std::string_view(id_hash));
    auto row = stmt->step();
    if (!row || !*row) return std::nullopt;
    return SessionRecord{stmt->text(0), stmt->int64(1), stmt->text(2), stmt->int64(3),
                         stmt->int64(4)};
  }

  std::optional<ApiTokenRecord> api_token(const std::string& token_hash) override {
    auto stmt =
        db_->prepare("SELECT id, tenant_id, user_id, revoked FROM api_tokens WHERE token_hash = ?");
    if (!stmt) return std::nullopt;
    stmt->bind(1, std::string_view(token_hash));
    auto row = stmt->step();
    if (!row || !*row) return std::nullopt;
    return ApiTokenRecord{stmt->int64(0), stmt->int64(1), stmt->int64(2), stmt->int64(3) != 0};
  }

  std::optional<Id> tenant_id_by_slug(const std::string& slug) override {
    auto id = query_int(*db_, "SELECT id FROM tenants WHERE slug = ?", {SqlValue{slug}});
    if (!id) return std::nullopt;
    return *id;
  }

  std::optional<SipAccountRecord> sip_account(const std::string& username) override {
    return one_sip_account("username = ?", {SqlValue{username}});
  }
  std::optional<SipAccountRecord> sip_account_by_extension(Id tenant_id,
                                                           const std::string& extension) override {
    return one_sip_account("tenant_id = ? AND sip_extension = ?",
                           {SqlValue{tenant_id}, SqlValue{extension}});
  }

  std::optional<CallerContactRecord> contact_by_phone(Id tenant_id,
                                                      const std::string& e164) override {
    auto stmt = db_->prepare(
        "SELECT c.id, TRIM(COALESCE(c.first_name, '') || ' ' || COALESCE(c.last_name, '')), "
        "COALESCE(c.company, ''), COALESCE(c.customer_number, ''), COALESCE(c.street, ''), "
        "COALESCE(c.postcode, ''), COALESCE(c.city, '') FROM contact_phones p "
        "JOIN contacts c ON c.id = p.contact_id WHERE c.tenant_id = ? AND p.number_e164 = ? "
        "ORDER BY c.id LIMIT 1");
    if (!stmt) return std::nullopt;
    stmt->bind(1, tenant_id);
    stmt->bind(2, std::string_view(e164));
    auto row = stmt->step();
    if (!row || !*row) return std::nullopt;
    std::string name = stmt->text(1);
    if (name.empty()) name = stmt->text(2);
    return CallerContactRecord{stmt->int64(0), name,          stmt->text(3),
                               stmt->text(4),  stmt->text(5), stmt->text(6)};
  }

 private:
  std::optional<SipAccountRecord> one_sip_account(const std::string& where,
                                                  const std::vector<SqlValue>& keys) {
    auto stmt = db_->prepare(
        "SELECT id, tenant_id, username, display_name, sip_extension, sip_password, active "
        "FROM users WHERE sip_extension IS NOT NULL AND sip_extension <> '' AND "
        "sip_password IS NOT NULL AND sip_password <> '' AND " +
        where);
    if (!stmt) return std::nullopt;
    for (size_t i = 0; i < keys.size(); ++i) stmt->bind(static_cast<int>(i + 1), keys[i]);
    auto row = stmt->step();
    if (!row || !*row) return std::nullopt;
    return SipAccountRecord{stmt->int64(0), stmt->int64(1), stmt->text(2),      stmt->text(3),
                            stmt->text(4),  stmt->text(5),  stmt->int64(6) != 0};
  }

  std::optional<UserRecord> one_user(const std::string& sql, const SqlValue& key) {
    auto stmt = db_->prepare(sql);
    if (!stmt) return std::nullopt;
    stmt->bind(1, key);
    auto row = stmt->step();
    if (!row || !*row) return std::nullopt;
    UserRecord user;
    user.id = stmt->int64(0);
    user.tenant_id = stmt->int64(1);
    user.username = stmt->text(2);
    user.display_name = stmt->text(3);
    user.role = stmt->text(4);
    user.password_hash = stmt->text(5);
    user.language = stmt->text(6);
    user.active = stmt->int64(7) != 0;
    return user;
  }

  std::unique_ptr<SqliteConnection> db_;
};

}  // namespace

Result<std::unique_ptr<StoreReader>> open_reader(const StoreOptions& options) {
  if (options.path.empty())
    return make_error(ErrorKind::invalid_input, "no database path given", "path");
  ConnectionOptions connection_options;
  connection_options.read_only = true;
  connection_options.create = false;
  auto db = SqliteConnection::open(options.path, connection_options);
  if (!db) return db.error();
  auto version = schema_version(**db);
  if (!version) return version.error();
  if (*version != latest_schema_version())
    return make_error(ErrorKind::conflict,
                      fmt::format("the database has schema version {}, this program needs {}; "
                                  "open a writer or run `callwerk migrate` first",
                                  *version, latest_schema_version()));
  return std::unique_ptr<StoreReader>(std::make_unique<SqliteStoreReader>(std::move(*db)));
}

}  // namespace callwerk::store
