// The one error type of the core. Every failure a user can cause (bad model file, bad text,
// unsupported op, unknown label) is reported by throwing iglens::Error with a message that
// says what went wrong and what to do about it. The CLI and the WASM bindings catch it at
// their boundary; nothing else in the core catches it.
#pragma once

#include <stdexcept>
#include <string>

namespace iglens {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace iglens
