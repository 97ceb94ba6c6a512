#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <thread>

#include "media/g711.hpp"
#include "media/media_engine.hpp"
#include "media/rtcp_packet.hpp"
#include "media/rtp_packet.hpp"
#include "media/telephone_event.hpp"
#include "media/wav_file.hpp"
#include "media_engine_test_support.hpp"

namespace callwerk::media {
namespace {

using test::EventLog;
using test::UdpPeer;
using test::UdpPeerPair;

MediaEngineConfig test_config(RtpIo io = RtpIo::uring) {
  return test::loopback_config(23000, 23999, io);
}

std::vector<std::uint8_t> rtp(std::uint8_t pt, std::uint16_t seq, std::uint32_t ts,
                              std::span<const std::uint8_t> payload, bool marker = false,
                              std::uint32_t ssrc = 0x1234) {
  RtpHeader h;
  h.payload_type = pt;
  h.sequence = seq;
  h.timestamp = ts;
  h.ssrc = ssrc;
  h.marker = marker;
  std::vector<std::uint8_t> out(kRtpMaxPacketSize);
  out.resize(write_rtp(h, payload, out));
  return out;
}

std::vector<std::uint8_t> event_packet(std::uint16_t seq, std::uint32_t ts, char digit, bool end,
                                       std::uint16_t duration, bool marker = false) {
  std::array<std::uint8_t, 4> payload{};
  write_telephone_event(TelephoneEvent{*event_for_dtmf_digit(digit), end, 10, duration}, payload);
  return rtp(101, seq, ts, payload, marker);
}

// Sends a whole key press: start, two continuations, three end packets.
void send_digit(const UdpPeer& peer, std::uint16_t to, char digit, std::uint16_t& seq,
                std::uint32_t ts) {
  peer.send_to(to, event_packet(seq++, ts, digit, false, 160, true));
  peer.send_to(to, event_packet(seq++, ts, digit, false, 320));
  peer.send_to(to, event_packet(seq++, ts, digit, false, 480));
  for (int i = 0; i < 3; ++i) peer.send_to(to, event_packet(seq++, ts, digit, true, 640));
}

SharedPcm tone_pcm(int ms, double hz = 440) {
  auto audio = std::make_shared<PcmAudio>();
  for (int i = 0; i < ms * 8; ++i)
    audio->samples.push_back(
        static_cast<std::int16_t>(8000 * std::sin(2 * M_PI * hz * i / 8000.0)));
  return audio;
}

bool all_silence(std::span<const std::uint8_t> payload, G711Law law) {
  for (auto b : payload)
    if (b != g711_silence(law)) return false;
  return true;
}

bool eventually(const std::function<bool()>& condition, int timeout_ms = 1000) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

// Every test of the fixture runs twice: RTP through io_uring and through poll.
struct EngineFixture : ::testing::TestWithParam<RtpIo> {
  EventLog events;
  MediaEngine engine{test_config(GetParam()), events.sink()};
  void SetUp() override { engine.start(); }
  void TearDown() override { engine.stop(); }

