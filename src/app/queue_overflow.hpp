#pragma once
// What a queue's overflow rule (queues.overflow_action) means for a caller whose maximum wait
// is over: the ways to try, in order, until one works. None left: the flow that put the
// caller in the queue goes on as "nobody free" (it may say so, or offer its own call back).
// Pure logic; ContactCenter::overflow carries it out.

#include <string_view>
#include <vector>

namespace callwerk::app {

enum class OverflowStep {
  voicemail,  // the caller leaves a message (needs a recordings directory)
  callback,   // a call back keeps the place (needs the caller's number and an outbound route)
  queue,      // another queue (overflow_queue), credited with the time waited
};

// "voicemail" falls back to a call back: a caller sent to a mailbox that cannot record is
// at least called back rather than dropped.
std::vector<OverflowStep> overflow_steps(std::string_view overflow_action);

}  // namespace callwerk::app
