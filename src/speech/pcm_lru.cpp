#include "speech/pcm_lru.hpp"

#include <utility>

namespace callwerk::speech {

std::size_t PcmLru::cost(const std::string& key, const media::PcmAudio& audio) {
  // Samples dominate; the rest is a rough charge for the key, list node and map slot.
  constexpr std::size_t kOverhead = 128;
  return audio.samples.size() * sizeof(int16_t) + key.size() * 2 + kOverhead;
}

media::SharedPcm PcmLru::find(const std::string& key) {
  auto found = index_.find(key);
  if (found == index_.end()) return nullptr;
  order_.splice(order_.begin(), order_, found->second);
  return found->second->audio;
}

void PcmLru::insert(const std::string& key, media::SharedPcm audio) {
  if (!audio) return;
  if (auto found = index_.find(key); found != index_.end()) erase(found->second);
  std::size_t bytes = cost(key, *audio);
  if (bytes > max_bytes_) return;
  while (bytes_ + bytes > max_bytes_ && !order_.empty()) erase(std::prev(order_.end()));
  order_.push_front(Entry{key, std::move(audio), bytes});
  index_.emplace(key, order_.begin());
  bytes_ += bytes;
}

void PcmLru::erase(std::list<Entry>::iterator it) {
  bytes_ -= it->bytes;
  index_.erase(it->key);
  order_.erase(it);
}

}  // namespace callwerk::speech