  std::pair<MediaStreamId, std::uint16_t> open() {
    auto opened = engine.open_stream();
    EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error().describe());
    return opened.ok() ? *opened : std::pair<MediaStreamId, std::uint16_t>{0, 0};
  }
};

using MediaEngineTest = EngineFixture;
INSTANTIATE_TEST_SUITE_P(Io, MediaEngineTest, ::testing::Values(RtpIo::uring, RtpIo::poll),
                         [](const auto& info) {
                           return std::string(info.param == RtpIo::uring ? "uring" : "poll");
                         });

TEST_P(MediaEngineTest, RtpGoesThroughTheConfiguredIo) {
  const auto load = engine.load();
  ASSERT_EQ(load.size(), 1u);
  if (GetParam() == RtpIo::poll) {
    EXPECT_EQ(load[0].io, "poll (configured)");
  } else {
    // io_uring where the kernel offers it; a refusal is named.
    EXPECT_TRUE(load[0].io == "io_uring" || load[0].io.starts_with("poll (io_uring")) << load[0].io;
  }
}

TEST_P(MediaEngineTest, OpensEvenPortPairsAndCountsStreams) {
  std::vector<std::pair<MediaStreamId, std::uint16_t>> opened;
  for (int i = 0; i < 3; ++i) opened.push_back(open());
  for (const auto& [id, port] : opened) {
    EXPECT_EQ(port % 2, 0);
    EXPECT_GE(port, 23000);
    EXPECT_LE(port, 23999);
    // Both ports are taken by the engine.
    EXPECT_FALSE(UdpPeer(port).bound());
    EXPECT_FALSE(UdpPeer(static_cast<std::uint16_t>(port + 1)).bound());
  }
  EXPECT_NE(opened[0].first, opened[1].first);
  EXPECT_NE(opened[0].second, opened[1].second);
  EXPECT_EQ(engine.active_streams(), 3u);
  for (const auto& [id, port] : opened) engine.close(id);
  EXPECT_TRUE(eventually([&] { return engine.active_streams() == 0; }));
  // Closed streams give their ports back.
  EXPECT_TRUE(eventually([&] { return UdpPeer(opened[0].second).bound(); }));
}

TEST_P(MediaEngineTest, PlaybackSendsNumberedFramesAndReportsDone) {
  UdpPeer peer;
  auto [id, port] = open();
  engine.set_remote(id, "127.0.0.1", peer.port(), MediaCodec{8, 101, 20}, true, true);
  engine.play(id, tone_pcm(100), 42, false);

  std::vector<RtpPacketView> frames;
  std::vector<std::vector<std::uint8_t>> storage;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(800);
  while (std::chrono::steady_clock::now() < deadline && storage.size() < 20) {
    if (auto d = peer.receive(100)) storage.push_back(std::move(*d));
  }
  ASSERT_GE(storage.size(), 8u);
  int tone_frames = 0;
  std::optional<RtpPacketView> previous;
  for (const auto& d : storage) {
    auto parsed = parse_rtp(d);
    ASSERT_TRUE(parsed.ok());
    const auto& p = parsed.packet;
    EXPECT_EQ(p.header.payload_type, 8);
    EXPECT_EQ(p.payload.size(), 160u);
    if (previous) {
      EXPECT_EQ(p.header.sequence, static_cast<std::uint16_t>(previous->header.sequence + 1));
      EXPECT_EQ(p.header.timestamp, previous->header.timestamp + 160);
      EXPECT_EQ(p.header.ssrc, previous->header.ssrc);
      EXPECT_FALSE(p.header.marker);
    } else {
      EXPECT_TRUE(p.header.marker);  // the first packet of the stream
    }
    if (!all_silence(p.payload, G711Law::alaw)) ++tone_frames;
    previous = p;
  }
  EXPECT_EQ(tone_frames, 5);  // 100 ms of tone, then silence keeps flowing
  auto done = events.wait_for<MediaPlaybackDone>(1);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].stream, id);
  EXPECT_EQ(done[0].play_id, 42u);
  EXPECT_FALSE(done[0].interrupted);
}

TEST_P(MediaEngineTest, NewPlayInterruptsTheCurrentOne) {
  UdpPeer peer;
  auto [id, port] = open();
  engine.set_remote(id, "127.0.0.1", peer.port(), MediaCodec{}, true, true);
  engine.play(id, tone_pcm(2000), 1, false);
  engine.play(id, tone_pcm(40), 2, false);
  auto done = events.wait_for<MediaPlaybackDone>(2);
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[0].play_id, 1u);
  EXPECT_TRUE(done[0].interrupted);
  EXPECT_EQ(done[1].play_id, 2u);
  EXPECT_FALSE(done[1].interrupted);
}

TEST_P(MediaEngineTest, EachPromptStartsWithTheMarkerBit) {
  UdpPeer peer;
  auto [id, port] = open();
  engine.set_remote(id, "127.0.0.1", peer.port(), MediaCodec{}, true, true);
  std::vector<std::vector<std::uint8_t>> storage;
  auto collect = [&](std::size_t count) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
    while (std::chrono::steady_clock::now() < deadline && storage.size() < count)
      if (auto d = peer.receive(100)) storage.push_back(std::move(*d));
  };
  // Silence, a short prompt, silence again, then a second prompt.
  collect(4);
  engine.play(id, tone_pcm(60), 1, false);
  events.wait_for<MediaPlaybackDone>(1);
  collect(storage.size() + 4);
  engine.play(id, tone_pcm(2000), 2, false);
  collect(storage.size() + 6);
  ASSERT_GE(storage.size(), 14u);

  int marked = 0;
  int prompt_starts = 0;
  bool previous_tone = false;
  std::optional<RtpHeader> previous;
  for (const auto& d : storage) {
    auto parsed = parse_rtp(d);
    ASSERT_TRUE(parsed.ok());
    const auto& h = parsed.packet.header;
    const bool tone = !all_silence(parsed.packet.payload, G711Law::alaw);
    if (h.marker) ++marked;
    if (previous) {
      const bool prompt_start = tone && !previous_tone;
      if (prompt_start) ++prompt_starts;
      // The marker is exactly on the first packet of each prompt, nowhere else.
      EXPECT_EQ(h.marker, prompt_start) << "sequence " << h.sequence;
      // The timestamps run on through silence and prompts: no gap, no restart. A prompt may
      // start a pass or three (5 ms, 40 samples each) after the last packet, not a whole frame.
      const std::uint32_t step = h.timestamp - previous->timestamp;
      if (prompt_start)
        EXPECT_TRUE(step == 40 || step == 80 || step == 120 || step == 160) << step;
      else
        EXPECT_EQ(step, 160u);
      EXPECT_EQ(h.sequence, static_cast<std::uint16_t>(previous->sequence + 1));
    } else {
      EXPECT_TRUE(h.marker);  // the stream's first packet
      EXPECT_FALSE(tone);
    }
    previous_tone = tone;
    previous = h;
  }
  EXPECT_EQ(prompt_starts, 2);
  EXPECT_EQ(marked, 3);
}

