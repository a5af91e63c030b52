#include "bot/server/page_security.h"

#include "bot/channels/crypto.h"

namespace beian {

std::string ContentSecurityPolicy(std::string_view html) {
  std::string scripts;
  constexpr std::string_view kOpen = "<script>", kClose = "</script>";
  for (auto at = html.find(kOpen); at != std::string_view::npos; at = html.find(kOpen, at)) {
    const auto body = at + kOpen.size();
    const auto end = html.find(kClose, body);
    if (end == std::string_view::npos) break;
    scripts += " 'sha256-" + Base64Encode(Sha256(html.substr(body, end - body))) + "'";
    at = end;
  }
  return "default-src 'none'; script-src" + (scripts.empty() ? std::string(" 'none'") : scripts) +
         "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri "
         "'none'; "
         "form-action 'self'; frame-ancestors 'none'";
}

}  // namespace beian
