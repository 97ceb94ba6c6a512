#!/usr/bin/env bash
# media_load.sh [CALLWERK_BINARY] - concurrent calls with media through callwerk, measured by
# the shared media harness (MEDIA_HARNESS/run-media.py, called in place), beside rtpengine
# relaying the same kind of traffic in the same invocation.
#
# Scenarios (SCENARIOS, default "answer bridge"), each on a fresh callwerk:
#   answer  the harness's SIPp UAC (uac-rtp.xml: rtp_stream of A-law, 50 pkt/s) calls
#           "service", which callwerk answers itself with a menu that plays prompts for the
#           whole hold (bench/media/answer.yaml); its UAS stays idle.
#   bridge  the same UAC calls "service"; the caller's audio starts with an in-band key 2
#           (bench/media/caller_with_key.py, placed where the harness looks for its A-law
#           file), on which the menu transfers to extension 10001: the harness's UAS on 5080,
#           registered before the run with digest auth (bench/media/register_agent.xml).
#           callwerk relays the media both ways (B2BUA), the UAS echoes it.
# For each of CALLS (concurrent calls, opened within 5 s, held HOLD s) the harness reports
# failed calls, callwerk's CPU over its steady window (SUT_PID) and a 2 s capture of ports
# 16000/17000; here come callwerk's RSS (sampled every second) and a key-press probe: PROBE_CALLS
# extra calls from another SIPp (bench/media/probe_keys.xml, RFC 4733 keys 1-4, 4 s apart) to
# the number "probe" while the load is steady, captured with tcpdump and measured by
# bench/media/keylat.py from each key to the first packet (marker bit) of the prompt that
# answers it. Then the harness's relay phase runs rtpengine (userspace) at RELAY_CALLS for its
# CPU per 100 calls, the reference of this run. bench/media/report.py prints the table.
#
# Env: CALLS="1000 1500" HOLD=30 SCENARIOS="answer bridge" RELAY_CALLS="500 1000" PROBE_CALLS=20
#      CW_SIP_PORT=5072 RTP_MIN=40000 RTP_MAX=49999 MEDIA_THREADS=1 PROBE_SIP_PORT=5096
#      REALTIME_PRIORITY=10 (media threads SCHED_FIFO; 0: ordinary scheduling, for comparison)
#      PROBE_MEDIA_PORT=18000 REG_PORT=5094 PORT_WAIT_SECS=180 (for the harness's ports to be
#      free) MEDIA_HARNESS=<repo>/../shared/bench/media
#      INSTALL=1 (apt-get install sip-tester rtpengine-daemon tcpdump if missing) KEEP=0
#      OUT=/tmp/media-load.<timestamp>
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
CALLWERK=${1:-build/callwerk}
CALLS=${CALLS:-"1000 1500"}
HOLD=${HOLD:-30}
SCENARIOS=${SCENARIOS-"answer bridge"}
RELAY_CALLS=${RELAY_CALLS-"500 1000"}
PROBE_CALLS=${PROBE_CALLS:-20}
CW_SIP_PORT=${CW_SIP_PORT:-5072}
PROBE_SIP_PORT=${PROBE_SIP_PORT:-5096}
PROBE_MEDIA_PORT=${PROBE_MEDIA_PORT:-18000}
REG_PORT=${REG_PORT:-5094}
PORT_WAIT_SECS=${PORT_WAIT_SECS:-180}
MEDIA_HARNESS=${MEDIA_HARNESS:-$HERE/../../shared/bench/media}
INSTALL=${INSTALL:-1}
KEEP=${KEEP:-0}
OUT=${OUT:-/tmp/media-load.$(date +%Y%m%d-%H%M%S)}
# callwerk's RTP ports stay clear of the harness's (rtpflood 20000-27999, rtpengine 30000-39999)
export RTP_MIN=${RTP_MIN:-40000} RTP_MAX=${RTP_MAX:-49999} MEDIA_THREADS=${MEDIA_THREADS:-1} RTP_IO=${RTP_IO:-uring}
export REALTIME_PRIORITY=${REALTIME_PRIORITY:-10}
UAS_SIP_PORT=5080 # the harness's UAS
PROBE_START_SECS=8 # after the harness's UAC starts: its 5 s ramp and 1.5 s settling are over
T_START=$SECONDS
CW_PID="" WORK="" BG_PIDS=()
SIPP_COMMON=(-i 127.0.0.1 -mi 127.0.0.1 -nostdin -default_behaviors all,-abortunexp)

