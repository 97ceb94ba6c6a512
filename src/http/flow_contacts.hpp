#pragma once
// A flow's identify node served from the store, the same for the web chat and the desk's
// guided script: which contact row is meant, and the variables the flow keeps of it.

#include <optional>
#include <string>

#include "flow/flow_interpreter.hpp"
#include "store/store.hpp"

namespace callwerk::http {

// The field as text; empty when absent, null or not text.
std::string text_field(const store::Json& row, const char* key);
// "First Last", or the company when the contact has no name.
std::string contact_name(const store::Json& row);
// A contact row as the identify node keeps it (id, name, kundennummer, strasse, plz, ort).
flow::FlowVariables contact_fields(const store::Json& row);
// The one contact the flow means by customer number, or by name and postcode; nothing when
// none or several fit, or the lookup is by another key (the caller's number is the channel's).
std::optional<store::Json> find_flow_contact(store::StoreReader& reader, store::Id tenant_id,
                                             const flow::LookupContact& lookup);

}  // namespace callwerk::http
