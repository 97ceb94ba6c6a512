#include "media/media_stream.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "media/media_worker.hpp"
#include "media/rtcp_packet.hpp"

namespace callwerk::media {
namespace {

constexpr int kComfortNoisePayloadType = 13;
constexpr std::uint32_t kSamplesPerFrame = static_cast<std::uint32_t>(samples_per_20ms);

}  // namespace

MediaStream::MediaStream(MediaStreamId id, Sockets sockets, MediaWorker& worker, std::mt19937& rng,
                         std::shared_ptr<PublishedStats> published)
    : id_(id),
      worker_(worker),
      published_(std::move(published)),
      rtp_(std::move(sockets.rtp)),
      rtp_fd_(sockets.rtp_fd),
      local_is_v6_(sockets.ipv6),
      rtcp_(std::move(sockets.rtcp)),
      ssrc_(static_cast<std::uint32_t>(rng())),
      sequence_(static_cast<std::uint16_t>(rng())),
      timestamp_(static_cast<std::uint32_t>(rng())) {
  boost::system::error_code ignored;
  if (rtp_.is_open()) rtp_.non_blocking(true, ignored);
  rtcp_.non_blocking(true, ignored);
}

MediaStream::~MediaStream() {
  if (rtp_fd_ >= 0) ::close(rtp_fd_);
}

void MediaStream::start() {
  if (rtp_fd_ >= 0) {  // the engine made a plain descriptor because the worker has a ring
    worker_.ring()->watch(id_, rtp_fd_);
  } else {
    receive_rtp();
  }
  receive_rtcp();
  // The first report after half an interval, so that streams opened together spread out.
  const TimeMs half = std::max<TimeMs>(worker_.config().rtcp_interval_ms / 2, 1);
  next_rtcp_ms_ = worker_.now() + half + static_cast<TimeMs>(worker_.random32() % half);
}

void MediaStream::receive_rtp() {
  if (closed_ || rtp_receiving_) return;
  rtp_receiving_ = true;
  rtp_.async_receive_from(
      boost::asio::buffer(rtp_buffer_), rtp_source_,
      [this](const boost::system::error_code& error, std::size_t size) {
        rtp_receiving_ = false;
        if (error == boost::asio::error::operation_aborted || closed_) return;
        // Over budget: the next tick reads again.
        if (error || on_rtp_datagram(std::span(rtp_buffer_.data(), size), rtp_source_))
          receive_rtp();
      });
}

void MediaStream::receive_rtcp() {
  if (closed_) return;
  rtcp_.async_receive_from(boost::asio::buffer(rtcp_buffer_), rtcp_source_,
                           [this](const boost::system::error_code& error, std::size_t size) {
                             if (error == boost::asio::error::operation_aborted || closed_) return;
                             if (!error)
                               on_rtcp(std::span(rtcp_buffer_.data(), size), rtcp_source_);
                             receive_rtcp();
                           });
}

void MediaStream::set_remote(const udp::endpoint& sdp_endpoint, const MediaCodec& codec, bool send,
                             bool receive) {
  udp::endpoint remote = sdp_endpoint;
  // A dual-stack socket ("::") reaches IPv4 peers through IPv4-mapped addresses.
  if (local_is_v6_ && remote.address().is_v4())
    remote.address(
        boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, remote.address().to_v4()));
  if (!have_remote_ || remote != sdp_remote_) {
    sdp_remote_ = remote;
    remote_rtp_ = remote;
    remote_rtcp_ = udp::endpoint(remote.address(), static_cast<unsigned short>(remote.port() + 1));
    latched_ = false;
  }
  have_remote_ = true;
  codec_ = codec;
  law_ = g711_law_for_payload_type(codec.payload_type).value_or(G711Law::alaw);
  jitter_buffer_.set_law(law_);
  if (send && !send_) marker_next_ = true;
  if (receive && !receive_) {
    last_receive_ms_ = worker_.now();
    timeout_reported_ = false;
  }
  send_ = send;
  receive_ = receive;
}

void MediaStream::play(SharedPcm audio, std::uint64_t play_id, bool stop_on_dtmf) {
  if (playing_) finish_playback(true);
  if (!audio || audio->sample_rate != telephony_sample_rate) {
    // Nothing playable: report it done at once rather than leaving the caller waiting.
    worker_.emit(MediaPlaybackDone{id_, play_id, false});
    return;
  }
  playing_ = std::move(audio);
  play_position_ = 0;
  // A prompt starts a talkspurt: its first packet carries the marker bit (RFC 3551 §4.1), so
  // a receiver (or a capture) sees where each prompt begins. The timestamps run on as before.
  marker_next_ = true;
  play_id_ = play_id;
  stop_on_dtmf_ = stop_on_dtmf;
  tick_from_this_pass();
}

