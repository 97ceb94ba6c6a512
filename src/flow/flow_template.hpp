#pragma once
// Prompt texts with variables: "Ihre Bestellung {{bestellung.nummer}} ist angelegt." A name
// inside {{ }} may have spaces around it; "{{" without a closing "}}" is a syntax error.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "flow/flow_value.hpp"

namespace callwerk::flow {

// The variable names a text inserts, in order of first appearance; an error names the column
// of a broken or empty placeholder.
Result<std::vector<std::string>> template_variables(std::string_view text);

// Inserts values as value_to_text() writes them; unset variables insert nothing. Broken
// placeholders stay as written (the validator has already reported them).
std::string render_template(std::string_view text, const FlowVariables& variables,
                            std::string_view language);

}  // namespace callwerk::flow
