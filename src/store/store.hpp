#pragma once
// The store's contract. The SQLite implementation (sqlite_*.cpp) satisfies it today; a
// PostgreSQL implementation can satisfy the same interfaces later.
//
// Threading: one writer thread applies every change (StoreWriter), in batched transactions;
// each command runs inside its own SAVEPOINT so a failing command leaves nothing behind and
// does not disturb the others in the batch. Readers (StoreReader) are per thread: every HTTP
// thread opens its own.

#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/catalog.hpp"

namespace callwerk::store {

using Json = nlohmann::json;
using Id = std::int64_t;

// Who made a change; goes into the audit log and the timeline.
struct Actor {
  std::optional<Id> user_id;  // empty for the system (imports, telephony)
  std::string name;           // "anna.schmidt", "system", "import"
};

struct ListQuery {
  Id tenant_id = 0;
  int limit = 50;  // 1..500
  int offset = 0;
  std::optional<TimeMs> from;  // on the entity's time field, inclusive
  std::optional<TimeMs> to;    // exclusive
  std::string text;            // matched against the entity's searchable fields
  std::vector<std::pair<std::string, std::string>> equals;  // filterable field = value
  std::string sort;  // a field name; empty: the entity's time field
  bool descending = true;
};

struct ListPage {
  Json items = Json::array();
  std::int64_t total = 0;
};

struct UserRecord {
  Id id = 0;
  Id tenant_id = 0;
  std::string username;
  std::string display_name;
  std::string role;
  std::string password_hash;
  std::string language;
  bool active = true;
};

// What telephony needs of a user: the phone's digest credentials and its extension.
struct SipAccountRecord {
  Id user_id = 0;
  Id tenant_id = 0;
  std::string username;  // digest username and address-of-record user part
  std::string display_name;
  std::string extension;
  std::string sip_password;  // digest needs the secret itself (or its HA1): never sent out
  bool active = true;
};

// A caller recognised by number: the first contact of the tenant with that E.164 number.
struct CallerContactRecord {
  Id contact_id = 0;
  std::string name;
  std::string customer_number;
  std::string street;  // the postal address, for an order's delivery
  std::string postcode;
  std::string city;
};

struct SessionRecord {
  std::string id_hash;
  Id user_id = 0;
  std::string csrf_token;
  TimeMs created_at = 0;
  TimeMs expires_at = 0;
};

struct ApiTokenRecord {
  Id id = 0;
  Id tenant_id = 0;
  Id user_id = 0;
  bool revoked = false;
};

// Read side. One instance per thread (it owns a connection).
class StoreReader {
 public:
  virtual ~StoreReader() = default;

  // Entities of the catalog, always bound to one tenant: another tenant's id is not_found.
  virtual Result<Json> get(const EntitySpec& entity, Id tenant_id, Id id) = 0;
  virtual Result<ListPage> list(const EntitySpec& entity, const ListQuery& query) = 0;

  virtual Result<Json> timeline(Id tenant_id, Id interaction_id) = 0;  // array, ordered by seq
  virtual Result<ListPage> audit(const ListQuery& query) = 0;
  virtual Result<Json> tenant(Id tenant_id) = 0;
  // Every tenant as tenant() shows it, ordered by id. Not tenant-bound: for export and the
  // CLI only, never for API callers.
  virtual Result<Json> tenants() = 0;
  // One tenant's API tokens {id, tenant_id, user_id, name, created_at, last_used_at, revoked}
  // with list parameters as described by api_token_spec(); the hash is never read.
  virtual Result<ListPage> api_tokens(const ListQuery& query) = 0;

  // Authentication look-ups (not tenant-bound: they establish the tenant).
  virtual std::optional<UserRecord> user_by_username(const std::string& username) = 0;
  virtual std::optional<UserRecord> user_by_id(Id user_id) = 0;
  virtual std::optional<SessionRecord> session(const std::string& id_hash) = 0;
  virtual std::optional<ApiTokenRecord> api_token(const std::string& token_hash) = 0;
  virtual std::optional<Id> tenant_id_by_slug(const std::string& slug) = 0;

