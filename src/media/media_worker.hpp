#pragma once
// One media thread: the 20 ms tick that serves all its streams, each in one of the tick's four
// passes (its phase), and their sockets:
// RTP through an io_uring ring (media/rtp_ring.hpp) where the kernel offers one, else through
// the thread's io_context like RTCP.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <atomic>
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
#include "media/realtime_guard.hpp"
#include "media/rtp_ring.hpp"

namespace callwerk::media {

class MediaStream;
struct RelayPacket;
struct MixFrame;

// A worker's timing, written by its thread and read from any (MediaEngine::load).
struct WorkerTiming {
  std::atomic<std::uint64_t> ticks{0};
  std::atomic<std::uint64_t> late_ticks{0};
  std::atomic<std::int64_t> worst_lateness_us{0};
  std::atomic<std::uint64_t> busy_us{0};
  std::atomic<std::int64_t> longest_pass_us{0};
  std::atomic<std::uint64_t> step_downs{0};
};

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
  // What a media thread has to say about itself (real-time refused, overloaded), on that thread.
  std::function<void(const std::string&)> on_notice;
  bool started = false;
};

class MediaWorker final : private RtpRingHandler {
 public:
  static constexpr std::chrono::milliseconds kTick{20};
  // Passes per tick: each runs the commands posted meanwhile, ticks the streams whose phase it
  // is and collects what arrived (RTP through the ring, packets other media threads relayed),
  // so that a key press, a relayed packet or a prompt to play waits at most one pass, not a
  // whole tick. A stream ticks every 20 ms in its own pass (MediaStream::phase): the one it
  // was added in, so that a thousand streams do not all send in the same pass, and the one
  // its latest prompt started in.
  static constexpr int kPassesPerTick = 4;
  static constexpr std::chrono::milliseconds kPass{kTick / kPassesPerTick};
  // A tick that starts this much after its time delays its packets beyond the jitter a
  // receiver is asked to tolerate (half a packet's time).
  static constexpr std::chrono::milliseconds kLateTick{10};

  MediaWorker(int index, MediaEngineState& engine);
  ~MediaWorker();

  boost::asio::io_context& io() { return io_; }
  const MediaEngineConfig& config() const { return engine_.config; }
  const std::string& cname() const { return engine_.cname; }
  int index() const { return index_; }

  // Starts the thread and waits until it knows how it does RTP I/O.
  void start();
  void stop();
  // On this worker's thread: the ring, or nullptr when RTP goes through the io_context.
  RtpRing* ring() { return ring_.get(); }
  // From any thread once start() returned: whether RTP goes through the ring.
  bool uses_ring() const { return ring_ != nullptr; }
  MediaWorkerLoad load() const;

  // From any thread: runs `command` on this worker's thread at its next pass. Commands wait at
  // most one pass (5 ms), and the thread is not woken for each of the several commands every
  // call sends it.
  void post_command(std::function<void()> command);
  // On this worker's thread: the pass running now (0 .. kPassesPerTick - 1).
  int pass() const { return pass_; }
  // On this worker's thread: `stream` ticks in the pass running now from here on.
  void tick_in_this_pass(MediaStream& stream);

  // On this worker's thread.
  void add(std::unique_ptr<MediaStream> stream);
  MediaStream* find(MediaStreamId id);
  void remove(MediaStreamId id);
  void emit(MediaEvent event) { engine_.on_event(std::move(event)); }
  // To a stream on any media thread; another thread takes it at its next pass.
  void relay(const RelayPacket& packet);
  void mix(const MixFrame& frame);
  TimeMs now() const;
  std::uint32_t random32() { return static_cast<std::uint32_t>(random_()); }

 private:
  void run();
  void schedule_pass();
  void on_pass();
  void tick_streams();
  void join_phase(MediaStream& stream, int phase);
  void leave_phase(MediaStream& stream);
  void run_commands();
  void take_inbox();
  void start_scheduling();
  void judge_load(std::chrono::steady_clock::time_point now);
  bool raise_priority();  // SCHED_FIFO as configured; refused: says why, runs as ordinary
  void set_scheduling(bool realtime, std::string description);
  void refused(const std::string& why);  // real-time priority refused: run as ordinary
  void notice(const std::string& text);  // to the engine's notice sink, with this thread
  bool on_datagram(RtpRingOwner owner, std::span<const std::uint8_t> data, const sockaddr* from,
                   socklen_t from_length) override;
  void on_send_failed(RtpRingOwner owner) override;

  int index_;
  MediaEngineState& engine_;
  boost::asio::io_context io_{1};
  boost::asio::steady_timer timer_{io_};
  std::chrono::steady_clock::time_point next_pass_;
  int pass_ = 0;                // 0: the first of a tick's passes
  bool tick_was_late_ = false;  // one of this tick's passes started late: counted once
  std::unique_ptr<RtpRing> ring_;
  std::string io_mode_;  // "io_uring", or "poll (why)"; set before start() returns
  WorkerTiming timing_;
  // Scheduling: decided on this thread, read by load() from any.
  RealtimeGuard realtime_guard_;
  bool realtime_wanted_ = false;  // configured and granted once
  mutable std::mutex scheduling_mutex_;
  bool realtime_ = false;   // guarded by scheduling_mutex_
  std::string scheduling_;  // guarded by scheduling_mutex_
  std::unordered_map<MediaStreamId, std::unique_ptr<MediaStream>> streams_;
  // The streams by the pass they tick in: a pass visits only its own, not every stream.
  std::array<std::vector<MediaStream*>, kPassesPerTick> by_phase_;
  std::deque<std::pair<TimeMs, std::unique_ptr<MediaStream>>> closed_;
  std::mt19937 random_;
  std::mutex commands_mutex_;
  std::vector<std::function<void()>> commands_;  // guarded by commands_mutex_
  std::vector<std::function<void()>> running_commands_;
  // What other media threads relayed or mixed to this one's streams.
  std::mutex inbox_mutex_;
  std::vector<RelayPacket> relay_inbox_;  // guarded by inbox_mutex_
  std::vector<MixFrame> mix_inbox_;       // guarded by inbox_mutex_
  std::vector<RelayPacket> relays_taken_;
  std::vector<MixFrame> mixes_taken_;
  std::thread thread_;
  bool running_ = false;
};

}  // namespace callwerk::media
