#!/usr/bin/env bash
# sip_load.sh [CALLWERK_BINARY] - SIP load of callwerk beside the Kamailio peer, same run.
#
# callwerk scenarios (CW_SCENARIOS, default "call register"):
#   call      SIPp INVITE (SDP) / 200 (SDP) / ACK / HOLD_MS / BYE to a number that callwerk
#             answers itself: each call is an interaction with its timeline, and the menu plays
#             its TTS greeting over RTP until the caller hangs up
#   register  SIPp REGISTER / 401 / REGISTER with MD5 digest / 200, USERS phone users cycled
#             from an injection CSV (each user refreshes its one binding)
# Kamailio scenarios (KAM_SCENARIOS, default "proxy register") are run by the peers' own
# run-peers.sh (PEERS_DIR) right after, in the same invocation: its stateful proxy relaying
# to a SIPp UAS and its registrar without auth. Nothing is built here.
#
# Method (the one of run-peers.sh): a closed-loop probe (PROBE_SECS, at most PROBE_LIMIT open,
# no hold) estimates the ceiling; open-loop scouts of SCOUT_SECS step down from 0.85 x probe
# by x0.85 until one passes; that rate (then lower ones) is confirmed with a RUN_SECS run.
# A run passes when every call completed, 0 failed, retransmissions <= MAX_RETRANS_PCT % of
# calls. CPU is utime+stime of the server process (all threads; Kamailio: all processes)
# from /proc before and after each run; for callwerk "after" is taken once its store has
# written the run's interactions, so the store's work is counted too.
#
# Env: BUDGET_SECS=450 (whole run; each scenario gets a fair share) RUN_SECS=20 PROBE_SECS=4
#      PROBE_LIMIT=500 SCOUT_SECS=5 HOLD_MS=1000 MAX_RETRANS_PCT=1 USERS=2000
#      CW_SIP_PORT=5072 UAC_PORT=5090 UAC_MEDIA_PORT=17000 RTP_MIN=20000 RTP_MAX=39999
#      MEDIA_THREADS=1 KAM_REG_USERS=$USERS (other ports let two runs share the box, for A/B)
#      MAX_CALLS=5000 (calls at once: the default 2,000 would cap ~1,700 calls/s of 1.15 s)
#      RATES_call="r1 r2" / RATES_register=... (skip probe and scouts, confirm these rates)
#      PEERS_DIR=/work/shared/bench/peers INSTALL=1 (apt-get install kamailio/sip-tester if
#      missing) KEEP=0 (keep the temp data dir) OUT=/tmp/sip-load.<timestamp>
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
CALLWERK=${1:-build/callwerk}
CW_SCENARIOS=${CW_SCENARIOS-"call register"}
KAM_SCENARIOS=${KAM_SCENARIOS-"proxy register"}
BUDGET_SECS=${BUDGET_SECS:-450}
RUN_SECS=${RUN_SECS:-20}
PROBE_SECS=${PROBE_SECS:-4}
PROBE_LIMIT=${PROBE_LIMIT:-500}
SCOUT_SECS=${SCOUT_SECS:-5}
HOLD_MS=${HOLD_MS:-1000}
MAX_RETRANS_PCT=${MAX_RETRANS_PCT:-1}
USERS=${USERS:-2000}
KAM_REG_USERS=${KAM_REG_USERS:-$USERS}
CW_SIP_PORT=${CW_SIP_PORT:-5072}
UAC_PORT=${UAC_PORT:-5090}
UAC_MEDIA_PORT=${UAC_MEDIA_PORT:-17000}
PEERS_DIR=${PEERS_DIR:-/work/shared/bench/peers}
INSTALL=${INSTALL:-1}
KEEP=${KEEP:-0}
SOCK_BUF=${SOCK_BUF:-4194304}
SETTLE_SECS=${SETTLE_SECS:-10} # how long the store may take to show a run's calls as ended
DRAIN_SECS=${DRAIN_SECS:-30}   # how long to wait for leftover calls of a failed run
BENCH_NUMBER=+49301234567
OUT=${OUT:-/tmp/sip-load.$(date +%Y%m%d-%H%M%S)}
export RTP_MIN=${RTP_MIN:-20000} RTP_MAX=${RTP_MAX:-39999} MEDIA_THREADS=${MEDIA_THREADS:-1} RTP_IO=${RTP_IO:-uring} BENCH_NUMBER
export MAX_CALLS=${MAX_CALLS-5000}
T_START=$SECONDS
HZ=$(getconf CLK_TCK)
CW_PID="" WORK=""
SIPP_COMMON=(-i 127.0.0.1 -mi 127.0.0.1 -nostdin -buff_size "$SOCK_BUF" -default_behaviors all,-abortunexp)

