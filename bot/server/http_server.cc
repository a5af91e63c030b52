#include "bot/server/http_server.h"

#include <sys/socket.h>

#include <httplib.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bot/channels/channel.h"
#include "bot/core/engine.h"
#include "bot/core/knowledge_source.h"
#include "bot/core/lookup_answer.h"
#include "bot/core/outbox.h"
#include "bot/server/admin_api.h"
#include "bot/server/metrics.h"
#include "bot/server/thread_pool.h"
#include "knowledge/matcher.h"
#include "storage/storage_error.h"

namespace beian {
namespace {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

thread_local SteadyClock::time_point t_request_start;

void JsonReply(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json; charset=utf-8");
}

void ErrorReply(httplib::Response& res, int status, const std::string& message) {
  JsonReply(res, status, {{"error", message}});
}

// The query string decoded by hand: httplib turns '+' into a space, which
// corrupts base64 values such as WeCom's echostr.
std::map<std::string, std::string> Query(const std::string& target) {
  std::map<std::string, std::string> out;
  const auto q = target.find('?');
  if (q == std::string::npos) return out;
  std::string_view rest = std::string_view(target).substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    const std::string key = httplib::detail::decode_url(std::string(pair.substr(0, eq)), false);
    const std::string value =
        eq == std::string_view::npos ? "" : httplib::detail::decode_url(std::string(pair.substr(eq + 1)), false);
    if (!key.empty()) out.emplace(key, value);
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

HttpServer::HttpServer(ServerOptions options, KnowledgeSource& knowledge, Engine* engine, Metrics& metrics)
    : options_(std::move(options)),
      knowledge_(knowledge),
      engine_(engine),
      metrics_(metrics),
      server_(std::make_unique<httplib::Server>()) {
  server_->set_payload_max_length(options_.max_body_bytes);
  server_->set_read_timeout(options_.read_timeout_seconds, 0);
  server_->set_write_timeout(options_.write_timeout_seconds, 0);
  server_->set_tcp_nodelay(true);
  // A keep-alive connection serves up to 100 requests (httplib's default, 5,
  // makes a busy platform reconnect every fifth message) and is closed after
  // 2 idle seconds, so that idle connections do not hold the worker threads.
  server_->set_keep_alive_max_count(100);
  server_->set_keep_alive_timeout(2);
  // httplib listens with a backlog of 5: a burst of new connections then
  // overflows the accept queue and each overflow costs the client a 1 s SYN
  // retry. Bind() listens again on the same socket with options_.listen_backlog.
  server_->set_socket_options([this](socket_t sock) {
    ListenSocketOptions(sock);
    listen_socket_ = sock;
  });
  server_->new_task_queue = [kept = options_.kept_threads, threads = options_.threads] {
    return new ElasticThreadPool(kept, threads);
  };
  server_->set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    t_request_start = SteadyClock::now();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server_->set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    int status = 500;
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const StorageError& e) {
      what = e.what();
      status = 503;
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::cerr << "server: " << req.method << ' ' << req.path << " failed: " << what << '\n';
    ErrorReply(res, status, status == 503 ? "storage unavailable, try again later" : "internal error");
  });
  server_->set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;  // a handler already wrote its JSON error
    const char* message = res.status == 404   ? "not found"
                          : res.status == 413 ? "request body too large"
                          : res.status == 405 ? "method not allowed"
                                              : "bad request";
    ErrorReply(res, res.status, message);
  });
  server_->set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    const double seconds = std::chrono::duration<double>(SteadyClock::now() - t_request_start).count();
    const std::string route = req.path.rfind("/admin/api/", 0) == 0    ? "/admin/api"
                              : req.path.rfind("/kb/", 0) == 0          ? "/kb"
                              : req.path.rfind("/v1/entries/", 0) == 0 ? "/v1/entries"
                              : routes_.contains(req.path)              ? req.path
                                                                        : "other";
    metrics_.Request(route, res.status, seconds);
    if (options_.access_log) {
      const std::string line = "access: " + req.method + ' ' + req.path + ' ' + std::to_string(res.status) + '\n';
      std::cerr.write(line.data(), static_cast<std::streamsize>(line.size()));  // one write: lines never interleave
    }
  });
  Routes();
}

HttpServer::~HttpServer() = default;

