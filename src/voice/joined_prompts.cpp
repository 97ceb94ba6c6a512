#include "voice/joined_prompts.hpp"

namespace callwerk::voice {

media::SharedPcm JoinedPrompts::join(const media::SharedPcm& first,
                                     const media::SharedPcm& second) {
  if (!second || second->samples.empty()) return first;
  if (!first || first->samples.empty()) return second;
  const auto key = std::pair{first.get(), second.get()};
  if (const auto it = joints_.find(key); it != joints_.end()) return it->second.joined;
  auto joined = std::make_shared<media::PcmAudio>();
  joined->sample_rate = first->sample_rate;
  joined->samples.reserve(first->samples.size() + second->samples.size());
  joined->samples.insert(joined->samples.end(), first->samples.begin(), first->samples.end());
  joined->samples.insert(joined->samples.end(), second->samples.begin(), second->samples.end());
  // Menus have a handful of prompt pairs; a full table means texts vary per call (e.g. with
  // variables), where keeping old joints would only hold memory.
  if (joints_.size() >= capacity_) joints_.clear();
  joints_.emplace(key, Joint{first, second, joined});
  return joined;
}

}  // namespace callwerk::voice
