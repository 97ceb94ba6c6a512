#pragma once
// The media engine: RTP/RTCP streams of calls on one or more media threads. Each thread owns
// its streams' sockets and runs one 20 ms tick that serves every stream on it (prompt or
// silence out, jitter buffer, DTMF, recording, timeout, RTCP), each stream in one of the tick's
// passes. Other threads command it
// through the methods below, which post to the stream's thread and return at once; results
// come back as MediaEvents on a media thread (the caller posts them to its own loop).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "media/pcm_audio.hpp"
#include "media/realtime_guard.hpp"

namespace callwerk::media {

// How media threads move RTP: io_uring batches a tick's packets into one system call (and
// falls back to poll when the kernel refuses it); poll is one system call per packet.
enum class RtpIo { uring, poll };

struct MediaEngineConfig {
  std::string bind_address = "0.0.0.0";  // for IPv4 streams (or "::" for dual use)
  std::string bind_address_v6 = "::";    // for streams opened with ipv6 = true
  uint16_t port_min = 20000;
  uint16_t port_max = 30000;
  int threads = 1;
  TimeMs rtp_timeout_ms = 30000;
  TimeMs rtcp_interval_ms = 5000;
  RtpIo io = RtpIo::uring;
  // SCHED_FIFO priority of the media threads (1-99), so that a due tick is served ahead of
  // ordinary threads; 0 leaves them as the process runs. Refused (no CAP_SYS_NICE or
  // LimitRTPRIO), the threads run as ordinary ones and say so in load().scheduling. The server
  // asks for 10 (telephony.rtp.realtime_priority).
  int realtime_priority = 0;
  // When an overloaded real-time media thread steps down to ordinary priority, and back up.
  RealtimeLimits realtime_limits;
};

// One media thread's timing since it started: whether it keeps the 20 ms schedule.
struct MediaWorkerLoad {
  std::string io;  // "io_uring", or "poll" with the reason io_uring is not used
  uint64_t ticks = 0;
  // Ticks one of whose passes started more than 10 ms after its time: its packets were late.
  uint64_t late_ticks = 0;
  int64_t worst_lateness_us = 0;  // of any pass
  uint64_t busy_us = 0;           // spent serving streams, of ticks x 20 ms
  // The longest pass: far below the worst lateness, the thread waited for a core, not for
  // its own work.
  int64_t longest_pass_us = 0;
  bool realtime = false;    // runs SCHED_FIFO now
  std::string scheduling;   // "real-time (SCHED_FIFO 10)", or "normal" with the reason
  uint64_t step_downs = 0;  // times it left real-time priority because it was overloaded
};

using MediaStreamId = uint64_t;

struct MediaCodec {
  int payload_type = 8;          // 0 PCMU, 8 PCMA
  int telephone_event_pt = 101;  // -1: the peer takes none
  int ptime_ms = 20;             // only 20 is sent; received packets of n x 20 ms are split
};

struct MediaDtmf {
  MediaStreamId stream = 0;
  char digit = 0;
  enum class Source { rfc4733, inband } source = Source::rfc4733;
  TimeMs duration_ms = 0;
};
// A key press has begun: the first RFC 4733 packet of an event, or the tone found in-band. A
// menu can act on it at once; MediaDtmf for the same key follows when it ends, which for
// RFC 4733 is the key's whole duration later (100-200 ms from a phone, 140 ms from SIPp).
struct MediaDtmfStarted {
  MediaStreamId stream = 0;
  char digit = 0;
  MediaDtmf::Source source = MediaDtmf::Source::rfc4733;
};
struct MediaPlaybackDone {
  MediaStreamId stream = 0;
  uint64_t play_id = 0;
  bool interrupted = false;
};
struct MediaRtpTimeout {
  MediaStreamId stream = 0;
};
// The peer's address as RTP really comes from it; the stream sends there from now on.
struct MediaFirstPacket {
  MediaStreamId stream = 0;
  std::string address;
  uint16_t port = 0;
};
struct MediaRecordingDone {
  MediaStreamId stream = 0;
  std::string path;
  int64_t duration_ms = 0;
  std::string error;  // empty when the file is complete
};

using MediaEvent = std::variant<MediaDtmf, MediaPlaybackDone, MediaRtpTimeout, MediaFirstPacket,
                                MediaRecordingDone, MediaDtmfStarted>;

// A snapshot of one stream's counters; loss and jitter as both ends see them.
struct MediaStreamStats {
  uint64_t packets_sent = 0;
  uint64_t octets_sent = 0;
  uint64_t packets_received = 0;  // valid RTP from the peer, audio and events
  uint64_t octets_received = 0;
  int64_t packets_lost = 0;     // as we count them (RFC 3550 A.3)
  uint32_t jitter_samples = 0;  // interarrival jitter of what we receive
  uint64_t concealed_frames = 0;
  uint64_t malformed = 0;           // not RTP
  uint64_t wrong_payload_type = 0;  // RTP with a payload type not negotiated
  uint64_t foreign_source = 0;      // RTP from another address after latching
  uint64_t receive_pauses = 0;      // ticks whose packet budget ran out (floods)
  uint64_t send_errors = 0;         // packets the socket refused (buffer full, no route)
  uint64_t ticks = 0;               // 20 ms ticks served
  uint64_t rtcp_sent = 0;
  uint64_t rtcp_received = 0;
  bool have_remote_report = false;  // the peer's RTCP report on what we send
  uint8_t remote_fraction_lost = 0;
  int32_t remote_cumulative_lost = 0;
  uint32_t remote_jitter_samples = 0;
  int64_t round_trip_ms = -1;  // -1 until an RTCP report block carried our SR's time
};

class MediaWorker;
struct MediaEngineState;  // the engine's internals, shared with its workers

class MediaEngine {
 public:
  MediaEngine(MediaEngineConfig config, std::function<void(MediaEvent)> on_event);
  ~MediaEngine();
  MediaEngine(const MediaEngine&) = delete;
  MediaEngine& operator=(const MediaEngine&) = delete;

