#pragma once
// One RTP stream on a media thread: its sockets, what it sends each tick, what it receives,
// and the parts that hang off it (player, recorder, DTMF detectors, bridge). Everything here
// runs on the stream's own thread; MediaEngine posts commands to it.

#include <boost/asio/ip/udp.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "media/audio_mix.hpp"
#include "media/dtmf_digit.hpp"
#include "media/g711.hpp"
#include "media/inband_dtmf.hpp"
#include "media/jitter_buffer.hpp"
#include "media/media_engine.hpp"
#include "media/rtp_packet.hpp"
#include "media/rtp_receive_stats.hpp"
#include "media/telephone_event.hpp"
#include "media/wav_file.hpp"

namespace callwerk::media {

class MediaWorker;
struct PublishedStats;

// Audio or a telephone-event handed from one bridged stream to the other, by value so that it
// can cross to another media thread without sharing a buffer.
struct RelayPacket {
  static constexpr std::size_t kMaxPayload = 480;  // 60 ms of G.711
  MediaStreamId to = 0;
  bool telephone_event = false;
  bool marker = false;
  G711Law law = G711Law::alaw;
  std::uint32_t source_ssrc = 0;
  std::uint32_t source_timestamp = 0;
  std::uint16_t size = 0;
  std::array<std::uint8_t, kMaxPayload> payload{};
};

// One party's decoded received audio for a stream that mixes it into what it sends (a
// supervisor's leg); by value, as RelayPacket, for the same reason.
struct MixFrame {
  MediaStreamId to = 0;
  MediaStreamId from = 0;
  PcmFrame pcm{};
};

class MediaStream {
 public:
  using udp = boost::asio::ip::udp;

  // At most this many datagrams per tick are read; beyond it the socket is left alone until
  // the next tick and the kernel drops what a flood sends.
  static constexpr int kReceiveBudgetPerTick = 16;

  // rng gives the random SSRC, first sequence number and timestamp (RFC 3550 §5.1).
  // The stream's sockets: RTP either as an asio socket (poll mode) or as a plain descriptor
  // for the worker's ring (rtp_fd, then `rtp` stays closed); RTCP always through asio.
  struct Sockets {
    udp::socket rtp;
    int rtp_fd = -1;
    udp::socket rtcp;
    bool ipv6 = false;
  };
  MediaStream(MediaStreamId id, Sockets sockets, MediaWorker& worker, std::mt19937& rng,
              std::shared_ptr<PublishedStats> published);
  ~MediaStream();
  MediaStream(const MediaStream&) = delete;
  MediaStream& operator=(const MediaStream&) = delete;

  MediaStreamId id() const { return id_; }
  void set_inband_dtmf(bool on) { inband_dtmf_ = on; }
  // The worker's pass in which this stream ticks (MediaWorker::kPassesPerTick), and where the
  // worker keeps it in that pass's list.
  int phase() const { return phase_; }
  std::size_t phase_index() const { return phase_index_; }
  void set_phase(int phase, std::size_t index) {
    phase_ = phase;
    phase_index_ = index;
  }

  void start();
  void set_remote(const udp::endpoint& remote, const MediaCodec& codec, bool send, bool receive);
  void play(SharedPcm audio, std::uint64_t play_id, bool stop_on_dtmf);
  void stop_playback();
  void send_dtmf(char digit, int duration_ms);
  void start_recording(const std::string& path);
  void stop_recording();
  void set_bridge(MediaStreamId peer);
  MediaStreamId bridge_peer() const { return bridge_peer_; }
  // Mixing: while set, this stream sends the sum of its sources' received audio (silence for
  // none) and ignores what a bridge relays to it; its own audio still goes to its bridge peer
  // and to its listeners. clear_mix_sources returns to the bridge (or silence).
  void set_mix_sources(const std::vector<MediaStreamId>& sources);
  void clear_mix_sources();
  const std::vector<MediaStreamId>& mix_sources() const { return mix_sources_; }
  // The streams that mix this one's received audio.
  void add_mix_listener(MediaStreamId listener);
  void remove_mix_listener(MediaStreamId listener);
  void deliver_mix(const MixFrame& frame);
  // Ends playback and recording with their events and closes the sockets.
  void close();

  void tick(TimeMs now);
  void deliver_relay(const RelayPacket& packet);
  // A datagram on the RTP socket (RTP, or RTCP from an rtcp-mux peer). Returns whether the
  // stream takes more this tick (false once its budget is spent).
  bool on_rtp_datagram(std::span<const std::uint8_t> datagram, const udp::endpoint& source);
  // The ring reports a packet the kernel refused after send_rtp counted it.
  void note_send_failed() { ++send_errors_; }
  MediaStreamStats stats() const;

 private:
  void receive_rtp();
  void receive_rtcp();
  void on_rtcp(std::span<const std::uint8_t> datagram, const udp::endpoint& source);
  void on_audio(const RtpPacketView& packet);
  // Whether received audio is played out in order, a frame per tick, through the jitter
  // buffer: for the recording and for the streams that mix it (a supervisor). Otherwise
  // in-band keys are looked for in each packet as it arrives and the buffer is left out: it
  // costs a malloc and two scans of its 200 slots per packet, 14 % of a media thread that
  // relayed 1000 bridged calls.
  bool plays_out_received() const { return recorder_.has_value() || !mix_listeners_.empty(); }
  void detect_inband(std::span<const std::uint8_t> payload);
  void on_telephone_event(const RtpPacketView& packet);
  void handle_detection(const DtmfDetection& detection, MediaDtmf::Source source);
  void relay_to_peer(const RtpPacketView& packet, bool telephone_event);
  void share_with_listeners(std::span<const std::int16_t, samples_per_20ms> received);

