// WAV parsing and writing. Every length read from a file is checked against the bytes that are
// really there before it is used; sizes written are patched in place by the streaming writer.

#include "media/wav_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>

// spandsp headers one by one, in dependency order (g711.h uses both before it);
// blank lines keep clang-format from sorting them.
#include <spandsp/telephony.h>

#include <spandsp/bit_operations.h>

#include <spandsp/g711.h>

namespace callwerk::media {
namespace {

constexpr std::size_t kHeaderBytes = 44;
constexpr uint32_t kMaxDataBytes = 0xFFFFFFFFu - (kHeaderBytes - 8);
// Streaming writers that cannot seek leave this in the data size: "until the end of the file".
constexpr uint32_t kUnknownSize = 0xFFFFFFFFu;

constexpr uint16_t kFormatPcm = 1;
constexpr uint16_t kFormatAlaw = 6;
constexpr uint16_t kFormatUlaw = 7;
constexpr uint16_t kFormatExtensible = 0xFFFE;

Error invalid(std::string message) {
  return make_error(ErrorKind::invalid_input, "WAV: " + std::move(message));
}

uint16_t read_u16(std::span<const uint8_t> b, std::size_t at) {
  return static_cast<uint16_t>(b[at] | (b[at + 1] << 8));
}

uint32_t read_u32(std::span<const uint8_t> b, std::size_t at) {
  return static_cast<uint32_t>(b[at]) | (static_cast<uint32_t>(b[at + 1]) << 8) |
         (static_cast<uint32_t>(b[at + 2]) << 16) | (static_cast<uint32_t>(b[at + 3]) << 24);
}

bool has_id(std::span<const uint8_t> b, std::size_t at, std::string_view id) {
  return std::memcmp(b.data() + at, id.data(), 4) == 0;
}

void put_u16(uint8_t* out, uint16_t v) {
  out[0] = static_cast<uint8_t>(v);
  out[1] = static_cast<uint8_t>(v >> 8);
}

void put_u32(uint8_t* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
}

enum class Encoding { pcm8, pcm16, alaw, ulaw };

struct Format {
  Encoding encoding = Encoding::pcm16;
  int channels = 0;
  int sample_rate = 0;
  std::size_t bytes_per_frame = 0;
};

Result<Format> parse_fmt(std::span<const uint8_t> fmt) {
  if (fmt.size() < 16) return invalid("fmt chunk shorter than 16 bytes");
  uint16_t tag = read_u16(fmt, 0);
  uint16_t channels = read_u16(fmt, 2);
  uint32_t rate = read_u32(fmt, 4);
  uint16_t block_align = read_u16(fmt, 12);
  uint16_t bits = read_u16(fmt, 14);
  if (tag == kFormatExtensible) {
    // WAVE_FORMAT_EXTENSIBLE: cbSize(2) validBits(2) channelMask(4), then the sub-format GUID
    // whose first two bytes are the real format tag.
    if (fmt.size() < 26 || read_u16(fmt, 16) < 10) return invalid("extensible fmt chunk too short");
    tag = read_u16(fmt, 24);
  }
  Format format;
  if (tag == kFormatPcm && bits == 16) {
    format.encoding = Encoding::pcm16;
  } else if (tag == kFormatPcm && bits == 8) {
    format.encoding = Encoding::pcm8;
  } else if (tag == kFormatAlaw && bits == 8) {
    format.encoding = Encoding::alaw;
  } else if (tag == kFormatUlaw && bits == 8) {
    format.encoding = Encoding::ulaw;
  } else {
    return invalid("unsupported encoding (format " + std::to_string(tag) + ", " +
                   std::to_string(bits) + " bits); use 16-bit PCM, A-law or µ-law");
  }
  if (channels < 1 || channels > kWavMaxChannels) {
    return invalid("unsupported channel count " + std::to_string(channels));
  }
  if (rate < 1000 || rate > static_cast<uint32_t>(kWavMaxSampleRate)) {
    return invalid("unsupported sample rate " + std::to_string(rate));
  }
  format.channels = channels;
  format.sample_rate = static_cast<int>(rate);
  format.bytes_per_frame = static_cast<std::size_t>(channels) * (bits / 8);
  if (block_align != format.bytes_per_frame) {
    return invalid("block align " + std::to_string(block_align) + " does not match " +
                   std::to_string(channels) + " channels of " + std::to_string(bits) + " bits");
  }
  return format;
}

int16_t decode_sample(Encoding encoding, const uint8_t* p) {
  switch (encoding) {
    case Encoding::pcm16:
      return static_cast<int16_t>(static_cast<uint16_t>(p[0] | (p[1] << 8)));
    case Encoding::pcm8:  // unsigned, 128 is silence
      return static_cast<int16_t>((p[0] - 128) * 256);
    case Encoding::alaw:
      return alaw_to_linear(p[0]);
    case Encoding::ulaw:
      return ulaw_to_linear(p[0]);
  }
  return 0;
}

Error errno_error(std::string_view what, const std::filesystem::path& path, int err) {
  return make_error(ErrorKind::internal,
                    std::string(what) + " " + path.string() + ": " + std::strerror(err));
}

Status write_all(int fd, const uint8_t* data, std::size_t size, const std::filesystem::path& path) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_error("cannot write", path, errno);
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return ok_status();
}

std::vector<uint8_t> make_header(int sample_rate, int channels, uint32_t data_bytes) {
  std::vector<uint8_t> h(kHeaderBytes);
  uint8_t* p = h.data();
  std::memcpy(p, "RIFF", 4);
  put_u32(p + 4, static_cast<uint32_t>(kHeaderBytes - 8) + data_bytes);
  std::memcpy(p + 8, "WAVEfmt ", 8);
  put_u32(p + 16, 16);
  put_u16(p + 20, kFormatPcm);
  put_u16(p + 22, static_cast<uint16_t>(channels));
  put_u32(p + 24, static_cast<uint32_t>(sample_rate));
  put_u32(p + 28, static_cast<uint32_t>(sample_rate * channels * 2));
  put_u16(p + 32, static_cast<uint16_t>(channels * 2));
  put_u16(p + 34, 16);
  std::memcpy(p + 36, "data", 4);
  put_u32(p + 40, data_bytes);
  return h;
}

Status check_layout(int sample_rate, int channels) {
  if (channels < 1 || channels > kWavMaxChannels) {
    return invalid("cannot write " + std::to_string(channels) + " channels");
  }
  if (sample_rate < 1000 || sample_rate > kWavMaxSampleRate) {
    return invalid("cannot write sample rate " + std::to_string(sample_rate));
  }
  return ok_status();
}

void append_samples(std::vector<uint8_t>& out, std::span<const int16_t> samples) {
  std::size_t at = out.size();
  out.resize(at + samples.size() * 2);
  for (int16_t s : samples) {
    put_u16(out.data() + at, static_cast<uint16_t>(s));
    at += 2;
  }
}

}  // namespace

