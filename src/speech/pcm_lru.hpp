#pragma once
// A least-recently-used map of shared audio, bounded by the bytes of audio it holds. Evicting
// an entry only drops the cache's reference: calls still playing it keep their copy alive.
// Not thread-safe; the PromptCache locks around it.

#include <cstddef>
#include <list>
#include <string>
#include <unordered_map>

#include "media/pcm_audio.hpp"

namespace callwerk::speech {

class PcmLru {
 public:
  explicit PcmLru(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  // The entry, now most recently used; nullptr when absent.
  media::SharedPcm find(const std::string& key);
  // Adds or replaces; evicts the least recently used entries beyond the limit. An entry larger
  // than the whole limit is not kept.
  void insert(const std::string& key, media::SharedPcm audio);

  std::size_t bytes() const { return bytes_; }
  std::size_t size() const { return index_.size(); }
  std::size_t max_bytes() const { return max_bytes_; }

  static std::size_t cost(const std::string& key, const media::PcmAudio& audio);

 private:
  struct Entry {
    std::string key;
    media::SharedPcm audio;
    std::size_t bytes;
  };
  void erase(std::list<Entry>::iterator it);

  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  std::list<Entry> order_;  // front = most recently used
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace callwerk::speech
