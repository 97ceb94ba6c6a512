#include "http/json_responses.hpp"

namespace callwerk::http {

int http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_input:
      return 400;
    case ErrorKind::not_found:
      return 404;
    case ErrorKind::conflict:
      return 409;
    case ErrorKind::unauthorized:
      return 401;
    case ErrorKind::forbidden:
      return 403;
    case ErrorKind::too_many:
      return 429;
    case ErrorKind::too_large:
      return 413;
    case ErrorKind::internal:
      return 500;
  }
  return 500;
}

std::string dump_json(const store::Json& value) {
  return value.dump(-1, ' ', false, store::Json::error_handler_t::replace);
}

ApiResponse json_response(int status, const store::Json& body) {
  ApiResponse response;
  response.status = status;
  response.body = dump_json(body);
  return response;
}

ApiResponse no_content() {
  ApiResponse response;
  response.status = 204;
  return response;
}

ApiResponse error_response(int status, std::string_view message, std::string_view field) {
  store::Json error{{"status", status}, {"message", message}};
  if (!field.empty()) error["field"] = field;
  return json_response(status, store::Json{{"error", std::move(error)}});
}

ApiResponse error_response(const Error& error) {
  const int status = http_status(error.kind);
  // Internal details (SQL messages) stay in the log, not in the response.
  if (status == 500) return error_response(500, "internal error");
  return error_response(status, error.message, error.location);
}

}  // namespace callwerk::http