Result<WavAudio> parse_wav(std::span<const uint8_t> bytes) {
  if (bytes.size() < 12 || !has_id(bytes, 0, "RIFF") || !has_id(bytes, 8, "WAVE")) {
    return invalid("not a RIFF/WAVE file");
  }
  // The RIFF size bounds the chunks unless it is implausible (0, or past the end of a file that
  // was cut short: then the data chunk check below reports the truncation).
  std::size_t end = bytes.size();
  uint64_t riff_end = uint64_t{read_u32(bytes, 4)} + 8;
  if (riff_end >= 12 && riff_end < end) end = static_cast<std::size_t>(riff_end);

  std::optional<Format> format;
  std::span<const uint8_t> data;
  bool have_data = false;
  std::size_t pos = 12;
  while (!(format && have_data)) {
    if (end - pos < 8) {
      return invalid(pos == end ? std::string(format ? "no data chunk" : "no fmt chunk")
                                : "truncated chunk header at byte " + std::to_string(pos));
    }
    uint32_t size = read_u32(bytes, pos + 4);
    std::size_t body = pos + 8;
    std::size_t available = end - body;
    bool is_data = has_id(bytes, pos, "data");
    if (is_data && size == kUnknownSize) size = static_cast<uint32_t>(available);
    if (size > available) {
      return invalid("truncated: chunk at byte " + std::to_string(pos) + " declares " +
                     std::to_string(size) + " bytes, " + std::to_string(available) + " present");
    }
    auto chunk = bytes.subspan(body, size);
    if (has_id(bytes, pos, "fmt ") && !format) {
      auto parsed = parse_fmt(chunk);
      if (!parsed.ok()) return parsed.error();
      format = *parsed;
    } else if (is_data && !have_data) {
      data = chunk;
      have_data = true;
    }
    // Chunks are padded to an even size; a missing pad byte at the very end is tolerated.
    std::size_t next = body + size + (size & 1u);
    pos = next > end ? end : next;
  }

  WavAudio audio;
  audio.sample_rate = format->sample_rate;
  audio.channels = format->channels;
  // A partial frame at the end (a recording cut off mid-write) is dropped, not an error.
  std::size_t frames = data.size() / format->bytes_per_frame;
  std::size_t count = frames * static_cast<std::size_t>(format->channels);
  std::size_t bytes_per_sample =
      format->bytes_per_frame / static_cast<std::size_t>(format->channels);
  audio.samples.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    audio.samples[i] = decode_sample(format->encoding, data.data() + i * bytes_per_sample);
  }
  return audio;
}

