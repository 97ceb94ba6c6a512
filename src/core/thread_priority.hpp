#pragma once
// Real-time scheduling of the calling thread (SCHED_FIFO), as media servers do for the
// threads that must keep a packet rhythm. Linux grants it to root, to a process with
// CAP_SYS_NICE, or up to RLIMIT_RTPRIO (systemd: LimitRTPRIO=).

#include <cstdint>
#include <string>

#include "core/result.hpp"

namespace callwerk {

// priority 1..99. The error's message is the system's reason (e.g. "Operation not permitted").
Status set_current_thread_realtime(int priority);
// Back to ordinary time sharing (SCHED_OTHER).
Status set_current_thread_normal();
// Whether the calling thread runs SCHED_FIFO or SCHED_RR now (asked of the kernel).
bool current_thread_is_realtime();
// CPU time the calling thread has used so far (CLOCK_THREAD_CPUTIME_ID), in microseconds.
std::int64_t current_thread_cpu_us();

}  // namespace callwerk