void MediaStream::tick_from_this_pass() {
  // A prompt (the answer to a key, most often) starts in the pass that brought its command,
  // not up to 20 ms later at the stream's next tick; the stream ticks in this pass from now
  // on. Its first packet follows the last one by less than 20 ms, and its timestamp by as
  // many samples, so that timestamps keep following the clock. Not while received audio is
  // played out (a recording, a supervisor's mix) or a mix or a key is being sent: those run a
  // frame per tick and would take one too many.
  const int pass = worker_.pass();
  if (pass == phase_ || plays_out_received() || mixing_ || event_sender_.active()) return;
  // After a relayed packet (a bridge, or one that just ended), sent in whatever pass it came,
  // the clock already runs from its end and the prompt follows it as it is.
  if (tick_sent_last_) {
    constexpr int kPasses = MediaWorker::kPassesPerTick;
    const int passes_since_last_tick = (pass - phase_ + kPasses) % kPasses;
    timestamp_ = timestamp_ - kSamplesPerFrame +
                 static_cast<std::uint32_t>(passes_since_last_tick) * (kSamplesPerFrame / kPasses);
  }
  worker_.tick_in_this_pass(*this);
}

void MediaStream::stop_playback() {
  if (playing_) finish_playback(true);
}

void MediaStream::send_dtmf(char digit, int duration_ms) {
  if (codec_.telephone_event_pt < 0) return;
  event_sender_.start(digit, duration_ms, 10, 20, telephony_sample_rate);
}

void MediaStream::finish_playback(bool interrupted) {
  playing_.reset();
  worker_.emit(MediaPlaybackDone{id_, play_id_, interrupted});
}

void MediaStream::start_recording(const std::string& path) {
  if (recorder_) finish_recording({});
  if (!plays_out_received()) jitter_buffer_.reset();  // nothing stale from an earlier use
  auto writer = WavWriter::open(path, telephony_sample_rate, 2);
  if (!writer.ok()) {
    worker_.emit(MediaRecordingDone{id_, path, 0, writer.error().describe()});
    return;
  }
  recorder_.emplace(std::move(writer.value()));
  recording_path_ = path;
}

void MediaStream::stop_recording() {
  if (recorder_) finish_recording({});
}

void MediaStream::finish_recording(std::string error) {
  const auto frames = static_cast<std::int64_t>(recorder_->frames_written());
  auto closed = recorder_->close();
  if (error.empty() && !closed.ok()) error = closed.error().describe();
  recorder_.reset();
  worker_.emit(MediaRecordingDone{id_, std::move(recording_path_),
                                  frames * 1000 / telephony_sample_rate, std::move(error)});
  recording_path_.clear();
}

void MediaStream::record(std::span<const std::int16_t, samples_per_20ms> received) {
  for (std::size_t i = 0; i < samples_per_20ms; ++i) {
    interleaved_[2 * i] = received[i];
    interleaved_[2 * i + 1] = sent_frame_valid_ ? sent_frame_[i] : 0;
  }
  auto status = recorder_->append(interleaved_);
  if (!status.ok()) finish_recording(status.error().describe());
}

void MediaStream::set_bridge(MediaStreamId peer) {
  bridge_peer_ = peer;
  relay_offset_valid_ = false;
  marker_next_ = true;
}

void MediaStream::set_mix_sources(const std::vector<MediaStreamId>& sources) {
  mixing_ = true;
  mix_sources_ = sources;
  mixer_.set_sources(sources);
  marker_next_ = true;
}

void MediaStream::clear_mix_sources() {
  if (!mixing_) return;
  mixing_ = false;
  mix_sources_.clear();
  mixer_.set_sources({});
  // Relayed audio resumes with its own timestamps: the offset is taken anew.
  relay_offset_valid_ = false;
  marker_next_ = true;
}

void MediaStream::add_mix_listener(MediaStreamId listener) {
  if (!plays_out_received()) jitter_buffer_.reset();
  if (std::find(mix_listeners_.begin(), mix_listeners_.end(), listener) == mix_listeners_.end())
    mix_listeners_.push_back(listener);
}

