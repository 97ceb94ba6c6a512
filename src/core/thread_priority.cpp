#include "core/thread_priority.hpp"

#include <pthread.h>
#include <sched.h>

#include <cstring>
#include <ctime>

namespace callwerk {

namespace {

Status set_policy(int policy, int priority) {
  sched_param param{};
  param.sched_priority = priority;
  if (const int error = pthread_setschedparam(pthread_self(), policy, &param); error != 0)
    return make_error(ErrorKind::internal, std::strerror(error));
  return ok_status();
}

}  // namespace

Status set_current_thread_realtime(int priority) {
  if (priority < 1 || priority > 99)
    return make_error(ErrorKind::invalid_input, "a real-time priority is 1 to 99");
  return set_policy(SCHED_FIFO, priority);
}

Status set_current_thread_normal() {
  return set_policy(SCHED_OTHER, 0);
}

bool current_thread_is_realtime() {
  int policy = SCHED_OTHER;
  sched_param param{};
  if (pthread_getschedparam(pthread_self(), &policy, &param) != 0) return false;
  return policy == SCHED_FIFO || policy == SCHED_RR;
}

std::int64_t current_thread_cpu_us() {
  timespec now{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) != 0) return 0;
  return static_cast<std::int64_t>(now.tv_sec) * 1000000 + now.tv_nsec / 1000;
}

}  // namespace callwerk
