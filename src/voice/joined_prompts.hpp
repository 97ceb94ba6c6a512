#pragma once
// Two prompts played as one (a menu's greeting followed by its question) are joined once and
// reused: joining copied ~100 KB of samples for every answered call, the largest single cost
// of answering on the core thread. The parts are kept alive with their joint, so a key (the
// parts' addresses) can never be reused by other audio while its entry exists.

#include <cstddef>
#include <map>
#include <utility>

#include "media/pcm_audio.hpp"

namespace callwerk::voice {

class JoinedPrompts {
 public:
  explicit JoinedPrompts(std::size_t capacity = 64) : capacity_(capacity) {}

  // first followed by second; either may be null or empty (then the other is returned).
  media::SharedPcm join(const media::SharedPcm& first, const media::SharedPcm& second);
  std::size_t size() const { return joints_.size(); }

 private:
  struct Joint {
    media::SharedPcm first;
    media::SharedPcm second;
    media::SharedPcm joined;
  };
  std::size_t capacity_;
  std::map<std::pair<const media::PcmAudio*, const media::PcmAudio*>, Joint> joints_;
};

}  // namespace callwerk::voice
