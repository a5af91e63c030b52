#include "bot/server/http_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bot/channels/channel.h"
#include "bot/core/engine.h"
#include "bot/core/knowledge_source.h"
#include "bot/core/lookup_answer.h"
#include "bot/core/outbox.h"
#include "bot/server/admin_api.h"
#include "bot/server/guarded_server.h"
#include "bot/server/http_reply.h"
#include "bot/server/metrics.h"
#include "bot/server/page_security.h"
#include "bot/server/request_gate.h"
#include "knowledge/matcher.h"
#include "storage/storage_error.h"

namespace beian {
namespace {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

thread_local SteadyClock::time_point t_request_start;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

GuardOptions GuardOptionsFrom(const ServerOptions& o) {
  GuardOptions g;
  g.stream.read_timeout = std::chrono::seconds(o.read_timeout_seconds);
  g.stream.write_timeout = std::chrono::seconds(o.write_timeout_seconds);
  g.stream.request_deadline = std::chrono::seconds(o.request_deadline_seconds);
  g.stream.max_header_bytes = o.max_header_bytes;
  // Chunk framing on top of the body; the routes cap the body itself.
  g.stream.max_body_wire_bytes = 2 * std::max(o.max_body_bytes, o.max_image_body_bytes) + 4096;
  g.max_connections = o.threads;
  g.max_connections_per_address = o.max_connections_per_address;
  g.threads = o.threads;
  g.kept_threads = o.kept_threads;
  g.trusted_proxies = AddressSet(o.trusted_proxies);
  return g;
}

GateOptions GateOptionsFrom(const ServerOptions& o) {
  GateOptions g;
  g.max_body_bytes = o.max_body_bytes;
  g.max_image_body_bytes = o.max_image_body_bytes;
  g.allowed_hosts = o.allowed_hosts;
  g.address_per_minute = o.requests_per_minute_per_address;
  g.address_burst = o.request_burst_per_address;
  return g;
}

// The status and error text for a request that ran into a stream limit.
std::optional<std::pair<int, const char*>> LimitReply(StreamLimit limit) {
  switch (limit) {
    case StreamLimit::kHeaderTooLarge:
      return std::pair{431, "request headers too large"};
    case StreamLimit::kBodyTooLarge:
      return std::pair{413, "request body too large"};
    case StreamLimit::kDeadline:
      return std::pair{408, "request took too long to arrive"};
    case StreamLimit::kNone:
      break;
  }
  return std::nullopt;
}

// A slot among the bodies larger than max_body_bytes being read at once,
// given back when the request ends.
class LargeBody {
 public:
  explicit LargeBody(std::atomic<size_t>& count) : count_(count) {}
  ~LargeBody() {
    if (taken_) --count_;
  }
  LargeBody(const LargeBody&) = delete;
  LargeBody& operator=(const LargeBody&) = delete;
  bool Take(size_t limit) {
    if (taken_) return true;
    if (++count_ > limit) {
      --count_;
      return false;
    }
    return taken_ = true;
  }

 private:
  std::atomic<size_t>& count_;
  bool taken_ = false;
};

}  // namespace

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
        eq == std::string_view::npos
            ? ""
            : httplib::detail::decode_url(std::string(pair.substr(eq + 1)), false);
    if (!key.empty()) out.emplace(key, value);
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return out;
}

