#include "media/media_worker.hpp"

#include <fmt/format.h>

#include <cstring>
#include <future>

#include "core/thread_name.hpp"
#include "core/thread_priority.hpp"
#include "media/media_stream.hpp"

namespace callwerk::media {

MediaWorker::MediaWorker(int index, MediaEngineState& engine)
    : index_(index),
      engine_(engine),
      realtime_guard_(engine.config.realtime_limits),
      random_(std::random_device{}()) {}

MediaWorker::~MediaWorker() {
  stop();
}

void MediaWorker::start() {
  if (running_) return;
  running_ = true;
  std::promise<void> ready;
  auto known = ready.get_future();
  thread_ = std::thread([this, &ready] {
    set_current_thread_name("cw-media-" + std::to_string(index_));
    // The ring belongs to this thread (IORING_SETUP_SINGLE_ISSUER): opened and closed here.
    std::string why_not = "configured";
    if (engine_.config.io == RtpIo::uring) ring_ = RtpRing::open(why_not);
    io_mode_ = ring_ ? "io_uring" : "poll (" + why_not + ")";
    start_scheduling();
    ready.set_value();
    run();
    ring_.reset();
  });
  known.wait();
}

void MediaWorker::start_scheduling() {
  if (engine_.config.realtime_priority <= 0) {
    // Not asked for: the thread runs as it was created (a process under chrt runs real-time).
    const bool inherited = current_thread_is_realtime();
    set_scheduling(inherited, inherited ? "real-time (inherited)" : "normal (configured)");
    return;
  }
  (void)raise_priority();
}

bool MediaWorker::raise_priority() {
  const int priority = engine_.config.realtime_priority;
  if (Status granted = set_current_thread_realtime(priority); !granted) {
    refused(granted.error().message);
    return false;
  }
  realtime_wanted_ = true;
  set_scheduling(true, fmt::format("real-time (SCHED_FIFO {})", priority));
  return true;
}

void MediaWorker::refused(const std::string& why) {
  realtime_wanted_ = false;
  const std::string scheduling =
      "normal (real-time priority refused: " + why + "; grant CAP_SYS_NICE or LimitRTPRIO)";
  set_scheduling(false, scheduling);
  notice(scheduling);
}

void MediaWorker::notice(const std::string& text) {
  if (engine_.on_notice) engine_.on_notice("media thread " + std::to_string(index_) + ": " + text);
}

void MediaWorker::set_scheduling(bool realtime, std::string description) {
  std::lock_guard lock(scheduling_mutex_);
  realtime_ = realtime;
  scheduling_ = std::move(description);
}

void MediaWorker::judge_load(std::chrono::steady_clock::time_point now) {
  if (!realtime_wanted_) return;
  const auto now_us =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  // The thread's CPU clock is a system call: asked once a second, not every tick.
  if (!realtime_guard_.due(now_us)) return;
  switch (realtime_guard_.sample(now_us, current_thread_cpu_us())) {
    case RealtimeGuard::Change::none:
      return;
    case RealtimeGuard::Change::step_down: {
      if (Status lowered = set_current_thread_normal(); !lowered) {
        // Still real-time: say so, and do not try again (the guard thinks it is down).
        realtime_wanted_ = false;
        notice("overloaded, but ordinary priority was refused (" + lowered.error().message +
               "): it stays real-time");
        return;
      }
      set_scheduling(false, "normal (overloaded: stepped down from real-time priority)");
      timing_.step_downs.fetch_add(1, std::memory_order_relaxed);
      notice(
          fmt::format("busy {:.0f} % of the time or more: back to ordinary priority, so that "
                      "it does not starve the other threads on its core",
                      realtime_guard_.limits().overloaded * 100));
      return;
    }
    case RealtimeGuard::Change::step_up:
      if (raise_priority()) notice("real-time priority again");
      return;
  }
}

void MediaWorker::run() {
  next_pass_ = std::chrono::steady_clock::now() + kTick;
  pass_ = 0;
  schedule_pass();
  io_.run();
}

void MediaWorker::stop() {
  if (!running_) return;
  running_ = false;
  io_.stop();
  if (thread_.joinable()) thread_.join();
}

MediaWorkerLoad MediaWorker::load() const {
  MediaWorkerLoad load;
  load.io = io_mode_;
  load.ticks = timing_.ticks.load(std::memory_order_relaxed);
  load.late_ticks = timing_.late_ticks.load(std::memory_order_relaxed);
  load.worst_lateness_us = timing_.worst_lateness_us.load(std::memory_order_relaxed);
  load.busy_us = timing_.busy_us.load(std::memory_order_relaxed);
  load.longest_pass_us = timing_.longest_pass_us.load(std::memory_order_relaxed);
  load.step_downs = timing_.step_downs.load(std::memory_order_relaxed);
  std::lock_guard lock(scheduling_mutex_);
  load.realtime = realtime_;
  load.scheduling = scheduling_;
  return load;
}

void MediaWorker::post_command(std::function<void()> command) {
  std::lock_guard lock(commands_mutex_);
  commands_.push_back(std::move(command));
}

void MediaWorker::run_commands() {
  {
    std::lock_guard lock(commands_mutex_);
    running_commands_.swap(commands_);
  }
  for (auto& command : running_commands_) command();
  running_commands_.clear();
}

void MediaWorker::add(std::unique_ptr<MediaStream> stream) {
  auto* raw = stream.get();
  streams_[stream->id()] = std::move(stream);
  join_phase(*raw, pass_);  // streams opened over time spread their sending over the passes
  raw->start();
}

MediaStream* MediaWorker::find(MediaStreamId id) {
  auto it = streams_.find(id);
  return it == streams_.end() ? nullptr : it->second.get();
}

void MediaWorker::remove(MediaStreamId id) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  leave_phase(*it->second);
  // Closing the sockets queued their cancelled receive handlers, which still point at the
  // stream: it is destroyed a few ticks later, when they have surely run.
  closed_.push_back({now(), std::move(it->second)});
  streams_.erase(it);
}