void MediaStream::remove_mix_listener(MediaStreamId listener) {
  std::erase(mix_listeners_, listener);
}

void MediaStream::deliver_mix(const MixFrame& frame) {
  if (mixing_) mixer_.push(frame.from, frame.pcm);
}

void MediaStream::share_with_listeners(std::span<const std::int16_t, samples_per_20ms> received) {
  MixFrame frame;
  frame.from = id_;
  std::copy(received.begin(), received.end(), frame.pcm.begin());
  for (const MediaStreamId listener : mix_listeners_) {
    frame.to = listener;
    worker_.mix(frame);
  }
}

void MediaStream::close() {
  if (closed_) return;
  if (have_remote_ && send_) send_rtcp(worker_.now(), true);
  if (playing_) finish_playback(true);
  if (recorder_) finish_recording({});
  closed_ = true;
  boost::system::error_code ignored;
  if (rtp_fd_ >= 0) {
    if (RtpRing* ring = worker_.ring()) ring->forget(rtp_fd_);
    ::close(rtp_fd_);
    rtp_fd_ = -1;
  }
  rtp_.close(ignored);
  rtcp_.close(ignored);
  publish_stats();
}

void MediaStream::tick(TimeMs now) {
  if (closed_) return;
  ++ticks_;
  received_this_tick_ = 0;
  if (rtp_fd_ < 0 && !rtp_receiving_) receive_rtp();  // the ring resumes its own

  // What the peer sent: one frame out of the jitter buffer.
  std::array<std::int16_t, samples_per_20ms> received{};
  if (receive_ && plays_out_received()) {
    const auto kind = jitter_buffer_.pull(received);
    if (!mix_listeners_.empty() && kind != G711JitterBuffer::FrameKind::silence)
      share_with_listeners(received);
    if (inband_dtmf_ && !peer_sends_events_ && kind != G711JitterBuffer::FrameKind::silence)
      handle_detection(inband_.process(received), MediaDtmf::Source::inband);
  }
  if (receive_) {
    handle_detection(event_receiver_.poll(now), MediaDtmf::Source::rfc4733);
    if (have_remote_ && !timeout_reported_ &&
        now - last_receive_ms_ >= worker_.config().rtp_timeout_ms) {
      timeout_reported_ = true;
      worker_.emit(MediaRtpTimeout{id_});
    }
  }

  // What we send: the prompt, else silence (so NAT bindings and the peer see RTP), unless a
  // bridge relays the other side's audio as it arrives, or the mix of other parties' audio.
  std::array<std::int16_t, samples_per_20ms> mixed{};
  if (mixing_) mixer_.pull_mix(mixed);  // also while a prompt plays, so nothing piles up
  if (playing_) {
    std::array<std::int16_t, samples_per_20ms> frame{};
    const auto& samples = playing_->samples;
    const std::size_t n = std::min<std::size_t>(samples_per_20ms, samples.size() - play_position_);
    std::copy_n(samples.begin() + static_cast<std::ptrdiff_t>(play_position_), n, frame.begin());
    play_position_ += n;
    send_frame(frame);
    if (play_position_ >= samples.size()) finish_playback(false);
  } else if (mixing_) {
    send_frame(mixed);
  } else if (bridge_peer_ == 0) {
    static const std::array<std::int16_t, samples_per_20ms> silence{};
    send_frame(silence);
  }

  if (recorder_) record(received);
  sent_frame_valid_ = false;

  if (have_remote_ && now >= next_rtcp_ms_) {
    send_rtcp(now, false);
    next_rtcp_ms_ = now + worker_.config().rtcp_interval_ms;
  }
  publish_stats();
}

void MediaStream::publish_stats() {
  if (!published_) return;
  const MediaStreamStats current = stats();
  std::lock_guard lock(published_->mutex);
  published_->stats = current;
}