  void send_frame(std::span<const std::int16_t, samples_per_20ms> pcm);
  void send_rtp(std::uint8_t payload_type, bool marker, std::uint32_t timestamp,
                std::span<const std::uint8_t> payload);
  void send_rtcp(TimeMs now, bool bye);
  void publish_stats();
  void tick_from_this_pass();
  void finish_playback(bool interrupted);
  void finish_recording(std::string error);
  void record(std::span<const std::int16_t, samples_per_20ms> received);

  MediaStreamId id_;
  MediaWorker& worker_;
  std::shared_ptr<PublishedStats> published_;
  // RTP goes through the worker's ring when it has one: then it is a plain descriptor
  // (rtp_fd_), never in asio's reactor, which would otherwise be woken by every packet.
  udp::socket rtp_;
  int rtp_fd_ = -1;
  bool local_is_v6_ = false;
  udp::socket rtcp_;
  bool closed_ = false;
  int phase_ = 0;
  std::size_t phase_index_ = 0;
  // Whether the last packet (or silent frame on hold) was the tick's, not a relayed one.
  bool tick_sent_last_ = true;

  // Where to send; the SDP address until the first packet latches the real one.
  udp::endpoint sdp_remote_;
  udp::endpoint remote_rtp_;
  udp::endpoint remote_rtcp_;
  bool have_remote_ = false;
  bool latched_ = false;
  MediaCodec codec_;
  G711Law law_ = G711Law::alaw;
  bool send_ = false;
  bool receive_ = false;

  // Sending.
  std::uint32_t ssrc_;
  std::uint16_t sequence_;
  std::uint32_t timestamp_;
  bool marker_next_ = true;
  std::uint64_t packets_sent_ = 0;
  std::uint64_t octets_sent_ = 0;
  std::uint32_t last_sent_timestamp_ = 0;
  std::array<std::uint8_t, kRtpMaxPacketSize> send_buffer_{};

  TelephoneEventSender event_sender_;
  std::uint32_t event_timestamp_ = 0;

  // Receiving.
  std::array<std::uint8_t, kRtpMaxPacketSize> rtp_buffer_{};
  std::array<std::uint8_t, kRtpMaxPacketSize> rtcp_buffer_{};
  udp::endpoint rtp_source_;  // of the asio receive
  udp::endpoint rtcp_source_;
  bool rtp_receiving_ = false;  // an async receive is pending
  int received_this_tick_ = 0;
  bool have_source_ssrc_ = false;
  std::uint32_t source_ssrc_ = 0;
  RtpReceiveStats receive_stats_;
  G711JitterBuffer jitter_buffer_;
  TelephoneEventReceiver event_receiver_;
  InbandDtmfDetector inband_;
  bool peer_sends_events_ = false;  // then in-band detection would only find the same keys twice
  bool inband_dtmf_ = true;
  TimeMs last_receive_ms_ = 0;
  bool timeout_reported_ = false;
  std::uint64_t packets_received_ = 0;
  std::uint64_t octets_received_ = 0;
  std::uint64_t malformed_ = 0;
  std::uint64_t wrong_payload_type_ = 0;
  std::uint64_t foreign_source_ = 0;
  std::uint64_t receive_pauses_ = 0;
  std::uint64_t send_errors_ = 0;
  std::uint64_t ticks_ = 0;

  // Playback.
  SharedPcm playing_;
  std::size_t play_position_ = 0;
  std::uint64_t play_id_ = 0;
  bool stop_on_dtmf_ = false;

  // Recording: left = received, right = sent.
  std::optional<WavWriter> recorder_;
  std::string recording_path_;
  std::array<std::int16_t, samples_per_20ms> sent_frame_{};
  bool sent_frame_valid_ = false;
  std::array<std::int16_t, 2 * samples_per_20ms> interleaved_{};

  // Bridge.
  MediaStreamId bridge_peer_ = 0;
  bool relay_offset_valid_ = false;
  std::uint32_t relay_source_ssrc_ = 0;
  std::uint32_t relay_offset_ = 0;  // our timestamp minus the source's

  // Mixing (see set_mix_sources).
  bool mixing_ = false;
  std::vector<MediaStreamId> mix_sources_;
  AudioMixer<MediaStreamId> mixer_;
  std::vector<MediaStreamId> mix_listeners_;

  // RTCP.
  TimeMs next_rtcp_ms_ = 0;
  std::uint64_t rtcp_sent_ = 0;
  std::uint64_t rtcp_received_ = 0;
  std::uint32_t last_sr_middle_ = 0;  // from the peer's last SR
  TimeMs last_sr_arrival_ms_ = 0;
  bool have_remote_report_ = false;
  std::uint8_t remote_fraction_lost_ = 0;
  std::int32_t remote_cumulative_lost_ = 0;
  std::uint32_t remote_jitter_ = 0;
  std::int64_t round_trip_ms_ = -1;
};

}  // namespace callwerk::media
