#pragma once
// Helpers for the app tests: temporary folders, the import fixtures and a fingerprint of a
// database to prove that a failed import changed nothing.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "store/sqlite_connection.hpp"
#include "store/store.hpp"

namespace callwerk::app::test {

namespace fs = std::filesystem;

inline fs::path fixtures_dir() {
  return fs::path(__FILE__).parent_path().parent_path() / "fixtures" / "import";
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "callwerk-app-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// A copy of fixtures/import/<name> that a test may change.
inline fs::path copy_fixture(const std::string& name, const fs::path& target) {
  fs::copy(fixtures_dir() / name, target, fs::copy_options::recursive);
  return target;
}

inline store::StoreOptions store_options(const fs::path& dir) {
  store::StoreOptions options;
  options.path = (dir / "callwerk.db").string();
  options.synchronous_full = false;
  return options;
}

// Row count of every table: equal before and after means nothing was written.
inline std::map<std::string, std::int64_t> table_counts(const std::string& db_path) {
  std::map<std::string, std::int64_t> counts;
  store::ConnectionOptions options;
  options.read_only = true;
  options.create = false;
  auto db = store::SqliteConnection::open(db_path, options);
  if (!db) return counts;
  std::vector<std::string> tables;
  {
    auto stmt = (*db)->prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    if (!stmt) return counts;
    while (true) {
      auto row = stmt->step();
      if (!row || !*row) break;
      tables.push_back(stmt->text(0));
    }
  }
  for (const std::string& table : tables) {
    auto n = store::query_int(**db, "SELECT count(*) FROM \"" + table + "\"");
    counts[table] = n && *n ? **n : -1;
  }
  return counts;
}

}  // namespace callwerk::app::test