// A prompt (the answer to a key) starts in the pass that brings its command, not at the
// stream's next 20 ms tick, and its timestamp advances by the time that really passed.
TEST_P(MediaEngineTest, APromptStartsWithinAPassNotAtTheNextTick) {
  UdpPeer peer;
  auto [id, port] = open();
  engine.set_remote(id, "127.0.0.1", peer.port(), MediaCodec{}, true, true);
  // The next packet's header and whether it is silence; nothing on a timeout or garbage.
  auto next_packet = [&]() -> std::optional<std::pair<RtpHeader, bool>> {
    auto d = peer.receive(200);
    if (!d) return std::nullopt;
    auto parsed = parse_rtp(*d);
    if (!parsed.ok()) return std::nullopt;
    return std::pair{parsed.packet.header, all_silence(parsed.packet.payload, G711Law::alaw)};
  };
  int started_between_ticks = 0;
  for (int attempt = 0; attempt < 6 && started_between_ticks < 2; ++attempt) {
    // The stream sends silence; half a tick after one of its packets, a prompt is asked for.
    std::optional<RtpHeader> last_silence;
    for (int i = 0; i < 50 && !last_silence; ++i) {
      auto packet = next_packet();
      ASSERT_TRUE(packet.has_value());
      if (packet->second) last_silence = packet->first;
    }
    ASSERT_TRUE(last_silence.has_value());
    std::this_thread::sleep_for(std::chrono::milliseconds(8));
    engine.play(id, tone_pcm(200), static_cast<std::uint64_t>(attempt + 1), false);
    std::optional<RtpHeader> first_tone;
    for (int i = 0; i < 10 && !first_tone; ++i) {
      auto packet = next_packet();
      ASSERT_TRUE(packet.has_value());
      if (packet->first.marker)
        first_tone = packet->first;
      else
        last_silence = packet->first;  // the tick came before the command
    }
    ASSERT_TRUE(first_tone.has_value());
    const std::uint32_t step = first_tone->timestamp - last_silence->timestamp;
    EXPECT_EQ(first_tone->sequence, static_cast<std::uint16_t>(last_silence->sequence + 1));
    EXPECT_TRUE(step == 40 || step == 80 || step == 120 || step == 160) << step;
    if (step < 160) ++started_between_ticks;
    events.wait_for<MediaPlaybackDone>(static_cast<std::size_t>(attempt + 1));
  }
  // Asked for half a tick after a packet, the prompt started between two ticks (a loaded
  // machine may deliver the silence late, so that the command meets the tick: a few tries).
  EXPECT_GE(started_between_ticks, 2);
}

TEST_P(MediaEngineTest, TelephoneEventsGiveOneDigitAndLatchTheSource) {
  UdpPeer peer;
  UdpPeer sdp_address;  // what the SDP said; the peer really sends from elsewhere (NAT)
  auto [id, port] = open();
  engine.set_remote(id, "127.0.0.1", sdp_address.port(), MediaCodec{8, 101, 20}, true, true);
  engine.play(id, tone_pcm(3000), 7, true);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::uint16_t seq = 100;
  send_digit(peer, port, '5', seq, 8000);
  send_digit(peer, port, '5', seq, 16000);  // the same key again is a new event

  auto first = events.wait_for<MediaFirstPacket>(1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].address, "127.0.0.1");
  EXPECT_EQ(first[0].port, peer.port());
  auto digits = events.wait_for<MediaDtmf>(2);
  ASSERT_EQ(digits.size(), 2u);
  for (const auto& d : digits) {
    EXPECT_EQ(d.digit, '5');
    EXPECT_EQ(d.source, MediaDtmf::Source::rfc4733);
    EXPECT_EQ(d.duration_ms, 80);
    EXPECT_EQ(d.stream, id);
  }
  // stop_on_dtmf: the prompt ended with the key press.
  auto done = events.wait_for<MediaPlaybackDone>(1);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_TRUE(done[0].interrupted);
  // Symmetric RTP: from now on the engine sends to where the packets came from.
  EXPECT_TRUE(peer.receive(200).has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(events.all<MediaDtmf>().size(), 2u);  // nothing reported twice
}

