#include "media/media_worker.hpp"

#include <boost/asio/post.hpp>

#include "core/thread_name.hpp"
#include "media/media_stream.hpp"

namespace callwerk::media {

MediaWorker::MediaWorker(int index, MediaEngineState& engine)
    : index_(index), engine_(engine), random_(std::random_device{}()) {}

MediaWorker::~MediaWorker() {
  stop();
}

void MediaWorker::start() {
  if (running_) return;
  running_ = true;
  next_tick_ = std::chrono::steady_clock::now() + kTick;
  schedule_tick();
  thread_ = std::thread([this] {
    set_current_thread_name("cw-media-" + std::to_string(index_));
    io_.run();
  });
}

void MediaWorker::stop() {
  if (!running_) return;
  running_ = false;
  io_.stop();
  if (thread_.joinable()) thread_.join();
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
  raw->start();
}

MediaStream* MediaWorker::find(MediaStreamId id) {
  auto it = streams_.find(id);
  return it == streams_.end() ? nullptr : it->second.get();
}

void MediaWorker::remove(MediaStreamId id) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  // Closing the sockets queued their cancelled receive handlers, which still point at the
  // stream: it is destroyed a few ticks later, when they have surely run.
  closed_.push_back({now(), std::move(it->second)});
  streams_.erase(it);
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
  boost::asio::post(target.io(), [&target, packet] {
    if (auto* stream = target.find(packet.to)) stream->deliver_relay(packet);
  });
}

void MediaWorker::mix(const MixFrame& frame) {
  MediaWorker& target = engine_.worker_of(frame.to);
  if (&target == this) {
    if (auto* stream = find(frame.to)) stream->deliver_mix(frame);
    return;
  }
  boost::asio::post(target.io(), [&target, frame] {
    if (auto* stream = target.find(frame.to)) stream->deliver_mix(frame);
  });
}

void MediaWorker::schedule_tick() {
  timer_.expires_at(next_tick_);
  timer_.async_wait([this](const boost::system::error_code& error) {
    if (error) return;
    on_tick();
  });
}

void MediaWorker::on_tick() {
  run_commands();
  const TimeMs now_ms = now();
  for (auto& [id, stream] : streams_) stream->tick(now_ms);
  while (!closed_.empty() && now_ms - closed_.front().first >= 100) closed_.pop_front();
  // Fixed steps keep the 20 ms packet rhythm; after a stall (a suspended machine, a debugger)
  // the schedule restarts from now instead of sending a burst to catch up.
  next_tick_ += kTick;
  const auto current = std::chrono::steady_clock::now();
  if (current - next_tick_ > std::chrono::milliseconds(200)) next_tick_ = current + kTick;
  schedule_tick();
}

}  // namespace callwerk::media
