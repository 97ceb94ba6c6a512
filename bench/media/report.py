#!/usr/bin/env python3
"""report.py OUT SCENARIO... - the table of media_load.sh from its raw files in OUT:
OUT/<scenario>/results.json (the harness's sipp phase), OUT/<scenario>-samples.txt (callwerk's
RSS, load and per-thread CPU every second), OUT/<scenario>-rss-idle, OUT/<scenario>-step-N.start,
OUT/<scenario>-keylat-N.json (the key-press probe) and OUT/relay/results.json (rtpengine).

Figures per step of N calls:
- failed: the harness's SIPp UAC counters (every call must complete, none fail);
- callwerk CPU: the harness's SUT CPU over its steady window, in % of one core, and per 100
  calls (divided by N; the probe's extra calls are not subtracted, which overstates it a bit);
- memory per call: (highest RSS in the steady window - RSS before the first step) / N;
- late: of the packets callwerk sent in the harness's 2 s capture (source port not the
  harness's, destination 16000 or 17000), the share whose delay variation (rtpstat: transit
  above the stream's best in the capture) is over 10 ms; for bridged calls also over 30 ms,
  because relayed timestamps carry the SIPp UAC's own 0/40 ms send quantum (see the harness
  README) and the same share measured on the UAC's own packets is shown beside it;
- key press to the next prompt: keylat.py, from the key's first RFC 4733 packet and from its
  first end packet.
Stdlib only."""
import json
import os
import statistics
import sys

HZ = os.sysconf('SC_CLK_TCK')
HARNESS_PORTS = (16000, 17000)
WINDOW_FROM, WINDOW_BEFORE_END = 7.0, 3.0  # steady window inside a step, s after its start


def read_json(path, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def read_text(path, default=''):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return default


def samples(path):
    """[(t_s, rss_kb, load1, {thread: ticks})]"""
    rows = []
    try:
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) < 3:
                    continue
                threads = {}
                if len(parts) > 3:
                    for kv in parts[3].split(','):
                        if '=' in kv:
                            k, v = kv.rsplit('=', 1)
                            threads[k] = int(v)
                rows.append((int(parts[0]) / 1000.0, int(parts[1]), float(parts[2]), threads))
    except (OSError, ValueError):
        pass
    return rows


def window(rows, start, hold):
    return [r for r in rows if start + WINDOW_FROM <= r[0] <= start + hold - WINDOW_BEFORE_END]


def thread_cpu(rows):
    """% of one core per thread over the rows (first to last), busiest first"""
    if len(rows) < 2:
        return []
    secs = rows[-1][0] - rows[0][0]
    out = []
    for k, v in rows[-1][3].items():
        if k in rows[0][3]:
            out.append((100.0 * (v - rows[0][3][k]) / HZ / secs, k.split(':', 1)[-1] + '#' + k.split(':')[0]))
    return sorted(out, reverse=True)


def late_figures(cap):
    """callwerk-sent and UAC-sent packets of the capture: packets, late>10, late>30, gaps"""
    sent = dict(packets=0, late=0, late_q=0, lost=0, streams=0, to_uas=0)
    uac = dict(packets=0, late=0, late_q=0)
    for key, d in (cap or {}).get('dirs', {}).items():
        sp, dp = (int(x) for x in key.split('>'))
        if sp not in HARNESS_PORTS and dp in HARNESS_PORTS:
            for k in ('packets', 'late', 'late_q', 'lost', 'streams'):
                sent[k] += d[k]
            if dp == HARNESS_PORTS[1]:
                sent['to_uas'] += d['streams']
        elif sp == HARNESS_PORTS[0]:
            for k in uac:
                uac[k] += d[k]
    return sent, uac


def bridge_directions(cap):
    """late > 30 ms per direction of a bridge, beside the SIPp side whose packets it relays:
    (to UAS, UAC own, to UAC, UAS echo own), each a pair (late_q, packets)"""
    acc = {k: [0, 0] for k in ('to_uas', 'uac', 'to_uac', 'uas')}
    for key, d in (cap or {}).get('dirs', {}).items():
        sp, dp = (int(x) for x in key.split('>'))
        k = ('to_uas' if dp == HARNESS_PORTS[1] else 'to_uac' if dp == HARNESS_PORTS[0] else
             'uac' if sp == HARNESS_PORTS[0] else 'uas' if sp == HARNESS_PORTS[1] else None)
        if k:
            acc[k][0] += d['late_q']
            acc[k][1] += d['packets']
    return acc


def pct(a, b):
    return 100.0 * a / b if b else None


def f(x, fmt='%.1f'):
    return '-' if x is None else fmt % x


