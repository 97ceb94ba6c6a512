#include "store/unique_lookup.hpp"

#include "store/catalog.hpp"

namespace callwerk::store {

std::optional<Id> unique_id_where(StoreReader& reader, std::string_view entity, Id tenant_id,
                                  const std::string& field, const std::string& value) {
  const EntitySpec* spec = find_entity(entity);
  if (spec == nullptr || value.empty()) return std::nullopt;
  ListQuery query;
  query.tenant_id = tenant_id;
  query.limit = 2;  // a second match makes the answer "none"
  query.equals.emplace_back(field, value);
  auto page = reader.list(*spec, query);
  if (!page || page->items.size() != 1) return std::nullopt;
  const Json& id = page->items[0]["id"];
  return id.is_number_integer() ? std::optional<Id>(id.get<Id>()) : std::nullopt;
}

}  // namespace callwerk::store