void MediaWorker::join_phase(MediaStream& stream, int phase) {
  auto& streams = by_phase_[static_cast<std::size_t>(phase)];
  stream.set_phase(phase, streams.size());
  streams.push_back(&stream);
}

void MediaWorker::leave_phase(MediaStream& stream) {
  auto& streams = by_phase_[static_cast<std::size_t>(stream.phase())];
  const std::size_t index = stream.phase_index();
  if (index >= streams.size() || streams[index] != &stream) return;
  streams[index] = streams.back();
  streams[index]->set_phase(stream.phase(), index);
  streams.pop_back();
}

void MediaWorker::tick_in_this_pass(MediaStream& stream) {
  if (stream.phase() == pass_) return;
  leave_phase(stream);
  join_phase(stream, pass_);
}

TimeMs MediaWorker::now() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void MediaWorker::relay(const RelayPacket& packet) {
  MediaWorker& target = engine_.worker_of(packet.to);
  if (&target == this) {
    if (auto* stream = find(packet.to)) stream->deliver_relay(packet);
    return;
  }
  // Not a post per packet: that woke the other thread 50 times a second per bridged call.
  std::lock_guard lock(target.inbox_mutex_);
  target.relay_inbox_.push_back(packet);
}

void MediaWorker::mix(const MixFrame& frame) {
  MediaWorker& target = engine_.worker_of(frame.to);
  if (&target == this) {
    if (auto* stream = find(frame.to)) stream->deliver_mix(frame);
    return;
  }
  std::lock_guard lock(target.inbox_mutex_);
  target.mix_inbox_.push_back(frame);
}

