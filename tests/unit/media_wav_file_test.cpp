#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "media/wav_file.hpp"

namespace callwerk::media {
namespace {

namespace fs = std::filesystem;

class WavFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("callwerk_wav_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<uint8_t> file_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  void write_bytes(const fs::path& path, const std::vector<uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
  }

  fs::path dir_;
};

WavAudio ramp(int channels, int frames, int sample_rate = 8000) {
  WavAudio audio{sample_rate, channels, {}};
  for (int f = 0; f < frames; ++f) {
    for (int c = 0; c < channels; ++c) {
      audio.samples.push_back(static_cast<int16_t>((f * 97 + c * 5000) % 60000 - 30000));
    }
  }
  return audio;
}

void put_u32(std::vector<uint8_t>& b, std::size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}

std::vector<uint8_t> encoded(const WavAudio& audio) {
  auto bytes = encode_wav(audio);
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() ? *bytes : std::vector<uint8_t>{};
}

// A hand-built file: header fields as a foreign tool would write them.
std::vector<uint8_t> wav_with_fmt(uint16_t tag, uint16_t channels, uint32_t rate, uint16_t bits,
                                  const std::vector<uint8_t>& data) {
  std::vector<uint8_t> b(44 + data.size());
  std::copy(data.begin(), data.end(), b.begin() + 44);
  std::memcpy(b.data(), "RIFF", 4);
  put_u32(b, 4, static_cast<uint32_t>(36 + data.size()));
  std::memcpy(b.data() + 8, "WAVEfmt ", 8);
  put_u32(b, 16, 16);
  b[20] = static_cast<uint8_t>(tag);
  b[21] = static_cast<uint8_t>(tag >> 8);
  b[22] = static_cast<uint8_t>(channels);
  put_u32(b, 24, rate);
  uint16_t align = static_cast<uint16_t>(channels * bits / 8);
  put_u32(b, 28, rate * align);
  b[32] = static_cast<uint8_t>(align);
  b[34] = static_cast<uint8_t>(bits);
  std::memcpy(b.data() + 36, "data", 4);
  put_u32(b, 40, static_cast<uint32_t>(data.size()));
  return b;
}

TEST_F(WavFileTest, MonoRoundTripThroughFile) {
  auto audio = ramp(1, 8000);
  auto path = dir_ / "mono.wav";
  ASSERT_TRUE(write_wav_file(path, audio).ok());
  EXPECT_EQ(fs::file_size(path), 44u + 16000u);
  auto back = read_wav_file(path);
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_EQ(back->sample_rate, 8000);
  EXPECT_EQ(back->channels, 1);
  EXPECT_EQ(back->samples, audio.samples);
  // No temporary file is left beside the target.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(WavFileTest, StereoRoundTripKeepsChannelOrder) {
  auto audio = ramp(2, 1234, 16000);
  auto path = dir_ / "stereo.wav";
  ASSERT_TRUE(write_wav_file(path, audio).ok());
  auto back = read_wav_file(path);
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_EQ(back->sample_rate, 16000);
  EXPECT_EQ(back->channels, 2);
  EXPECT_EQ(back->frames(), 1234u);
  EXPECT_EQ(back->samples, audio.samples);
}

TEST_F(WavFileTest, HeaderIsCanonicalLittleEndianPcm) {
  auto bytes = encoded(WavAudio{8000, 2, {1, -2, 0x1234, -0x1234}});
  ASSERT_EQ(bytes.size(), 44u + 8u);
  EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 4), "RIFF");
  EXPECT_EQ(bytes[4], 44 - 8 + 8);
  EXPECT_EQ(bytes[22], 2);     // channels
  EXPECT_EQ(bytes[24], 0x40);  // 8000 = 0x1F40
  EXPECT_EQ(bytes[25], 0x1F);
  EXPECT_EQ(bytes[32], 4);   // block align
  EXPECT_EQ(bytes[34], 16);  // bits
  EXPECT_EQ(bytes[44], 1);
  EXPECT_EQ(bytes[46], 0xFE);  // -2
  EXPECT_EQ(bytes[47], 0xFF);
  EXPECT_EQ(bytes[48], 0x34);
  EXPECT_EQ(bytes[49], 0x12);
}

TEST_F(WavFileTest, EncodeRejectsBadLayouts) {
  EXPECT_FALSE(encode_wav(WavAudio{8000, 3, {1, 2, 3}}).ok());
  EXPECT_FALSE(encode_wav(WavAudio{8000, 2, {1, 2, 3}}).ok());
  EXPECT_FALSE(encode_wav(WavAudio{0, 1, {1}}).ok());
}

