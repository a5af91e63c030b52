#include "bot/server/http_server.h"

#include <httplib.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bot/core/lookup_answer.h"
#include "knowledge/matcher.h"

namespace beian {
namespace {

using nlohmann::json;

void JsonReply(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

void ErrorReply(httplib::Response& res, int status, const std::string& message) {
  JsonReply(res, status, {{"error", message}});
}

}  // namespace

HttpServer::HttpServer(ServerOptions options, const Matcher& matcher)
    : options_(std::move(options)), matcher_(matcher), server_(std::make_unique<httplib::Server>()) {
  server_->set_payload_max_length(options_.max_body_bytes);
  server_->set_read_timeout(options_.read_timeout_seconds, 0);
  server_->set_write_timeout(options_.write_timeout_seconds, 0);
  server_->set_tcp_nodelay(true);
  server_->set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                                    std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::cerr << "server: " << req.method << ' ' << req.path << " failed: " << what << '\n';
    ErrorReply(res, 500, "internal error");
  });
  server_->set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;  // a handler already wrote its JSON error
    const char* message = res.status == 404   ? "not found"
                          : res.status == 413 ? "request body too large"
                          : res.status == 405 ? "method not allowed"
                                              : "bad request";
    ErrorReply(res, res.status, message);
  });
  if (options_.access_log) {
    server_->set_logger([](const httplib::Request& req, const httplib::Response& res) {
      std::cerr << "access: " << req.method << ' ' << req.path << ' ' << res.status << '\n';
    });
  }
  Routes();
}

HttpServer::~HttpServer() = default;

void HttpServer::Routes() {
  server_->Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    JsonReply(res, 200, {{"status", "ok"}, {"entries", matcher_.kb().entries().size()}});
  });
  server_->Get("/v1/lookup", [this](const httplib::Request& req, httplib::Response& res) {
    if (!req.has_param("q")) return ErrorReply(res, 400, "missing query parameter q");
    const std::string q = req.get_param_value("q");
    if (q.size() > 4096) return ErrorReply(res, 400, "q is longer than 4096 bytes");
    size_t top = 5;
    if (req.has_param("top")) {
      const std::string t = req.get_param_value("top");
      try {
        size_t used = 0;
        const int n = std::stoi(t, &used);
        if (used != t.size() || n < 1 || n > 50) throw std::invalid_argument(t);
        top = static_cast<size_t>(n);
      } catch (const std::exception&) {
        return ErrorReply(res, 400, "top must be an integer from 1 to 50");
      }
    }
    JsonReply(res, 200, LookupJson(q, matcher_.Match(q, top)));
  });
}

int HttpServer::Bind() {
  if (options_.port == 0) return server_->bind_to_any_port(options_.host.c_str());
  return server_->bind_to_port(options_.host.c_str(), options_.port) ? options_.port : -1;
}

bool HttpServer::Serve() { return server_->listen_after_bind(); }

void HttpServer::Stop() { server_->stop(); }

}  // namespace beian
