#include "app/server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <csignal>

#include "core/thread_name.hpp"

namespace callwerk::app {

Server::Server(Key)
    : core_work_(boost::asio::make_work_guard(core_)), signals_(core_, SIGINT, SIGTERM) {}

Result<std::unique_ptr<Server>> Server::start(const AppConfig& config) {
  auto server = std::make_unique<Server>(Key{});
  server->signals_.async_wait([s = server.get()](const boost::system::error_code& ec, int number) {
    if (ec) return;  // cancelled at shutdown
    spdlog::info("signal {} received, shutting down", number);
    s->signal_received_.set_value(number);
  });
  server->core_thread_ = std::thread([s = server.get()] {
    set_current_thread_name("cw-core");
    s->core_.run();
  });

  auto writer = store::open_writer(config.store);
  if (!writer) {
    server->shutdown();
    return writer.error();
  }
  server->writer_ = std::move(*writer);
  spdlog::info("store {} open", config.store.path);

  // Nothing writes before the event sink is set below, so the indexes miss no change.
  auto reader = store::open_reader(config.store);
  if (!reader) {
    server->shutdown();
    return reader.error();
  }
  auto kb = KbService::load(**reader);
  if (!kb) {
    server->shutdown();
    return kb.error();
  }
  server->kb_ = std::move(*kb);
  server->webhooks_ = std::make_unique<WebhookClient>();

  auto chat_reader = store::open_reader(config.store);
  if (!chat_reader) {
    server->shutdown();
    return chat_reader.error();
  }
  server->chat_flows_ =
      std::make_unique<ChatFlowSource>(std::move(*chat_reader), server->webhooks_.get());

  auto acd_reader = store::open_reader(config.store);
  if (!acd_reader) {
    server->shutdown();
    return acd_reader.error();
  }
  // Its live events go out through the HTTP server, which is created next (and stopped first).
  server->contact_center_ =
      std::make_unique<ContactCenter>(server->core_, *server->writer_, std::move(*acd_reader),
                                      [s = server.get()](const store::StoredEvent& event) {
                                        if (s->http_) s->http_->publish(event);
                                      });
  if (auto loaded = server->contact_center_->start(); !loaded) {
    server->shutdown();
    return loaded.error();
  }

  http::HttpOptions http_options = config.http;
  if (config.telephony.enabled) http_options.recordings_dir = recordings_dir_of(config);
  server->http_ = std::make_unique<http::HttpServer>(
      server->core_, *server->writer_, config.store, http_options, server->kb_.get(),
      server->chat_flows_.get(), server->contact_center_.get());
  server->writer_->set_event_sink(
      [http = server->http_.get(), kb = server->kb_.get(),
       queues = server->contact_center_.get()](const store::StoredEvent& event) {
        kb->apply(event);  // first: the change is searchable when its writer hears "done"
        queues->store_changed(event);
        http->publish(event);
      });
  if (auto started = server->http_->start(); !started) {
    server->shutdown();
    return started.error();
  }
  spdlog::info("listening on http://{}:{}/", config.http.address, server->http_->port());
  if (config.telephony.enabled) {
    auto telephony = Telephony::start(server->core_, config, *server->writer_, server->kb_.get(),
                                      server->webhooks_.get(), server->contact_center_.get());
    if (!telephony) {
      server->shutdown();
      return telephony.error();
    }
    server->telephony_ = std::move(*telephony);
  }
  return server;
}

Server::~Server() {
  shutdown();
}

std::uint16_t Server::port() const {
  return http_ ? http_->port() : 0;
}

std::uint16_t Server::sip_port() const {
  return telephony_ ? telephony_->sip_port() : 0;
}

void Server::wait_for_signal() {
  signal_received_.get_future().wait();
  shutdown();
}

void Server::shutdown() {
  if (stopped_) return;
  stopped_ = true;
  // Order matters: no new requests, then every acknowledged write committed, then the loop.
  if (http_) http_->stop();
  if (telephony_) telephony_->stop();  // ends calls; their protocol goes to the writer
  if (contact_center_ && core_thread_.joinable()) {
    std::promise<void> stopped;
    boost::asio::post(core_, [this, &stopped] {
      contact_center_->stop();
      stopped.set_value();
    });
    stopped.get_future().wait();
  }
  if (writer_) {
    writer_->flush();
    writer_->stop();
    writer_->set_event_sink({});
  }
  core_work_.reset();
  core_.stop();
  if (core_thread_.joinable()) core_thread_.join();
  signals_.cancel();  // the loop has stopped: no other thread touches the signal set now
  // Webhook replies go to the calls through the stopped loop (where they are dropped): the
  // client's thread must be gone before the calls are.
  webhooks_.reset();
  telephony_.reset();
  http_.reset();
  contact_center_.reset();
  writer_.reset();
  kb_.reset();
  chat_flows_.reset();
  spdlog::info("stopped");
}

}  // namespace callwerk::app