std::optional<size_t> TopOf(const std::map<std::string, std::string>& query) {
  const auto t = query.find("top");
  if (t == query.end()) return 5;
  try {
    size_t used = 0;
    const int n = std::stoi(t->second, &used);
    if (used == t->second.size() && n >= 1 && n <= 50) return static_cast<size_t>(n);
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

void JsonReply(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

void ErrorReply(httplib::Response& res, int status, const std::string& message) {
  JsonReply(res, status, {{"error", message}});
}

void CloseAfterReply() {
  if (ConnectionContext* c = GuardedServer::Current()) c->close_after = true;
}

std::string ClientOf(const httplib::Request& req) {
  const ConnectionContext* c = GuardedServer::Current();
  return c != nullptr ? c->client : req.remote_addr;
}

HttpServer::HttpServer(ServerOptions options, KnowledgeSource& knowledge, const BotTexts& texts,
                       Engine* engine, Metrics& metrics)
    : options_(std::move(options)),
      knowledge_(knowledge),
      texts_(texts),
      engine_(engine),
      metrics_(metrics),
      server_(std::make_unique<GuardedServer>(GuardOptionsFrom(options_))),
      gate_(std::make_unique<RequestGate>(GateOptionsFrom(options_))) {
  server_->set_payload_max_length(std::max(options_.max_body_bytes, options_.max_image_body_bytes));
  server_->set_read_timeout(options_.read_timeout_seconds, 0);
  server_->set_write_timeout(options_.write_timeout_seconds, 0);
  // httplib listens with a backlog of 5: a burst of new connections then
  // overflows the accept queue and each overflow costs the client a 1 s SYN
  // retry. Bind() listens again on the same socket with options_.listen_backlog.
  server_->set_socket_options([this](socket_t sock) {
    ListenSocketOptions(sock);
    listen_socket_ = sock;
  });
  server_->OnReject([this](const char* reason) { metrics_.Rejected(reason); });
  Guards();
  Routes();
}

// The handlers every request meets around its route: the gate before it,
// errors and the connection's fate after it, and the access log.
void HttpServer::Guards() {
  server_->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    t_request_start = SteadyClock::now();
    const auto rejection =
        gate_->Check(req, ClientOf(req), BodyRouteOf(req), std::chrono::system_clock::now());
    if (!rejection) return httplib::Server::HandlerResponse::Unhandled;
    metrics_.Rejected(rejection->reason);
    if (rejection->close) CloseAfterReply();
    if (rejection->status == 429) res.set_header("Retry-After", "1");
    ErrorReply(res, rejection->status, rejection->error);
    return httplib::Server::HandlerResponse::Handled;
  });
  // Runs before the gate: a body that will be refused is refused before
  // the client sends it.
  server_->set_expect_100_continue_handler(
      [this](const httplib::Request& req, httplib::Response& res) {
        const auto rejection = gate_->CheckFraming(req, BodyRouteOf(req));
        if (!rejection) return 100;
        metrics_.Rejected(rejection->reason);
        CloseAfterReply();
        ErrorReply(res, rejection->status, rejection->error);
        return rejection->status;
      });
  server_->set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
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
        ErrorReply(res, status,
                   status == 503 ? "storage unavailable, try again later" : "internal error");
      });
  server_->set_error_handler([this](const httplib::Request&, httplib::Response& res) {
    const ConnectionContext* c = GuardedServer::Current();
    if (const auto limit = LimitReply(c != nullptr ? c->stream->exceeded() : StreamLimit::kNone)) {
      metrics_.Rejected(limit->first == 408 ? "deadline" : limit->first == 431 ? "header" : "body");
      return ErrorReply(res, limit->first, limit->second);
    }
    if (!res.body.empty()) return;  // a handler already wrote its JSON error
    const char* message = res.status == 404   ? "not found"
                          : res.status == 413 ? "request body too large"
                          : res.status == 405 ? "method not allowed"
                          : res.status == 414 ? "request target too long"
                                              : "bad request";
    ErrorReply(res, res.status, message);
  });
  server_->set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    const ConnectionContext* c = GuardedServer::Current();
    if (c == nullptr || (!c->close_after && c->stream->exceeded() == StreamLimit::kNone)) return;
    res.headers.erase("Keep-Alive");
    res.headers.erase("Connection");
    res.set_header("Connection", "close");
  });
  server_->set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    const double seconds =
        std::chrono::duration<double>(SteadyClock::now() - t_request_start).count();
    const std::string route = req.path.rfind("/admin/api/", 0) == 0    ? "/admin/api"
                              : req.path.rfind("/kb/", 0) == 0         ? "/kb"
                              : req.path.rfind("/v1/entries/", 0) == 0 ? "/v1/entries"
                              : routes_.contains(req.path)             ? req.path
                                                                       : "other";
    metrics_.Request(route, res.status, seconds);
    if (options_.access_log) {
      const std::string line = "access: " + ClientOf(req) + ' ' + req.method + ' ' + req.path +
                               ' ' + std::to_string(res.status) + '\n';
      std::cerr.write(line.data(), static_cast<std::streamsize>(
                                       line.size()));  // one write: lines never interleave
    }
  });
}

BodyRoute HttpServer::BodyRouteOf(const httplib::Request& req) const {
  const bool admin_api = admin_ && req.path.rfind("/admin/api/", 0) == 0;
  if (req.method == "POST" && image_routes_.contains(req.path)) return BodyRoute::kReadsImage;
  if (req.method == "POST" && (body_routes_.contains(req.path) || admin_api))
    return BodyRoute::kReadsBody;
  const bool known = routes_.contains(req.path) || admin_api || req.path.rfind("/kb/", 0) == 0 ||
                     req.path.rfind("/v1/entries/", 0) == 0;
  return known ? BodyRoute::kNoBody : BodyRoute::kUnknown;
}

