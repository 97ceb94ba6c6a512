#include "app/tenant_flows.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "app/import_fields.hpp"
#include "app/json_fields.hpp"
#include "flow/flow_validator.hpp"

namespace callwerk::app {

namespace {

constexpr int kPage = 500;  // the store's largest list page

const char* channel_name(flow::Channel channel) {
  return channel == flow::Channel::voice ? "phone" : "chat";
}

// The newest published version of each flow name.
Result<std::map<std::string, Json>> newest_published_flows(store::StoreReader& reader,
                                                           int64_t tenant_id) {
  store::ListQuery query;
  query.tenant_id = tenant_id;
  query.limit = kPage;
  query.equals.emplace_back("published", "true");
  auto page = reader.list(entity_spec("flows"), query);
  if (!page) return page.error();
  std::map<std::string, Json> newest;
  for (Json& row : page->items) {
    auto [slot, added] = newest.try_emplace(text_field(row, "name"), row);
    if (!added && int_field(row, "version") > int_field(slot->second, "version"))
      slot->second = std::move(row);
  }
  return newest;
}

// Changes when a product is added, changed or removed: their number and the newest change.
Result<std::string> catalog_signature(store::StoreReader& reader, int64_t tenant_id) {
  store::ListQuery query;
  query.tenant_id = tenant_id;
  query.limit = 1;
  query.sort = "updated_at";
  auto page = reader.list(entity_spec("products"), query);
  if (!page) return page.error();
  const std::string newest = page->items.empty() ? "" : page->items[0].value("updated_at", "");
  return fmt::format("products:{}:{}", page->total, newest);
}

}  // namespace

Result<flow::ProductCatalog> load_product_catalog(store::StoreReader& reader, int64_t tenant_id) {
  flow::ProductCatalog catalog;
  store::ListQuery query;
  query.tenant_id = tenant_id;
  query.limit = kPage;
  query.sort = "id";
  query.descending = false;
  query.equals.emplace_back("active", "true");
  for (;;) {
    auto page = reader.list(entity_spec("products"), query);
    if (!page) return page.error();
    for (const Json& row : page->items) {
      flow::CatalogProduct product;
      product.id = int_field(row, "id");
      product.sku = text_field(row, "sku");
      product.name = text_field(row, "name");
      product.category = text_field(row, "category");
      product.unit = text_field(row, "unit");
      product.price_cents = int_field(row, "unit_price_cents");
      // A flow asks for 1 to 99 of anything; a product's own limit can only lower that.
      product.max_quantity = static_cast<int>(std::clamp<std::int64_t>(
          int_field(row, "max_quantity", product.max_quantity), 1, product.max_quantity));
      catalog.push_back(std::move(product));
    }
    if (page->items.size() < static_cast<std::size_t>(kPage)) break;
    query.offset += kPage;
  }
  return catalog;
}

std::shared_ptr<const flow::FlowInterpreter> TenantFlowCache::get(store::StoreReader& reader,
                                                                  int64_t tenant_id) {
  Compiled& cached = tenants_[tenant_id];
  const TimeMs now = now_ms();
  if (cached.built && now - cached.checked_at < kRecheckMs) return cached.interpreter;
  cached.checked_at = now;

  auto flows = newest_published_flows(reader, tenant_id);
  auto products = flows ? catalog_signature(reader, tenant_id) : Result<std::string>(flows.error());
  if (!products) {
    spdlog::error("{}: reading the flows of tenant {}: {}", channel_name(channel_), tenant_id,
                  products.error().describe());
    return cached.interpreter;
  }
  std::string signature = *products;
  for (const auto& [name, row] : *flows)
    signature += fmt::format(";{}:{}:{}:{}", name, int_field(row, "id"), int_field(row, "version"),
                             row.value("updated_at", Json()).dump());
  if (cached.built && signature == cached.signature) return cached.interpreter;

  auto catalog = load_product_catalog(reader, tenant_id);
  if (!catalog) {
    spdlog::error("{}: reading the products of tenant {}: {}", channel_name(channel_), tenant_id,
                  catalog.error().describe());
    return cached.interpreter;
  }
  flow::FlowLibrary library;
  flow::FlowValidationContext context;
  context.flows.emplace();
  for (const auto& [name, row] : *flows) context.flows->insert(name);
  context.channels = {channel_};
  for (const auto& [name, row] : *flows) {
    auto loaded = flow::load_valid_flow(text_field(row, "source"), name + ".yaml", context);
    if (!loaded) {
      // Published flows were validated when saved; one that fails now (a flow it jumps to
      // was unpublished, or it takes free text and this is the phone) is left out, with this
      // log, and whatever uses it answers as if it did not exist.
      spdlog::error("{}: flow '{}' of tenant {} cannot run: {}", channel_name(channel_), name,
                    tenant_id, loaded.error().describe());
      continue;
    }
    loaded->name = name;
    library.add(std::move(*loaded));
  }
  library.set_catalog(std::make_shared<const flow::ProductCatalog>(std::move(*catalog)));
  cached.built = true;
  cached.signature = std::move(signature);
  cached.interpreter = library.flows().empty()
                           ? nullptr
                           : std::make_shared<const flow::FlowInterpreter>(std::move(library));
  return cached.interpreter;
}

}  // namespace callwerk::app
