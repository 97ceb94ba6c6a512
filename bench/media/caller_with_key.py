#!/usr/bin/env python3
"""caller_with_key.py HARNESS_ALAW OUT_ALAW [DIGIT] - the caller's audio for the bridged run of
media_load.sh: an in-band DTMF key (250 ms of its two tones at -10 dBm0 each, then 100 ms of
silence) in front of the harness's raw A-law (SIPp's g711a.pcap payloads), as raw A-law for
SIPp's rtp_stream. The harness's UAC offers no telephone-event, so a key can only reach
callwerk in-band; the UAC loops the file, so the key recurs every ~7.4 s, which callwerk
only logs once the call is bridged. Stdlib only (audioop: Python <= 3.12)."""
import math
import struct
import sys
import warnings

with warnings.catch_warnings():
    warnings.simplefilter('ignore', DeprecationWarning)
    import audioop  # noqa: E402

ROWS = {'1': 697, '2': 697, '3': 697, '4': 770, '5': 770, '6': 770, '7': 852, '8': 852, '9': 852,
        '*': 941, '0': 941, '#': 941}
COLS = {'1': 1209, '2': 1336, '3': 1477, '4': 1209, '5': 1336, '6': 1477, '7': 1209, '8': 1336,
        '9': 1477, '*': 1209, '0': 1336, '#': 1477}
RATE = 8000


def key_pcm(digit, tone_ms=250, pause_ms=100):
    # 0 dBm0 is about a sine of peak 23170 (3 dB under full scale); -10 dBm0 is 0.316 of it
    amp = 0.316 * 23170
    lo, hi = ROWS[digit], COLS[digit]
    n = RATE * tone_ms // 1000
    samples = [int(amp * (math.sin(2 * math.pi * lo * i / RATE) + math.sin(2 * math.pi * hi * i / RATE)))
               for i in range(n)]
    samples += [0] * (RATE * pause_ms // 1000)
    return struct.pack('<%dh' % len(samples), *samples)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    digit = sys.argv[3] if len(sys.argv) > 3 else '2'
    with open(sys.argv[1], 'rb') as f:
        speech = f.read()
    key = audioop.lin2alaw(key_pcm(digit), 2)
    data = key + speech
    data = data[:len(data) - len(data) % 160]  # whole 20 ms frames
    with open(sys.argv[2], 'wb') as f:
        f.write(data)


if __name__ == '__main__':
    main()
