// Exports must not fail on text that is not valid UTF-8 (nlohmann::json::dump throws on it, a
// browser shows garbage): invalid bytes are replaced by U+FFFD. Internal header.
#pragma once

#include <string>

namespace iglens {

std::string sanitize_utf8(const std::string& text);

}  // namespace iglens
