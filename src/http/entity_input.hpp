#pragma once
// Checks a request body for an entity before it goes to the writer thread: a JSON object with
// known, writable keys. Users' write-only `password` is hashed here (argon2id costs tens of
// milliseconds: on the HTTP thread it delays one request, on the writer it would delay all).

#include "core/result.hpp"
#include "store/store.hpp"

namespace callwerk::http {

Result<store::Json> prepare_entity_input(const store::EntitySpec& entity, store::Json body);

}  // namespace callwerk::http