log() { echo "[$(date +%T) +$((SECONDS - T_START))s] $*" >&2; }
die() { log "$*"; exit 2; }

case $CALLWERK in /*) ;; *) CALLWERK=$PWD/$CALLWERK ;; esac
[ -x "$CALLWERK" ] || die "no callwerk binary at $CALLWERK (build it, or pass its path)"
[ -x "$PEERS_DIR/run-peers.sh" ] || die "no $PEERS_DIR/run-peers.sh"
if ! command -v sipp >/dev/null || { [ -n "$KAM_SCENARIOS" ] && ! command -v kamailio >/dev/null; }; then
	[ "$INSTALL" = 1 ] || die "missing sipp or kamailio (apt-get install -y sip-tester kamailio)"
	log "installing sip-tester and kamailio for the peer runs"
	apt-get install -y sip-tester kamailio >/dev/null 2>&1 || die "apt-get install sip-tester kamailio failed"
fi
for b in sipp sqlite3 awk timeout ss; do command -v $b >/dev/null || die "missing $b"; done
mkdir -p "$OUT"

# Linux lets several SO_REUSEADDR sockets share a UDP port: a leftover would eat traffic.
for p in $CW_SIP_PORT $UAC_PORT; do
	ss -Hlun "sport = :$p" | grep -q . && die "UDP port $p is already in use: $(ss -Hlunp "sport = :$p")"
done

ticks_of() { # utime+stime of a process (all its threads)
	[ -n "${1:-}" ] && [ -r "/proc/$1/stat" ] || { echo 0; return; }
	awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat"
}
cpu_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8, $9}' /proc/stat; }
# "pid ticks comm" of every process, to name foreign CPU users during a run
proc_snap() {
	local f
	for f in /proc/[0-9]*/stat; do
		awk '{c=$0; sub(/^[^(]*\(/, "", c); sub(/\).*$/, "", c); gsub(/ /, "_", c); s=$0; sub(/^.*\) /, "", s); split(s, a, " "); print $1, a[12] + a[13], c}' "$f" 2>/dev/null
	done
}
# processes not started here that used > 5 % of a core between two snapshots ($3: wall s)
foreign_cpu() {
	awk -v hz="$HZ" -v wall="$3" -v ours=" $CW_PID $$ " '
		NR == FNR { t0[$1] = $2; next }
		{ if (index(ours, " " $1 " ")) next; if ($3 ~ /^(sipp|timeout|awk|bash|ps|sqlite3|sleep)$/) next
		  d = $2 - ($1 in t0 ? t0[$1] : 0); p = d / hz / wall * 100; if (p > 5) { printf "%s%s:%.0f%%", sep, $3, p; sep = "," } }
		END { if (sep == "") printf "-" }' "$1" "$2"
}
# packets the kernel dropped at a UDP socket bound to 127.0.0.1:$1 (full receive buffer)
sock_drops() { ss -Huanm "sport = :$1" 2>/dev/null | sed -n 's/.*,d\([0-9]*\)).*/\1/p' | head -1; }
open_calls() { db "select count(*) from interactions where ended_at is null;"; }
# Before a run: the previous SIPp has let go of its port, and callwerk has no call left from
# an earlier (failed) run, so each run pays only for its own calls. Bounded by DRAIN_SECS.
wait_idle() {
	local i n
	for i in $(seq 1 $((DRAIN_SECS * 2))); do
		n=$(open_calls)
		if [ "${n:-1}" -eq 0 ] && ! ss -Hlun "sport = :$UAC_PORT" | grep -q .; then return 0; fi
		sleep 0.5
	done
	log "callwerk still has ${n:-?} open calls after ${DRAIN_SECS}s; going on"
}
rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
db() { sqlite3 -cmd '.timeout 5000' "$WORK/data/callwerk.db" "$1" 2>/dev/null; }
max_interaction() { db "select coalesce(max(id), 0) from interactions;"; }
# interactions created after id $1: "count not_ended timeline_events"
db_counts() { db "select count(*), coalesce(sum(ended_at is null), 0), (select count(*) from timeline_events where interaction_id > $1) from interactions where id > $1;" | tr '|' ' '; }

