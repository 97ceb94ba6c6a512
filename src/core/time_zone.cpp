#include "core/time_zone.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

namespace callwerk {

namespace {

constexpr std::int64_t kDaySeconds = 86'400;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Big-endian reads over the file's bytes, failing instead of reading past the end.
class TzifReader {
 public:
  explicit TzifReader(std::string_view data) : data_(data) {}
  bool has(std::size_t n) const { return data_.size() - pos_ >= n; }
  std::int64_t read(std::size_t width) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < width; ++i)
      value = (value << 8) | static_cast<unsigned char>(data_[pos_ + i]);
    pos_ += width;
    if (width == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(value));
    return static_cast<std::int64_t>(value);
  }
  void skip(std::size_t n) { pos_ += n; }
  std::size_t pos() const { return pos_; }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

struct TzifCounts {
  std::size_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
  char version = 0;
};

Result<TzifCounts> read_tzif_header(TzifReader& in) {
  if (!in.has(44)) return make_error(ErrorKind::invalid_input, "not a TZif file (too short)");
  TzifCounts c;
  const std::int64_t magic = in.read(4);
  if (magic != 0x545A6966) return make_error(ErrorKind::invalid_input, "not a TZif file");
  c.version = static_cast<char>(in.read(1));
  in.skip(15);
  c.isut = static_cast<std::size_t>(in.read(4));
  c.isstd = static_cast<std::size_t>(in.read(4));
  c.leap = static_cast<std::size_t>(in.read(4));
  c.time = static_cast<std::size_t>(in.read(4));
  c.type = static_cast<std::size_t>(in.read(4));
  c.chars = static_cast<std::size_t>(in.read(4));
  if (c.type == 0 || c.type > 256 || c.time > 100'000)
    return make_error(ErrorKind::invalid_input, "TZif header out of range");
  return c;
}

std::size_t tzif_block_size(const TzifCounts& c, std::size_t time_width) {
  return c.time * time_width + c.time + c.type * 6 + c.chars + c.leap * (time_width + 4) + c.isstd +
         c.isut;
}

}  // namespace

Result<TimeZone> TimeZone::parse(std::string_view tzif) {
  TzifReader in(tzif);
  auto counts = read_tzif_header(in);
  if (!counts) return counts.error();
  std::size_t width = 4;
  if (counts->version >= '2') {
    // Skip the 32-bit block; the 64-bit one follows with its own header.
    if (!in.has(tzif_block_size(*counts, 4)))
      return make_error(ErrorKind::invalid_input, "TZif file truncated");
    in.skip(tzif_block_size(*counts, 4));
    counts = read_tzif_header(in);
    if (!counts) return counts.error();
    width = 8;
  }
  const TzifCounts c = *counts;
  if (!in.has(tzif_block_size(c, width)))
    return make_error(ErrorKind::invalid_input, "TZif file truncated");
  std::vector<std::int64_t> times(c.time);
  for (auto& t : times) t = in.read(width);
  std::vector<std::size_t> type_of(c.time);
  for (auto& i : type_of) i = static_cast<std::size_t>(in.read(1));
  std::vector<std::int32_t> type_offsets(c.type);
  for (auto& off : type_offsets) {
    off = static_cast<std::int32_t>(in.read(4));
    in.skip(2);  // isdst, designation index
  }
  TimeZone zone;
  zone.initial_offset_ = type_offsets[0];
  for (std::size_t i = 0; i < c.time; ++i) {
    if (type_of[i] >= c.type)
      return make_error(ErrorKind::invalid_input, "TZif transition names an unknown type");
    if (i > 0 && times[i] <= times[i - 1])
      return make_error(ErrorKind::invalid_input, "TZif transitions out of order");
    zone.transitions_.push_back(times[i]);
    zone.offsets_.push_back(type_offsets[type_of[i]]);
  }
  return zone;
}

Result<TimeZone> TimeZone::load(std::string_view name) {
  // A name from a tenant's settings becomes a path: only the tz database's own characters.
  const bool plain = !name.empty() && name.size() <= 64 && name.front() != '/' &&
                     name.find("..") == std::string_view::npos &&
                     std::all_of(name.begin(), name.end(), [](char ch) {
                       return std::isalnum(static_cast<unsigned char>(ch)) || ch == '/' ||
                              ch == '_' || ch == '-' || ch == '+';
                     });
  if (!plain) return make_error(ErrorKind::invalid_input, "not a time zone name", "timezone");
  const char* dir = std::getenv("TZDIR");
  const std::string path =
      std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + std::string(name);
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return make_error(ErrorKind::not_found, "unknown time zone '" + std::string(name) + "'",
                      "timezone");
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return parse(bytes.str());
}

TimeZone TimeZone::utc() {
  return TimeZone{};
}

std::int32_t TimeZone::offset_seconds_at(TimeMs at) const {
  const std::int64_t seconds = floor_div(at, 1000);
  const auto it = std::upper_bound(transitions_.begin(), transitions_.end(), seconds);
  if (it == transitions_.begin()) return initial_offset_;
  return offsets_[static_cast<std::size_t>(it - transitions_.begin()) - 1];
}

std::shared_ptr<const TimeZone> shared_time_zone(const std::string& name) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const TimeZone>> zones;
  std::lock_guard lock(mutex);
  auto& slot = zones[name];
  if (!slot) {
    auto loaded = name.empty() ? Result<TimeZone>(TimeZone::utc()) : TimeZone::load(name);
    slot = std::make_shared<const TimeZone>(loaded ? std::move(*loaded) : TimeZone::utc());
  }
  return slot;
}

TimeMs local_day_start(TimeMs now, const TimeZone& zone) {
  const std::int64_t now_s = floor_div(now, 1000);
  const std::int64_t offset = zone.offset_seconds_at(now);
  const std::int64_t local_midnight = floor_div(now_s + offset, kDaySeconds) * kDaySeconds;
  std::int64_t start = local_midnight - offset;
  // A change of offset between midnight and now: midnight had the earlier offset.
  const std::int64_t earlier = zone.offset_seconds_at(start * 1000);
  // (Where the clocks skip midnight, this is the instant of the change: the day's first.)
  if (earlier != offset) start = local_midnight - earlier;
  return std::min(start * 1000, now);
}

}  // namespace callwerk
