#pragma once
// Paths to the demo knowledge bases and question sets in the source tree.

#include <filesystem>

namespace callwerk::kb::test {

inline std::filesystem::path source_root() {
  // tests/unit/<this file> -> the repository root
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
}

inline std::filesystem::path demo_tenant_dir(const char* tenant) {
  return source_root() / "examples" / "demo" / "tenants" / tenant;
}

}  // namespace callwerk::kb::test