stop_pid() {
	local p=$1 i
	[ -n "$p" ] && kill -0 "$p" 2>/dev/null || return 0
	kill -TERM "$p" 2>/dev/null
	for i in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	return 0
}
cleanup() {
	stop_pid "$CW_PID"
	CW_PID=""
	if [ -n "$WORK" ] && [ "$KEEP" != 1 ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

prepare_data() {
	WORK=$(mktemp -d /tmp/callwerk-sipload.XXXXXX)
	"$HERE/sip/make_bench_setup.sh" "$WORK" "$USERS" "$CW_SIP_PORT" || die "setup generator failed"
	log "importing the bench tenant ($USERS phone users) into $WORK/data"
	"$CALLWERK" import "$WORK/import" --config "$WORK/callwerk.yaml" >"$OUT/import.log" 2>&1 ||
		die "import failed: $(tail -3 "$OUT/import.log")"
}
# A fresh server per scenario: what one scenario leaves behind (calls, memory) is not
# measured in the next.
start_callwerk() { # $1: log name
	"$CALLWERK" serve --config "$WORK/callwerk.yaml" >"$OUT/callwerk-$1.log" 2>&1 &
	CW_PID=$!
	local i
	for i in $(seq 1 100); do
		ss -Hlun "sport = :$CW_SIP_PORT" | grep -q . && break
		kill -0 "$CW_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$CW_PID" 2>/dev/null && ss -Hlun "sport = :$CW_SIP_PORT" | grep -q . ||
		die "callwerk did not start: $(tail -5 "$OUT/callwerk-$1.log")"
	# Warm-up: the first call synthesizes the greeting (espeak-ng) into the prompt cache.
	sipp 127.0.0.1:$CW_SIP_PORT -sf "$HERE/sip/call.xml" -s "$BENCH_NUMBER" -p $UAC_PORT -mp $UAC_MEDIA_PORT \
		"${SIPP_COMMON[@]}" -r 2 -m 4 -d 500 -timeout 30s >"$OUT/warmup.out" 2>&1 ||
		die "warm-up calls failed: $(grep -m3 -i 'fail\|error' "$OUT/warmup.out")"
	log "callwerk pid $CW_PID on udp 127.0.0.1:$CW_SIP_PORT, RTP $RTP_MIN-$RTP_MAX, warm-up ok"
}

# Waits until the store has caught up with the calls of a run (interactions after id $1):
# none left open and the counts steady, or SETTLE_SECS passed (then open ones are stuck).
settle_store() { # prints "interactions open events"
	local since=$1 last="" cur i open
	for i in $(seq 1 $((SETTLE_SECS * 4))); do
		cur=$(db_counts "$since")
		open=$(echo "$cur" | awk '{print $2}')
		if [ "$cur" = "$last" ] && [ "${open:-1}" -eq 0 ]; then break; fi
		last=$cur
		sleep 0.25
	done
	echo "$cur"
}

# One SIPp run against callwerk. Prints:
#   ok rate failed unexp retrans rtt_ms cpu_sut_pct cpu_box_pct steal udp_drops sut_us_per_op
#   new_interactions open_interactions new_events rss_mb
# $1 tag  $2 scenario  $3 rate  $4 max calls  $5 open-call limit  $6 hold ms  $7 -timeout secs
cw_run() {
	local tag=$1 scn=$2 rate=$3 m=$4 lim=$5 hold=$6 tmo=$7 extra=() id0 db1 k0 k1 c0 c1 d0 d1 k_end
	if [ "$scn" = register ]; then
		extra=(-sf "$HERE/sip/register_digest.xml" -inf "$WORK/users.csv")
	else
		extra=(-sf "$HERE/sip/call.xml" -s "$BENCH_NUMBER" -d "$hold")
	fi
	wait_idle
	id0=$(max_interaction)
	proc_snap >"$OUT/$tag.ps0"
	k0=$(ticks_of "$CW_PID"); c0=$(cpu_ticks); d0=$(sock_drops "$CW_SIP_PORT")
	local tp abort="" st w0 w1
	w0=$(date +%s%N)
	timeout -k 3 $((tmo + 5)) sipp 127.0.0.1:$CW_SIP_PORT "${extra[@]}" -p $UAC_PORT -mp $UAC_MEDIA_PORT "${SIPP_COMMON[@]}" \
		-r "$rate" -l "$lim" -m "$m" -timeout "${tmo}s" -recv_timeout 4000 -max_recv_loops 10000 \
		-trace_stat -stf "$OUT/$tag.csv" -fd 1 -trace_err -error_file "$OUT/$tag.err" \
		-trace_screen -screen_file "$OUT/$tag.screen" >"$OUT/$tag.out" 2>&1 &
	tp=$!
	while kill -0 $tp 2>/dev/null; do
		sleep 0.5
		[ -n "$abort" ] && continue
		st=$(tail -n 1 "$OUT/$tag.csv" 2>/dev/null | awk -F';' 'NF > 60 {print $18 + 0, $58 + 0}')
		[ -n "$st" ] || continue
		set -- $st
		if [ "$1" -gt 0 ] || [ $(($2 * 100)) -gt $((m * MAX_RETRANS_PCT)) ]; then
			# a failed run stops early: SIGUSR1 makes SIPp place no new calls and finish the
			# open ones (so callwerk is not left with calls nobody hangs up), TERM after that
			if [ "$rate" -lt 1000000 ]; then
				abort="failed=$1 retrans=$2"
				kill -USR1 $tp 2>/dev/null
				(sleep $((hold / 1000 + 4)); kill -TERM $tp 2>/dev/null) &
			fi
		fi
	done
	wait $tp
	echo "rc=$? ${abort:+stopped early: $abort}" >>"$OUT/$tag.out"
	w1=$(date +%s%N)
	c1=$(cpu_ticks); d1=$(sock_drops "$CW_SIP_PORT")
	k_end=$(ticks_of "$CW_PID")
	# per thread (core loop, store writer, media, ...): where the server's CPU went
	echo "thread ticks $(for t in /proc/$CW_PID/task/*; do awk '{sub(/^.*\) /, ""); printf "%d ", $12 + $13}' "$t/stat"; done)" >>"$OUT/$tag.out"
	proc_snap >"$OUT/$tag.ps1"
	echo "foreign $(foreign_cpu "$OUT/$tag.ps0" "$OUT/$tag.ps1" "$(awk -v a="$w0" -v b="$w1" 'BEGIN{print (b - a) / 1e9}')")" >>"$OUT/$tag.out"
	if [ "$scn" = call ]; then db1=$(settle_store "$id0"); else db1=$(db_counts "$id0"); fi
	k1=$(ticks_of "$CW_PID")
	local unexp line rss
	unexp=$(grep -c 'Continuing call on unexpected message' "$OUT/$tag.err" 2>/dev/null)
	rss=$(rss_kb "$CW_PID")
	kill -0 "$CW_PID" 2>/dev/null || echo "callwerk is gone after $tag" >>"$OUT/$tag.out"
	line=$(tail -n 1 "$OUT/$tag.csv" 2>/dev/null)
	echo "cpu ticks at sipp end $((k_end - k0)), after the store settled $((k1 - k0))" >>"$OUT/$tag.out"
	# last stats line: 1 StartTime 3 CurrentTime 16 Success(C) 18 Failed(C) 58 Retrans(C) 70 RT1(C)
	awk -v line="$line" -v hz="$HZ" -v w="$(((w1 - w0) / 1000000))" -v dk=$((k1 - k0)) -v dke=$((k_end - k0)) \
		-v c0="$c0" -v c1="$c1" -v d0="$d0" -v d1="$d1" -v db1="$db1" -v unexp="${unexp:-0}" -v rss="$rss" '
	function epoch(x,  a, n) { n = split(x, a, "\t"); return a[n] + 0 }
	BEGIN {
		n = split(line, f, ";")
		if (n < 70) { print "0 0 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1"; exit }
		el = epoch(f[3]) - epoch(f[1]); if (el <= 0) el = 1
		wall = w / 1000; if (wall <= 0) wall = el
		split(f[70], r, ":"); rtt = (r[1]*3600 + r[2]*60 + r[3]) * 1000 + r[4] / 1000
		split(c0, a, " "); split(c1, b, " ")
		split(db1, q, " ")
		printf "%d %.0f %d %d %d %.1f %.0f %.0f %.0f %d %.0f %d %d %d %.0f\n", f[16], f[16] / el, f[18], unexp, f[58], rtt,
			dke / hz / wall * 100, (b[1] - a[1]) / hz / wall * 100, (b[2] - a[2]) / hz / wall * 100,
			d1 - d0, (f[16] > 0 ? dk / hz * 1e6 / f[16] : -1),
			q[1], q[2], q[3], rss / 1024
	}'
}

CW_RESULTS=() NOTES=()
cw_scenario() { # $1 scenario  $2 its time share in seconds
	local scn=$1 share=$2 sc_t0=$SECONDS var="RATES_$1" rates step r m res secs probe_rate=- f
	local ok rate failed unexp retr rtt csut cbox steal drops uspc newi openi newe rss best="" tried="" last=""
	if [ -n "${!var:-}" ]; then
		rates=${!var}
		step=confirm
	else
		res=$(cw_run "cw-$scn-probe" "$scn" 1000000 $((PROBE_SECS * 60000)) "$PROBE_LIMIT" 0 "$PROBE_SECS")
		read -r ok probe_rate failed unexp retr rtt csut cbox steal drops uspc newi openi newe rss <<<"$res"
		log "callwerk $scn probe (closed loop, <=$PROBE_LIMIT open, ${PROBE_SECS}s): ${probe_rate}/s ok $ok failed $failed retrans $retr rtt ${rtt}ms | cpu% callwerk $csut box $cbox | ${uspc}us/op | new interactions $newi open $openi | foreign $(sed -n 's/^foreign //p' "$OUT/cw-$scn-probe.out")"
		r=$(awk -v p="$probe_rate" 'BEGIN{r=int(p*0.85/50)*50; print (r<50 ? 50 : r)}')
		rates=$r
		for f in 1 2 3 4 5 6; do r=$(awk -v r="$r" 'BEGIN{r=int(r*0.85/50)*50; print (r<50 ? 50 : r)}'); rates="$rates $r"; done
		step=scout
	fi
	set -- $rates
	while [ $# -gt 0 ]; do
		r=$1
		if [ "$step" = scout ]; then secs=$SCOUT_SECS; else secs=$RUN_SECS; fi
		# a call run also needs the hold and the store's catch-up after the last call
		if [ $((SECONDS - sc_t0 + secs + HOLD_MS / 1000 + 6)) -gt "$share" ]; then log "callwerk $scn: time share ${share}s used, not trying ${r}/s"; break; fi
		m=$((r * secs))
		res=$(cw_run "cw-$scn-$step-r$r" "$scn" "$r" "$m" $((r * (HOLD_MS / 1000 + 2) + 200)) "$HOLD_MS" $((secs + 6)))
		read -r ok rate failed unexp retr rtt csut cbox steal drops uspc newi openi newe rss <<<"$res"
		local verdict=FAIL check=""
		[ "$ok" -eq "$m" ] && [ "$failed" -eq 0 ] && [ $((retr * 100)) -le $((m * MAX_RETRANS_PCT)) ] && verdict=pass
		if [ "$scn" = call ]; then
			# every call an interaction, every interaction ended
			check="interactions +$newi for $ok ok/$failed failed calls, $openi open, timeline +$newe"
			if [ "$verdict" = pass ] && { [ "$newi" -ne "$ok" ] || [ "$openi" -ne 0 ]; }; then verdict=FAIL; fi
		fi
		log "callwerk $scn $step @ ${r}/s x ${secs}s: $verdict ok $ok/$m failed $failed unexp $unexp retrans $retr rtt ${rtt}ms | cpu% callwerk $csut box $cbox steal $steal | callwerk ${uspc}us/op | SIP socket drops $drops | rss ${rss}MB${check:+ | $check} | foreign $(sed -n 's/^foreign //p' "$OUT/cw-$scn-$step-r$r.out")"
		if [ "$step" = scout ]; then
			if [ "$verdict" = pass ]; then step=confirm; continue; fi
			shift
			continue
		fi
		tried=$r
		last="$m|$retr|$rtt|$csut|$uspc|$cbox|$drops|${check:--}"
		if [ "$verdict" = pass ]; then
			best="$r|$m|$retr|$rtt|$csut|$uspc|$cbox|$drops|${check:--}"
			break
		fi
		shift
	done
	if [ -z "$best" ]; then
		# no pass: show the figures of the lowest rate tried, marked "<rate"
		if [ -n "$tried" ]; then best="<$tried|$last"; else best="not run"; fi
	fi
	CW_RESULTS+=("$scn|$probe_rate|$best")
}

CPU_MODEL=$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)
log "out=$OUT callwerk=$CALLWERK budget=${BUDGET_SECS}s run=${RUN_SECS}s hold=${HOLD_MS}ms nproc=$(nproc) cpu=$CPU_MODEL load=$(cut -d' ' -f1-3 /proc/loadavg)"
n_cw=$(echo $CW_SCENARIOS | wc -w)
n_kam=$(echo $KAM_SCENARIOS | wc -w)
if [ "$n_cw" -gt 0 ]; then
	prepare_data
	for s in $CW_SCENARIOS; do
		case $s in call | register) ;; *) die "unknown callwerk scenario $s" ;; esac
		start_callwerk "$s"
		left=$((n_cw + n_kam))
		share=$(((BUDGET_SECS - (SECONDS - T_START)) / left))
		cw_scenario "$s" "$share"
		n_cw=$((n_cw - 1))
		errs=$(grep -ciE '\[(error|critical)\]' "$OUT/callwerk-$s.log")
		warns=$(grep -ci '\[warning\]' "$OUT/callwerk-$s.log")
		NOTES+=("callwerk $s: log $errs error, $warns warning lines$([ "$errs" -gt 0 ] && echo ", e.g. $(grep -m1 -iE '\[(error|critical)\]' "$OUT/callwerk-$s.log" | cut -c1-140)"); peak memory $(awk '/^VmHWM/{printf "%.0f MB", $2/1024}' /proc/$CW_PID/status 2>/dev/null), $(awk '/^Threads/{print $2}' /proc/$CW_PID/status 2>/dev/null) threads")
		stop_pid "$CW_PID"
		CW_PID=""
	done
