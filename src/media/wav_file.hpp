#pragma once
// WAV (RIFF/WAVE) files: prompt files an administrator uploads, the prompt cache on disk and call
// recordings. Reading accepts what real tools write for telephony audio (16-bit or 8-bit PCM,
// A-law, µ-law; mono or stereo); writing is always 16-bit PCM. Parsing works on bytes in memory
// and never reads past the end; file I/O is a thin layer on top.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "media/pcm_audio.hpp"

namespace callwerk::media {

// A file larger than this is refused before it is read (an hour of 8 kHz stereo is ~115 MB).
inline constexpr std::uintmax_t kWavMaxFileBytes = 512ull * 1024 * 1024;
inline constexpr int kWavMaxChannels = 2;
inline constexpr int kWavMaxSampleRate = 384000;

// Linear 16-bit audio with one or two channels; samples are interleaved (L R L R ...).
struct WavAudio {
  int sample_rate = telephony_sample_rate;
  int channels = 1;
  std::vector<int16_t> samples;

  std::size_t frames() const {
    return channels > 0 ? samples.size() / static_cast<std::size_t>(channels) : 0;
  }
};

// Parses a complete WAV file image. Errors (ErrorKind::invalid_input) name what is wrong:
// not RIFF/WAVE, truncated chunk, missing fmt/data, unsupported encoding or channel count.
Result<WavAudio> parse_wav(std::span<const uint8_t> bytes);
Result<WavAudio> read_wav_file(const std::filesystem::path& path);

// A 16-bit PCM file image (44-byte header + data). `audio.channels` must be 1 or 2.
Result<std::vector<uint8_t>> encode_wav(const WavAudio& audio);
// Writes atomically: a temporary file in the same directory, then rename, so a reader never
// sees a half-written file under `path`.
Status write_wav_file(const std::filesystem::path& path, const WavAudio& audio);

// Mono/stereo conversions between WavAudio and the mono PcmAudio of the media path.
WavAudio to_wav_audio(const PcmAudio& mono);
PcmAudio downmix_to_mono(const WavAudio& audio);  // averages the channels

// Writes a 16-bit PCM file as audio arrives (recordings). Frames are buffered and written in
// blocks; after every block write and after flush() the RIFF and data sizes in the header are
// patched, so the file on disk is always a valid WAV holding everything written so far.
// Not thread-safe: one owner (e.g. the media thread of the call) uses it.
class WavWriter {
 public:
  static Result<WavWriter> open(const std::filesystem::path& path, int sample_rate, int channels);

  WavWriter(WavWriter&& other) noexcept;
  WavWriter& operator=(WavWriter&& other) noexcept;
  WavWriter(const WavWriter&) = delete;
  WavWriter& operator=(const WavWriter&) = delete;
  ~WavWriter();  // closes (errors are lost there: call close() to see them)

  // Interleaved samples; the count must be a multiple of channels().
  Status append(std::span<const int16_t> interleaved);
  // For stereo files: left and right of equal length, interleaved here.
  Status append_stereo(std::span<const int16_t> left, std::span<const int16_t> right);
  // Writes buffered frames and patches the header.
  Status flush();
  // Flushes and closes; further calls fail. Closing twice is harmless.
  Status close();

  bool is_open() const { return fd_ >= 0; }
  int sample_rate() const { return sample_rate_; }
  int channels() const { return channels_; }
  uint64_t frames_written() const;  // including frames still buffered
  const std::filesystem::path& path() const { return path_; }

 private:
  WavWriter(int fd, std::filesystem::path path, int sample_rate, int channels);
  Status write_buffer();
  Status patch_header();

  int fd_ = -1;
  std::filesystem::path path_;
  int sample_rate_ = 0;
  int channels_ = 0;
  uint64_t data_bytes_on_disk_ = 0;
  std::vector<uint8_t> buffer_;
};

}  // namespace callwerk::media
