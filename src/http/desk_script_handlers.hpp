#pragma once
// The agent desktop's guided script (desk_script_handlers.cpp; routes in router.cpp).

#include "http/handlers.hpp"

namespace callwerk::http {

void get_desk_script(RequestContext& ctx);
void start_desk_script(RequestContext& ctx);
void answer_desk_script(RequestContext& ctx);
void stop_desk_script(RequestContext& ctx);

}  // namespace callwerk::http
