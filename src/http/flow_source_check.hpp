#pragma once
// A flow's YAML is checked before it is stored through the API, like the import checks it: a
// flow that does not load or validate is answered 400 with every problem at its line, so an
// editor can mark them all; nothing is written.

#include <optional>

#include "http/api_types.hpp"
#include "store/store.hpp"

namespace callwerk::http {

// The 400 response when `input` carries a `source` with problems, otherwise nothing. `id` is
// the flow being updated (its own name does not count as another flow), empty on create.
std::optional<ApiResponse> check_flow_source(const store::Json& input, store::Id tenant_id,
                                             std::optional<store::Id> id,
                                             store::StoreReader& reader);

}  // namespace callwerk::http
