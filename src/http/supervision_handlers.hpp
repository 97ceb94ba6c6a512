#pragma once
// A team lead listens, whispers or barges into an agent's call from the wallboard
// (supervision_handlers.cpp; routes in router.cpp):
//   POST   /api/v1/wallboard/agents/{id}/supervise {"mode": "listen"|"whisper"|"barge"}
//          rings the requesting user's own phone into the agent's call (202)
//   PATCH  /api/v1/wallboard/agents/{id}/supervise {"mode": ...}  switches the mode (200)
//   DELETE /api/v1/wallboard/agents/{id}/supervise  hangs up the supervisor's leg (204)
// {id} is the agent's user id (404 for another tenant's); 409 when the agent is on no
// connected call, the supervisor's phone is not registered, or nobody supervises.

#include "http/handlers.hpp"

namespace callwerk::http {

void start_supervision(RequestContext& ctx);
void change_supervision(RequestContext& ctx);
void end_supervision(RequestContext& ctx);

}  // namespace callwerk::http