void MediaStream::send_frame(std::span<const std::int16_t, samples_per_20ms> pcm) {
  tick_sent_last_ = true;  // the clock's next frame is this one's end (timestamp_ below)
  if (recorder_) {
    std::copy(pcm.begin(), pcm.end(), sent_frame_.begin());
    sent_frame_valid_ = true;
  }
  if (!have_remote_ || !send_) {
    timestamp_ += kSamplesPerFrame;  // the clock runs on during hold
    return;
  }
  if (auto packet = event_sender_.next_packet()) {
    // A key press replaces the audio while it lasts (RFC 4733 §2.5.1.1); all its packets
    // carry the timestamp of its start.
    if (packet->first) event_timestamp_ = timestamp_;
    std::array<std::uint8_t, kTelephoneEventSize> payload;
    write_telephone_event(packet->event, payload);
    send_rtp(static_cast<std::uint8_t>(codec_.telephone_event_pt), packet->first, event_timestamp_,
             payload);
    timestamp_ += kSamplesPerFrame;
    return;
  }
  std::array<std::uint8_t, samples_per_20ms> codes;
  g711_encode(law_, pcm, codes);
  send_rtp(static_cast<std::uint8_t>(codec_.payload_type), marker_next_, timestamp_, codes);
  marker_next_ = false;
  timestamp_ += kSamplesPerFrame;
}

void MediaStream::send_rtp(std::uint8_t payload_type, bool marker, std::uint32_t timestamp,
                           std::span<const std::uint8_t> payload) {
  RtpHeader header;
  header.marker = marker;
  header.payload_type = payload_type;
  header.sequence = sequence_++;
  header.timestamp = timestamp;
  header.ssrc = ssrc_;
  const std::size_t size = write_rtp(header, payload, send_buffer_);
  if (size == 0) return;
  if (rtp_fd_ >= 0) {
    if (RtpRing* ring = worker_.ring())
      ring->send(id_, rtp_fd_, std::span(send_buffer_.data(), size), remote_rtp_.data(),
                 static_cast<socklen_t>(remote_rtp_.size()));
  } else {
    boost::system::error_code error;
    rtp_.send_to(boost::asio::buffer(send_buffer_.data(), size), remote_rtp_, 0, error);
    if (error) {  // a full socket buffer drops the packet, as the network would
      ++send_errors_;
      return;
    }
  }
  ++packets_sent_;
  octets_sent_ += payload.size();
  last_sent_timestamp_ = timestamp;
}

bool MediaStream::on_rtp_datagram(std::span<const std::uint8_t> datagram,
                                  const udp::endpoint& source) {
  if (closed_) return false;
  ++received_this_tick_;
  const bool more = received_this_tick_ < kReceiveBudgetPerTick;
  if (!more) ++receive_pauses_;
  if (looks_like_rtcp(datagram)) {  // rtcp-mux peers
    on_rtcp(datagram, source);
    return more;
  }
  const auto parsed = parse_rtp(datagram);
  if (!parsed.ok()) {
    ++malformed_;
    return more;
  }
  if (!have_remote_) return more;  // before the SDP: nobody to talk to yet
  if (latched_ && source != remote_rtp_) {
    ++foreign_source_;
    return more;
  }
  const auto& packet = parsed.packet;
  const int pt = packet.header.payload_type;
  const bool audio = pt == codec_.payload_type;
  const bool event = codec_.telephone_event_pt >= 0 && pt == codec_.telephone_event_pt;
  if (!audio && !event && pt != kComfortNoisePayloadType) {
    ++wrong_payload_type_;
    return more;
  }
  if (!latched_) {
    // Symmetric RTP (RFC 4961): answer where the peer really sends from, e.g. behind NAT.
    latched_ = true;
    remote_rtp_ = source;
    remote_rtcp_ = udp::endpoint(source.address(), static_cast<unsigned short>(source.port() + 1));
    auto address = source.address();
    if (address.is_v6() && address.to_v6().is_v4_mapped())
      address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
    worker_.emit(MediaFirstPacket{id_, address.to_string(), source.port()});
  }
  last_receive_ms_ = worker_.now();
  timeout_reported_ = false;
  if (!have_source_ssrc_ || packet.header.ssrc != source_ssrc_) {
    // A new source (or the peer restarted): its sequence and timestamps start anew.
    have_source_ssrc_ = true;
    source_ssrc_ = packet.header.ssrc;
    receive_stats_.reset();
    jitter_buffer_.reset();
    event_receiver_.reset();
  }
  ++packets_received_;
  octets_received_ += packet.payload.size();
  const auto arrival =
      static_cast<std::uint32_t>(last_receive_ms_ * (telephony_sample_rate / 1000));
  receive_stats_.on_packet(packet.header.sequence, packet.header.timestamp, arrival);
  if (audio) {
    on_audio(packet);
  } else if (event) {
    on_telephone_event(packet);
  }
  return more;
}

