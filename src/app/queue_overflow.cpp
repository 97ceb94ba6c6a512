#include "app/queue_overflow.hpp"

namespace callwerk::app {

std::vector<OverflowStep> overflow_steps(std::string_view overflow_action) {
  if (overflow_action == "voicemail") return {OverflowStep::voicemail, OverflowStep::callback};
  if (overflow_action == "callback") return {OverflowStep::callback};
  if (overflow_action == "queue") return {OverflowStep::queue};
  return {};  // "none", or a value this version does not know
}

}  // namespace callwerk::app
