// Voicemails (messages callers left when a queue overflowed): their audio, and marking one
// done. Listing and reading them are the catalog's generic routes; only the server creates
// them (contact_center_voicemail.cpp).
#include <fstream>
#include <iterator>

#include "core/clock.hpp"
#include "http/handlers.hpp"
#include "http/json_responses.hpp"
#include "http/voicemail_file.hpp"

namespace callwerk::http {

namespace {

// The longest message is two minutes of 8 kHz stereo 16-bit audio (under 4 MB); anything far
// larger is not one of ours.
constexpr std::uintmax_t kMaxAudioBytes = 32u * 1024u * 1024u;

}  // namespace

void get_voicemail_audio(RequestContext& ctx) {
  if (auto none = expect_no_params(ctx.params); !none)
    return ctx.reply.respond(error_response(none.error()));
  // Bound to the caller's tenant: another tenant's voicemail is not found, like a missing one.
  auto voicemail = ctx.reader.get(*store::find_entity("voicemails"), ctx.caller.tenant_id, *ctx.id);
  if (!voicemail) return ctx.reply.respond(error_response(voicemail.error()));
  const auto file = voicemail->value("file", std::string());
  const auto path = voicemail_file_path(ctx.server.options.recordings_dir, file);
  std::error_code ec;
  if (!path || !std::filesystem::is_regular_file(*path, ec) ||
      std::filesystem::file_size(*path, ec) > kMaxAudioBytes || ec)
    return ctx.reply.respond(error_response(404, "the voicemail's audio is not available"));
  std::ifstream in(*path, std::ios::binary);
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof())
    return ctx.reply.respond(error_response(404, "the voicemail's audio is not available"));
  ApiResponse response;
  response.status = 200;
  response.body = std::move(body);
  response.content_type = "audio/wav";
  response.headers.emplace_back("Cache-Control", "private, no-store");
  ctx.reply.respond(std::move(response));
}

void post_voicemail_done(RequestContext& ctx) {
  if (auto none = expect_no_params(ctx.params); !none)
    return ctx.reply.respond(error_response(none.error()));
  // Who took care of it, and when: the caller of this request, now.
  store::Json patch{{"status", "done"}, {"done_by", ctx.caller.user_id}, {"done_at", now_ms()}};
  submit_write(
      ctx,
      [tenant = ctx.caller.tenant_id, id = *ctx.id, actor = ctx.caller.actor(),
       patch = std::move(patch)](store::WriteContext& w) {
        return w.update(*store::find_entity("voicemails"), tenant, id, patch, actor);
      },
      200);
}

}  // namespace callwerk::http
