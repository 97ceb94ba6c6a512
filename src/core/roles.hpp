#pragma once
// Who may do what. Pure policy, checked by the HTTP layer on every request; tenant separation
// is enforced separately by the store (every query is bound to the caller's tenant).

#include <optional>
#include <string_view>

namespace callwerk {

enum class Role { admin, supervisor, agent, client_viewer };

std::optional<Role> parse_role(std::string_view text);  // "client-viewer" -> client_viewer
std::string_view role_name(Role role);

enum class Access { read, write };

// `resource` is an entity name from the store catalog ("contacts", "orders", ...) or one of the
// special resources "timeline", "audit", "tokens", "tenant", "events".
bool role_allows(Role role, std::string_view resource, Access access);

}  // namespace callwerk
