#include "flow/flow_template.hpp"

#include <algorithm>

#include "flow/flow_expression.hpp"
#include "flow/flow_expression_text.hpp"

namespace callwerk::flow {

namespace {

enum class Found : std::uint8_t { none, valid, unclosed, empty, bad_name };

struct Placeholder {
  Found found = Found::none;
  std::size_t open = 0;  // offset of "{{"
  std::size_t end = 0;   // offset just after "}}"
  std::string_view name;
  const char* problem = nullptr;
};

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

Placeholder next_placeholder(std::string_view text, std::size_t from) {
  Placeholder result;
  result.open = text.find("{{", from);
  if (result.open == std::string_view::npos) return result;
  const std::size_t close = text.find("}}", result.open + 2);
  if (close == std::string_view::npos) {
    result.found = Found::unclosed;
    return result;
  }
  result.end = close + 2;
  result.name = trim(text.substr(result.open + 2, close - result.open - 2));
  if (result.name.empty()) {
    result.found = Found::empty;
    return result;
  }
  result.problem = text::check_name(result.name).reason;
  result.found = result.problem == nullptr ? Found::valid : Found::bad_name;
  return result;
}

}  // namespace

Result<std::vector<std::string>> template_variables(std::string_view text) {
  std::vector<std::string> names;
  std::size_t pos = 0;
  while (true) {
    const Placeholder placeholder = next_placeholder(text, pos);
    if (placeholder.found == Found::none) return names;
    const std::string where =
        "column " + std::to_string(text::column_at(text, placeholder.open)) + ": ";
    switch (placeholder.found) {
      case Found::unclosed:
        return make_error(ErrorKind::invalid_input, where + "'{{' has no closing '}}'");
      case Found::empty:
        return make_error(ErrorKind::invalid_input, where + "'{{ }}' names no variable");
      case Found::bad_name:
        return make_error(ErrorKind::invalid_input,
                          where + "'" + std::string(placeholder.name) +
                              "' is not a variable name: " + placeholder.problem);
      default:
        break;
    }
    if (std::find(names.begin(), names.end(), placeholder.name) == names.end()) {
      names.emplace_back(placeholder.name);
    }
    pos = placeholder.end;
  }
}

std::string render_template(std::string_view text, const FlowVariables& variables,
                            std::string_view language) {
  std::string out;
  out.reserve(text.size());
  // The map's comparator needs a std::string key; reusing one keeps lookups off the heap.
  thread_local std::string key;
  std::size_t pos = 0;
  while (true) {
    const Placeholder placeholder = next_placeholder(text, pos);
    if (placeholder.found == Found::none || placeholder.found == Found::unclosed) break;
    if (placeholder.found != Found::valid) {
      out.append(text.substr(pos, placeholder.end - pos));  // kept as written
      pos = placeholder.end;
      continue;
    }
    out.append(text.substr(pos, placeholder.open - pos));
    key.assign(placeholder.name);
    const auto found = variables.find(key);
    if (found != variables.end()) {
      if (const auto* value = std::get_if<std::string>(&found->second)) {
        out.append(*value);
      } else {
        out.append(value_to_text(found->second, language));
      }
    }
    pos = placeholder.end;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace callwerk::flow
