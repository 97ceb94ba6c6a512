#pragma once
// RFC 4733 telephone-events (DTMF sent as RTP packets, formerly RFC 2833). One key press is one
// event: all its packets carry the RTP timestamp of its start, the duration grows with each
// packet, and the last one (with the E bit) is sent three times. The receiver reports every
// event exactly once, whatever is lost, duplicated or reordered.

#include <cstdint>
#include <optional>
#include <span>

#include "core/clock.hpp"
#include "media/dtmf_digit.hpp"

namespace callwerk::media {

inline constexpr std::size_t kTelephoneEventSize = 4;

struct TelephoneEvent {
  std::uint8_t event = 0;      // 0-9, 10 '*', 11 '#', 12-15 'A'-'D'
  bool end = false;            // the E bit
  std::uint8_t volume = 10;    // -dBm0, 0..63
  std::uint16_t duration = 0;  // timestamp units since the event's start
  bool operator==(const TelephoneEvent&) const = default;
};

std::optional<TelephoneEvent> parse_telephone_event(std::span<const std::uint8_t> payload);
void write_telephone_event(const TelephoneEvent& event, std::span<std::uint8_t, 4> out);

// 0 for events that are not DTMF keys (flash and the like).
char dtmf_digit_for_event(std::uint8_t event);
std::optional<std::uint8_t> event_for_dtmf_digit(char digit);

class TelephoneEventReceiver {
 public:
  // An event whose end packets were all lost ends this long after its last packet.
  static constexpr TimeMs kLostEndTimeoutMs = 1000;

  explicit TelephoneEventReceiver(int clock_rate = 8000) : clock_rate_(clock_rate) {}

  DtmfDetection on_packet(std::uint32_t rtp_timestamp, const TelephoneEvent& event, TimeMs now);
  // Ends an event that stopped without an end packet; call it regularly (each tick).
  DtmfDetection poll(TimeMs now);
  // After an SSRC change the timestamps start anew.
  void reset() { *this = TelephoneEventReceiver(clock_rate_); }

 private:
  DtmfDigit current_digit() const;

  int clock_rate_;
  bool has_current_ = false;
  bool ended_ = false;
  std::uint32_t timestamp_ = 0;
  char digit_ = 0;
  std::uint16_t duration_ = 0;
  TimeMs last_packet_ms_ = 0;
};

// Produces the packets for one key press, one per packetisation interval.
class TelephoneEventSender {
 public:
  static constexpr int kEndRepeats = 3;

  struct Packet {
    bool first = false;  // marker bit; the stream fixes the event's RTP timestamp here
    TelephoneEvent event;
  };

  // False for a character that is no DTMF key; a running event is replaced.
  bool start(char digit, int duration_ms, std::uint8_t volume = 10, int ptime_ms = 20,
             int clock_rate = 8000);
  bool active() const { return active_; }
  std::optional<Packet> next_packet();

 private:
  bool active_ = false;
  TelephoneEvent event_;
  int step_ = 0;   // timestamp units per packet
  int total_ = 0;  // the event's duration in timestamp units
  int sent_ = 0;
  int end_sent_ = 0;
};

}  // namespace callwerk::media
