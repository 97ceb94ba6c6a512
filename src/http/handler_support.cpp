#include "http/handlers.hpp"
#include "http/json_responses.hpp"

namespace callwerk::http {

namespace {

// nlohmann parses and destroys iteratively, but copies and serialises recursively: a body of
// a few hundred thousand '[' would exhaust the stack of an HTTP (or the writer) thread once
// stored and sent back. No API object needs more than a handful of levels.
constexpr int kMaxJsonDepth = 32;

bool nesting_within(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

}  // namespace

Result<store::Json> json_object_body(const ApiRequest& request) {
  if (request.body.empty()) {
    return make_error(ErrorKind::invalid_input, "a JSON object body is required");
  }
  if (!nesting_within(request.body, kMaxJsonDepth)) {
    return make_error(ErrorKind::invalid_input,
                      "the body is nested too deeply (at most 32 levels)");
  }
  store::Json body = store::Json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded())
    return make_error(ErrorKind::invalid_input, "the body is not valid JSON");
  if (!body.is_object()) {
    return make_error(ErrorKind::invalid_input, "the body must be a JSON object");
  }
  return body;
}

void submit_write(RequestContext& ctx, store::WriteWork work, int success_status,
                  std::function<void(const Result<store::Json>&)> on_committed) {
  Reply reply = ctx.reply;
  ctx.server.writer.submit(
      std::move(work),
      [reply, success_status, on_committed = std::move(on_committed)](Result<store::Json> result) {
        // On the writer thread: do nothing here but hand the result back to the connection's
        // thread, so the writer is never slowed down by serialisation or sockets.
        reply.post([reply, success_status, on_committed, result = std::move(result)] {
          if (on_committed) on_committed(result);
          if (!result) return reply.respond(error_response(result.error()));
          if (success_status == 204) return reply.respond(no_content());
          reply.respond(json_response(success_status, *result));
        });
      });
}

}  // namespace callwerk::http
