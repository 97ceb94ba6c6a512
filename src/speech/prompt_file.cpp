#include "speech/prompt_file.hpp"

#include <memory>
#include <utility>

#include "media/wav_file.hpp"
#include "speech/resample.hpp"

namespace callwerk::speech {

Result<media::SharedPcm> load_prompt_file(const std::filesystem::path& path) {
  auto wav = media::read_wav_file(path);
  if (!wav.ok()) return wav.error();
  auto telephony = resample_to_telephony(media::downmix_to_mono(*wav));
  if (!telephony.ok()) {
    Error error = telephony.error();
    error.location = path.string();
    return error;
  }
  return media::SharedPcm(std::make_shared<const media::PcmAudio>(std::move(*telephony)));
}

}  // namespace callwerk::speech
