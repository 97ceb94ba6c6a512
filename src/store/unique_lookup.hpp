#pragma once
// The id of the one object of a tenant whose filterable field has a value (an order by its
// number, a queue by its name): none when there is no such object, or more than one.

#include <optional>
#include <string>
#include <string_view>

#include "store/store.hpp"

namespace callwerk::store {

std::optional<Id> unique_id_where(StoreReader& reader, std::string_view entity, Id tenant_id,
                                  const std::string& field, const std::string& value);

}  // namespace callwerk::store