  // Before start(): where media threads say what an operator should know about them (their
  // real-time priority refused, an overload that took it away). Called on a media thread.
  void set_notice_sink(std::function<void(const std::string&)> sink);
  void start();
  void stop();

  // Binds an even RTP port and RTCP on the next one, from the configured range. Without
  // inband_dtmf only RFC 4733 events give keys (in-band detection is the dearest part of a
  // received packet, wasted on a leg whose keys nobody acts on).
  Result<std::pair<MediaStreamId, uint16_t>> open_stream(bool ipv6 = false,
                                                         bool inband_dtmf = true);
  // From SDP; again on a re-INVITE (hold: send = false). A new address releases the latch.
  void set_remote(MediaStreamId id, std::string address, uint16_t port, MediaCodec codec, bool send,
                  bool receive);
  // A new play replaces the current one, which reports interrupted.
  void play(MediaStreamId id, SharedPcm audio, uint64_t play_id, bool stop_on_dtmf);
  void stop_playback(MediaStreamId id);
  // Stereo WAV: left what the peer sends us (decoded), right what we send.
  void start_recording(MediaStreamId id, std::string wav_path);
  void stop_recording(MediaStreamId id);
  // Sends a key press as RFC 4733 telephone-events (start, growing duration, three end
  // packets) in place of audio; ignored when the peer takes no telephone-event.
  void send_dtmf(MediaStreamId id, char digit, int duration_ms = 100);
  // Relays audio both ways (payload as is when both use the same law), and telephone-events.
  void bridge(MediaStreamId a, MediaStreamId b);
  void unbridge(MediaStreamId a);
  // Mixing for conferences of three (a supervisor with a call): from now on `listener` sends
  // the sum of the decoded audio every stream in `sources` receives from its own peer; empty
  // means it hears nobody (silence). Sources may live on other media threads. Relayed audio of
  // a bridge to `listener` is ignored meanwhile; the listener's own audio still reaches its
  // bridge peer, so a two-party bridge keeps its fast path where a side needs no mix.
  void set_sources(MediaStreamId listener, std::vector<MediaStreamId> sources);
  // Ends mixing for `listener`: it hears its bridge peer again (or silence when unbridged).
  void clear_sources(MediaStreamId listener);
  void close(MediaStreamId id);

  size_t active_streams() const;
  // Per media thread, in order; the io fields are known once start() has returned.
  std::vector<MediaWorkerLoad> load() const;
  // The figures the stream published at its last tick (at most 20 ms old), from any thread and
  // without waiting for the media thread, however busy it is; nullopt once the stream is closed.
  std::optional<MediaStreamStats> stats(MediaStreamId id) const;

 private:
  std::unique_ptr<MediaEngineState> state_;
};

}  // namespace callwerk::media
