#include "http/http_server.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/executor_work_guard.hpp>

#include "core/thread_name.hpp"
#include "http/listener.hpp"
#include "http/server_state.hpp"
#include "http/worker_thread.hpp"

namespace callwerk::http {

namespace asio = boost::asio;

struct HttpServer::Impl {
  Impl(asio::io_context& core_loop, store::StoreWriter& store_writer,
       store::StoreOptions opened_store, HttpOptions http_options, KbSearcher* kb, ChatFlows* chat,
       AgentDesk* desk)
      : writer(store_writer),
        store_options(std::move(opened_store)),
        state(store_writer, std::move(http_options), std::make_shared<EventHub>(core_loop), kb,
              chat, desk) {}

  store::StoreWriter& writer;
  store::StoreOptions store_options;
  // Declared before the workers: connections refer to it until the workers are destroyed.
  ServerState state;
  std::vector<std::unique_ptr<WorkerThread>> workers;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work_guards;
  std::shared_ptr<Listener> listener;
  bool running = false;
};

HttpServer::HttpServer(asio::io_context& core, store::StoreWriter& writer,
                       store::StoreOptions store_options, HttpOptions options, KbSearcher* kb,
                       ChatFlows* chat, AgentDesk* desk)
    : impl_(std::make_unique<Impl>(core, writer, std::move(store_options), std::move(options), kb,
                                   chat, desk)) {}

HttpServer::~HttpServer() {
  stop();
}

Status HttpServer::start() {
  if (impl_->running) return ok_status();
  const int threads = std::max(1, impl_->state.options.threads);
  impl_->workers.clear();
  for (int i = 0; i < threads; ++i) {
    auto worker = std::make_unique<WorkerThread>();
    auto reader = store::open_reader(impl_->store_options);
    if (!reader) return reader.error();
    worker->reader = std::move(*reader);
    impl_->workers.push_back(std::move(worker));
  }
  impl_->listener = std::make_shared<Listener>(impl_->workers, impl_->state);
  if (Status bound = impl_->listener->bind(impl_->state.options.address, impl_->state.options.port);
      !bound) {
    impl_->listener.reset();
    impl_->workers.clear();
    return bound.error();
  }
  impl_->listener->start();
  for (size_t i = 0; i < impl_->workers.size(); ++i) {
    auto& worker = impl_->workers[i];
    impl_->work_guards.push_back(asio::make_work_guard(worker->io));
    worker->thread = std::thread([&io = worker->io, i] {
      set_current_thread_name("cw-http-" + std::to_string(i));
      for (;;) {
        try {
          io.run();
          return;
        } catch (const std::exception& e) {
          // A handler bug must not take the whole server down; the connection is lost.
          spdlog::error("http thread: {}", e.what());
        }
      }
    });
  }
  impl_->running = true;
  spdlog::info("http: listening on {}:{} with {} threads", impl_->state.options.address, port(),
               threads);
  return ok_status();
}

void HttpServer::stop() {
  if (!impl_->running) return;
  impl_->running = false;
  impl_->listener->stop();
  impl_->state.hub->close();
  // Writes in flight answer through their connection's io_context: let them complete while
  // the threads still run, so no callback outlives its io_context.
  impl_->writer.flush();
  impl_->work_guards.clear();
  for (auto& worker : impl_->workers) worker->io.stop();
  for (auto& worker : impl_->workers) {
    if (worker->thread.joinable()) worker->thread.join();
  }
  impl_->listener.reset();
  impl_->workers.clear();
}

std::uint16_t HttpServer::port() const {
  return impl_->listener ? impl_->listener->port() : 0;
}

void HttpServer::publish(const store::StoredEvent& event) {
  impl_->state.hub->publish(event);
}

}  // namespace callwerk::http
