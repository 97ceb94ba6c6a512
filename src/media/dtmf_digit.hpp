#pragma once
// A key press found in the received media, from RFC 4733 telephone-events or in-band tones.

#include <cstdint>

namespace callwerk::media {

struct DtmfDigit {
  char digit = 0;  // '0'-'9', '*', '#', 'A'-'D'
  std::int64_t duration_ms = 0;
};

// What one step of a detector produced: a key press that began (to stop a prompt at once) and
// up to two that ended (a new event can end the previous one whose end packets were lost).
struct DtmfDetection {
  bool started = false;
  char started_digit = 0;
  int ended_count = 0;
  DtmfDigit ended[2];

  void add_ended(DtmfDigit d) {
    if (ended_count < 2) ended[ended_count++] = d;
  }
};

}  // namespace callwerk::media
