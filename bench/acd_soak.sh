#!/usr/bin/env bash
# acd_soak.sh [CALLWERK_BINARY] - ACD soak of issue 5: CALLERS concurrent callers of the flow
# hotline who press 0 and wait in the Kundenservice queue, AGENTS agent phones (one SIPp UAS),
# DURATION_SECS of calls; then every open call is drained. Measures lost calls, stuck agents,
# the server's memory and CPU, and the wallboard's event latency.
#
# Setup (nothing in the source tree changes): a copy of examples/demo in a temp dir with
#   - AGENTS more users sw.soak000.. (role agent, password soak-agent, extension 5000..,
#     sip_password soak-sip-5000.., skill Abrechnung level 3: they serve only Kundenservice),
#   - Kundenservice's wrap_up_seconds set to WRAP_UP_SECS (demo: 30), so agents come back,
#   - telephony.yaml: RTP ports RTP_MIN-RTP_MAX and rtp.timeout_seconds RTP_TIMEOUT: the
#     callers send no audio while they wait (only the RFC 2833 "0"), so the default 30 s RTP
#     timeout would end every caller who waits longer; this bench is about the ACD, not media.
# `callwerk demo` serves that copy. Then:
#   1. one SIPp UAS (bench/acd/soak_agents.xml, -rtp_echo) is every agent's phone: it rings
#      300 ms, answers, holds TALK_SECS and hangs up (callwerk must end the caller's leg);
#   2. bench/media/register_agent.xml registers all AGENTS users (injection CSV) with that
#      UAS as Contact; bench/acd/soak_client.mjs logs every agent in (one API session each);
#   3. a WebSocket client on /api/v1/events (as sw.teamleitung) times every desk.state and
#      queue.changed message; a poller samples the wallboard every 5 s (stuck agents: reserved
#      or ringing longer than the ring timeout, 20 s, +2 s) and VmRSS/CPU every 10 s;
#   4. the callers (bench/acd/soak_caller.xml): SIPp -l CALLERS -r CALL_RATE keeps CALLERS
#      calls open (closed loop: a new call when one ends); each presses 0 after 1.5 s and stays
#      until callwerk sends the BYE (after the agent hung up). Callers never give up, so every
#      queue record that is not "answered" and every failed SIPp call is a lost call;
#   5. after DURATION_SECS SIPp gets SIGUSR1 (no new calls, open calls run to their end),
#      at most DRAIN_SECS; then the queue records and the agents' states are read.
# Steady state: AGENTS / (TALK_SECS + WRAP_UP_SECS + ~1) calls per second, each caller waits
# about CALLERS / rate - TALK_SECS - 2 s (300 callers, 100 agents, 20 s talk: ~4.3/s, ~45 s).
#
# Env: DURATION_SECS=600 CALLERS=300 AGENTS=100 TALK_SECS=20 WRAP_UP_SECS=2 CALL_RATE=10
#      DRAIN_SECS=300 HTTP_PORT=18480 SIP_PORT=5160 (UAS +2, callers +4, registrar client +6)
#      RTP_MIN=30000 RTP_MAX=34999 RTP_TIMEOUT=900 KEEP=0 OUT=/tmp/acd-soak.<timestamp>
#      DEMO_DIR=examples/demo (e.g. `git archive` of an older commit for an older binary)
# Memory: the summary's "RSS slope" is the least-squares slope of VmRSS (and RssAnon) over the
# last two thirds of the calls, after the warm-up (queue full, caches filled), in MB/min and per
# call; "flat" means under 1 KB per call (0.28 MB/min at 4.8 calls/s): the state a call leaves
# on purpose (~0.2 KB: its finished queue record for the wallboard's today) fits, a real leak
# of a few KB per call does not.
# Memory diagnosis (off by default; both pause or slow callwerk, so latency figures suffer):
#   HEAPTRACK_AFTER=S  attach heaptrack S seconds into the calls; after the drain and the report
#                      callwerk gets SIGKILL, so heaptrack's "leaked" list is what was allocated
#                      after S and still held after every call ended (heaptrack.txt in OUT).
#   GDB_SAMPLES=1      at a third of the calls and at their end, gdb prints sqlite3_memory_used(),
#                      SQLite's page-cache share and glibc's malloc_stats() per arena
#                      (gdb_samples.txt; malloc_stats goes to callwerk.log).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
CALLWERK=${1:-$ROOT/build/callwerk}
DURATION_SECS=${DURATION_SECS:-600}
CALLERS=${CALLERS:-300}
AGENTS=${AGENTS:-100}
TALK_SECS=${TALK_SECS:-20}
WRAP_UP_SECS=${WRAP_UP_SECS:-2}
CALL_RATE=${CALL_RATE:-10}
DRAIN_SECS=${DRAIN_SECS:-300}
HTTP_PORT=${HTTP_PORT:-18480}
SIP_PORT=${SIP_PORT:-5160}
UAS_PORT=$((SIP_PORT + 2)) UAC_PORT=$((SIP_PORT + 4)) REG_PORT=$((SIP_PORT + 6))
RTP_MIN=${RTP_MIN:-30000}
RTP_MAX=${RTP_MAX:-34999}
RTP_TIMEOUT=${RTP_TIMEOUT:-900}
RING_SECS=20 # the queue's ring timeout (router default; the demo sets none)
KEEP=${KEEP:-0}
HEAPTRACK_AFTER=${HEAPTRACK_AFTER:-}
GDB_SAMPLES=${GDB_SAMPLES:-0}
DEMO_DIR=${DEMO_DIR:-$ROOT/examples/demo} # another demo copy for an older binary
OUT=${OUT:-/tmp/acd-soak.$(date +%Y%m%d-%H%M%S)}
HOTLINE=+49567801101
HZ=$(getconf CLK_TCK)
T_START=$SECONDS
CW_PID="" UAS_PID="" UAC_PID="" WS_PID="" POLL_PID="" HT_PID="" WORK=""

