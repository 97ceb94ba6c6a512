// Voicemail in the ACD: a queue whose overflow_action is "voicemail" hands a caller whose
// maximum wait is over to the voice channel, which records a message
// (VoiceService::voicemail_instead). The queue record of the stay says timed_out, as for every
// overflow after the maximum wait. When the voice channel reports the message, it is stored
// (voicemails) with a voicemail.stored entry in the call's protocol, in one write; a
// recording too short or failed gets a voicemail.discarded entry instead.
#include <spdlog/spdlog.h>

#include "app/contact_center.hpp"
#include "voice/voice_service.hpp"

namespace callwerk::app {

using store::Json;

namespace {
const store::Actor kVoicemailActor{std::nullopt, "acd"};
}  // namespace

bool ContactCenter::overflow_to_voicemail(acd::CallId call, const CallInfo& waiting,
                                          const QueueInfo& queue) {
  const auto key = static_cast<voice::CallKey>(call);
  if (!voice_->voicemail_instead(key, TimeMs{queue.voicemail_max_seconds} * 1000)) return false;
  voicemail_calls_[call] = waiting;
  protocol(call, "queue.voicemail", {{"queue_id", waiting.queue}});
  return true;
}

void ContactCenter::voicemail_recorded(voice::CallKey key, const VoicemailRecorded& message) {
  const auto call = static_cast<acd::CallId>(key);
  const auto it = voicemail_calls_.find(call);
  if (it == voicemail_calls_.end()) return;
  const CallInfo waiting = it->second;
  voicemail_calls_.erase(it);
  const auto interaction = waiting.interaction_id;
  if (!message.stored) {
    if (!interaction) return;
    Json payload{{"reason", message.reason}, {"duration_ms", message.duration_ms}};
    writer_.submit(
        [tenant = waiting.tenant_id, id = *interaction,
         payload = std::move(payload)](store::WriteContext& ctx) {
          return ctx.append_timeline(tenant, id, "voicemail.discarded", payload, kVoicemailActor);
        },
        [](Result<Json> stored) {
          if (!stored)
            spdlog::error("acd: voicemail protocol not stored: {}", stored.error().describe());
        });
    return;
  }
  Json input{{"queue_id", waiting.queue},
             {"file", message.file},
             {"duration_ms", message.duration_ms},
             {"status", "new"}};
  if (!message.caller_number.empty()) input["caller_number"] = message.caller_number;
  if (message.contact_id) input["contact_id"] = *message.contact_id;
  if (interaction) input["interaction_id"] = *interaction;
  writer_.submit(
      [tenant = waiting.tenant_id, interaction,
       input = std::move(input)](store::WriteContext& ctx) -> Result<Json> {
        auto stored = ctx.create(*store::find_entity("voicemails"), tenant, input, kVoicemailActor);
        if (!stored || !interaction) return stored;
        auto entry = ctx.append_timeline(tenant, *interaction, "voicemail.stored",
                                         Json{{"voicemail_id", stored->at("id")},
                                              {"duration_ms", input.at("duration_ms")},
                                              {"file", input.at("file")}},
                                         kVoicemailActor);
        if (!entry) return entry.error();
        return stored;
      },
      [](Result<Json> stored) {
        if (!stored) spdlog::error("acd: voicemail not stored: {}", stored.error().describe());
      });
}

}  // namespace callwerk::app
