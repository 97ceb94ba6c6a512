#pragma once
// The knowledge-base search as the HTTP layer sees it: a port the app implements (with the
// per-tenant Xapian indexes of src/kb), so that http/ needs neither kb/ nor app/.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace callwerk::http {

struct KbSearchHit {
  std::int64_t id = 0;
  std::string slug;
  std::string title;
  std::string category;
  double score = 0;  // comparable only within one result list
  int percent = 0;   // 0-100, relative to the best possible match of the query
  std::string summary;
};

class KbSearcher {
 public:
  // A question longer than this is refused by the API (the index would cut it anyway).
  static constexpr std::size_t kMaxQueryBytes = 1000;

  virtual ~KbSearcher() = default;
  // Ranked published articles of `tenant_id` only, best first, at most `limit`. Thread-safe:
  // every HTTP thread calls it. A tenant without articles gets an empty list.
  virtual Result<std::vector<KbSearchHit>> search(std::int64_t tenant_id, std::string_view query,
                                                  std::size_t limit) = 0;
};

}  // namespace callwerk::http