log() { echo "[$(date +%T) +$((SECONDS - T_START))s] $*" >&2; }
die() { log "$*"; exit 2; }

case $CALLWERK in /*) ;; *) CALLWERK=$PWD/$CALLWERK ;; esac
[ -x "$CALLWERK" ] || die "no callwerk binary at $CALLWERK (build it, or pass its path)"
for b in sipp node awk ss; do command -v $b >/dev/null || die "missing $b"; done
[ "$AGENTS" -le 100 ] || die "AGENTS at most 100 (extensions 5000..5099)"
for p in $SIP_PORT $UAS_PORT $UAC_PORT $REG_PORT; do
	ss -Hlun "sport = :$p" | grep -q . && die "UDP port $p is already in use"
done
ss -Hltn "sport = :$HTTP_PORT" | grep -q . && die "TCP port $HTTP_PORT is already in use"
mkdir -p "$OUT"

stop_pid() { # TERM, then KILL after 5 s; only processes started here
	local p=$1
	[ -n "$p" ] && kill -0 "$p" 2>/dev/null || return 0
	kill -TERM "$p" 2>/dev/null
	for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	return 0
}
cleanup() {
	stop_pid "$UAC_PID"
	stop_pid "$WS_PID"
	stop_pid "$POLL_PID"
	stop_pid "$UAS_PID"
	stop_pid "$CW_PID"
	[ -n "$HT_PID" ] && wait "$HT_PID" 2>/dev/null
	if [ -n "$WORK" ] && [ "$KEEP" != 1 ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ticks_of() { awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat" 2>/dev/null || echo 0; }
cpu_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
# a column of the last line of a SIPp statistics file, by its header name
sipp_stat() {
	awk -F';' -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next } { last = $c } END { print last + 0 }' "$1" 2>/dev/null
}
# max and mean of CurrentCall over the lines of the run (after the ramp)
sipp_current() {
	awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "CurrentCall") c = i; next }
		{ v = $c + 0; if (v > max) max = v; if (v > 0) { s += v; n++ } } END { printf "%d %.0f", max, (n ? s / n : 0) }' "$1" 2>/dev/null
}

# sqlite's and glibc's view of the heap (GDB_SAMPLES=1); gdb stops callwerk for a second or two
gdb_sample() {
	{
		echo "== $1 $(date +%T) $(grep -E 'VmRSS|RssAnon' /proc/$CW_PID/status | tr -s ' \n' ' ')"
		gdb -p "$CW_PID" -batch -nx -ex 'print (long long)sqlite3_memory_used()' \
			-ex 'set $p = (long long*)malloc(16)' -ex 'call (void)sqlite3_status64(2, $p, $p+1, 0)' \
			-ex 'print $p[0]' -ex 'call (void)free($p)' -ex 'call (void)malloc_stats()' 2>&1 |
			awk '/^\$1 /{print "sqlite3_memory_used " $3} /^\$2 /{print "sqlite page cache (overflow) " $3}'
		echo "malloc_stats: see callwerk.log (Arena N: system bytes / in use bytes)"
	} >>"$OUT/gdb_samples.txt"
}

# --- the bench copy of the demo -------------------------------------------------------------
WORK=$(mktemp -d /tmp/callwerk-acdsoak.XXXXXX)
cp -r "$DEMO_DIR" "$WORK/examples"
SW="$WORK/examples/tenants/stadtwerke-musterstadt"
awk -v n="$AGENTS" 'BEGIN {
	for (i = 0; i < n; i++) {
		printf "- username: sw.soak%03d\n  display_name: Soak Agent %d\n  role: agent\n  password: \"soak-agent\"\n", i, i
		printf "  language: de\n  sip_extension: \"%d\"\n  sip_password: \"soak-sip-%d\"\n", 5000 + i, 5000 + i
		printf "  skills: [{skill: Abrechnung, level: 3}]\n"
	}
}' >>"$SW/users.yaml"
awk -v n="$AGENTS" 'BEGIN { print "SEQUENTIAL"; for (i = 0; i < n; i++) printf "sw.soak%03d;soak-sip-%d\n", i, 5000 + i }' >"$WORK/agents.csv"
# Kundenservice is the first queue of the file: its wrap-up only
awk -v w="$WRAP_UP_SECS" '/^- name: /{q = $0} q ~ /Kundenservice/ && /^  wrap_up_seconds:/ {$0 = "  wrap_up_seconds: " w} {print}' \
	"$SW/queues.yaml" >"$SW/queues.yaml.new" && mv "$SW/queues.yaml.new" "$SW/queues.yaml"
sed -i -e "s/^  port_min: .*/  port_min: $RTP_MIN/" -e "s/^  port_max: .*/  port_max: $RTP_MAX/" \
	-e "s/^  timeout_seconds: .*/  timeout_seconds: $RTP_TIMEOUT/" -e 's/transports: \[udp, tcp\]/transports: [udp]/' \
	"$WORK/examples/telephony.yaml"
