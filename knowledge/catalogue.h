#pragma once

#include <span>
#include <string_view>

namespace beian {

// The ids every knowledge base must hold (../shared/kb-catalogue.md).
// Returns a view of static storage.
std::span<const std::string_view> CatalogueIds();

}  // namespace beian
