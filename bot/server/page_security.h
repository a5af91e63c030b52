#pragma once

#include <string>
#include <string_view>

namespace beian {

// The Content-Security-Policy for one of our own HTML pages: scripts only
// as the page's own inline <script> blocks (by their SHA-256, computed from
// `html`), fetches to this origin only, no frames, no plugins, no foreign
// form targets. Inline style attributes stay allowed (the pages use them;
// they cannot run code).
std::string ContentSecurityPolicy(std::string_view html);

}  // namespace beian