fi

KAM_SUMMARY=""
if [ "$n_kam" -gt 0 ]; then
	kam_budget=$((BUDGET_SECS - (SECONDS - T_START)))
	log "Kamailio peer: $PEERS_DIR/run-peers.sh SCENARIOS=\"$KAM_SCENARIOS\" BUDGET_SECS=$kam_budget REG_USERS=$KAM_REG_USERS"
	SCENARIOS="$KAM_SCENARIOS" BUDGET_SECS=$kam_budget REG_USERS=$KAM_REG_USERS RUN_SECS=$RUN_SECS \
		PROBE_SECS=$PROBE_SECS PROBE_LIMIT=$PROBE_LIMIT SCOUT_SECS=$SCOUT_SECS HOLD_MS=$HOLD_MS \
		MAX_RETRANS_PCT=$MAX_RETRANS_PCT OUT="$OUT/kamailio" "$PEERS_DIR/run-peers.sh" >"$OUT/kamailio.out" 2>&1
	KAM_SUMMARY="$OUT/kamailio/summary.txt"
	[ -s "$KAM_SUMMARY" ] || { log "run-peers.sh wrote no summary:"; tail -5 "$OUT/kamailio.out" >&2; }
	grep '^\[' "$OUT/kamailio.out" >&2
fi