grep -q "wrap_up_seconds: $WRAP_UP_SECS" "$SW/queues.yaml" || die "could not set Kundenservice's wrap-up"

log "out=$OUT callwerk=$CALLWERK nproc=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg) callers=$CALLERS agents=$AGENTS duration=${DURATION_SECS}s talk=${TALK_SECS}s wrap-up=${WRAP_UP_SECS}s"
"$CALLWERK" demo --data-dir "$WORK/data" --port "$HTTP_PORT" --sip-port "$SIP_PORT" --examples "$WORK/examples" \
	>"$OUT/callwerk.log" 2>&1 &
CW_PID=$!
URL=""
for _ in $(seq 1 600); do
	kill -0 "$CW_PID" 2>/dev/null || die "callwerk demo exited: $(tail -5 "$OUT/callwerk.log")"
	URL=$(sed -n 's/.*URL:[[:space:]]*\(http:[^[:space:]]*\).*/\1/p' "$OUT/callwerk.log" | head -1)
	[ -n "$URL" ] && grep -q "SIP .*:$SIP_PORT" "$OUT/callwerk.log" && break
	URL=""
	sleep 0.5
done
[ -n "$URL" ] || die "callwerk demo printed no URL/SIP line within 300 s: $(tail -5 "$OUT/callwerk.log")"
log "callwerk pid $CW_PID at $URL, SIP udp 127.0.0.1:$SIP_PORT"
CLIENT=(node "$HERE/acd/soak_client.mjs")
BASE_ID=$("${CLIENT[@]}" baseline "$URL" | sed -n 's/.*"queue_call_max_id":\([0-9]*\).*/\1/p')
[ -n "$BASE_ID" ] || die "baseline query failed"