void HttpServer::PostWithBody(const std::string& pattern, BodyHandler handler, size_t max_bytes) {
  const size_t max = max_bytes != 0 ? max_bytes : options_.max_body_bytes;
  server_->Post(pattern, [this, max, handler = std::move(handler)](
                             const httplib::Request& req, httplib::Response& res,
                             const httplib::ContentReader& reader) {
    std::string body;
    bool too_large = false, busy = false;
    LargeBody large(large_bodies_);
    const bool read = reader([&](const char* data, size_t n) {
      if (body.size() + n > max) return !(too_large = true);
      // Past the ordinary cap (an image), only a few bodies at once.
      if (body.size() + n > options_.max_body_bytes) {
        if (!large.Take(options_.max_large_bodies)) return !(busy = true);
        // One block of the largest size, straight from the kernel (see
        // TuneMalloc): its pages are resident only once written, and no
        // doubling copies or freed halves stay behind in the thread's heap.
        if (body.capacity() < max) body.reserve(max);
      }
      body.append(data, n);
      return true;
    });
    if (busy) {
      metrics_.Rejected("large_bodies");
      CloseAfterReply();
      res.set_header("Retry-After", "5");
      return ErrorReply(res, 503, "too many large uploads at once; try again shortly");
    }
    if (too_large) {
      metrics_.Rejected("body");
      CloseAfterReply();
      return ErrorReply(res, 413, "request body too large");
    }
    if (!read) {
      CloseAfterReply();
      return ErrorReply(res, 400,
                        "could not read the request body");  // the error handler names a limit
    }
    handler(req, body, res);
  });
}

HttpServer::~HttpServer() = default;

void HttpServer::Routes() {
  routes_ = {"/healthz", "/metrics", "/v1/lookup"};
  server_->Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    JsonReply(res, 200,
              {{"status", "ok"}, {"entries", knowledge_.Current()->kb().entries().size()}});
  });
  server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics_.Render() +
                        "# HELP beian_http_open_connections Connections open now.\n"
                        "# TYPE beian_http_open_connections gauge\nbeian_http_open_connections " +
                        std::to_string(server_->open_connections()) + '\n',
                    "text/plain; version=0.0.4; charset=utf-8");
  });
  server_->Get(R"(/v1/entries/([a-z0-9.\-]+))",
               [this](const httplib::Request& req, httplib::Response& res) {
                 const auto matcher = knowledge_.Current();
                 const Entry* e = matcher->kb().Find(req.matches[1].str());
                 if (e == nullptr) return ErrorReply(res, 404, "no such entry");
                 JsonReply(res, 200, EntryJson(*e, matcher->kb(), texts_));
               });
  server_->Get("/v1/lookup", [this](const httplib::Request& req, httplib::Response& res) {
    const auto query = Query(req.target);
    const auto q = query.find("q");
    if (q == query.end()) return ErrorReply(res, 400, "missing query parameter q");
    if (q->second.size() > 4096) return ErrorReply(res, 400, "q is longer than 4096 bytes");
    const auto top = TopOf(query);
    if (!top) return ErrorReply(res, 400, "top must be an integer from 1 to 50");
    const MatchResult result = knowledge_.Current()->Match(q->second, *top);
    metrics_.Lookup(result.answered, result.ambiguous);
    JsonReply(res, 200, LookupJson(q->second, result));
  });
}

void HttpServer::SetWebPage(std::string index_html) {
  routes_.insert("/");
  server_->Get("/", [csp = ContentSecurityPolicy(index_html), page = std::move(index_html)](
                        const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Security-Policy", csp);
    res.set_header("X-Frame-Options", "DENY");
    res.set_content(page, "text/html; charset=utf-8");
  });
  server_->Get(R"(/kb/([a-z0-9.\-]+))",
               [this](const httplib::Request& req, httplib::Response& res) {
                 const auto matcher = knowledge_.Current();
                 const Entry* e = matcher->kb().Find(req.matches[1].str());
                 if (e == nullptr) {
                   res.status = 404;
                   res.set_content(EntryNotFoundHtml(texts_), "text/html; charset=utf-8");
                   return;
                 }
                 res.set_content(EntryHtml(*e, matcher->kb(), texts_), "text/html; charset=utf-8");
               });
}

