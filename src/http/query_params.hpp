#pragma once
// URL decoding and the list parameters of docs/api.md (limit, offset, from, to, q, sort and
// exact filters). Every bad parameter is an invalid_input error naming the parameter.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "store/store.hpp"

namespace callwerk::http {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Percent-decoding; `plus_as_space` for query strings. Empty on a malformed escape.
std::optional<std::string> url_decode(std::string_view text, bool plus_as_space);

// "a=1&b=x%20y" -> {{"a","1"},{"b","x y"}}. Repeated names and bad escapes are errors.
Result<QueryParams> parse_query(std::string_view query);

Result<store::ListQuery> entity_list_query(const store::EntitySpec& entity, store::Id tenant_id,
                                           const QueryParams& params);
Result<store::ListQuery> audit_list_query(store::Id tenant_id, const QueryParams& params);

// For endpoints that take no parameters: any parameter is an error.
Status expect_no_params(const QueryParams& params);

}  // namespace callwerk::http