# kamailio row of run-peers' table: max/s and SUT us/call of a scenario ("-" when absent)
kam_figures() {
	[ -s "$KAM_SUMMARY" ] || { echo "- - - -"; return; }
	awk -F'|' -v s="$1" '{g = $1; gsub(/ /, "", g)} g == s {gsub(/ /, ""); print $3, $9, $8, $7; found = 1} END {if (!found) print "- - - -"}' "$KAM_SUMMARY"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }'; }

{
	echo
	echo "SIP load, callwerk beside Kamailio, $(date -Is), nproc=$(nproc) ($CPU_MODEL), SIPp $(sipp -v 2>&1 | awk '/SIPp v/{print $2}'), $(kamailio -v 2>/dev/null | awk '/^version/{print $2, $3}')"
	echo "callwerk: $CALLWERK (repo HEAD $(cd "$HERE/.." && git rev-parse --short HEAD 2>/dev/null); the binary may be older), hold ${HOLD_MS}ms, $USERS phone users; Kamailio via run-peers.sh (REG_USERS=$KAM_REG_USERS)"
	printf '%-28s|%8s|%8s|%8s|%6s|%7s|%10s|%9s\n' scenario "probe/s" "max/s" "us/op" "SUT%" "rtt ms" "rate ratio" "cpu ratio"
	printf -- '----------------------------+--------+--------+--------+------+-------+----------+---------\n'
	for row in "${CW_RESULTS[@]}"; do
		IFS='|' read -r s p b m rt rtt cs us cb dr ck <<<"$row"
		case $s in call) peer=proxy label="callwerk call (answers)" ;; register) peer=register label="callwerk register (digest)" ;; esac
		read -r km ku kcs krtt <<<"$(kam_figures $peer)"
		printf '%-28s|%8s|%8s|%8s|%6s|%7s|%10s|%9s\n' "$label" "$p" "$b" "${us:--}" "${cs:--}" "${rtt:--}" "$(ratio "$b" "$km")" "$(ratio "${us:-}" "$ku")"
		[ "$s" = call ] && [ -n "${ck:-}" ] && NOTES+=("callwerk call at ${b}/s: $ck")
	done
	for s in $KAM_SCENARIOS; do
		read -r km ku kcs krtt <<<"$(kam_figures $s)"
		case $s in proxy) label="kamailio proxy (tm, to UAS)" ;; register) label="kamailio register (no auth)" ;; *) label="kamailio $s" ;; esac
		printf '%-28s|%8s|%8s|%8s|%6s|%7s|%10s|%9s\n' "$label" "-" "$km" "$ku" "$kcs" "$krtt" "1" "1"
	done
	echo "max = highest open-loop rate whose ${RUN_SECS}s run completed every call with 0 failed, retrans <= ${MAX_RETRANS_PCT}%"
	echo "(callwerk calls: and one ended interaction per call); us/op = server CPU microseconds per call or"
	echo "registration; SUT% = server CPU in % of one core; ratios: callwerk / Kamailio of this run"
	echo "(call vs proxy, register vs register). A registration is 2 requests for callwerk (401, then 200)."
	for n in "${NOTES[@]}"; do echo "$n"; done
	[ -s "$KAM_SUMMARY" ] && { echo "Kamailio (run-peers.sh summary):"; sed -n '3,$p' "$KAM_SUMMARY"; }
	echo "total wall $((SECONDS - T_START))s; raw files in $OUT"
} | tee "$OUT/summary.txt"
