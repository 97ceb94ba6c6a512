#pragma once
// G.711 A-law (PCMA, payload type 8) and µ-law (PCMU, payload type 0) for 8 kHz telephony.

#include <cstdint>
#include <optional>
#include <span>

namespace callwerk::media {

enum class G711Law { alaw, ulaw };

inline constexpr int kPayloadTypePcmu = 0;
inline constexpr int kPayloadTypePcma = 8;

std::optional<G711Law> g711_law_for_payload_type(int payload_type);
int payload_type_for(G711Law law);

// The code of a zero sample: what a silent frame is filled with.
std::uint8_t g711_silence(G711Law law);

// Both convert min(in.size(), out.size()) samples.
void g711_encode(G711Law law, std::span<const std::int16_t> pcm, std::span<std::uint8_t> out);
void g711_decode(G711Law law, std::span<const std::uint8_t> codes, std::span<std::int16_t> out);

// Converts codes between the laws in place (for bridging peers that chose different laws).
void g711_transcode(G711Law from, G711Law to, std::span<std::uint8_t> codes);

}  // namespace callwerk::media
