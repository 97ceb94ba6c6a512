#!/usr/bin/env python3
"""keylat.py CAPTURE.pcap PROBE_PORT - key press to the next prompt, from a tcpdump capture
(tcpdump -i lo -s 128 -w) of the key-press probe of media_load.sh.

A call is callwerk's RTP port. The probe's key presses are RFC 4733 packets (payload type
PROBE_PT, default 101) sent to that port; one key is one RTP timestamp. callwerk's packets to
the probe's media port with the marker bit set start a prompt (media: each prompt's first
packet carries the marker). For each key: the first marked audio packet on its call after the
key's first packet, measured from the key's first packet and from its first end (E bit)
packet; a key with no marked packet within 2 s counts as unanswered. Prints one JSON object:
n, unanswered, and p50/p90/p99/max in ms for both. Stdlib only."""
import json
import os
import struct
import sys

EVENT_PT = int(os.environ.get('PROBE_PT', '101'))
ANSWER_WITHIN = 2.0


def packets(path):
    """(time, sport, dport, marker, pt, timestamp, payload) of the IPv4/UDP/RTP packets"""
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) < 24:
        return
    magic = struct.unpack('<I', data[:4])[0]
    order = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    nano = magic in (0xa1b23c4d, 0x4d3cb2a1)
    link = struct.unpack(order + 'I', data[20:24])[0]
    l2 = {0: 4, 1: 14, 101: 0, 113: 16, 228: 0}.get(link, 14)
    record = struct.Struct(order + 'IIII')
    off = 24
    while off + 16 <= len(data):
        sec, frac, caplen, _ = record.unpack_from(data, off)
        ip = off + 16 + l2
        end = off + 16 + caplen
        off = end
        if ip + 20 > end or data[ip] >> 4 != 4 or data[ip + 9] != 17:
            continue
        udp = ip + (data[ip] & 15) * 4
        rtp = udp + 8
        if rtp + 12 > end or data[rtp] >> 6 != 2:
            continue
        sport, dport = struct.unpack_from('>HH', data, udp)
        timestamp = struct.unpack_from('>I', data, rtp + 4)[0]
        cc = data[rtp] & 15
        body = rtp + 12 + 4 * cc
        yield (sec + frac * (1e-9 if nano else 1e-6), sport, dport, data[rtp + 1] >> 7, data[rtp + 1] & 0x7f,
               timestamp, data[body:end])


def quantile(values, q):
    if not values:
        return None
    v = sorted(values)
    return v[min(len(v) - 1, int(q * len(v)))]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    probe_port = int(sys.argv[2])
    keys = {}      # (callwerk port, rtp timestamp) -> [first time, first end time]
    prompts = {}   # callwerk port -> times of marked audio packets to the probe
    for t, sport, dport, marker, pt, ts, payload in packets(sys.argv[1]):
        if pt == EVENT_PT and dport != probe_port:
            k = keys.setdefault((dport, ts), [t, None])
            if k[1] is None and len(payload) >= 2 and payload[1] & 0x80:
                k[1] = t
        elif dport == probe_port and marker and pt != EVENT_PT:
            prompts.setdefault(sport, []).append(t)
    from_first, from_end, unanswered = [], [], 0
    for (port, _), (t_first, t_end) in sorted(keys.items(), key=lambda kv: kv[1][0]):
        nxt = next((t for t in prompts.get(port, []) if t > t_first), None)
        if nxt is None or nxt - t_first > ANSWER_WITHIN:
            unanswered += 1
            continue
        from_first.append((nxt - t_first) * 1000)
        if t_end is not None:
            from_end.append((nxt - t_end) * 1000)
    out = {'calls': len({p for p, _ in keys}), 'keys': len(keys), 'answered': len(from_first),
           'unanswered': unanswered}
    for name, vals in (('from_first', from_first), ('from_end', from_end)):
        out[name] = {q: (round(quantile(vals, f), 1) if vals else None)
                     for q, f in (('p50', 0.5), ('p90', 0.9), ('p99', 0.99), ('max', 1.0))}
    print(json.dumps(out))


if __name__ == '__main__':
    main()