Result<WavAudio> read_wav_file(const std::filesystem::path& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    return make_error(
        ec == std::errc::no_such_file_or_directory ? ErrorKind::not_found : ErrorKind::internal,
        "cannot read " + path.string() + ": " + ec.message());
  }
  if (size > kWavMaxFileBytes) {
    return make_error(ErrorKind::too_large, "WAV: " + path.string() + " is larger than " +
                                                std::to_string(kWavMaxFileBytes) + " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> bytes(static_cast<std::size_t>(size));
  if (!in || !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size))) {
    return make_error(ErrorKind::internal, "cannot read " + path.string());
  }
  auto audio = parse_wav(bytes);
  if (!audio.ok()) {
    Error error = audio.error();
    error.location = path.string();
    return error;
  }
  return audio;
}

Result<std::vector<uint8_t>> encode_wav(const WavAudio& audio) {
  if (auto layout = check_layout(audio.sample_rate, audio.channels); !layout.ok()) {
    return layout.error();
  }
  if (audio.samples.size() % static_cast<std::size_t>(audio.channels) != 0) {
    return invalid("sample count is not a multiple of the channel count");
  }
  if (audio.samples.size() * 2 > kMaxDataBytes) return invalid("audio too long for a WAV file");
  auto bytes = make_header(audio.sample_rate, audio.channels,
                           static_cast<uint32_t>(audio.samples.size() * 2));
  bytes.reserve(kHeaderBytes + audio.samples.size() * 2);
  append_samples(bytes, audio.samples);
  return bytes;
}

Status write_wav_file(const std::filesystem::path& path, const WavAudio& audio) {
  auto bytes = encode_wav(audio);
  if (!bytes.ok()) return bytes.error();
  // Unique per process and call, so concurrent writers of the same target never share a temp.
  static std::atomic<uint64_t> counter{0};
  auto temp = path;
  temp += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return errno_error("cannot create", temp, errno);
  auto written = write_all(fd, bytes->data(), bytes->size(), temp);
  if (::close(fd) != 0 && written.ok()) written = errno_error("cannot close", temp, errno);
  std::error_code ec;
  if (written.ok()) {
    std::filesystem::rename(temp, path, ec);
    if (!ec) return ok_status();
    written = make_error(ErrorKind::internal, "cannot rename " + temp.string() + " to " +
                                                  path.string() + ": " + ec.message());
  }
  std::filesystem::remove(temp, ec);
  return written;
}

WavAudio to_wav_audio(const PcmAudio& mono) {
  return WavAudio{mono.sample_rate, 1, mono.samples};
}

PcmAudio downmix_to_mono(const WavAudio& audio) {
  PcmAudio mono;
  mono.sample_rate = audio.sample_rate;
  if (audio.channels <= 1) {
    mono.samples = audio.samples;
    return mono;
  }
  std::size_t channels = static_cast<std::size_t>(audio.channels);
  mono.samples.resize(audio.frames());
  for (std::size_t f = 0; f < mono.samples.size(); ++f) {
    int32_t sum = 0;
    for (std::size_t c = 0; c < channels; ++c) sum += audio.samples[f * channels + c];
    mono.samples[f] = static_cast<int16_t>(sum / static_cast<int32_t>(channels));
  }
  return mono;
}

// --- WavWriter ---------------------------------------------------------------------------

namespace {
// About 1 s of 8 kHz stereo: few writes per call, little lost if the process dies.
constexpr std::size_t kWriterBufferBytes = 32 * 1024;
}  // namespace

WavWriter::WavWriter(int fd, std::filesystem::path path, int sample_rate, int channels)
    : fd_(fd), path_(std::move(path)), sample_rate_(sample_rate), channels_(channels) {
  buffer_.reserve(kWriterBufferBytes);
}

