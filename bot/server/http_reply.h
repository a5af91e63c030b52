#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
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
// The query string of `target` decoded by hand: httplib turns '+' into a
// space, which corrupts base64 values such as WeCom's echostr.
std::map<std::string, std::string> Query(const std::string& target);
// The "top" parameter: 5 when absent, nullopt unless an integer 1..50.
std::optional<std::size_t> TopOf(const std::map<std::string, std::string>& query);
// The client address the request is counted against (the forwarded one
// behind a trusted proxy).
std::string ClientOf(const httplib::Request& req);

}  // namespace beian
