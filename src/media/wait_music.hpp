#pragma once
// Music for callers waiting in a queue or on hold. It is made here, not shipped as a
// recording: a calm melody of soft tones, so there are no rights to clear and nothing to
// download, and every note lies in the telephone band (300-3400 Hz) where G.711 keeps it.

#include <vector>

#include "media/pcm_audio.hpp"

namespace callwerk::media {

struct WaitMusicNote {
  double hz = 0;  // 0: a rest
  int ms = 0;
};

// The melody in order, for tests and for whoever wants to know what callers hear.
const std::vector<WaitMusicNote>& wait_music_notes();

// The melody at 8 kHz: each note with a short attack and a longer release (no clicks), a
// little of its octave for warmth, peaks about -18 dBFS so it never outshouts a prompt. It
// starts and ends in silence, so it loops without a seam. Made once, then shared.
SharedPcm wait_music();

}  // namespace callwerk::media