TEST_F(WavFileTest, EmptyDataIsValidEmptyAudio) {
  auto back = parse_wav(encoded(WavAudio{8000, 1, {}}));
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_TRUE(back->samples.empty());
}

TEST_F(WavFileTest, SkipsUnknownChunksAndOddPadding) {
  auto bytes = encoded(ramp(1, 10));
  // Insert a LIST chunk of odd size (5 bytes + 1 pad byte) between fmt and data.
  std::vector<uint8_t> list = {'L', 'I', 'S', 'T', 5, 0, 0, 0, 'a', 'b', 'c', 'd', 'e', 0};
  bytes.insert(bytes.begin() + 36, list.begin(), list.end());
  put_u32(bytes, 4, static_cast<uint32_t>(bytes.size() - 8));
  auto back = parse_wav(bytes);
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_EQ(back->samples, ramp(1, 10).samples);
}

TEST_F(WavFileTest, DecodesAlawUlawAndEightBitPcm) {
  // G.711 silence codes and the 8-bit PCM midpoint decode to (near) zero; extremes to full scale.
  auto alaw = parse_wav(wav_with_fmt(6, 1, 8000, 8, {0xD5, 0xAA, 0x2A}));
  ASSERT_TRUE(alaw.ok()) << alaw.error().describe();
  ASSERT_EQ(alaw->samples.size(), 3u);
  EXPECT_LT(std::abs(alaw->samples[0]), 16);
  EXPECT_GT(alaw->samples[1], 30000);
  EXPECT_LT(alaw->samples[2], -30000);

  auto ulaw = parse_wav(wav_with_fmt(7, 2, 8000, 8, {0xFF, 0x80, 0x00, 0x7F}));
  ASSERT_TRUE(ulaw.ok()) << ulaw.error().describe();
  ASSERT_EQ(ulaw->samples.size(), 4u);
  EXPECT_EQ(ulaw->channels, 2);
  EXPECT_EQ(ulaw->samples[0], 0);
  EXPECT_GT(ulaw->samples[1], 30000);
  EXPECT_LT(ulaw->samples[2], -30000);

  auto pcm8 = parse_wav(wav_with_fmt(1, 1, 11025, 8, {128, 255, 0}));
  ASSERT_TRUE(pcm8.ok()) << pcm8.error().describe();
  EXPECT_EQ(pcm8->samples, (std::vector<int16_t>{0, 127 * 256, -128 * 256}));
}

TEST_F(WavFileTest, RejectsTruncatedFiles) {
  auto bytes = encoded(ramp(1, 100));
  // Every cut of a valid file either still parses to the frames present or is an error; a cut
  // inside the data chunk is an error because its declared size is no longer there.
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    std::vector<uint8_t> part(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut));
    auto result = parse_wav(part);
    EXPECT_FALSE(result.ok()) << "cut at " << cut;
    if (!result.ok()) {
      EXPECT_EQ(result.error().kind, ErrorKind::invalid_input);
    }
  }
  auto path = dir_ / "cut.wav";
  write_bytes(path, std::vector<uint8_t>(bytes.begin(), bytes.begin() + 100));
  auto result = read_wav_file(path);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("truncated"), std::string::npos)
      << result.error().describe();
  EXPECT_EQ(result.error().location, path.string());
}

TEST_F(WavFileTest, RejectsGarbageAndUnsupportedFormats) {
  EXPECT_FALSE(parse_wav(std::vector<uint8_t>{}).ok());
  std::vector<uint8_t> garbage(1000);
  for (std::size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<uint8_t>(i * 31 + 7);
  EXPECT_FALSE(parse_wav(garbage).ok());
  // RIFF/WAVE with a chunk whose size points far past the end.
  std::vector<uint8_t> huge = {'R', 'I', 'F', 'F', 0xFF, 0xFF, 0xFF, 0x7F, 'W',  'A', 'V',
                               'E', 'f', 'm', 't', ' ',  0xF0, 0xFF, 0xFF, 0xFF, 1,   0};
  EXPECT_FALSE(parse_wav(huge).ok());
  // IEEE float, 24-bit PCM, three channels, block align lying about the frame size.
  EXPECT_FALSE(parse_wav(wav_with_fmt(3, 1, 8000, 32, std::vector<uint8_t>(8))).ok());
  EXPECT_FALSE(parse_wav(wav_with_fmt(1, 1, 8000, 24, std::vector<uint8_t>(6))).ok());
  EXPECT_FALSE(parse_wav(wav_with_fmt(1, 3, 8000, 16, std::vector<uint8_t>(6))).ok());
  auto bad_align = wav_with_fmt(1, 2, 8000, 16, std::vector<uint8_t>(8));
  bad_align[32] = 2;
  EXPECT_FALSE(parse_wav(bad_align).ok());
  // fmt present, no data chunk at all.
  auto no_data = wav_with_fmt(1, 1, 8000, 16, {});
  no_data.resize(36);
  put_u32(no_data, 4, 28);
  auto result = parse_wav(no_data);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("no data chunk"), std::string::npos);
  EXPECT_EQ(read_wav_file(dir_ / "missing.wav").error().kind, ErrorKind::not_found);
}

