// A server for the HTTP benchmark (bench/api_wrk.sh): a temporary store with one tenant, an
// admin and an API token, served by HttpServer. Prints "port=<n> token=<cwk_...>" on one line,
// then serves until SIGINT/SIGTERM.
//
// usage: api_bench_server [threads]

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "http/http_server.hpp"
#include "store/credentials.hpp"
#include "store/store.hpp"

namespace {

using namespace callwerk;

int fail(const std::string& what) {
  std::fprintf(stderr, "api_bench_server: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  const int threads = argc > 1 ? std::atoi(argv[1]) : 2;
  std::string dir = (std::filesystem::temp_directory_path() / "callwerk-bench-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) return fail("mkdtemp failed");

  store::StoreOptions store_options;
  store_options.path = dir + "/bench.db";
  auto writer = store::open_writer(store_options);
  if (!writer) return fail(writer.error().describe());

  const std::string token = "cwk_" + store::random_token(32);
  auto seeded = (*writer)->run([&](store::WriteContext& w) -> Result<store::Json> {
    auto tenant = w.create_tenant("bench", "Bench GmbH", "Europe/Berlin", "de");
    if (!tenant) return tenant.error();
    auto hash = store::hash_password("bench-password");
    if (!hash) return hash.error();
    auto user = w.create(*store::find_entity("users"), *tenant,
                         {{"username", "bench-admin"},
                          {"display_name", "Bench"},
                          {"role", "admin"},
                          {"password_hash", *hash}},
                         store::Actor{std::nullopt, "bench"});
    if (!user) return user.error();
    return w.create_api_token(*tenant, (*user)["id"].get<store::Id>(), "wrk",
                              store::sha256_hex(token), store::Actor{std::nullopt, "bench"});
  });
  if (!seeded) return fail(seeded.error().describe());

  boost::asio::io_context core;
  http::HttpOptions options;
  options.port = 0;
  options.threads = threads;
  http::HttpServer server(core, **writer, store_options, options);
  if (Status started = server.start(); !started) return fail(started.error().describe());
  std::printf("port=%u token=%s\n", server.port(), token.c_str());
  std::fflush(stdout);

  boost::asio::signal_set signals(core, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { core.stop(); });
  core.run();
  server.stop();
  (*writer)->stop();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return 0;
}
