#pragma once
// Names the calling thread (shown by top -H, ps -L, perf and gdb), so an operator can see
// which of callwerk's threads is busy: "cw-core", "cw-http-1", "cw-media-0", "cw-store".

#include <string_view>

namespace callwerk {

// Linux keeps at most 15 characters; longer names are cut. Failure is ignored: a name is a
// diagnostic aid, never a reason to stop.
void set_current_thread_name(std::string_view name);

}  // namespace callwerk