// '9' (852 + 1477 Hz) for 120 ms, then silence, paced like a real peer.
void send_inband_nine(const UdpPeer& peer, std::uint16_t port) {
  std::uint16_t seq = 1;
  std::uint32_t ts = 0;
  for (int frame = 0; frame < 20; ++frame, ts += 160) {
    std::array<std::int16_t, samples_per_20ms> pcm{};
    if (frame < 6)
      for (std::size_t i = 0; i < pcm.size(); ++i) {
        const double t = static_cast<double>(ts + i) / 8000.0;
        pcm[i] = static_cast<std::int16_t>(6000 * std::sin(2 * M_PI * 852 * t) +
                                           6000 * std::sin(2 * M_PI * 1477 * t));
      }
    std::array<std::uint8_t, samples_per_20ms> codes{};
    g711_encode(G711Law::ulaw, pcm, codes);
    peer.send_to(port, rtp(0, seq++, ts, codes));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

TEST_P(MediaEngineTest, InbandToneGivesDigit) {
  UdpPeer peer;
  auto [id, port] = open();
  engine.set_remote(id, "127.0.0.1", peer.port(), MediaCodec{0, -1, 20}, true, true);
  send_inband_nine(peer, port);
  auto digits = events.wait_for<MediaDtmf>(1);
  ASSERT_EQ(digits.size(), 1u);
  EXPECT_EQ(digits[0].digit, '9');
  EXPECT_EQ(digits[0].source, MediaDtmf::Source::inband);
  EXPECT_NEAR(static_cast<double>(digits[0].duration_ms), 120, 50);
}

// While recording, received audio goes through the jitter buffer and is searched there.
TEST_P(MediaEngineTest, InbandToneGivesDigitWhileRecording) {
  const auto wav = std::filesystem::temp_directory_path() /
                   ("callwerk-inband-" + std::to_string(::getpid()) + ".wav");
  UdpPeer peer;
  auto [id, port] = open();
  engine.set_remote(id, "127.0.0.1", peer.port(), MediaCodec{0, -1, 20}, true, true);
  engine.start_recording(id, wav.string());
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  send_inband_nine(peer, port);
  auto digits = events.wait_for<MediaDtmf>(1);
  ASSERT_EQ(digits.size(), 1u);
  EXPECT_EQ(digits[0].digit, '9');
  EXPECT_EQ(digits[0].source, MediaDtmf::Source::inband);
  engine.close(id);
  events.wait_for<MediaRecordingDone>(1);
  std::filesystem::remove(wav);
}

// A phone's leg (an agent's) gives keys only as RFC 4733 events.
TEST_P(MediaEngineTest, ALegWithoutInbandDetectionHearsNoToneButEvents) {
  UdpPeer peer;
  auto opened = engine.open_stream(false, false);
  ASSERT_TRUE(opened.ok());
  const auto [id, port] = *opened;
  engine.set_remote(id, "127.0.0.1", peer.port(), MediaCodec{0, 101, 20}, true, true);
  send_inband_nine(peer, port);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(events.all<MediaDtmf>().empty());
  std::uint16_t seq = 100;
  send_digit(peer, port, '4', seq, 90000);
  auto digits = events.wait_for<MediaDtmf>(1);
  ASSERT_EQ(digits.size(), 1u);
  EXPECT_EQ(digits[0].digit, '4');
  EXPECT_EQ(digits[0].source, MediaDtmf::Source::rfc4733);
}

TEST(MediaEngineTimeout, SilentPeerTimesOutOnce) {
  EventLog events;
  auto config = test_config();
  config.rtp_timeout_ms = 200;
  MediaEngine engine(config, events.sink());
  engine.start();
  UdpPeer peer;
  auto opened = engine.open_stream();
  ASSERT_TRUE(opened.ok());
  const auto [id, port] = *opened;
  const auto start = std::chrono::steady_clock::now();
  engine.set_remote(id, "127.0.0.1", peer.port(), MediaCodec{}, true, true);
  auto timeouts = events.wait_for<MediaRtpTimeout>(1);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(timeouts.size(), 1u);
  EXPECT_EQ(timeouts[0].stream, id);
  EXPECT_GE(elapsed, std::chrono::milliseconds(180));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_EQ(events.all<MediaRtpTimeout>().size(), 1u);

  // A held call that receives nothing by agreement does not time out.
  auto held = engine.open_stream();
  ASSERT_TRUE(held.ok());
  engine.set_remote(held->first, "127.0.0.1", peer.port(), MediaCodec{}, true, false);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_EQ(events.all<MediaRtpTimeout>().size(), 1u);
  engine.stop();
}

TEST_P(MediaEngineTest, BridgeRelaysAudioTranscodedAndEvents) {
  UdpPeer caller;  // talks to stream a with PCMA
  UdpPeer agent;   // listens on stream b with PCMU and telephone-event 96
  auto [a, port_a] = open();
  auto [b, port_b] = open();
  engine.set_remote(a, "127.0.0.1", caller.port(), MediaCodec{8, 101, 20}, true, true);
  engine.set_remote(b, "127.0.0.1", agent.port(), MediaCodec{0, 96, 20}, true, true);
  engine.bridge(a, b);
  std::this_thread::sleep_for(std::chrono::milliseconds(60));

  std::array<std::int16_t, samples_per_20ms> pcm{};
  for (std::size_t i = 0; i < pcm.size(); ++i)
    pcm[i] = static_cast<std::int16_t>(10000 * std::sin(2 * M_PI * 1000 * i / 8000.0));
  std::array<std::uint8_t, samples_per_20ms> alaw{};
  g711_encode(G711Law::alaw, pcm, alaw);
  std::uint16_t seq = 10;
  for (int i = 0; i < 3; ++i) caller.send_to(port_a, rtp(8, seq++, 1000 + 160 * i, alaw));
  send_digit(caller, port_a, '#', seq, 1480);

  int audio = 0;
  int events_seen = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(600);
  while (std::chrono::steady_clock::now() < deadline && (audio < 3 || events_seen < 6)) {
    auto d = agent.receive(100);
    if (!d) continue;
    auto parsed = parse_rtp(*d);
    ASSERT_TRUE(parsed.ok());
    const auto& p = parsed.packet;
    if (p.header.payload_type == 0) {
      ++audio;
      std::array<std::int16_t, samples_per_20ms> decoded{};
      g711_decode(G711Law::ulaw, p.payload, decoded);
      for (std::size_t i = 0; i < pcm.size(); i += 7)
        EXPECT_NEAR(decoded[i], pcm[i], std::max(64, std::abs(pcm[i]) / 8));
    } else {
      EXPECT_EQ(p.header.payload_type, 96);
      auto event = parse_telephone_event(p.payload);
      ASSERT_TRUE(event);
      EXPECT_EQ(event->event, 11);
      ++events_seen;
    }
  }
  EXPECT_EQ(audio, 3);
  EXPECT_EQ(events_seen, 6);
  // The bridged side still reports the key to the application.
  auto digits = events.wait_for<MediaDtmf>(1);
  ASSERT_EQ(digits.size(), 1u);
  EXPECT_EQ(digits[0].stream, a);

  // After unbridge, b sends its own silence again.
  engine.unbridge(a);
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  while (agent.receive(0)) {
  }
  auto d = agent.receive(200);
  ASSERT_TRUE(d);
  auto parsed = parse_rtp(*d);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(all_silence(parsed.packet.payload, G711Law::ulaw));
}

// A prompt right after a bridge (the agent hung up, the caller is back in the menu) follows
// the last relayed packet: relayed packets leave in any pass, and their clock is the relayed
// one, so the prompt's timestamp must not be taken back as if the tick had sent the last one.
TEST_P(MediaEngineTest, APromptAfterABridgeNeverTakesTheClockBack) {
  UdpPeer caller;
  UdpPeer agent;
  auto [a, port_a] = open();
  auto [b, port_b] = open();
  engine.set_remote(a, "127.0.0.1", caller.port(), MediaCodec{8, 101, 20}, true, true);
  engine.set_remote(b, "127.0.0.1", agent.port(), MediaCodec{8, 101, 20}, true, true);
  engine.bridge(a, b);
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  std::array<std::uint8_t, samples_per_20ms / 2> tone{};  // 10 ms packets, relayed as they come
  tone.fill(0x55 ^ 0x10);
  std::uint16_t seq = 1;
  for (int i = 0; i < 12; ++i) {
    caller.send_to(port_a, rtp(8, seq++, 5000 + 80 * i, tone));
    std::this_thread::sleep_for(std::chrono::milliseconds(i == 11 ? 3 : 10));
  }
  engine.unbridge(a);
  engine.play(b, tone_pcm(200), 1, false);
  std::vector<RtpHeader> headers;
  std::vector<std::size_t> sizes;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  while (std::chrono::steady_clock::now() < deadline) {
    auto d = agent.receive(50);
    if (!d) continue;
    auto parsed = parse_rtp(*d);
    ASSERT_TRUE(parsed.ok());
    headers.push_back(parsed.packet.header);
    sizes.push_back(parsed.packet.payload.size());
  }
  ASSERT_GE(headers.size(), 10u);
  int prompt_starts = 0;
  for (std::size_t i = 1; i < headers.size(); ++i) {
    const auto step = static_cast<std::int32_t>(headers[i].timestamp - headers[i - 1].timestamp);
    // Each packet starts at or after the end of the one before it.
    EXPECT_GE(step, static_cast<std::int32_t>(sizes[i - 1])) << "packet " << i;
    prompt_starts += headers[i].marker;
  }
  EXPECT_GE(prompt_starts, 1);
}

TEST_P(MediaEngineTest, SendDtmfProducesOneEventBetweenAudio) {
  UdpPeer peer;
  auto [id, port] = open();
  engine.set_remote(id, "127.0.0.1", peer.port(), MediaCodec{8, 101, 20}, true, true);
  engine.send_dtmf(id, '8', 60);
  TelephoneEventReceiver receiver;
  std::string digits;
  std::vector<std::uint32_t> event_timestamps;
  int audio_after = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(800);
  while (std::chrono::steady_clock::now() < deadline && audio_after < 3) {
    auto d = peer.receive(100);
    if (!d) continue;
    auto parsed = parse_rtp(*d);
    ASSERT_TRUE(parsed.ok());
    const auto& p = parsed.packet;
    if (p.header.payload_type == 101) {
      auto event = parse_telephone_event(p.payload);
      ASSERT_TRUE(event);
      event_timestamps.push_back(p.header.timestamp);
      auto detection = receiver.on_packet(p.header.timestamp, *event, 0);
      for (int i = 0; i < detection.ended_count; ++i) digits += detection.ended[i].digit;
    } else if (!event_timestamps.empty()) {
      ++audio_after;
    }
  }
  EXPECT_EQ(digits, "8");
  // 60 ms: three packets, the last being the first of three end packets: five in all.
  ASSERT_EQ(event_timestamps.size(), 5u);
  for (auto ts : event_timestamps) EXPECT_EQ(ts, event_timestamps[0]);
  EXPECT_EQ(audio_after, 3);
}

TEST_P(MediaEngineTest, WrongPayloadTypeForeignSourceAndGarbageAreCountedAndIgnored) {
  UdpPeer peer;
  UdpPeer intruder;
  auto [id, port] = open();
  engine.set_remote(id, "127.0.0.1", peer.port(), MediaCodec{8, 101, 20}, true, true);
  std::array<std::uint8_t, 160> payload{};
  payload.fill(0xd5);
  peer.send_to(port, rtp(8, 1, 0, payload));  // latches the peer
  ASSERT_EQ(events.wait_for<MediaFirstPacket>(1).size(), 1u);
  peer.send_to(port, rtp(18, 2, 160, payload));  // G.729 was not negotiated
  std::uint16_t seq = 50;
  send_digit(intruder, port, '1', seq, 4000);  // not from the latched address
  const std::array<std::uint8_t, 5> garbage{1, 2, 3, 4, 5};
  peer.send_to(port, garbage);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto stats = engine.stats(id);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->wrong_payload_type, 1u);
  EXPECT_EQ(stats->foreign_source, 6u);
  EXPECT_EQ(stats->malformed, 1u);
  EXPECT_EQ(stats->packets_received, 1u);
  EXPECT_TRUE(events.all<MediaDtmf>().empty());
  EXPECT_EQ(events.all<MediaFirstPacket>().size(), 1u);
}

TEST_P(MediaEngineTest, FloodIsBoundedAndTheStreamKeepsWorking) {
  UdpPeer peer;
  auto [id, port] = open();
  engine.set_remote(id, "127.0.0.1", peer.port(), MediaCodec{8, 101, 20}, true, true);
  std::array<std::uint8_t, 160> payload{};
  payload.fill(0xd5);
  for (int i = 0; i < 3000; ++i)
    peer.send_to(
        port, rtp(8, static_cast<std::uint16_t>(i), static_cast<std::uint32_t>(i * 160), payload));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::uint16_t seq = 3000;
  send_digit(peer, port, '3', seq, 3000 * 160);
  auto digits = events.wait_for<MediaDtmf>(1);
  ASSERT_EQ(digits.size(), 1u);
  EXPECT_EQ(digits[0].digit, '3');
  auto stats = engine.stats(id);
  ASSERT_TRUE(stats);
  EXPECT_GT(stats->receive_pauses, 0u);
  EXPECT_LT(stats->packets_received, 3006u);  // the kernel dropped what did not fit
}

TEST_P(MediaEngineTest, RecordingHasCallerLeftAndPromptRight) {
  UdpPeer peer;
  auto [id, port] = open();
  const auto path = std::filesystem::temp_directory_path() /
                    ("callwerk_media_rec_" + std::to_string(::getpid()) + ".wav");
  engine.set_remote(id, "127.0.0.1", peer.port(), MediaCodec{8, 101, 20}, true, true);
  engine.start_recording(id, path.string());
  engine.play(id, tone_pcm(1000, 600), 1, false);
  std::array<std::int16_t, samples_per_20ms> pcm{};
  for (std::size_t i = 0; i < pcm.size(); ++i)
    pcm[i] = static_cast<std::int16_t>(9000 * std::sin(2 * M_PI * 400 * i / 8000.0));
  std::array<std::uint8_t, samples_per_20ms> codes{};
  g711_encode(G711Law::alaw, pcm, codes);
  for (int i = 0; i < 15; ++i) {
    peer.send_to(port,
                 rtp(8, static_cast<std::uint16_t>(i), static_cast<std::uint32_t>(i * 160), codes));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  engine.stop_recording(id);
  auto done = events.wait_for<MediaRecordingDone>(1);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].error, "");
  EXPECT_EQ(done[0].path, path.string());
  EXPECT_GE(done[0].duration_ms, 200);
  auto wav = read_wav_file(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(wav.ok()) << wav.error().describe();
  EXPECT_EQ(wav->channels, 2);
  EXPECT_EQ(wav->sample_rate, 8000);
  double left = 0;
  double right = 0;
  for (std::size_t i = 0; i + 1 < wav->samples.size(); i += 2) {
    left += std::abs(wav->samples[i]);
    right += std::abs(wav->samples[i + 1]);
  }
  const double frames = static_cast<double>(wav->frames());
  EXPECT_GT(left / frames, 1000);   // the caller's 400 Hz tone, most of the time
  EXPECT_GT(right / frames, 3000);  // the prompt, all of the time
}

TEST(MediaEngineRtcp, SendsReportsAndReadsThePeers) {
  EventLog events;
  auto config = test_config();
  config.rtcp_interval_ms = 100;
  MediaEngine engine(config, events.sink());
  engine.start();
  UdpPeerPair peer;
  ASSERT_TRUE(peer.rtp->bound() && peer.rtcp->bound());
  auto opened = engine.open_stream();
  ASSERT_TRUE(opened.ok());
  const auto [id, port] = *opened;
  engine.set_remote(id, "127.0.0.1", peer.rtp->port(), MediaCodec{}, true, true);
  std::array<std::uint8_t, 160> payload{};
  payload.fill(0xd5);
  for (int i = 0; i < 5; ++i)
    if (i != 2)  // one lost
      peer.rtp->send_to(port, rtp(8, static_cast<std::uint16_t>(i),
                                  static_cast<std::uint32_t>(i * 160), payload, false, 0xabcd));

  // The engine's SR reaches the RTCP port next to the RTP port, with a block on our source.
  std::optional<RtcpCompound> sr;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
  while (!sr && std::chrono::steady_clock::now() < deadline) {
    auto d = peer.rtcp->receive(100);
    if (!d) continue;
    auto parsed = parse_rtcp(*d);
    ASSERT_TRUE(parsed.ok());
    if (parsed.compound.report.block_count > 0) sr = parsed.compound;
  }
  ASSERT_TRUE(sr);
  EXPECT_TRUE(sr->report.is_sender_report);
  EXPECT_GT(sr->report.sender.packet_count, 0u);
  EXPECT_EQ(sr->cname.rfind("callwerk-", 0), 0u);
  EXPECT_EQ(sr->report.blocks[0].ssrc, 0xabcdu);
  EXPECT_EQ(sr->report.blocks[0].cumulative_lost, 1);
  EXPECT_EQ(sr->report.blocks[0].extended_highest_sequence, 4u);

  // Our receiver report about the engine's stream, echoing its SR time.
  RtcpReport rr;
  rr.ssrc = 0xabcd;
  rr.block_count = 1;
  rr.blocks[0].ssrc = sr->report.ssrc;
  rr.blocks[0].fraction_lost = 64;
  rr.blocks[0].cumulative_lost = 7;
  rr.blocks[0].jitter = 33;
  rr.blocks[0].last_sr = ntp_middle32(sr->report.sender.ntp_timestamp);
  rr.blocks[0].delay_since_last_sr = 0;
  std::array<std::uint8_t, 256> buffer{};
  const auto n = write_rtcp(rr, "peer", false, buffer);
  peer.rtcp->send_to(static_cast<std::uint16_t>(port + 1), std::span(buffer.data(), n));
  EXPECT_TRUE(eventually([&] {
    auto stats = engine.stats(id);
    return stats && stats->have_remote_report;
  }));
  auto stats = engine.stats(id);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->remote_fraction_lost, 64);
  EXPECT_EQ(stats->remote_cumulative_lost, 7);
  EXPECT_EQ(stats->remote_jitter_samples, 33u);
  EXPECT_GE(stats->round_trip_ms, 0);
  EXPECT_LT(stats->round_trip_ms, 1000);
  EXPECT_EQ(stats->packets_lost, 1);
  engine.stop();
}