void MediaStream::on_audio(const RtpPacketView& packet) {
  if (receive_) {
    if (plays_out_received()) {
      jitter_buffer_.put(packet.header.timestamp, packet.header.sequence, packet.payload);
    } else if (inband_dtmf_ && !peer_sends_events_) {
      detect_inband(packet.payload);
    }
  }
  if (bridge_peer_ != 0) relay_to_peer(packet, false);
}

void MediaStream::detect_inband(std::span<const std::uint8_t> payload) {
  if (payload.empty() || payload.size() % kG711FrameBytes != 0) return;  // as the buffer does
  std::array<std::int16_t, samples_per_20ms> pcm;
  for (std::size_t offset = 0; offset < payload.size(); offset += kG711FrameBytes) {
    g711_decode(law_, payload.subspan(offset, kG711FrameBytes), pcm);
    handle_detection(inband_.process(pcm), MediaDtmf::Source::inband);
  }
}

void MediaStream::on_telephone_event(const RtpPacketView& packet) {
  const auto event = parse_telephone_event(packet.payload);
  if (!event) {
    ++malformed_;
    return;
  }
  peer_sends_events_ = true;
  if (receive_)
    handle_detection(event_receiver_.on_packet(packet.header.timestamp, *event, worker_.now()),
                     MediaDtmf::Source::rfc4733);
  if (bridge_peer_ != 0) relay_to_peer(packet, true);
}

void MediaStream::handle_detection(const DtmfDetection& detection, MediaDtmf::Source source) {
  if (detection.started) {
    if (playing_ && stop_on_dtmf_) finish_playback(true);
    worker_.emit(MediaDtmfStarted{id_, detection.started_digit, source});
  }
  for (int i = 0; i < detection.ended_count; ++i)
    worker_.emit(MediaDtmf{id_, detection.ended[i].digit, source, detection.ended[i].duration_ms});
}

void MediaStream::relay_to_peer(const RtpPacketView& packet, bool telephone_event) {
  if (packet.payload.size() > RelayPacket::kMaxPayload) return;
  RelayPacket relay;
  relay.to = bridge_peer_;
  relay.telephone_event = telephone_event;
  relay.marker = packet.header.marker;
  relay.law = law_;
  relay.source_ssrc = packet.header.ssrc;
  relay.source_timestamp = packet.header.timestamp;
  relay.size = static_cast<std::uint16_t>(packet.payload.size());
  std::memcpy(relay.payload.data(), packet.payload.data(), packet.payload.size());
  worker_.relay(relay);
}

void MediaStream::deliver_relay(const RelayPacket& relay) {
  if (closed_ || bridge_peer_ == 0 || mixing_) return;
  std::span<std::uint8_t> payload(const_cast<std::uint8_t*>(relay.payload.data()), relay.size);
  if (!relay.telephone_event && recorder_ && relay.size >= samples_per_20ms) {
    g711_decode(relay.law, payload.first(samples_per_20ms), sent_frame_);
    sent_frame_valid_ = true;
  }
  // A prompt to this side has the floor; the bridged audio resumes after it.
  if (playing_ || !have_remote_ || !send_) return;
  if (!relay_offset_valid_ || relay.source_ssrc != relay_source_ssrc_) {
    relay_offset_valid_ = true;
    relay_source_ssrc_ = relay.source_ssrc;
    relay_offset_ = timestamp_ - relay.source_timestamp;
  }
  const std::uint32_t timestamp = relay.source_timestamp + relay_offset_;
  if (relay.telephone_event) {
    if (codec_.telephone_event_pt < 0) return;  // the peer takes none; in-band is not made here
    send_rtp(static_cast<std::uint8_t>(codec_.telephone_event_pt), relay.marker, timestamp,
             payload);
    return;
  }
  std::array<std::uint8_t, RelayPacket::kMaxPayload> transcoded;
  std::span<const std::uint8_t> out = payload;
  if (relay.law != law_) {
    std::copy_n(relay.payload.begin(), relay.size, transcoded.begin());
    g711_transcode(relay.law, law_, std::span(transcoded.data(), relay.size));
    out = std::span(transcoded.data(), relay.size);
  }
  send_rtp(static_cast<std::uint8_t>(codec_.payload_type), relay.marker || marker_next_, timestamp,
           out);
  marker_next_ = false;
  tick_sent_last_ = false;
  const auto next = timestamp + relay.size;
  // Our clock follows the relayed one, so that a prompt after the bridge continues from it.
  if (static_cast<std::int32_t>(next - timestamp_) > 0) timestamp_ = next;
}

