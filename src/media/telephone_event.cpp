#include "media/telephone_event.hpp"

#include <algorithm>

#include "media/byte_order.hpp"

namespace callwerk::media {
namespace {

constexpr char kDigits[] = "0123456789*#ABCD";

// Old packets of the previous event are ignored only while the stream is busy; after a long
// pause an "older" timestamp means the sender started its clock anew.
constexpr TimeMs kOldEventWindowMs = 2000;

}  // namespace

std::optional<TelephoneEvent> parse_telephone_event(std::span<const std::uint8_t> payload) {
  if (payload.size() < kTelephoneEventSize) return std::nullopt;
  TelephoneEvent event;
  event.event = payload[0];
  event.end = (payload[1] & 0x80) != 0;
  event.volume = payload[1] & 0x3f;
  event.duration = read_u16(payload.data() + 2);
  return event;
}

void write_telephone_event(const TelephoneEvent& event, std::span<std::uint8_t, 4> out) {
  out[0] = event.event;
  out[1] = static_cast<std::uint8_t>((event.end ? 0x80 : 0) | (event.volume & 0x3f));
  write_u16(out.data() + 2, event.duration);
}

char dtmf_digit_for_event(std::uint8_t event) {
  return event < 16 ? kDigits[event] : 0;
}

std::optional<std::uint8_t> event_for_dtmf_digit(char digit) {
  if (digit >= 'a' && digit <= 'd') digit = static_cast<char>(digit - 'a' + 'A');
  for (std::uint8_t i = 0; i < 16; ++i)
    if (kDigits[i] == digit) return i;
  return std::nullopt;
}

DtmfDigit TelephoneEventReceiver::current_digit() const {
  return DtmfDigit{digit_, static_cast<std::int64_t>(duration_) * 1000 / clock_rate_};
}

DtmfDetection TelephoneEventReceiver::on_packet(std::uint32_t rtp_timestamp,
                                                const TelephoneEvent& event, TimeMs now) {
  DtmfDetection result;
  const char digit = dtmf_digit_for_event(event.event);
  if (digit == 0) return result;

  if (has_current_ && rtp_timestamp == timestamp_) {
    if (ended_) return result;  // a redundant end packet, or a continuation arriving late
    duration_ = std::max(duration_, event.duration);
    last_packet_ms_ = now;
    if (event.end) {
      ended_ = true;
      result.add_ended(current_digit());
    }
    return result;
  }
  const bool older = static_cast<std::int32_t>(rtp_timestamp - timestamp_) < 0;
  if (has_current_ && older && now - last_packet_ms_ < kOldEventWindowMs) return result;

  // A new event; the previous one ended even if none of its end packets arrived.
  if (has_current_ && !ended_) result.add_ended(current_digit());
  has_current_ = true;
  timestamp_ = rtp_timestamp;
  digit_ = digit;
  duration_ = event.duration;
  last_packet_ms_ = now;
  ended_ = event.end;
  result.started = true;
  result.started_digit = digit;
  if (ended_) result.add_ended(current_digit());
  return result;
}

DtmfDetection TelephoneEventReceiver::poll(TimeMs now) {
  DtmfDetection result;
  if (has_current_ && !ended_ && now - last_packet_ms_ >= kLostEndTimeoutMs) {
    ended_ = true;
    result.add_ended(current_digit());
  }
  return result;
}

bool TelephoneEventSender::start(char digit, int duration_ms, std::uint8_t volume, int ptime_ms,
                                 int clock_rate) {
  const auto event = event_for_dtmf_digit(digit);
  if (!event || ptime_ms <= 0) return false;
  event_ = TelephoneEvent{*event, false, static_cast<std::uint8_t>(volume & 0x3f), 0};
  step_ = ptime_ms * clock_rate / 1000;
  // The duration field is 16 bits; longer presses are cut (RFC 4733 §2.5.2.3 would segment).
  total_ = std::clamp(duration_ms * clock_rate / 1000, step_, 0xffff);
  sent_ = 0;
  end_sent_ = 0;
  active_ = true;
  return true;
}

std::optional<TelephoneEventSender::Packet> TelephoneEventSender::next_packet() {
  if (!active_) return std::nullopt;
  Packet packet;
  packet.first = sent_ == 0;
  if (sent_ < total_) {
    sent_ = std::min(sent_ + step_, total_);
    event_.duration = static_cast<std::uint16_t>(sent_);
  }
  if (sent_ >= total_) {
    event_.end = true;
    if (++end_sent_ >= kEndRepeats) active_ = false;
  }
  packet.event = event_;
  return packet;
}

}  // namespace callwerk::media