TEST_P(MediaEngineTest, KeyStartIsReportedAtItsFirstPacketAndItsEndOnlyAtTheEnd) {
  UdpPeer peer;
  auto [id, port] = open();
  engine.set_remote(id, "127.0.0.1", peer.port(), MediaCodec{8, 101, 20}, true, true);
  engine.play(id, tone_pcm(3000), 9, true);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::uint16_t seq = 10;
  peer.send_to(port, event_packet(seq++, 8000, '7', false, 160, true));
  peer.send_to(port, event_packet(seq++, 8000, '7', false, 320));
  auto started = events.wait_for<MediaDtmfStarted>(1);
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0].stream, id);
  EXPECT_EQ(started[0].digit, '7');
  EXPECT_EQ(started[0].source, MediaDtmf::Source::rfc4733);
  EXPECT_EQ(events.wait_for<MediaPlaybackDone>(1).size(), 1u);  // the prompt stopped at once
  EXPECT_TRUE(events.all<MediaDtmf>().empty());                 // the key is still down
  for (int i = 0; i < 3; ++i) peer.send_to(port, event_packet(seq++, 8000, '7', true, 480));
  auto ended = events.wait_for<MediaDtmf>(1);
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].digit, '7');
  EXPECT_EQ(ended[0].duration_ms, 60);
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  EXPECT_EQ(events.all<MediaDtmfStarted>().size(), 1u);  // once per key, not per packet
}

