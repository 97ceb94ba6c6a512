// Three parties on real loopback sockets, as a caller, an agent and a supervisor: each sends a
// tone of its own frequency, and what each one receives tells by frequency whom it hears.

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <mutex>
#include <thread>

#include "media/g711.hpp"
#include "media/media_engine.hpp"
#include "media/rtp_packet.hpp"
#include "media_engine_test_support.hpp"

namespace callwerk::media {
namespace {

using test::EventLog;
using test::UdpPeer;

// The amplitude of `hz` in `samples` (Goertzel), in sample units.
double tone_amplitude(const std::vector<std::int16_t>& samples, double hz) {
  if (samples.empty()) return 0;
  const double w = 2 * M_PI * hz / telephony_sample_rate;
  const double coefficient = 2 * std::cos(w);
  double s1 = 0;
  double s2 = 0;
  for (const auto sample : samples) {
    const double s0 = sample + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  return 2 * std::sqrt(std::max(power, 0.0)) / static_cast<double>(samples.size());
}

// A phone on loopback: sends its tone as PCMA every 20 ms to its stream and keeps what comes
// back, decoded.
class TonePhone {
 public:
  explicit TonePhone(double hz) : hz_(hz) {}
  ~TonePhone() { stop(); }

  std::uint16_t port() const { return socket_.port(); }

  void start(std::uint16_t stream_port) {
    running_ = true;
    thread_ = std::thread([this, stream_port] { run(stream_port); });
  }
  void stop() {
    running_ = false;
    if (thread_.joinable()) thread_.join();
  }
  // Forgets what came so far: the next heard() covers only what arrives from now on.
  void restart_listening() {
    std::lock_guard lock(mutex_);
    heard_.clear();
  }
  std::vector<std::int16_t> heard() {
    std::lock_guard lock(mutex_);
    return heard_;
  }

 private:
  void run(std::uint16_t stream_port) {
    std::uint16_t sequence = 1;
    std::uint32_t timestamp = 1000;
    std::size_t phase = 0;
    auto next_send = std::chrono::steady_clock::now();
    while (running_) {
      if (std::chrono::steady_clock::now() >= next_send) {
        std::array<std::int16_t, samples_per_20ms> pcm{};
        for (auto& sample : pcm)
          sample = static_cast<std::int16_t>(
              6000 * std::sin(2 * M_PI * hz_ * static_cast<double>(phase++) / 8000.0));
        std::array<std::uint8_t, samples_per_20ms> alaw{};
        g711_encode(G711Law::alaw, pcm, alaw);
        RtpHeader header;
        header.payload_type = kPayloadTypePcma;
        header.sequence = sequence++;
        header.timestamp = timestamp;
        header.ssrc = static_cast<std::uint32_t>(hz_);
        timestamp += samples_per_20ms;
        std::vector<std::uint8_t> packet(kRtpMaxPacketSize);
        packet.resize(write_rtp(header, alaw, packet));
        socket_.send_to(stream_port, packet);
        next_send += std::chrono::milliseconds(20);
      }
      while (auto datagram = socket_.receive(2)) {
        const auto parsed = parse_rtp(*datagram);
        if (!parsed.ok() || parsed.packet.header.payload_type != kPayloadTypePcma) continue;
        std::vector<std::int16_t> decoded(parsed.packet.payload.size());
        g711_decode(G711Law::alaw, parsed.packet.payload, decoded);
        std::lock_guard lock(mutex_);
        heard_.insert(heard_.end(), decoded.begin(), decoded.end());
      }
    }
  }

  double hz_;
  UdpPeer socket_;
  std::atomic<bool> running_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::int16_t> heard_;
};

constexpr double kCallerHz = 500;
constexpr double kAgentHz = 1100;
constexpr double kSupervisorHz = 1700;
// Sent at 6000; a tone heard is far above this, one not heard far below.
constexpr double kHeard = 2000;

struct Hearing {
  bool caller = false;
  bool agent = false;
  bool supervisor = false;
};

Hearing hearing_of(const std::vector<std::int16_t>& heard) {
  return {tone_amplitude(heard, kCallerHz) > kHeard, tone_amplitude(heard, kAgentHz) > kHeard,
          tone_amplitude(heard, kSupervisorHz) > kHeard};
}

struct MediaMixTest : ::testing::Test {
  static MediaEngineConfig config() {
    MediaEngineConfig c;
    c.bind_address = "127.0.0.1";
    c.port_min = 24000;
    c.port_max = 24999;
    c.threads = 2;  // the three streams spread over both threads: mixing crosses them
    return c;
  }
  EventLog events;
  MediaEngine engine{config(), events.sink()};
  TonePhone caller_phone{kCallerHz};
  TonePhone agent_phone{kAgentHz};
  TonePhone supervisor_phone{kSupervisorHz};
  MediaStreamId caller = 0;
  MediaStreamId agent = 0;
  MediaStreamId supervisor = 0;

  void SetUp() override {
    engine.start();
    caller = open(caller_phone);
    agent = open(agent_phone);
    supervisor = open(supervisor_phone);
  }
  void TearDown() override {
    caller_phone.stop();
    agent_phone.stop();
    supervisor_phone.stop();
    engine.stop();
  }

  MediaStreamId open(TonePhone& phone) {
    auto opened = engine.open_stream();
    EXPECT_TRUE(opened.ok());
    if (!opened.ok()) return 0;
    engine.set_remote(opened->first, "127.0.0.1", phone.port(), MediaCodec{8, 101, 20}, true, true);
    phone.start(opened->second);
    return opened->first;
  }

  // Lets a change settle, then listens for a while.
  void listen_a_while() {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    caller_phone.restart_listening();
    agent_phone.restart_listening();
    supervisor_phone.restart_listening();
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
  }

  void expect_hears(TonePhone& phone, const char* who, Hearing expected) {
    const auto heard = phone.heard();
    EXPECT_GT(heard.size(), 8u * 300) << who << " received too little";
    const Hearing got = hearing_of(heard);
    EXPECT_EQ(got.caller, expected.caller)
        << who << " caller tone " << tone_amplitude(heard, kCallerHz);
    EXPECT_EQ(got.agent, expected.agent)
        << who << " agent tone " << tone_amplitude(heard, kAgentHz);
    EXPECT_EQ(got.supervisor, expected.supervisor)
        << who << " supervisor tone " << tone_amplitude(heard, kSupervisorHz);
  }

  void listen() {
    engine.clear_sources(caller);
    engine.clear_sources(agent);
    engine.set_sources(supervisor, {caller, agent});
  }
  void whisper() {
    engine.clear_sources(caller);
    engine.set_sources(agent, {caller, supervisor});
    engine.set_sources(supervisor, {caller, agent});
  }
  void barge() {
    engine.set_sources(caller, {agent, supervisor});
    engine.set_sources(agent, {caller, supervisor});
    engine.set_sources(supervisor, {caller, agent});
  }
};

TEST(ToneAmplitude, FindsTheToneAndNotItsNeighbours) {
  std::vector<std::int16_t> samples;
  for (int i = 0; i < 3200; ++i)
    samples.push_back(static_cast<std::int16_t>(6000 * std::sin(2 * M_PI * 1100 * i / 8000.0)));
  EXPECT_NEAR(tone_amplitude(samples, 1100), 6000, 100);
  EXPECT_LT(tone_amplitude(samples, 500), 100);
  EXPECT_LT(tone_amplitude(samples, 1700), 100);
}

TEST_F(MediaMixTest, BridgedCallAloneLeavesTheSupervisorUnheardAndDeaf) {
  engine.bridge(caller, agent);
  listen_a_while();
  expect_hears(caller_phone, "caller", {false, true, false});
  expect_hears(agent_phone, "agent", {true, false, false});
  const auto silence = supervisor_phone.heard();
  EXPECT_LT(tone_amplitude(silence, kCallerHz), 100);
  EXPECT_LT(tone_amplitude(silence, kAgentHz), 100);
}

TEST_F(MediaMixTest, ListenWhisperBargeAndBackAsTheCallGoesOn) {
  engine.bridge(caller, agent);

  listen();
  listen_a_while();
  expect_hears(supervisor_phone, "supervisor (listen)", {true, true, false});
  expect_hears(caller_phone, "caller (listen)", {false, true, false});
  expect_hears(agent_phone, "agent (listen)", {true, false, false});

  whisper();
  listen_a_while();
  expect_hears(supervisor_phone, "supervisor (whisper)", {true, true, false});
  expect_hears(caller_phone, "caller (whisper)", {false, true, false});
  expect_hears(agent_phone, "agent (whisper)", {true, false, true});

  barge();
  listen_a_while();
  expect_hears(supervisor_phone, "supervisor (barge)", {true, true, false});
  expect_hears(caller_phone, "caller (barge)", {false, true, true});
  expect_hears(agent_phone, "agent (barge)", {true, false, true});

  listen();
  listen_a_while();
  expect_hears(caller_phone, "caller (listen again)", {false, true, false});
  expect_hears(agent_phone, "agent (listen again)", {true, false, false});

  // The supervisor leaves: nobody is mixed for it any more, the call goes on as before.
  engine.set_sources(supervisor, {});
  listen_a_while();
  const auto after = supervisor_phone.heard();
  EXPECT_LT(tone_amplitude(after, kCallerHz), 100);
  EXPECT_LT(tone_amplitude(after, kAgentHz), 100);
  expect_hears(caller_phone, "caller (after)", {false, true, false});
  expect_hears(agent_phone, "agent (after)", {true, false, false});
}

TEST_F(MediaMixTest, ClosingASourceLeavesTheOthersInTheMix) {
  engine.bridge(caller, agent);
  barge();
  listen_a_while();
  expect_hears(caller_phone, "caller (barge)", {false, true, true});
  supervisor_phone.stop();
  engine.close(supervisor);
  listen_a_while();
  expect_hears(caller_phone, "caller (supervisor gone)", {false, true, false});
  expect_hears(agent_phone, "agent (supervisor gone)", {true, false, false});
}

}  // namespace
}  // namespace callwerk::media