  // Telephony look-ups. Only users with an extension and a SIP password have a SIP account.
  virtual std::optional<SipAccountRecord> sip_account(const std::string& username) = 0;
  virtual std::optional<SipAccountRecord> sip_account_by_extension(
      Id tenant_id, const std::string& extension) = 0;
  virtual std::optional<CallerContactRecord> contact_by_phone(Id tenant_id,
                                                              const std::string& e164) = 0;
};

// A domain event produced by a committed change; delivered after the commit, in commit order.
struct StoredEvent {
  Id tenant_id = 0;
  std::string type;  // "interaction.created", "timeline.appended", "order.updated", ...
  Json data;
};

// The times a record already had elsewhere, for trusted imports of history (orders and
// tickets from another system keep the day they were taken).
struct HistoricalTimes {
  TimeMs created_at = 0;
  std::optional<TimeMs> updated_at = std::nullopt;  // empty: created_at
};

// The interaction of a phone call as telephony starts it (channel "voice").
struct CallInteractionStart {
  std::string direction = "inbound";  // inbound, outbound, internal
  std::string remote_address = {};
  std::string local_address = {};
  std::optional<Id> contact_id = std::nullopt;
  TimeMs started_at = 0;
};

// What changes on a call's interaction while it runs; empty members stay as they are.
struct CallInteractionPatch {
  std::optional<TimeMs> answered_at = std::nullopt;
  std::optional<TimeMs> ended_at = std::nullopt;
  std::optional<std::string> end_reason = std::nullopt;
  std::optional<Id> agent_id = std::nullopt;
  std::optional<Id> queue_id = std::nullopt;  // the queue the call waits in
};

// What a write command can do. Only valid inside StoreWriter::submit's work function.
class WriteContext {
 public:
  virtual ~WriteContext() = default;

  // Create / update / delete an entity of the catalog. Input is API JSON (field names as in
  // the catalog); unknown fields, wrong types, bad enum values and references to another
  // tenant's rows are invalid_input. Each writes one audit entry and emits one event.
  // Returns the stored object as get() would.
  virtual Result<Json> create(const EntitySpec& entity, Id tenant_id, const Json& input,
                              const Actor& actor) = 0;
  // create() for trusted imports: the record keeps its historical created_at / updated_at
  // (updated_at before created_at is invalid_input). Only the importer calls this; through
  // create() and the API both times stay read-only and are set by the store.
  virtual Result<Json> create_imported(const EntitySpec& entity, Id tenant_id, const Json& input,
                                       const Actor& actor, const HistoricalTimes& times) = 0;
  virtual Result<Json> update(const EntitySpec& entity, Id tenant_id, Id id, const Json& patch,
                              const Actor& actor) = 0;
  virtual Status remove(const EntitySpec& entity, Id tenant_id, Id id, const Actor& actor) = 0;

  // Appends one event to an interaction's protocol (seq is assigned here). `at` defaults to
  // now. Returns the stored event {id, seq, type, at, actor, payload}.
  virtual Result<Json> append_timeline(Id tenant_id, Id interaction_id, const std::string& type,
                                       const Json& payload, const Actor& actor,
                                       std::optional<TimeMs> at = std::nullopt) = 0;

  // Telephony's hot path, one call after another. start_call() stores exactly what create()
  // of "interactions" with {channel: "voice", ...} followed by append_timeline() of the first
  // entry would: same row, audit entry and events. The writer keeps the interaction as it
  // wrote it, so update_call() (exactly update() with the patch's fields) needs no reads;
  // `last`: the call is over, the writer forgets it. Both return the interaction's id.
  virtual Result<Id> start_call(Id tenant_id, const CallInteractionStart& start,
                                const std::string& entry_type, const Json& entry_payload,
                                const Actor& actor) = 0;
  virtual Result<Id> update_call(Id tenant_id, Id interaction_id, const CallInteractionPatch& patch,
                                 const Actor& actor, bool last) = 0;

