#pragma once
// One media thread: an io_context for its streams' sockets and the 20 ms tick that serves
// them all in one pass.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "media/media_engine.hpp"

namespace callwerk::media {

class MediaStream;
struct RelayPacket;
struct MixFrame;

// A stream's figures as of its last tick. stats() reads them from any thread without a round
// trip to the media thread: the core loop asks at the end of every bridged call, and waiting
// there for a busy media thread (up to a tick's work per question) stalled SIP when many
// calls ended together.
struct PublishedStats {
  std::mutex mutex;
  MediaStreamStats stats;
};

// The engine's shared parts that workers need: configuration, the event sink, the workers.
struct MediaEngineState {
  MediaEngineConfig config;
  std::function<void(MediaEvent)> on_event;
  std::vector<std::unique_ptr<MediaWorker>> workers;
  std::string cname;
  MediaWorker& worker_of(MediaStreamId id) { return *workers[id & 0xff]; }
  // Ports and open ids: touched only by open and close, under the lock.
  mutable std::mutex mutex;
  uint16_t next_port = 0;
  std::uint64_t next_serial = 1;
  std::size_t open_streams = 0;
  std::unordered_map<MediaStreamId, std::shared_ptr<PublishedStats>> published;
  std::mt19937 rng;  // SSRCs and initial sequence numbers and timestamps of new streams
  bool started = false;
};

class MediaWorker {
 public:
  static constexpr std::chrono::milliseconds kTick{20};

  MediaWorker(int index, MediaEngineState& engine);
  ~MediaWorker();

  boost::asio::io_context& io() { return io_; }
  const MediaEngineConfig& config() const { return engine_.config; }
  const std::string& cname() const { return engine_.cname; }
  int index() const { return index_; }

  void start();
  void stop();

  // From any thread: runs `command` on this worker's thread at its next tick. Commands wait at
  // most one tick, which costs no latency (every packet goes out on a tick anyway), and the
  // thread is not woken for each of the several commands every call sends it.
  void post_command(std::function<void()> command);

  // On this worker's thread.
  void add(std::unique_ptr<MediaStream> stream);
  MediaStream* find(MediaStreamId id);
  void remove(MediaStreamId id);
  void emit(MediaEvent event) { engine_.on_event(std::move(event)); }
  void relay(const RelayPacket& packet);
  void mix(const MixFrame& frame);
  TimeMs now() const;
  std::uint32_t random32() { return static_cast<std::uint32_t>(random_()); }

 private:
  void schedule_tick();
  void on_tick();
  void run_commands();

  int index_;
  MediaEngineState& engine_;
  boost::asio::io_context io_{1};
  boost::asio::steady_timer timer_{io_};
  std::chrono::steady_clock::time_point next_tick_;
  std::unordered_map<MediaStreamId, std::unique_ptr<MediaStream>> streams_;
  std::deque<std::pair<TimeMs, std::unique_ptr<MediaStream>>> closed_;
  std::mt19937 random_;
  std::mutex commands_mutex_;
  std::vector<std::function<void()>> commands_;  // guarded by commands_mutex_
  std::vector<std::function<void()>> running_commands_;
  std::thread thread_;
  bool running_ = false;
};

}  // namespace callwerk::media
