// GET /api/v1/kb/search?q=...&limit=N: the ranked knowledge-base search for the agent desktop.
// The tenant is always the caller's own; no parameter can name another.
#include <charconv>

#include "http/handlers.hpp"
#include "http/json_responses.hpp"

namespace callwerk::http {

namespace {

constexpr std::size_t kDefaultLimit = 5;
constexpr std::size_t kMaxLimit = 20;

bool blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

struct SearchInput {
  std::string query;
  std::size_t limit = kDefaultLimit;
};

Result<SearchInput> search_input(const QueryParams& params) {
  SearchInput input;
  bool has_query = false;
  for (const auto& [name, value] : params) {
    if (name == "q") {
      if (blank(value)) return make_error(ErrorKind::invalid_input, "q must not be empty", "q");
      if (value.size() > KbSearcher::kMaxQueryBytes)
        return make_error(
            ErrorKind::invalid_input,
            "q is too long (at most " + std::to_string(KbSearcher::kMaxQueryBytes) + " bytes)",
            "q");
      input.query = value;
      has_query = true;
    } else if (name == "limit") {
      std::size_t n = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size() || n < 1 || n > kMaxLimit)
        return make_error(ErrorKind::invalid_input,
                          "limit must be between 1 and " + std::to_string(kMaxLimit), "limit");
      input.limit = n;
    } else {
      return make_error(ErrorKind::invalid_input, "unknown parameter '" + name + "'", name);
    }
  }
  if (!has_query) return make_error(ErrorKind::invalid_input, "q is required", "q");
  return input;
}

store::Json hit_json(const KbSearchHit& hit) {
  return store::Json{{"id", hit.id},          {"slug", hit.slug},
                     {"title", hit.title},    {"category", hit.category},
                     {"score", hit.score},    {"percent", hit.percent},
                     {"summary", hit.summary}};
}

}  // namespace

void search_kb(RequestContext& ctx) {
  auto input = search_input(ctx.params);
  if (!input) return ctx.reply.respond(error_response(input.error()));
  if (ctx.server.kb == nullptr)
    return ctx.reply.respond(error_response(503, "the knowledge-base search is not running"));
  auto hits = ctx.server.kb->search(ctx.caller.tenant_id, input->query, input->limit);
  if (!hits) return ctx.reply.respond(error_response(hits.error()));
  store::Json items = store::Json::array();
  for (const KbSearchHit& hit : *hits) items.push_back(hit_json(hit));
  ctx.reply.respond(json_response(200, store::Json{{"items", std::move(items)}}));
}

}  // namespace callwerk::http
