#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace beian {

// Helpers the HTTP server's route files share (bot/server/http_*.cc).

// `body` as the response, application/json, invalid UTF-8 replaced.
void JsonReply(httplib::Response& res, int status, const nlohmann::json& body);
// {"error": message} with `status`.
void ErrorReply(httplib::Response& res, int status, const std::string& message);
// Closes the connection after this response (its body was not all read).
void CloseAfterReply();
// The client address the request is counted against (the forwarded one
// behind a trusted proxy).
std::string ClientOf(const httplib::Request& req);

}  // namespace beian