void MediaStream::send_rtcp(TimeMs now, bool bye) {
  RtcpReport report;
  report.ssrc = ssrc_;
  report.is_sender_report = packets_sent_ > 0;
  if (report.is_sender_report) {
    report.sender.ntp_timestamp = ntp_from_unix_ms(now_ms());
    report.sender.rtp_timestamp = last_sent_timestamp_;
    report.sender.packet_count = static_cast<std::uint32_t>(packets_sent_);
    report.sender.octet_count = static_cast<std::uint32_t>(octets_sent_);
  }
  if (receive_stats_.started()) {
    const auto figures = receive_stats_.take_report();
    RtcpReportBlock& block = report.blocks[0];
    block.ssrc = source_ssrc_;
    block.fraction_lost = figures.fraction_lost;
    block.cumulative_lost = figures.cumulative_lost;
    block.extended_highest_sequence = figures.extended_highest_sequence;
    block.jitter = figures.jitter;
    if (last_sr_arrival_ms_ != 0) {
      block.last_sr = last_sr_middle_;
      block.delay_since_last_sr =
          static_cast<std::uint32_t>((now - last_sr_arrival_ms_) * 65536 / 1000);
    }
    report.block_count = 1;
  }
  std::array<std::uint8_t, 256> buffer;
  const std::size_t size = write_rtcp(report, worker_.cname(), bye, buffer);
  if (size == 0) return;
  boost::system::error_code error;
  rtcp_.send_to(boost::asio::buffer(buffer.data(), size), remote_rtcp_, 0, error);
  if (!error) ++rtcp_sent_;
}

void MediaStream::on_rtcp(std::span<const std::uint8_t> datagram, const udp::endpoint& source) {
  if (!have_remote_) return;
  if (latched_ && source.address() != remote_rtp_.address()) {
    ++foreign_source_;
    return;
  }
  const auto parsed = parse_rtcp(datagram);
  if (!parsed.ok()) {
    ++malformed_;
    return;
  }
  ++rtcp_received_;
  remote_rtcp_ = source;  // symmetric RTCP, as for RTP
  const auto& report = parsed.compound.report;
  const TimeMs now = worker_.now();
  if (report.is_sender_report) {
    last_sr_middle_ = ntp_middle32(report.sender.ntp_timestamp);
    last_sr_arrival_ms_ = now;
  }
  for (std::size_t i = 0; i < report.block_count; ++i) {
    const auto& block = report.blocks[i];
    if (block.ssrc != ssrc_) continue;
    have_remote_report_ = true;
    remote_fraction_lost_ = block.fraction_lost;
    remote_cumulative_lost_ = block.cumulative_lost;
    remote_jitter_ = block.jitter;
    if (block.last_sr != 0) {
      // RFC 3550 §6.4.1: round trip = arrival - LSR - DLSR, in 1/65536 s.
      const std::uint32_t arrival = ntp_middle32(ntp_from_unix_ms(now_ms()));
      const std::uint32_t rtt = arrival - block.last_sr - block.delay_since_last_sr;
      if (rtt < 65536u * 60) round_trip_ms_ = static_cast<std::int64_t>(rtt) * 1000 / 65536;
    }
  }
}

MediaStreamStats MediaStream::stats() const {
  MediaStreamStats s;
  s.packets_sent = packets_sent_;
  s.octets_sent = octets_sent_;
  s.packets_received = packets_received_;
  s.octets_received = octets_received_;
  s.packets_lost = receive_stats_.lost();
  s.jitter_samples = receive_stats_.jitter();
  s.concealed_frames = jitter_buffer_.concealed_frames();
  s.malformed = malformed_;
  s.wrong_payload_type = wrong_payload_type_;
  s.foreign_source = foreign_source_;
  s.receive_pauses = receive_pauses_;
  s.send_errors = send_errors_;
  s.ticks = ticks_;
  s.rtcp_sent = rtcp_sent_;
  s.rtcp_received = rtcp_received_;
  s.have_remote_report = have_remote_report_;
  s.remote_fraction_lost = remote_fraction_lost_;
  s.remote_cumulative_lost = remote_cumulative_lost_;
  s.remote_jitter_samples = remote_jitter_;
  s.round_trip_ms = round_trip_ms_;
  return s;
}

}  // namespace callwerk::media