# --- agents: one UAS for all phones, registrations, desk log-in -----------------------------
SIPP_COMMON=(-i 127.0.0.1 -mi 127.0.0.1 -nostdin -buff_size 4194304)
sipp 127.0.0.1:$SIP_PORT -sf "$HERE/acd/soak_agents.xml" -p $UAS_PORT -mp 6100 -rtp_echo -d $((TALK_SECS * 1000)) \
	"${SIPP_COMMON[@]}" -trace_stat -stf "$OUT/agents.csv" -fd 5 -trace_err -error_file "$OUT/agents.err" \
	>"$OUT/agents.out" 2>&1 &
UAS_PID=$!
sleep 1
kill -0 $UAS_PID 2>/dev/null || die "the agent UAS did not start: $(tail -3 "$OUT/agents.out")"
sipp 127.0.0.1:$SIP_PORT -sf "$ROOT/bench/media/register_agent.xml" -inf "$WORK/agents.csv" -key agent_port $UAS_PORT \
	-p $REG_PORT "${SIPP_COMMON[@]}" -m "$AGENTS" -r 20 -timeout 60s -trace_err -error_file "$OUT/register.err" \
	>"$OUT/register.out" 2>&1 || die "registering the agents failed: $(grep -m3 -i 'fail\|error' "$OUT/register.out")"
LOGIN=$("${CLIENT[@]}" login-agents "$URL" 0 "$AGENTS")
log "registered $AGENTS phones on the UAS at :$UAS_PORT; desk log-in: $LOGIN"
case $LOGIN in "ok $AGENTS failed 0"*) ;; *) die "not every agent could log in" ;; esac

"${CLIENT[@]}" ws "$URL" "$OUT/ws.json" 2>"$OUT/ws.err" &
WS_PID=$!
"${CLIENT[@]}" poll "$URL" "$CW_PID" "$OUT/poll.json" 0 "$AGENTS" "$RING_SECS" 2>"$OUT/poll.err" &
POLL_PID=$!
sleep 2

# --- the callers ----------------------------------------------------------------------------
k0=$(ticks_of $CW_PID) c0=$(cpu_ticks) w0=$(date +%s%N)
sipp 127.0.0.1:$SIP_PORT -sf "$HERE/acd/soak_caller.xml" -s $HOTLINE -p $UAC_PORT -mp 6200 \
	"${SIPP_COMMON[@]}" -r "$CALL_RATE" -l "$CALLERS" -trace_stat -stf "$OUT/callers.csv" -fd 5 \
	-trace_err -error_file "$OUT/callers.err" >"$OUT/callers.out" 2>&1 &