def main():
    out_dir, scenarios = sys.argv[1], sys.argv[2:]
    relay = [r for r in read_json(os.path.join(out_dir, 'relay', 'results.json'), []) if r.get('phase') == 'relay']
    ref = [r for r in relay if r.get('target') == 'rtpengine' and r.get('cpu_relay_per100') is not None]
    ref_pass = [r for r in ref if r.get('pass')]
    ref_row = max(ref_pass or ref, key=lambda r: r['calls'], default=None)
    ref_per100 = ref_row['cpu_relay_per100'] if ref_row else None

    lines = ['# callwerk media load (bench/media_load.sh), %s' % os.path.basename(out_dir.rstrip('/')), '']
    lines.append('| scenario | calls | ok / failed | callwerk CPU % | CPU % per 100 calls | vs rtpengine | '
                 'RSS per call KB | callwerk pkt/s (capture) | late > 10 ms % | late > 30 ms % (UAC own) | '
                 'key -> prompt p50 / p99 / max ms (from key end) | keys | box busy % | load1 | verdict |')
    lines.append('|' + ' --- |' * 15)
    notes = []
    for s in scenarios:
        res = [r for r in read_json(os.path.join(out_dir, s, 'results.json'), []) if r.get('phase') == 'sipp']
        rows = samples(os.path.join(out_dir, s + '-samples.txt'))
        idle = int(read_text(os.path.join(out_dir, s + '-rss-idle'), '0') or 0)
        for r in res:
            n = r['calls']
            start = read_text(os.path.join(out_dir, '%s-step-%d.start' % (s, n)))
            w = window(rows, int(start) / 1000.0, float(os.environ.get('HOLD', '30'))) if start else []
            rss_peak = max((x[1] for x in w), default=None)
            load1 = statistics.median(x[2] for x in w) if w else None
            cpu = r.get('cpu_sut')
            per100 = cpu / (n / 100.0) if cpu is not None else None
            sent, uac = late_figures(r.get('capture'))
            span = (r.get('capture') or {}).get('span') or 0
            late10, lateq = pct(sent['late'], sent['packets']), pct(sent['late_q'], sent['packets'])
            uacq = pct(uac['late_q'], uac['packets'])
            kl = read_json(os.path.join(out_dir, '%s-keylat-%d.json' % (s, n)), {})
            ff, fe = kl.get('from_first') or {}, kl.get('from_end') or {}
            key_txt = '%s / %s / %s (%s / %s / %s)' % (f(ff.get('p50')), f(ff.get('p99')), f(ff.get('max')),
                                                       f(fe.get('p50')), f(fe.get('p99')), f(fe.get('max')))
            keys_txt = '%s/%s' % (kl.get('answered', '-'), kl.get('keys', '-'))
            judged = lateq if s == 'bridge' else late10
            checks = {
                'failed': r['failed'] == 0 and r['ok'] == n,
                'late': judged is not None and judged < 0.1,
                'cpu': per100 is not None and ref_per100 is not None and per100 <= ref_per100,
                'key': ff.get('p99') is not None and ff['p99'] < 40,
            }
            verdict = 'PASS' if all(checks.values()) else 'miss: ' + ','.join(k for k, v in checks.items() if not v)
            mem = (rss_peak - idle) / n if rss_peak is not None and idle else None
            lines.append('| %s | %d | %d / %d | %s | %s | %s | %s | %s (of %d) | %s | %s (%s) | %s | %s | %s | %s | %s |' % (
                s, n, r['ok'], r['failed'], f(cpu, '%.0f'), f(per100), f(per100 / ref_per100 if per100 and ref_per100 else None, '%.2fx'),
                f(mem, '%.0f'), f(sent['packets'] / span if span else None, '%.0f'), 50 * n * (2 if s == 'bridge' else 1), f(late10, '%.3f'), f(lateq, '%.3f'),
                f(uacq, '%.3f'), key_txt, keys_txt, f(r.get('box_busy'), '%.0f'), f(load1, '%.2f'), verdict))
            tc = thread_cpu(w)
            if tc:
                notes.append('%s %d: callwerk threads (%% of a core over the steady window): %s' % (
                    s, n, ', '.join('%s %.0f' % (k, v) for v, k in tc[:5] if v >= 0.5)))
            if s == 'bridge':
                notes.append('%s %d: callwerk relayed to the UAS on %d streams (bridged calls) in the capture' % (
                    s, n, sent['to_uas']))
                # A relayed packet is as late as the packet it relays: each direction beside its source.
                bd = bridge_directions(r.get('capture'))
                notes.append('%s %d: late > 30 ms by direction: callwerk -> UAS %s %% (the UAC\'s own packets %s %%), '
                             'callwerk -> UAC %s %% (the UAS\'s echo %s %%)' % (
                                 s, n, *(f(pct(*bd[k]), '%.2f') for k in ('to_uas', 'uac', 'to_uac', 'uas'))))
            if sent['lost']:
                notes.append('%s %d: %d sequence gaps in callwerk\'s packets in the capture' % (s, n, sent['lost']))
            if kl.get('unanswered'):
                notes.append('%s %d: %d probe keys got no prompt within 2 s' % (s, n, kl['unanswered']))
        nt = read_text(os.path.join(out_dir, s + '-notes'))
        if nt:
            notes.append('%s: callwerk %s; idle RSS before the load %.0f MB' % (s, nt, idle / 1024.0))
    lines.append('')
    if relay:
        lines.append('rtpengine (userspace, harness relay phase, same invocation):')
        lines.append('')
        lines.append('| calls | rtpengine CPU % | CPU % per 100 calls | box busy % | loss % | late > 10 ms % | verdict |')
        lines.append('|' + ' --- |' * 7)
        for r in relay:
            lines.append('| %d | %s | %s | %.0f | %.4f | %.3f | %s |' % (
                r['calls'], f(r.get('cpu_relay')), f(r.get('cpu_relay_per100')), r['box_busy'], r['loss_pct'], r['late_pct'],
                'PASS' if r.get('pass') else 'FAIL'))
        lines.append('')
        lines.append('reference for "vs rtpengine": %s per 100 calls (rtpengine at %s calls)' % (
            f(ref_per100), ref_row['calls'] if ref_row else '-'))
    lines.append('')
    lines += ['- ' + n for n in notes]
    lines.append('')
    lines.append('targets (issue 3): >= 1000 calls with 0 failed; < 0.1 % of callwerk\'s packets late by > 10 ms '
                 '(bridge: > 30 ms, see report.py); CPU per 100 calls <= rtpengine\'s; key press to the next prompt '
                 'p99 < 40 ms from the key\'s first packet. key -> prompt: probe calls from another SIPp during '
                 'the steady load.')
    print('\n'.join(lines))


if __name__ == '__main__':
    main()
