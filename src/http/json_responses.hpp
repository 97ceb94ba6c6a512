#pragma once
// Building JSON responses and the one error shape of the API:
// {"error": {"status": 400, "message": "...", "field": "..."}}.

#include <string>

#include "core/result.hpp"
#include "http/api_types.hpp"

namespace callwerk::http {

int http_status(ErrorKind kind);

// Serialises without throwing: invalid UTF-8 from the database is replaced, not fatal.
std::string dump_json(const store::Json& value);

ApiResponse json_response(int status, const store::Json& body);
ApiResponse no_content();
ApiResponse error_response(int status, std::string_view message, std::string_view field = {});
ApiResponse error_response(const Error& error);

}  // namespace callwerk::http
