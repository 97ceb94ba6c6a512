#include "core/thread_name.hpp"

#include <pthread.h>

#include <string>

namespace callwerk {

void set_current_thread_name(std::string_view name) {
  const std::string cut(name.substr(0, 15));
  pthread_setname_np(pthread_self(), cut.c_str());
}

}  // namespace callwerk