WavWriter::WavWriter(WavWriter&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      path_(std::move(other.path_)),
      sample_rate_(other.sample_rate_),
      channels_(other.channels_),
      data_bytes_on_disk_(other.data_bytes_on_disk_),
      buffer_(std::move(other.buffer_)) {}

WavWriter& WavWriter::operator=(WavWriter&& other) noexcept {
  if (this != &other) {
    (void)close();
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
    sample_rate_ = other.sample_rate_;
    channels_ = other.channels_;
    data_bytes_on_disk_ = other.data_bytes_on_disk_;
    buffer_ = std::move(other.buffer_);
  }
  return *this;
}

WavWriter::~WavWriter() {
  (void)close();
}

Result<WavWriter> WavWriter::open(const std::filesystem::path& path, int sample_rate,
                                  int channels) {
  if (auto layout = check_layout(sample_rate, channels); !layout.ok()) return layout.error();
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return errno_error("cannot create", path, errno);
  auto header = make_header(sample_rate, channels, 0);
  if (auto written = write_all(fd, header.data(), header.size(), path); !written.ok()) {
    ::close(fd);
    return written.error();
  }
  return WavWriter(fd, path, sample_rate, channels);
}

uint64_t WavWriter::frames_written() const {
  uint64_t frame_bytes = static_cast<uint64_t>(channels_) * 2;
  return frame_bytes ? (data_bytes_on_disk_ + buffer_.size()) / frame_bytes : 0;
}

Status WavWriter::append(std::span<const int16_t> interleaved) {
  if (fd_ < 0) return make_error(ErrorKind::internal, "WAV writer is closed");
  if (interleaved.size() % static_cast<std::size_t>(channels_) != 0) {
    return invalid("append: sample count is not a multiple of the channel count");
  }
  if (data_bytes_on_disk_ + buffer_.size() + interleaved.size() * 2 > kMaxDataBytes) {
    return make_error(ErrorKind::too_large, "WAV: " + path_.string() + " reached 4 GiB");
  }
  append_samples(buffer_, interleaved);
  if (buffer_.size() >= kWriterBufferBytes) return write_buffer();
  return ok_status();
}

Status WavWriter::append_stereo(std::span<const int16_t> left, std::span<const int16_t> right) {
  if (channels_ != 2)
    return invalid("append_stereo on a file with " + std::to_string(channels_) + " channel(s)");
  if (left.size() != right.size()) return invalid("append_stereo: channels differ in length");
  std::vector<int16_t> interleaved(left.size() * 2);
  for (std::size_t i = 0; i < left.size(); ++i) {
    interleaved[2 * i] = left[i];
    interleaved[2 * i + 1] = right[i];
  }
  return append(interleaved);
}

Status WavWriter::write_buffer() {
  if (buffer_.empty()) return ok_status();
  // O_APPEND is not used (the header is patched with pwrite), so position explicitly.
  if (::lseek(fd_, static_cast<off_t>(kHeaderBytes + data_bytes_on_disk_), SEEK_SET) < 0) {
    return errno_error("cannot seek in", path_, errno);
  }
  auto written = write_all(fd_, buffer_.data(), buffer_.size(), path_);
  if (!written.ok()) return written;
  data_bytes_on_disk_ += buffer_.size();
  buffer_.clear();
  return patch_header();
}

Status WavWriter::patch_header() {
  uint8_t riff[4];
  uint8_t data[4];
  put_u32(riff, static_cast<uint32_t>(kHeaderBytes - 8 + data_bytes_on_disk_));
  put_u32(data, static_cast<uint32_t>(data_bytes_on_disk_));
  if (::pwrite(fd_, riff, 4, 4) != 4 || ::pwrite(fd_, data, 4, 40) != 4) {
    return errno_error("cannot update header of", path_, errno);
  }
  return ok_status();
}

Status WavWriter::flush() {
  if (fd_ < 0) return make_error(ErrorKind::internal, "WAV writer is closed");
  return write_buffer();
}

Status WavWriter::close() {
  if (fd_ < 0) return ok_status();
  auto flushed = write_buffer();
  if (::close(fd_) != 0 && flushed.ok()) flushed = errno_error("cannot close", path_, errno);
  fd_ = -1;
  return flushed;
}

}  // namespace callwerk::media
