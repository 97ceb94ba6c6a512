#pragma once
// One HTTP thread: its io_context (connections stay on the thread that accepted them, so a
// connection needs no strand) and its own StoreReader (SQLite connections are per thread).

#include <memory>
#include <thread>

#include <boost/asio/io_context.hpp>

#include "store/store.hpp"

namespace callwerk::http {

struct WorkerThread {
  boost::asio::io_context io{1};
  std::unique_ptr<store::StoreReader> reader;
  std::thread thread;
};

}  // namespace callwerk::http