  // Tenants are created by the CLI and the importer, never through the tenant API.
  virtual Result<Id> create_tenant(const std::string& slug, const std::string& name,
                                   const std::string& timezone, const std::string& language) = 0;

  virtual Status put_session(const SessionRecord& session) = 0;
  virtual Status delete_session(const std::string& id_hash) = 0;
  virtual Result<Json> create_api_token(Id tenant_id, Id user_id, const std::string& name,
                                        const std::string& token_hash, const Actor& actor) = 0;
  virtual Status revoke_api_token(Id tenant_id, Id token_id, const Actor& actor) = 0;

  // An audit entry for things that are not entity changes (login, logout, import, export).
  virtual Status audit(std::optional<Id> tenant_id, const Actor& actor, const std::string& action,
                       const std::string& entity, std::optional<Id> entity_id,
                       const Json& details) = 0;

  virtual void emit(StoredEvent event) = 0;
};

using WriteWork = std::function<Result<Json>(WriteContext&)>;
using WriteDone = std::function<void(Result<Json>)>;

class StoreWriter {
 public:
  virtual ~StoreWriter() = default;

  // Thread-safe. `done` runs on the writer thread after the batch holding this command has
  // committed (durably, as configured), or with the command's error. Never call back into
  // submit() synchronously from `done` with a blocking wait.
  virtual void submit(WriteWork work, WriteDone done) = 0;

  // Convenience: blocks the calling thread until committed.
  Result<Json> run(WriteWork work) {
    auto promise = std::make_shared<std::promise<Result<Json>>>();
    auto future = promise->get_future();
    submit(std::move(work), [promise](Result<Json> r) { promise->set_value(std::move(r)); });
    return future.get();
  }

  // Waits until everything submitted so far is committed.
  virtual void flush() = 0;
  // Stops accepting work, commits what is queued, joins the thread.
  virtual void stop() = 0;

  // Receives every StoredEvent after its commit (on the writer thread; post elsewhere).
  virtual void set_event_sink(std::function<void(const StoredEvent&)> sink) = 0;

  // Counters for benchmarks and health pages (added; implementations may leave them at 0).
  struct Stats {
    std::uint64_t batches = 0;   // committed transactions
    std::uint64_t commands = 0;  // commands run (succeeded or failed)
    std::uint64_t failed = 0;    // commands that reported an error
    std::uint64_t largest_batch = 0;
  };
  virtual Stats stats() const { return {}; }
};

struct StoreOptions {
  std::string path;              // SQLite file
  bool synchronous_full = true;  // fsync every commit: acknowledged means on disk
  int max_batch = 4096;          // commands per transaction
  // Group commit under load: when the previous transaction held more than one command (or
  // more were queued before its acknowledgements went out), the next one starts no sooner than
  // this long after the previous one, so that many small commands share one commit (WAL frames
  // and fsync). An idle writer, or one client waiting for each acknowledgement in turn, is
  // never delayed; under load an acknowledgement may come up to this much later. 0: commit as
  // soon as possible. 20 ms: each commit writes the touched pages to the WAL and syncs them,
  // whatever the number of commands; at 800 calls/s, 20 instead of 5 ms cut the writer's CPU
  // per call by a fifth (two servers measured at once, bench/README.md, session 18), and a
  // human does not notice 20 ms on a save.
  int group_commit_ms = 20;
};

// Opens (and creates) the database and applies pending migrations.
Result<std::unique_ptr<StoreWriter>> open_writer(const StoreOptions& options);
Result<std::unique_ptr<StoreReader>> open_reader(const StoreOptions& options);

// Migrations: the schema version of a database, the version this binary knows, and migrating.
struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
};
Result<MigrationReport> migrate(const std::string& path);
int latest_schema_version();

}  // namespace callwerk::store