void HttpServer::Routes() {
  routes_ = {"/healthz", "/metrics", "/v1/lookup"};
  server_->Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    JsonReply(res, 200, {{"status", "ok"}, {"entries", knowledge_.Current()->kb().entries().size()}});
  });
  server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics_.Render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  server_->Get(R"(/v1/entries/([a-z0-9.\-]+))", [this](const httplib::Request& req, httplib::Response& res) {
    const auto matcher = knowledge_.Current();
    const Entry* e = matcher->kb().Find(req.matches[1].str());
    if (e == nullptr) return ErrorReply(res, 404, "no such entry");
    JsonReply(res, 200, EntryJson(*e, matcher->kb()));
  });
  server_->Get("/v1/lookup", [this](const httplib::Request& req, httplib::Response& res) {
    const auto query = Query(req.target);
    const auto q = query.find("q");
    if (q == query.end()) return ErrorReply(res, 400, "missing query parameter q");
    if (q->second.size() > 4096) return ErrorReply(res, 400, "q is longer than 4096 bytes");
    size_t top = 5;
    if (const auto t = query.find("top"); t != query.end()) {
      try {
        size_t used = 0;
        const int n = std::stoi(t->second, &used);
        if (used != t->second.size() || n < 1 || n > 50) throw std::invalid_argument(t->second);
        top = static_cast<size_t>(n);
      } catch (const std::exception&) {
        return ErrorReply(res, 400, "top must be an integer from 1 to 50");
      }
    }
    const MatchResult result = knowledge_.Current()->Match(q->second, top);
    metrics_.Lookup(result.answered, result.ambiguous);
    JsonReply(res, 200, LookupJson(q->second, result));
  });
}

void HttpServer::SetWebPage(std::string index_html) {
  routes_.insert("/");
  server_->Get("/", [page = std::move(index_html)](const httplib::Request&, httplib::Response& res) {
    res.set_content(page, "text/html; charset=utf-8");
  });
  server_->Get(R"(/kb/([a-z0-9.\-]+))", [this](const httplib::Request& req, httplib::Response& res) {
    const auto matcher = knowledge_.Current();
    const Entry* e = matcher->kb().Find(req.matches[1].str());
    if (e == nullptr) {
      res.status = 404;
      res.set_content("<!doctype html><meta charset=\"utf-8\"><p>没有这个条目。<a href=\"/\">回到报错查询</a></p>",
                      "text/html; charset=utf-8");
      return;
    }
    res.set_content(EntryHtml(*e, matcher->kb()), "text/html; charset=utf-8");
  });
}

void HttpServer::SetAdmin(AdminApi& admin, std::string page_html) {
  if (!page_html.empty()) {
    routes_.insert("/admin");
    server_->Get("/admin", [page = std::move(page_html)](const httplib::Request&, httplib::Response& res) {
      res.set_header("Cache-Control", "no-store");
      res.set_header("X-Frame-Options", "DENY");
      res.set_content(page, "text/html; charset=utf-8");
    });
  }
  auto handler = [&admin](const httplib::Request& req, httplib::Response& res) {
    const ChannelResponse out = admin.Handle(req.method, req.matches[1].str(), Query(req.target), req.body,
                                             req.get_header_value("Authorization"));
    res.status = out.status;
    res.set_content(out.body, out.content_type);
  };
  server_->Get(R"(/admin/api/(.*))", handler);
  server_->Post(R"(/admin/api/(.*))", handler);
}

void ListenSocketOptions(int sock) {
  httplib::default_socket_options(sock);
  const int yes = 1, no = 0;
  ::setsockopt(sock, SOL_SOCKET, SO_REUSEPORT, &no, sizeof no);
  ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);  // restart at once after a stop
}

void HttpServer::AddChannel(const std::string& path, const Channel& channel) {
  auto handler = [this, &channel](const httplib::Request& req, httplib::Response& res) {
    ChannelRequest in;
    in.method = req.method;
    in.query = Query(req.target);
    for (const auto& [k, v] : req.headers) in.headers.emplace(Lower(k), v);
    in.body = req.body;
    in.now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
    const Parsed parsed = channel.Parse(in);
    ChannelResponse out = parsed.response;
    if (parsed.message) {
      if (engine_ == nullptr) {
        out = ChannelResponse::Error(503, "conversations are not enabled on this server");
      } else {
        const Reply reply = engine_->Handle(*parsed.message);
        metrics_.Message(std::string(channel.name()), reply.kind);
        out = channel.Render(parsed, reply);
        // A retry was answered already: its deferred replies were queued then.
        const bool retry = reply.kind == "duplicate";
        for (const auto& [sender, payload] : retry ? decltype(channel.Deferred(parsed, reply)){}
                                                   : channel.Deferred(parsed, reply)) {
          if (outbox_ == nullptr) {
            std::cerr << "server: " << channel.name() << " reply dropped: no outbox configured\n";
            break;
          }
          outbox_->Enqueue(sender, payload);
        }
      }
    }
    res.status = out.status;
    res.set_content(out.body, out.content_type);
  };
  routes_.insert(path);
  server_->Get(path, handler);
  server_->Post(path, handler);
}

int HttpServer::Bind() {
  const int port = options_.port == 0 ? server_->bind_to_any_port(options_.host.c_str())
                   : server_->bind_to_port(options_.host.c_str(), options_.port) ? options_.port
                                                                               : -1;
  if (port > 0 && listen_socket_ >= 0) ::listen(listen_socket_, options_.listen_backlog);  // Linux: updates the backlog
  return port;
}

bool HttpServer::Serve() { return server_->listen_after_bind(); }

void HttpServer::Stop() { server_->stop(); }

}  // namespace beian