void HttpServer::SetAdmin(AdminApi& admin, std::string page_html) {
  if (!page_html.empty()) {
    routes_.insert("/admin");
    server_->Get("/admin", [csp = ContentSecurityPolicy(page_html), page = std::move(page_html)](
                               const httplib::Request&, httplib::Response& res) {
      res.set_header("Cache-Control", "no-store");
      res.set_header("Content-Security-Policy", csp);
      res.set_header("Referrer-Policy", "no-referrer");
      res.set_header("X-Frame-Options", "DENY");
      res.set_content(page, "text/html; charset=utf-8");
    });
  }
  auto handler = [&admin](const httplib::Request& req, const std::string& body,
                          httplib::Response& res) {
    const ChannelResponse out = admin.Handle(req.method, req.matches[1].str(), Query(req.target),
                                             body, req.get_header_value("Authorization"));
    res.status = out.status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(out.body, out.content_type);
  };
  admin_ = true;
  server_->Get(R"(/admin/api/(.*))", [handler](const httplib::Request& req,
                                               httplib::Response& res) { handler(req, "", res); });
  PostWithBody(R"(/admin/api/(.*))", handler);
}

void ListenSocketOptions(int sock) {
  httplib::default_socket_options(sock);
  const int yes = 1, no = 0;
  ::setsockopt(sock, SOL_SOCKET, SO_REUSEPORT, &no, sizeof no);
  ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);  // restart at once after a stop
}

void HttpServer::AddChannel(const std::string& path, const Channel& channel,
                            const MediaSource* media) {
  auto handler = [this, &channel, media](const httplib::Request& req, const std::string& body,
                                         httplib::Response& res) {
    ChannelRequest in;
    in.method = req.method;
    in.query = Query(req.target);
    for (const auto& [k, v] : req.headers) in.headers.emplace(Lower(k), v);
    in.body = body;
    in.now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
    Parsed parsed = channel.Parse(in);
    ChannelResponse out = parsed.response;
    if (parsed.message && engine_ == nullptr) {
      out = ChannelResponse::Error(503, "conversations are not enabled on this server");
    } else if (parsed.message &&
               (!parsed.image.empty() || !parsed.image_url.empty() || !parsed.media_key.empty()) &&
               ReadScreenshot(parsed, media, channel) == Picture::kLate) {
      // Acknowledged now (its API replies are queued); the answer goes
      // through the platform's API.
      out = channel.Render(parsed, Acknowledgement(*parsed.message));
    } else if (parsed.message) {
      out = Answer(channel, parsed, false);
    }
    res.status = out.status;
    res.set_content(out.body, out.content_type);
  };
  routes_.insert(path);
  body_routes_.insert(path);
  server_->Get(path, [handler](const httplib::Request& req, httplib::Response& res) {
    handler(req, "", res);
  });
  const bool images = ocr_ != nullptr && channel.TakesImages();
  if (images) image_routes_.insert(path);
  PostWithBody(path, handler, images ? options_.max_image_body_bytes : 0);
}

ChannelResponse HttpServer::Answer(const Channel& channel, const Parsed& parsed, bool late) {
  const Reply reply = engine_->Handle(*parsed.message);
  metrics_.Message(std::string(channel.name()), std::string(Name(reply.kind)));
  // A retry was answered already: its deferred replies were queued then.
  if (reply.kind != Outcome::kDuplicate) Queue(channel, parsed, reply, late);
  return late ? ChannelResponse{} : channel.Render(parsed, reply);
}

void HttpServer::Queue(const Channel& channel, const Parsed& parsed, const Reply& reply,
                       bool late) {
  for (const auto& [sender, payload] :
       late ? channel.Late(parsed, reply) : channel.Deferred(parsed, reply)) {
    if (outbox_ == nullptr) {
      std::cerr << "server: " << channel.name() << " reply dropped: no outbox configured\n";
      break;
    }
    outbox_->Enqueue(sender, payload);
  }
}

Reply HttpServer::Acknowledgement(const IncomingMessage& m) const {
  if (m.group && !m.mentioned) return Reply{{}, Outcome::kIgnored, false};
  return Reply{{texts_(BotText::kScreenshotSlow)}, Outcome::kNonText};
}

int HttpServer::Bind() {
  const int port = options_.port == 0 ? server_->bind_to_any_port(options_.host.c_str())
                   : server_->bind_to_port(options_.host.c_str(), options_.port) ? options_.port
                                                                                 : -1;
  if (port > 0 && listen_socket_ >= 0)
    ::listen(listen_socket_, options_.listen_backlog);  // Linux: updates the backlog
  return port;
}

bool HttpServer::Serve() { return server_->Listen(); }

void HttpServer::Stop() { server_->Stop(); }

}  // namespace beian