UAC_PID=$!
log "callers: sipp pid $UAC_PID, up to $CALLERS open at ${CALL_RATE}/s, for ${DURATION_SECS}s"
t_calls=$SECONDS t_end=$((SECONDS + DURATION_SECS))
ht_done=0 gdb_done=0
while [ $SECONDS -lt $t_end ]; do
	sleep 5
	if [ -n "$HEAPTRACK_AFTER" ] && [ $ht_done = 0 ] && [ $((SECONDS - t_calls)) -ge "$HEAPTRACK_AFTER" ]; then
		(cd "$OUT" && exec heaptrack -p "$CW_PID") >"$OUT/heaptrack.out" 2>&1 &
		HT_PID=$! ht_done=1
		log "heaptrack attached (pid $HT_PID)"
	fi
	if [ "$GDB_SAMPLES" = 1 ] && [ $gdb_done = 0 ] && [ $((SECONDS - t_calls)) -ge $((DURATION_SECS / 3)) ]; then
		gdb_sample "a third of the calls" && gdb_done=1
	fi
	kill -0 $CW_PID 2>/dev/null || { log "callwerk is GONE (crash?): $(tail -3 "$OUT/callwerk.log")"; break; }
	kill -0 $UAC_PID 2>/dev/null || { log "the caller SIPp ended early: $(tail -3 "$OUT/callers.out")"; break; }
	if [ $(((t_end - SECONDS) % 60)) -lt 5 ]; then
		log "open calls $(sipp_stat "$OUT/callers.csv" CurrentCall), ok $(sipp_stat "$OUT/callers.csv" 'SuccessfulCall(C)'), failed $(sipp_stat "$OUT/callers.csv" 'FailedCall(C)'), rss $(awk '/^VmRSS/{printf "%.0f MB", $2/1024}' /proc/$CW_PID/status 2>/dev/null)"
	fi
done
k1=$(ticks_of $CW_PID) c1=$(cpu_ticks) w1=$(date +%s%N)
[ "$GDB_SAMPLES" = 1 ] && gdb_sample "the end of the calls"
log "stopping new calls; draining the open ones (at most ${DRAIN_SECS}s)"
kill -USR1 $UAC_PID 2>/dev/null
for _ in $(seq 1 $((DRAIN_SECS * 2))); do kill -0 $UAC_PID 2>/dev/null || break; sleep 0.5; done
kill -0 $UAC_PID 2>/dev/null && log "callers still open after ${DRAIN_SECS}s: $(sipp_stat "$OUT/callers.csv" CurrentCall)"
stop_pid "$UAC_PID"
UAC_PID=""
sleep 6 # the last wrap-ups and the store's writes
REPORT=$("${CLIENT[@]}" report "$URL" "$BASE_ID" 0 "$AGENTS")
echo "$REPORT" >"$OUT/report.json"
stop_pid "$WS_PID"
WS_PID=""
stop_pid "$POLL_PID"
POLL_PID=""
alive=yes
kill -0 $CW_PID 2>/dev/null || alive="NO (crashed)"
HWM=$(awk '/^VmHWM/{printf "%.0f", $2/1024}' /proc/$CW_PID/status 2>/dev/null)
if [ -n "$HT_PID" ]; then
	# no orderly shutdown: what is still allocated now is what the profile calls leaked
	kill -KILL "$CW_PID" 2>/dev/null
	wait "$CW_PID" 2>/dev/null
	CW_PID=""
	wait "$HT_PID" 2>/dev/null
	HT_PID=""
	ht_file=$(ls -t "$OUT"/heaptrack.*.zst "$OUT"/heaptrack.*.gz 2>/dev/null | head -1)
	if [ -n "$ht_file" ]; then
		heaptrack_print -f "$ht_file" --print-leaks 1 --print-peaks 1 --print-allocators 0 --print-temporary 0 \
			--peak-limit 25 --sub-peak-limit 8 >"$OUT/heaptrack.txt" 2>&1
		log "heaptrack profile: $ht_file, summary in $OUT/heaptrack.txt"
	else
		log "heaptrack wrote no profile: $(tail -3 "$OUT/heaptrack.out")"
	fi
fi
stop_pid "$UAS_PID"
UAS_PID=""