log() { echo "[$(date +%T) +$((SECONDS - T_START))s] $*" >&2; }
die() { log "$*"; exit 2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

case $CALLWERK in /*) ;; *) CALLWERK=$PWD/$CALLWERK ;; esac
[ -x "$CALLWERK" ] || die "no callwerk binary at $CALLWERK (build it, or pass its path)"
MEDIA_HARNESS=$(cd "$MEDIA_HARNESS" 2>/dev/null && pwd) || die "no media harness (MEDIA_HARNESS)"
[ -f "$MEDIA_HARNESS/run-media.py" ] || die "no $MEDIA_HARNESS/run-media.py"
if ! command -v sipp >/dev/null || ! command -v tcpdump >/dev/null ||
	{ [ -n "$RELAY_CALLS" ] && ! command -v rtpengine >/dev/null; }; then
	[ "$INSTALL" = 1 ] || die "missing sipp, tcpdump or rtpengine (apt-get install -y sip-tester tcpdump rtpengine-daemon)"
	log "installing sip-tester, tcpdump and rtpengine-daemon"
	apt-get install -y sip-tester tcpdump rtpengine-daemon >/dev/null 2>&1 || die "apt-get install failed"
	# the package's own daemon would hold ports the harness wants: only the binary is needed
	systemctl disable --now rtpengine-daemon >/dev/null 2>&1 || true
fi
for b in sipp tcpdump python3 gcc timeout ss; do command -v $b >/dev/null || die "missing $b"; done
mkdir -p "$OUT"
for p in $CW_SIP_PORT $PROBE_SIP_PORT $PROBE_MEDIA_PORT $REG_PORT $UAS_SIP_PORT; do
	ss -Hlun "sport = :$p" | grep -q . && die "UDP port $p is already in use: $(ss -Hlunp "sport = :$p")"
done

stop_pid() { # $1 pid [$2 signal]
	local p=$1 i
	[ -n "$p" ] && kill -0 "$p" 2>/dev/null || return 0
	kill "-${2:-TERM}" "$p" 2>/dev/null
	for i in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	return 0
}
cleanup() {
	local p
	for p in "${BG_PIDS[@]}"; do stop_pid "$p"; done
	BG_PIDS=()
	stop_pid "$CW_PID"
	CW_PID=""
	if [ -n "$WORK" ] && [ "$KEEP" != 1 ]; then rm -rf "$WORK"; fi
	WORK=""
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# Every second: "epoch_ms rss_kb load1 tid:comm=ticks,..." (utime+stime of each thread) of callwerk.
sampler() { # $1 pid  $2 file
	local t
	while kill -0 "$1" 2>/dev/null; do
		{
			printf '%s %s %s ' "$(date +%s%3N)" "$(rss_kb "$1")" "$(cut -d' ' -f1 /proc/loadavg)"
			for t in /proc/"$1"/task/*; do
				awk '{c=$0; sub(/^[^(]*\(/, "", c); sub(/\).*$/, "", c); gsub(/ /, "_", c); s=$0; sub(/^.*\) /, "", s); split(s, a, " "); printf "%s:%s=%d,", $1, c, a[12] + a[13]}' "$t/stat" 2>/dev/null
			done
			echo
		} >>"$2"
		sleep 1
	done
}

start_callwerk() { # $1 scenario
	WORK=$(mktemp -d /tmp/callwerk-mediaload.XXXXXX)
	MENUS_YAML="$HERE/media/$1.yaml" "$HERE/sip/make_bench_setup.sh" "$WORK" 10 "$CW_SIP_PORT" ||
		die "setup generator failed"
	"$CALLWERK" import "$WORK/import" --config "$WORK/callwerk.yaml" >"$OUT/$1-import.log" 2>&1 ||
		die "import failed: $(tail -3 "$OUT/$1-import.log")"
	"$CALLWERK" serve --config "$WORK/callwerk.yaml" >"$OUT/$1-callwerk.log" 2>&1 &
	CW_PID=$!
	local i
	for i in $(seq 1 300); do # the menus' prompts are synthesized before SIP listens
		ss -Hlun "sport = :$CW_SIP_PORT" | grep -q . && break
		kill -0 "$CW_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$CW_PID" 2>/dev/null && ss -Hlun "sport = :$CW_SIP_PORT" | grep -q . ||
		die "callwerk did not start: $(tail -5 "$OUT/$1-callwerk.log")"
	log "$1: callwerk pid $CW_PID on udp 127.0.0.1:$CW_SIP_PORT, RTP $RTP_MIN-$RTP_MAX, $MEDIA_THREADS media thread(s), RTP io $RTP_IO, real-time priority $REALTIME_PRIORITY"
}

register_agent() {
	sipp 127.0.0.1:$CW_SIP_PORT -sf "$HERE/media/register_agent.xml" -inf "$WORK/users.csv" \
		-key agent_port $UAS_SIP_PORT -p $REG_PORT -m 1 -timeout 10s "${SIPP_COMMON[@]}" \
		>"$OUT/bridge-register.out" 2>&1 || die "REGISTER of the agent failed: see $OUT/bridge-register.out"
	log "bridge: agent bench.u0001 (10001) registered with Contact 127.0.0.1:$UAS_SIP_PORT"
}

# The key-press probe beside each harness step: waits for the step's UAC to start, then runs
# PROBE_CALLS calls with a capture of their media.
probe_steps() { # $1 scenario  $2 harness OUT
	local s=$1 hout=$2 n tag i tp pcap
	for n in $CALLS; do
		tag="sipp-127.0.0.1_${CW_SIP_PORT}-rtp-$n"
		# until the step starts, or the harness is done (it stopped the ladder before this step)
		for i in $(seq 1 $((HOLD * 20 + 2400))); do
			[ -e "$hout/$tag.out" ] || [ -e "$hout/summary.md" ] && break
			sleep 0.1
		done
		[ -e "$hout/$tag.out" ] || return 0
		date +%s%3N >"$OUT/$s-step-$n.start"
		sleep $PROBE_START_SECS
		pcap="$OUT/$s-probe-$n.pcap"
		timeout -s INT $((HOLD + 10)) tcpdump -i lo -n -s 128 -B 16384 -w "$pcap" \
			"udp and (port $PROBE_MEDIA_PORT or (udp[9] & 0x7f = 101))" >"$OUT/$s-probe-$n.tcpdump.log" 2>&1 &
		tp=$!
		sleep 0.5
		echo "load $(load)" >"$OUT/$s-probe-$n.out"
		sipp 127.0.0.1:$CW_SIP_PORT -sf "$HERE/media/probe_keys.xml" -s probe -p $PROBE_SIP_PORT \
			-mp $PROBE_MEDIA_PORT -m "$PROBE_CALLS" -l "$PROBE_CALLS" -r 10 -timeout 40s "${SIPP_COMMON[@]}" \
			-trace_stat -stf "$OUT/$s-probe-$n.csv" -fd 1 >>"$OUT/$s-probe-$n.out" 2>&1
		echo "rc=$?" >>"$OUT/$s-probe-$n.out"
		sleep 0.5
		kill -INT $tp 2>/dev/null
		wait $tp 2>/dev/null
		python3 "$HERE/media/keylat.py" "$pcap" $PROBE_MEDIA_PORT >"$OUT/$s-keylat-$n.json" 2>>"$OUT/$s-probe-$n.out"
		[ "$KEEP" = 1 ] || rm -f "$pcap"
	done
}

# The harness skips a step whose ports are taken (e.g. by sip_load.sh's SIPp on 5090/17000):
# on a shared box, wait a while for them.
wait_harness_ports() {
	local i p busy
	for i in $(seq 1 $((PORT_WAIT_SECS * 2))); do
		busy=""
		for p in $UAS_SIP_PORT 5090 16000 17000; do ss -Hlun "sport = :$p" | grep -q . && busy="$busy $p"; done
		[ -z "$busy" ] && return 0
		[ "$i" = 1 ] && log "harness ports busy:$busy ($(ss -Hlunp "sport = :${busy# }" | grep -o 'users:.*' | head -1)); waiting up to ${PORT_WAIT_SECS}s"
		sleep 0.5
	done
	die "harness ports still busy:$busy"
}

run_scenario() { # $1 scenario
	local s=$1 hout="$OUT/$1" sp pp
	mkdir -p "$hout"
	wait_harness_ports
	start_callwerk "$s"
	if [ "$s" = bridge ]; then
		register_agent
		# the harness makes its A-law file only when $OUT/g711a.alaw is missing: this one has the key
		python3 "$MEDIA_HARNESS/pcap2raw.py" /usr/share/sip-tester/g711a.pcap "$OUT/g711a-plain.alaw" >/dev/null ||
			die "pcap2raw failed"
		python3 "$HERE/media/caller_with_key.py" "$OUT/g711a-plain.alaw" "$hout/g711a.alaw" 2 || die "caller_with_key failed"
	fi
	sleep 2 # idle baseline
	echo "$(rss_kb "$CW_PID")" >"$OUT/$s-rss-idle"
	sampler "$CW_PID" "$OUT/$s-samples.txt" &
	sp=$!
	BG_PIDS+=("$sp")
	probe_steps "$s" "$hout" &
	pp=$!
	BG_PIDS+=("$pp")
	log "$s: harness sipp phase, calls $CALLS, hold ${HOLD}s, load $(load)"
	SIPP_TARGETS="127.0.0.1:$CW_SIP_PORT" SUT_PID="$CW_PID" PHASES=sipp SIPP_CALLS="$CALLS" SIPP_HOLD="$HOLD" \
		BUDGET_SECS=$(($(echo $CALLS | wc -w) * (HOLD + 30))) OUT="$hout" \
		python3 "$MEDIA_HARNESS/run-media.py" >"$OUT/$s-harness.out" 2>&1
	grep '^\[' "$OUT/$s-harness.out" >&2
	wait "$pp" 2>/dev/null
	stop_pid "$sp"
	BG_PIDS=()
	local errs
	errs=$(grep -ciE '\[(error|critical)\]' "$OUT/$s-callwerk.log")
	echo "log: $errs error lines$([ "$errs" -gt 0 ] && echo ", e.g. $(grep -m1 -iE '\[(error|critical)\]' "$OUT/$s-callwerk.log" | cut -c1-160)"); peak RSS $(awk '/^VmHWM/{printf "%.0f MB", $2/1024}' /proc/$CW_PID/status 2>/dev/null); $(awk '/^Threads/{print $2}' /proc/$CW_PID/status 2>/dev/null) threads" >"$OUT/$s-notes"
	kill -0 "$CW_PID" 2>/dev/null || echo "callwerk was gone at the end" >>"$OUT/$s-notes"
	cleanup
}

log "out=$OUT callwerk=$CALLWERK harness=$MEDIA_HARNESS nproc=$(nproc) load=$(load)"
for s in $SCENARIOS; do
	case $s in answer | bridge) run_scenario "$s" ;; *) die "unknown scenario $s" ;; esac
done
if [ -n "$RELAY_CALLS" ]; then
	log "rtpengine reference: harness relay phase, calls $RELAY_CALLS, load $(load)"
	PHASES=relay RELAY_TARGETS=rtpengine RELAY_CALLS="$RELAY_CALLS" OUT="$OUT/relay" \
		BUDGET_SECS=$(($(echo $RELAY_CALLS | wc -w) * 30)) \
		python3 "$MEDIA_HARNESS/run-media.py" >"$OUT/relay-harness.out" 2>&1
	grep '^\[' "$OUT/relay-harness.out" >&2
fi
HOLD=$HOLD python3 "$HERE/media/report.py" "$OUT" $SCENARIOS | tee "$OUT/summary.md"
log "done in $((SECONDS - T_START))s, raw files in $OUT"
