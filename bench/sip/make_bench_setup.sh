#!/usr/bin/env bash
# make_bench_setup.sh DIR USERS SIP_PORT - writes what bench/sip_load.sh needs into DIR:
#   DIR/import/tenants/bench/{tenant.yaml,users.yaml}   for `callwerk import DIR/import`
#   DIR/callwerk.yaml                                   for `callwerk serve --config`
#   DIR/users.csv                                       SIPp -inf: user;sip password
# The bench tenant has USERS phone users bench.u0001 ... with sip_extension 10001 ... and
# sip_password pw-bench.u0001 ...; they have no login password, so the import needs no
# argon2 hashing. Env: RTP_MIN=20000 RTP_MAX=39999 MEDIA_THREADS=1 RTP_IO=uring (or poll)
# REALTIME_PRIORITY=10 (the media threads' SCHED_FIFO priority; 0: ordinary scheduling)
# BENCH_NUMBER=+49301234567
# MENUS_YAML=FILE: its text (the `numbers:` and `menus:` keys, indented by 2 under
# `telephony:`) replaces the bench number and its menu below; LOG_LEVEL=warn.
set -eu
DIR=${1:?usage: make_bench_setup.sh DIR USERS SIP_PORT}
USERS=${2:-2000}
SIP_PORT=${3:-5072}
RTP_MIN=${RTP_MIN:-20000}
RTP_MAX=${RTP_MAX:-39999}
MEDIA_THREADS=${MEDIA_THREADS:-1}
RTP_IO=${RTP_IO:-uring}
REALTIME_PRIORITY=${REALTIME_PRIORITY:-10}
BENCH_NUMBER=${BENCH_NUMBER:-+49301234567}
MENUS_YAML=${MENUS_YAML:-}
LOG_LEVEL=${LOG_LEVEL:-warn}

T="$DIR/import/tenants/bench"
mkdir -p "$T" "$DIR/data"
# The bench measures how many calls a second callwerk takes: no fixed limit (the default is
# 200/s); the overload guard (SIP receive queue over a quarter full) still refuses with 503.
# MAX_CALLS_PER_SECOND= (empty) leaves the key out, for binaries older than the key.
MAX_CALLS_PER_SECOND=${MAX_CALLS_PER_SECOND-0}
RATE_LIMIT_LINE=""
[ -n "$MAX_CALLS_PER_SECOND" ] && RATE_LIMIT_LINE="  max_calls_per_second: $MAX_CALLS_PER_SECOND"
# MAX_CALLS (calls at once; empty: the default 2,000) for the call-rate bench, where 2,000 calls
# with a 1 s hold and the greeting's set-up cap the rate near 1,700/s before the CPU does.
MAX_CALLS=${MAX_CALLS-}
[ -n "$MAX_CALLS" ] && RATE_LIMIT_LINE="${RATE_LIMIT_LINE:+$RATE_LIMIT_LINE
}  max_calls: $MAX_CALLS"
cat >"$T/tenant.yaml" <<YAML
slug: bench
name: Lasttest
timezone: Europe/Berlin
language: de
YAML
awk -v n="$USERS" 'BEGIN {
	for (i = 1; i <= n; i++) {
		u = sprintf("bench.u%04d", i)
		printf "- username: %s\n  display_name: Lasttest %d\n  role: agent\n  language: de\n", u, i
		printf "  sip_extension: \"%d\"\n  sip_password: \"pw-%s\"\n", 10000 + i, u
	}
}' >"$T/users.yaml"
awk -v n="$USERS" 'BEGIN { print "SEQUENTIAL"; for (i = 1; i <= n; i++) printf "bench.u%04d;pw-bench.u%04d\n", i, i }' >"$DIR/users.csv"

# One number answered at once (no ringing) by a menu whose greeting lasts longer than the
# 1 s hold, so every call is playing a TTS prompt over RTP when the caller hangs up. One
# attempt with a 1 s input timeout: a call whose caller vanished (an overloaded run) is
# ended by the menu itself after about 12 s instead of lingering.
cat >"$DIR/callwerk.yaml" <<YAML
data_dir: data
http:
  address: 127.0.0.1
  port: 0
log:
  level: $LOG_LEVEL
telephony:
${RATE_LIMIT_LINE}
  sip:
    addresses: ["127.0.0.1"]
    port: $SIP_PORT
    transports: [udp]
    realm: callwerk-bench
  rtp:
    address: 127.0.0.1
    port_min: $RTP_MIN
    port_max: $RTP_MAX
    threads: $MEDIA_THREADS
    io: $RTP_IO
    realtime_priority: $REALTIME_PRIORITY
    timeout_seconds: 30
  trunks:
    - name: sipp-lokal
      addresses: ["127.0.0.1"]
YAML
if [ -n "$MENUS_YAML" ]; then
	cat "$MENUS_YAML" >>"$DIR/callwerk.yaml"
	exit 0
fi
cat >>"$DIR/callwerk.yaml" <<YAML
  numbers:
    - {number: "$BENCH_NUMBER", tenant: bench, menu: lasttest, answer_after_ms: 0}
  menus:
    lasttest:
      greeting: >-
        Willkommen bei der Lasttest-Hotline. Dieser Anruf misst, wie viele Gespräche der
        Server gleichzeitig annehmen kann.
      prompt: Für Auskunft drücken Sie die 1.
      input_timeout_seconds: 1
      max_attempts: 1
      options:
        - {digit: "1", key: auskunft, label: Auskunft, say: Vielen Dank., action: hangup}
YAML
