// A team lead on an agent's call from the wallboard (http::AgentDesk::supervise): the agent's
// current call from the ACD, the lead's own phone (their extension, registered), and the voice
// channel that rings it into the call and mixes by mode.
#include <boost/asio/post.hpp>

#include "app/contact_center.hpp"
#include "voice/voice_service.hpp"

namespace callwerk::app {

namespace {

Result<store::Json> supervision_answer(store::Id agent_user_id, const std::string& action,
                                       const std::string& mode) {
  store::Json answer{{"agent_user_id", agent_user_id}};
  if (action == "end") {
    answer["supervision"] = nullptr;
  } else {
    answer["supervision"] = {{"mode", mode}, {"connected", false}};
  }
  return answer;
}

}  // namespace

void ContactCenter::supervise(store::Id tenant_id, store::Id supervisor_user_id,
                              store::Id agent_user_id, const std::string& action,
                              const std::string& mode, Done done) {
  boost::asio::post(core_, [this, tenant_id, supervisor_user_id, agent_user_id, action, mode,
                            done = std::move(done), alive = alive_] {
    if (!*alive) return done(make_error(ErrorKind::internal, "the queues are stopping"));
    const AgentInfo* agent = agent_info(agent_user_id);
    if (agent == nullptr || agent->tenant_id != tenant_id)
      return done(make_error(ErrorKind::not_found, "no such agent"));
    const auto snapshot = acd_.agent_snapshot(agent_user_id);
    if (!snapshot || !snapshot->call)
      return done(make_error(ErrorKind::conflict, "Der Agent führt gerade kein Gespräch."));
    if (voice_ == nullptr)
      return done(make_error(ErrorKind::conflict, "Die Telefonie ist nicht bereit."));
    // After a hand-over the colleague's ACD call differs from the voice call it talks on.
    const voice::CallKey call = voice_key_of(*snapshot->call);
    // The lead's phone answering, refusing or hanging up reaches the wallboards as the
    // agent's status, like every change made here.
    voice_->on_supervision_changed([this, alive = alive_](voice::CallKey changed) {
      if (!*alive) return;
      for (const acd::AgentSnapshot& agent : acd_.agent_snapshots()) {
        if (!agent.call || voice_key_of(*agent.call) != changed) continue;
        if (const AgentInfo* info = agent_info(agent.agent))
          publish(info->tenant_id, "desk.state", status_json(agent.agent));
      }
    });
    Status result = ok_status();
    if (action == "start") {
      const auto parsed = voice::parse_supervision_mode(mode);
      if (!parsed) return done(make_error(ErrorKind::invalid_input, "unknown mode", "mode"));
      const AgentInfo* lead = agent_info(supervisor_user_id);
      if (lead == nullptr || lead->tenant_id != tenant_id)
        return done(make_error(ErrorKind::conflict,
                               "Ihrem Benutzer ist keine Nebenstelle (Telefon) zugeordnet."));
      if (supervisor_user_id == agent_user_id)
        return done(make_error(ErrorKind::conflict,
                               "Sie können nicht Ihr eigenes Gespräch "
                               "mithören."));
      if (!voice_->phone_registered(lead->username))
        return done(make_error(ErrorKind::conflict, "Ihr Telefon ist nicht angemeldet."));
      result = voice_->supervise(call, supervisor_user_id, lead->extension, *parsed);
    } else if (action == "mode") {
      const auto parsed = voice::parse_supervision_mode(mode);
      if (!parsed) return done(make_error(ErrorKind::invalid_input, "unknown mode", "mode"));
      result = voice_->set_supervision_mode(call, *parsed);
    } else if (action == "end") {
      result = voice_->end_supervision(call);
    } else {
      return done(make_error(ErrorKind::invalid_input, "unknown action"));
    }
    if (!result) return done(result.error());
    // The wallboards see who is supervised and how.
    publish(tenant_id, "desk.state", status_json(agent_user_id));
    done(supervision_answer(agent_user_id, action, mode));
  });
}

}  // namespace callwerk::app