# --- the table ------------------------------------------------------------------------------
ok=$(sipp_stat "$OUT/callers.csv" 'SuccessfulCall(C)')
failed=$(sipp_stat "$OUT/callers.csv" 'FailedCall(C)')
created=$(sipp_stat "$OUT/callers.csv" 'TotalCallCreated')
read -r cur_max cur_mean <<<"$(sipp_current "$OUT/callers.csv")"
uas_ok=$(sipp_stat "$OUT/agents.csv" 'SuccessfulCall(C)')
uas_failed=$(sipp_stat "$OUT/agents.csv" 'FailedCall(C)')
errs=$(grep -ciE '\[(error|critical)\]' "$OUT/callwerk.log")
warns=$(grep -ci '\[warning\]' "$OUT/callwerk.log")
export DURATION_SECS ok failed created cur_max cur_mean uas_ok uas_failed errs warns alive HWM k0 k1 c0 c1 w0 w1 HZ RING_SECS
node -e '
const fs = require("fs");
const [out, rep] = [process.argv[1], JSON.parse(process.argv[2])];
const read = (f) => { try { return JSON.parse(fs.readFileSync(`${out}/${f}`, "utf8")); } catch { return {}; } };
const ws = read("ws.json"), poll = read("poll.json");
const e = process.env;
const qc = rep.queue_calls || {};
const answered = qc.answered || 0;
const notAnswered = Object.entries(qc).filter(([k]) => k !== "answered").reduce((s, [, v]) => s + v, 0);
const lost = notAnswered + Number(e.failed) + Math.max(0, Number(e.created) - answered - notAnswered);
const wall = (Number(e.w1) - Number(e.w0)) / 1e9;
const cpu = (Number(e.k1) - Number(e.k0)) / Number(e.HZ) / wall * 100;
const box = (Number(e.c1) - Number(e.c0)) / Number(e.HZ) / wall * 100;
const mem = poll.mem || [];
const mb = (kb) => (kb / 1024).toFixed(0);
// the 2nd half of the call phase (ramp-up and drain left out; t counts from 2 s before the calls)
const D = Number(e.DURATION_SECS);
const half = mem.filter((m) => m.t >= D / 2 && m.t <= D + 2);
let growth = "-";
if (half.length > 1) {
  const mbs = (half[half.length - 1].rss_kb - half[0].rss_kb) / 1024, secs = half[half.length - 1].t - half[0].t;
  const calls = Number(e.ok) / D * secs;
  growth = `${mbs.toFixed(1)} MB in ${secs} s (${(mbs / secs * 60).toFixed(1)} MB/min, ~${(mbs * 1024 / calls).toFixed(1)} KB per call)`;
}
// "flat" in numbers: the least-squares slope of RSS (and of its anonymous part) over the last
// two thirds of the call phase, after the warm-up of the first third (queues filling, caches, the
// arenas of the allocator), in MB per minute
const lastTwoThirds = mem.filter((m) => m.t >= D / 3 && m.t <= D + 2);
const slope = (key) => {
  const pts = lastTwoThirds.filter((m) => m[key] !== undefined);
  if (pts.length < 3) return null;
  const n = pts.length, mt = pts.reduce((s, m) => s + m.t, 0) / n, mv = pts.reduce((s, m) => s + m[key], 0) / n;
  const sxy = pts.reduce((s, m) => s + (m.t - mt) * (m[key] - mv), 0), sxx = pts.reduce((s, m) => s + (m.t - mt) ** 2, 0);
  return sxx > 0 ? (sxy / sxx) * 60 / 1024 : null;
};
const fmtSlope = (v) => (v === null ? "-" : `${v >= 0 ? "+" : ""}${v.toFixed(2)} MB/min`);
let flat = "-";
if (lastTwoThirds.length > 2) {
  const a = lastTwoThirds[0], b = lastTwoThirds[lastTwoThirds.length - 1];
  const perCall = (v) => (v === null || !Number(e.ok) ? "" : `, ${(v * 1024 / (Number(e.ok) / D * 60)).toFixed(2)} KB per call`);
  const rss = slope("rss_kb");
  flat = `RSS ${fmtSlope(rss)}${perCall(rss)}, anon ${fmtSlope(slope("anon_kb"))} (least squares, ${a.t}-${b.t} s, ${lastTwoThirds.length} samples; ${mb(a.rss_kb)} -> ${mb(b.rss_kb)} MB); flat: under 1 KB per call`;
}
const lat = (s) => s && s.n ? `p50 ${s.p50} / p99 ${s.p99} / max ${s.max} ms (n=${s.n})` : "-";
const waiting = (poll.board || []).map((b) => b.waiting).filter((x) => x !== undefined);
const rows = [
  ["callers (SIPp UAC)", `${e.created} calls placed, ${e.ok} completed, ${e.failed} failed; open calls max ${e.cur_max}, mean ${e.cur_mean} (ramp and drain included)`],
  ["agent phones (SIPp UAS)", `${e.uas_ok} calls answered and hung up, ${e.uas_failed} failed`],
  ["queue_calls by exit", JSON.stringify(qc)],
  ["lost calls", `${lost} (not answered by an agent, failed, or no queue record)`],
  ["wait in queue (answered)", rep.wait_ms && rep.wait_ms.n ? `p50 ${(rep.wait_ms.p50 / 1000).toFixed(1)} s, p99 ${(rep.wait_ms.p99 / 1000).toFixed(1)} s, max ${(rep.wait_ms.max / 1000).toFixed(1)} s` : "-"],
  ["waiting callers (wallboard, 5 s)", waiting.length ? `max ${Math.max(...waiting)}, last ${waiting[waiting.length - 1]}` : "-"],
  ["stuck agents (reserved/ringing > " + e.RING_SECS + "+2 s)", `${(poll.stuck || []).length} samples${(poll.stuck || []).length ? ": " + JSON.stringify(poll.stuck.slice(0, 3)) : ""}`],
  ["soak agents after the drain", JSON.stringify(rep.agents_now) + `, waiting ${rep.waiting_now}`],
  ["callwerk RSS every 10 s (MB)", mem.map((m) => mb(m.rss_kb)).join(" ")],
  ["RSS growth, 2nd half of the calls", `${growth}; peak ${e.HWM} MB (the demo import)`],
  ["RSS slope, last 2/3 of the calls", flat],
  ["callwerk CPU during the calls", `${cpu.toFixed(0)} % of one core (box ${box.toFixed(0)} % of one core, ${wall.toFixed(0)} s)`],
  ["desk.state event -> client", lat(ws.event && ws.event["desk.state"])],
  ["queue.changed sent -> client", lat(ws.event && ws.event["queue.changed"])],
  ["desk.state sent -> client", lat(ws.fanout && ws.fanout["desk.state"])],
  ["wallboard GET errors / ws messages", `${(poll.errors || []).length} / ${JSON.stringify(ws.counts || {})}`],
  ["callwerk alive at the end / log", `${e.alive}; ${e.errs} error, ${e.warns} warning lines`],
];
const w = Math.max(...rows.map((r) => r[0].length));
for (const [k, v] of rows) console.log(`${k.padEnd(w)} | ${v}`);
' "$OUT" "$REPORT" | tee "$OUT/summary.txt" >/dev/null
{
	echo
	echo "ACD soak, $(date -Is), nproc=$(nproc) ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)), load before $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "callers=$CALLERS agents=$AGENTS duration=${DURATION_SECS}s talk=${TALK_SECS}s wrap-up=${WRAP_UP_SECS}s rate=${CALL_RATE}/s, callwerk $CALLWERK (HEAD $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null))"
	cat "$OUT/summary.txt"
	[ "$errs" -gt 0 ] && echo "first error line: $(grep -m1 -iE '\[(error|critical)\]' "$OUT/callwerk.log" | cut -c1-200)"
	echo "raw files in $OUT; total wall $((SECONDS - T_START))s"
} | tee "$OUT/summary.full.txt"