TEST_P(MediaEngineTest, StatsAnswerWithoutTheMediaThread) {
  UdpPeer peer;
  auto [id, port] = open();
  engine.set_remote(id, "127.0.0.1", peer.port(), MediaCodec{}, true, true);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(peer.receive(500).has_value());
  // With the media thread gone, the figures of its last tick are still there, at once.
  engine.stop();
  const auto asked = std::chrono::steady_clock::now();
  auto stats = engine.stats(id);
  const auto waited = std::chrono::steady_clock::now() - asked;
  ASSERT_TRUE(stats);
  EXPECT_LT(waited, std::chrono::milliseconds(50));
  EXPECT_GE(stats->packets_sent, 5u);
  EXPECT_GE(stats->ticks, 5u);
  EXPECT_EQ(stats->octets_sent, stats->packets_sent * 160);
  EXPECT_FALSE(engine.stats(id + 256).has_value());  // no such stream
}

TEST(MediaEngineIpv6, OpensAStreamOnLoopbackV6) {
  EventLog events;
  auto config = test_config();
  config.bind_address_v6 = "::1";
  MediaEngine engine(config, events.sink());
  engine.start();
  auto opened = engine.open_stream(true);
  ASSERT_TRUE(opened.ok()) << opened.error().describe();
  EXPECT_EQ(opened->second % 2, 0);
  engine.close(opened->first);
  engine.stop();
}

TEST(MediaEngineIpv6, DualStackSocketTalksToAnIpv4Peer) {
  EventLog events;
  auto config = test_config();
  config.bind_address = "::";
  MediaEngine engine(config, events.sink());
  engine.start();
  auto opened = engine.open_stream();
  ASSERT_TRUE(opened.ok()) << opened.error().describe();
  const auto [id, port] = *opened;
  UdpPeer peer;
  engine.set_remote(id, "127.0.0.1", peer.port(), MediaCodec{}, true, true);
  EXPECT_TRUE(peer.receive(500).has_value());
  std::array<std::uint8_t, 160> payload{};
  peer.send_to(port, rtp(8, 1, 0, payload));
  auto first = events.wait_for<MediaFirstPacket>(1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].address, "127.0.0.1");
  engine.stop();
}

}  // namespace
}  // namespace callwerk::media
