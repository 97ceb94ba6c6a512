#include "media/media_engine.hpp"

#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "media/media_stream.hpp"
#include "media/media_worker.hpp"

namespace callwerk::media {
namespace {

using udp = boost::asio::ip::udp;

// Runs f on the stream's thread with the stream, if it still exists there.
template <typename F>
void on_stream(MediaEngineState& state, MediaStreamId id, F f) {
  if ((id & 0xff) >= state.workers.size()) return;
  MediaWorker& worker = state.worker_of(id);
  worker.post_command([&worker, id, f = std::move(f)]() mutable {
    if (auto* stream = worker.find(id)) f(*stream);
  });
}

// A non-blocking UDP socket bound to `local`: its descriptor, -1 when the port is taken, an
// error when no socket can be made at all.
Result<int> bind_plain_udp(const udp::endpoint& local) {
  const int fd = ::socket(local.address().is_v6() ? AF_INET6 : AF_INET,
                          SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return make_error(ErrorKind::internal, std::string("RTP socket: ") + std::strerror(errno));
  if (::bind(fd, local.data(), static_cast<socklen_t>(local.size())) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

std::string random_cname(std::mt19937& rng) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string cname = "callwerk-";
  for (int i = 0; i < 16; ++i) cname += kHex[rng() % 16];
  return cname;
}

}  // namespace

MediaEngine::MediaEngine(MediaEngineConfig config, std::function<void(MediaEvent)> on_event)
    : state_(std::make_unique<MediaEngineState>()) {
  state_->config = std::move(config);
  state_->on_event = std::move(on_event);
  auto& c = state_->config;
  c.threads = std::clamp(c.threads, 1, 255);
  if (c.port_min % 2 != 0) ++c.port_min;
  if (c.port_max < c.port_min + 1) c.port_max = static_cast<uint16_t>(c.port_min + 1);
  state_->next_port = c.port_min;
  state_->rng.seed(std::random_device{}());
  state_->cname = random_cname(state_->rng);
  for (int i = 0; i < c.threads; ++i)
    state_->workers.push_back(std::make_unique<MediaWorker>(i, *state_));
}

MediaEngine::~MediaEngine() {
  stop();
}

void MediaEngine::set_notice_sink(std::function<void(const std::string&)> sink) {
  std::lock_guard lock(state_->mutex);
  if (!state_->started) state_->on_notice = std::move(sink);
}

void MediaEngine::start() {
  std::lock_guard lock(state_->mutex);
  if (state_->started) return;
  state_->started = true;
  for (auto& worker : state_->workers) worker->start();
}

void MediaEngine::stop() {
  {
    std::lock_guard lock(state_->mutex);
    if (!state_->started) return;
    state_->started = false;
  }
  for (auto& worker : state_->workers) worker->stop();
}

Result<std::pair<MediaStreamId, uint16_t>> MediaEngine::open_stream(bool ipv6, bool inband_dtmf) {
  auto& c = state_->config;
  boost::system::error_code error;
  const auto address =
      boost::asio::ip::make_address(ipv6 ? c.bind_address_v6 : c.bind_address, error);
  if (error) return make_error(ErrorKind::invalid_input, "media bind address: " + error.message());

  std::lock_guard lock(state_->mutex);
  const MediaStreamId serial = state_->next_serial++;
  const auto worker_index = static_cast<std::size_t>(serial % state_->workers.size());
  MediaWorker& worker = *state_->workers[worker_index];
  const MediaStreamId id = (serial << 8) | worker_index;

  const int pairs = (c.port_max - c.port_min + 1) / 2;
  for (int attempt = 0; attempt < pairs; ++attempt) {
    const uint16_t port = state_->next_port;
    state_->next_port = static_cast<uint16_t>(port + 2);
    if (state_->next_port + 1 > c.port_max || state_->next_port < port)
      state_->next_port = c.port_min;

    udp::socket rtp(worker.io());
    int rtp_fd = -1;
    if (worker.uses_ring()) {
      // The ring does the socket's I/O: a plain descriptor, never registered with asio's
      // epoll (that registration and its release were two system calls per call for nothing).
      auto bound = bind_plain_udp(udp::endpoint(address, port));
      if (!bound) return bound.error();
      if (*bound < 0) continue;  // the port is taken
      rtp_fd = *bound;
    } else {
      rtp.open(address.is_v6() ? udp::v6() : udp::v4(), error);
      if (error) return make_error(ErrorKind::internal, "RTP socket: " + error.message());
      rtp.bind(udp::endpoint(address, port), error);
      if (error) continue;
    }
    udp::socket rtcp(worker.io());
    rtcp.open(address.is_v6() ? udp::v6() : udp::v4(), error);
    if (error) return make_error(ErrorKind::internal, "RTCP socket: " + error.message());
    rtcp.bind(udp::endpoint(address, static_cast<uint16_t>(port + 1)), error);
    if (error) {
      if (rtp_fd >= 0) ::close(rtp_fd);
      continue;
    }

    auto published = std::make_shared<PublishedStats>();
    state_->published[id] = published;
    auto stream = std::make_unique<MediaStream>(
        id, MediaStream::Sockets{std::move(rtp), rtp_fd, std::move(rtcp), address.is_v6()}, worker,
        state_->rng, std::move(published));
    stream->set_inband_dtmf(inband_dtmf);
    // Commands are copyable callables; the stream rides in a shared holder, so it is still
    // destroyed properly should the worker stop before it runs the command.
    auto holder = std::make_shared<std::unique_ptr<MediaStream>>(std::move(stream));
    worker.post_command([&worker, holder] { worker.add(std::move(*holder)); });
    ++state_->open_streams;
    return std::pair<MediaStreamId, uint16_t>{id, port};
  }
  return make_error(ErrorKind::too_many, "no free RTP port pair in the media port range");
}

void MediaEngine::set_remote(MediaStreamId id, std::string address, uint16_t port, MediaCodec codec,
                             bool send, bool receive) {
  boost::system::error_code error;
  const auto ip = boost::asio::ip::make_address(address, error);
  if (error) return;  // the SDP layer validated it; a bad one leaves the stream as it was
  const udp::endpoint remote(ip, port);
  on_stream(*state_, id, [remote, codec, send, receive](MediaStream& stream) {
    stream.set_remote(remote, codec, send, receive);
  });
}

void MediaEngine::play(MediaStreamId id, SharedPcm audio, uint64_t play_id, bool stop_on_dtmf) {
  on_stream(*state_, id, [audio = std::move(audio), play_id, stop_on_dtmf](MediaStream& stream) {
    stream.play(audio, play_id, stop_on_dtmf);
  });
}

void MediaEngine::send_dtmf(MediaStreamId id, char digit, int duration_ms) {
  on_stream(*state_, id,
            [digit, duration_ms](MediaStream& stream) { stream.send_dtmf(digit, duration_ms); });
}

void MediaEngine::stop_playback(MediaStreamId id) {
  on_stream(*state_, id, [](MediaStream& stream) { stream.stop_playback(); });
}

void MediaEngine::start_recording(MediaStreamId id, std::string wav_path) {
  on_stream(*state_, id,
            [path = std::move(wav_path)](MediaStream& stream) { stream.start_recording(path); });
}

void MediaEngine::stop_recording(MediaStreamId id) {
  on_stream(*state_, id, [](MediaStream& stream) { stream.stop_recording(); });
}

void MediaEngine::bridge(MediaStreamId a, MediaStreamId b) {
  if (a == b) return;
  on_stream(*state_, a, [b](MediaStream& stream) { stream.set_bridge(b); });
  on_stream(*state_, b, [a](MediaStream& stream) { stream.set_bridge(a); });
}

void MediaEngine::unbridge(MediaStreamId a) {
  MediaEngineState* state = state_.get();
  on_stream(*state_, a, [state](MediaStream& stream) {
    const MediaStreamId peer = stream.bridge_peer();
    stream.set_bridge(0);
    if (peer == 0) return;
    on_stream(*state, peer, [id = stream.id()](MediaStream& other) {
      if (other.bridge_peer() == id) other.set_bridge(0);
    });
  });
}

namespace {

// Tells every source that was added or removed, on its own thread, whom to share with.
void update_listeners(MediaEngineState& state, MediaStreamId listener,
                      const std::vector<MediaStreamId>& before,
                      const std::vector<MediaStreamId>& after) {
  const auto contains = [](const std::vector<MediaStreamId>& ids, MediaStreamId id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  for (const MediaStreamId source : before)
    if (!contains(after, source))
      on_stream(state, source,
                [listener](MediaStream& stream) { stream.remove_mix_listener(listener); });
  for (const MediaStreamId source : after)
    if (!contains(before, source))
      on_stream(state, source,
                [listener](MediaStream& stream) { stream.add_mix_listener(listener); });
}

}  // namespace

void MediaEngine::set_sources(MediaStreamId listener, std::vector<MediaStreamId> sources) {
  std::vector<MediaStreamId> unique;
  for (const MediaStreamId source : sources)
    if (source != listener && (source & 0xff) < state_->workers.size() &&
        std::find(unique.begin(), unique.end(), source) == unique.end())
      unique.push_back(source);
  MediaEngineState* state = state_.get();
  on_stream(*state_, listener, [state, listener, unique = std::move(unique)](MediaStream& stream) {
    const std::vector<MediaStreamId> before = stream.mix_sources();
    stream.set_mix_sources(unique);
    update_listeners(*state, listener, before, unique);
  });
}

void MediaEngine::clear_sources(MediaStreamId listener) {
  MediaEngineState* state = state_.get();
  on_stream(*state_, listener, [state, listener](MediaStream& stream) {
    const std::vector<MediaStreamId> before = stream.mix_sources();
    stream.clear_mix_sources();
    update_listeners(*state, listener, before, {});
  });
}

void MediaEngine::close(MediaStreamId id) {
  if ((id & 0xff) >= state_->workers.size()) return;
  unbridge(id);
  clear_sources(id);
  MediaEngineState* state = state_.get();
  MediaWorker& worker = state_->worker_of(id);
  worker.post_command([state, &worker, id] {
    auto* stream = worker.find(id);
    if (stream == nullptr) return;
    stream->close();
    worker.remove(id);
    std::lock_guard lock(state->mutex);
    --state->open_streams;
    state->published.erase(id);
  });
}

size_t MediaEngine::active_streams() const {
  std::lock_guard lock(state_->mutex);
  return state_->open_streams;
}

std::vector<MediaWorkerLoad> MediaEngine::load() const {
  std::vector<MediaWorkerLoad> loads;
  for (const auto& worker : state_->workers) loads.push_back(worker->load());
  return loads;
}

std::optional<MediaStreamStats> MediaEngine::stats(MediaStreamId id) const {
  std::shared_ptr<PublishedStats> published;
  {
    std::lock_guard lock(state_->mutex);
    const auto it = state_->published.find(id);
    if (it == state_->published.end()) return std::nullopt;
    published = it->second;
  }
  std::lock_guard lock(published->mutex);
  return published->stats;
}

}  // namespace callwerk::media