void MediaWorker::take_inbox() {
  {
    std::lock_guard lock(inbox_mutex_);
    relays_taken_.swap(relay_inbox_);
    mixes_taken_.swap(mix_inbox_);
  }
  for (const auto& packet : relays_taken_)
    if (auto* stream = find(packet.to)) stream->deliver_relay(packet);
  for (const auto& frame : mixes_taken_)
    if (auto* stream = find(frame.to)) stream->deliver_mix(frame);
  relays_taken_.clear();
  mixes_taken_.clear();
}

bool MediaWorker::on_datagram(RtpRingOwner owner, std::span<const std::uint8_t> data,
                              const sockaddr* from, socklen_t from_length) {
  auto* stream = find(owner);
  if (stream == nullptr) return false;
  MediaStream::udp::endpoint source;
  if (from_length > source.capacity()) return true;
  std::memcpy(source.data(), from, from_length);
  source.resize(from_length);
  return stream->on_rtp_datagram(data, source);
}

void MediaWorker::on_send_failed(RtpRingOwner owner) {
  if (auto* stream = find(owner)) stream->note_send_failed();
}

void MediaWorker::schedule_pass() {
  timer_.expires_at(next_pass_);
  timer_.async_wait([this](const boost::system::error_code& error) {
    if (error) return;
    on_pass();
  });
}

void MediaWorker::on_pass() {
  const auto started = std::chrono::steady_clock::now();
  const auto lateness =
      std::chrono::duration_cast<std::chrono::microseconds>(started - next_pass_).count();
  if (pass_ == 0) {
    timing_.ticks.fetch_add(1, std::memory_order_relaxed);
    tick_was_late_ = false;
  }
  // Every pass sends the packets of its streams: a late one makes them late.
  if (lateness > std::chrono::microseconds(kLateTick).count() && !tick_was_late_) {
    tick_was_late_ = true;
    timing_.late_ticks.fetch_add(1, std::memory_order_relaxed);
  }
  if (lateness > timing_.worst_lateness_us.load(std::memory_order_relaxed))
    timing_.worst_lateness_us.store(lateness, std::memory_order_relaxed);
  // Commands first (a prompt to start goes out in this pass), then the streams whose turn it
  // is: their packets leave on time; what arrived meanwhile is taken after them.
  run_commands();
  tick_streams();
  if (ring_) {
    ring_->submit();
    // Receives parked for a spent budget resume once per tick, as the budget is per tick.
    if (pass_ == 0) ring_->resume_receiving();
    ring_->complete(*this);
  }
  take_inbox();
  if (ring_) ring_->submit();
  const auto finished = std::chrono::steady_clock::now();
  const auto spent =
      std::chrono::duration_cast<std::chrono::microseconds>(finished - started).count();
  timing_.busy_us.fetch_add(static_cast<std::uint64_t>(spent), std::memory_order_relaxed);
  if (spent > timing_.longest_pass_us.load(std::memory_order_relaxed))
    timing_.longest_pass_us.store(spent, std::memory_order_relaxed);
  if (pass_ == 0) judge_load(finished);

  // Fixed steps keep the 20 ms packet rhythm; after a stall (a suspended machine, a debugger)
  // the schedule restarts from now instead of sending a burst to catch up. Without streams the
  // thread sleeps from tick to tick.
  if (streams_.empty()) {
    next_pass_ += kPass * (kPassesPerTick - pass_);
    pass_ = 0;
  } else {
    next_pass_ += kPass;
    pass_ = (pass_ + 1) % kPassesPerTick;
  }
  if (finished - next_pass_ > std::chrono::milliseconds(200)) {
    next_pass_ = finished + kPass;
    pass_ = 0;
  }
  schedule_pass();
}

void MediaWorker::tick_streams() {
  const TimeMs now_ms = now();
  for (MediaStream* stream : by_phase_[static_cast<std::size_t>(pass_)]) stream->tick(now_ms);
  if (pass_ == 0)
    while (!closed_.empty() && now_ms - closed_.front().first >= 100) closed_.pop_front();
}

}  // namespace callwerk::media
