#include "http/chat_flows.hpp"

#include "flow/flow_validator.hpp"

namespace callwerk::http {

Result<std::shared_ptr<const flow::FlowInterpreter>> ChatFlows::trial(std::int64_t tenant_id,
                                                                      const std::string& name,
                                                                      const std::string& source) {
  const auto published = interpreter(tenant_id);
  auto catalog = published
                     ? std::make_shared<const flow::ProductCatalog>(published->library().catalog())
                     : nullptr;
  return build_trial_interpreter(published.get(), std::move(catalog), name, source);
}

void ChatFlows::call_webhook(const flow::CallWebhook& request,
                             std::function<void(flow::WebhookResult)> done) {
  flow::WebhookResult result;
  result.request = request.request;
  result.error = "webhooks are not available here";
  done(std::move(result));
}

Result<std::shared_ptr<const flow::FlowInterpreter>> build_trial_interpreter(
    const flow::FlowInterpreter* published, std::shared_ptr<const flow::ProductCatalog> catalog,
    const std::string& name, const std::string& source) {
  flow::FlowValidationContext context;
  context.flows.emplace();
  context.flows->insert(name);
  if (published != nullptr)
    for (const auto& [other, ignored] : published->library().flows()) context.flows->insert(other);
  context.channels = {flow::Channel::chat};
  auto loaded = flow::load_valid_flow(source, name + ".yaml", context);
  if (!loaded) return loaded.error();
  loaded->name = name;

  flow::FlowLibrary library;
  library.add(std::move(*loaded));
  if (published != nullptr) {
    for (const auto& [other, flow] : published->library().flows())
      if (other != name) library.add(flow);
  }
  library.set_catalog(std::move(catalog));
  return std::make_shared<const flow::FlowInterpreter>(std::move(library));
}

}  // namespace callwerk::http