TEST_F(WavFileTest, StreamingPlaceholderSizeReadsToTheEnd) {
  auto bytes = encoded(ramp(1, 50));
  put_u32(bytes, 40, 0xFFFFFFFFu);
  put_u32(bytes, 4, 0xFFFFFFFFu);
  auto back = parse_wav(bytes);
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_EQ(back->samples, ramp(1, 50).samples);
}

TEST_F(WavFileTest, DownmixAveragesChannels) {
  auto mono = downmix_to_mono(WavAudio{8000, 2, {100, 300, -32768, -32768, 32767, -32768}});
  EXPECT_EQ(mono.sample_rate, 8000);
  EXPECT_EQ(mono.samples, (std::vector<int16_t>{200, -32768, 0}));
}

TEST_F(WavFileTest, WriterProducesValidFileAfterEachFlushAndOnClose) {
  auto path = dir_ / "rec.wav";
  auto writer = WavWriter::open(path, 8000, 2);
  ASSERT_TRUE(writer.ok()) << writer.error().describe();
  auto empty = read_wav_file(path);
  ASSERT_TRUE(empty.ok()) << empty.error().describe();
  EXPECT_TRUE(empty->samples.empty());

  std::vector<int16_t> left(160), right(160);
  std::vector<int16_t> expected;
  for (int block = 0; block < 3; ++block) {
    for (int i = 0; i < 160; ++i) {
      left[i] = static_cast<int16_t>(block * 1000 + i);
      right[i] = static_cast<int16_t>(-block * 1000 - i);
      expected.push_back(left[i]);
      expected.push_back(right[i]);
    }
    ASSERT_TRUE(writer->append_stereo(left, right).ok());
    ASSERT_TRUE(writer->flush().ok());
    auto partial = read_wav_file(path);
    ASSERT_TRUE(partial.ok()) << partial.error().describe();
    EXPECT_EQ(partial->channels, 2);
    EXPECT_EQ(partial->samples, expected);
  }
  EXPECT_EQ(writer->frames_written(), 480u);
  EXPECT_FALSE(writer->append(std::vector<int16_t>{1, 2, 3}).ok());  // not whole frames
  EXPECT_FALSE(writer->append_stereo(left, std::vector<int16_t>(10)).ok());
  ASSERT_TRUE(writer->close().ok());
  EXPECT_TRUE(writer->close().ok());
  EXPECT_FALSE(writer->append(std::vector<int16_t>{1, 2}).ok());
  auto final_file = read_wav_file(path);
  ASSERT_TRUE(final_file.ok());
  EXPECT_EQ(final_file->samples, expected);
}

TEST_F(WavFileTest, WriterFlushesLargeRecordingsWithoutExplicitFlushAndOnDestruction) {
  auto path = dir_ / "long.wav";
  auto audio = ramp(1, 80000);  // 10 s: several internal buffer writes
  {
    auto writer = WavWriter::open(path, 8000, 1);
    ASSERT_TRUE(writer.ok());
    for (std::size_t at = 0; at < audio.samples.size(); at += 160) {
      ASSERT_TRUE(writer->append(std::span(audio.samples).subspan(at, 160)).ok());
    }
    // Blocks written so far already form a valid file (a crash now keeps most of the call).
    auto partial = read_wav_file(path);
    ASSERT_TRUE(partial.ok());
    EXPECT_GT(partial->samples.size(), 60000u);
    EXPECT_LE(partial->samples.size(), audio.samples.size());
    WavWriter moved = std::move(*writer);
    EXPECT_FALSE(writer->is_open());
    EXPECT_TRUE(moved.is_open());
  }  // the destructor of `moved` closes
  auto back = read_wav_file(path);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->samples, audio.samples);
}

TEST_F(WavFileTest, WriterRejectsBadLayoutAndUnwritablePath) {
  EXPECT_FALSE(WavWriter::open(dir_ / "x.wav", 8000, 0).ok());
  EXPECT_FALSE(WavWriter::open(dir_ / "x.wav", 8000, 3).ok());
  EXPECT_FALSE(WavWriter::open(dir_ / "no" / "such" / "dir.wav", 8000, 1).ok());
}

}  // namespace
}  // namespace callwerk::media
