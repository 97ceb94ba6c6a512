#include "core/roles.hpp"

#include <array>

namespace callwerk {

std::optional<Role> parse_role(std::string_view text) {
  if (text == "admin") return Role::admin;
  if (text == "supervisor") return Role::supervisor;
  if (text == "agent") return Role::agent;
  if (text == "client-viewer") return Role::client_viewer;
  return std::nullopt;
}

std::string_view role_name(Role role) {
  switch (role) {
    case Role::admin:
      return "admin";
    case Role::supervisor:
      return "supervisor";
    case Role::agent:
      return "agent";
    case Role::client_viewer:
      return "client-viewer";
  }
  return "unknown";
}

namespace {

// r = read, w = read and write, - = nothing. Columns: admin, supervisor, agent, client-viewer.
struct Rule {
  std::string_view resource;
  std::array<char, 4> access;
};

// Agents work cases (contacts, interactions, orders, tickets) and read the reference data they
// need; team leads additionally maintain reference data; the client organisation's viewers see
// the protocol and results but change nothing; only admins manage users, tokens and flows.
constexpr std::array<Rule, 27> kRules{{
    {"tenant", {'w', 'r', 'r', 'r'}},
    {"users", {'w', 'r', 'r', '-'}},
    {"tokens", {'w', '-', '-', '-'}},
    {"audit", {'r', 'r', '-', '-'}},
    {"events", {'r', 'r', 'r', 'r'}},
    {"skills", {'w', 'w', 'r', '-'}},
    {"queues", {'w', 'w', 'r', 'r'}},
    {"contacts", {'w', 'w', 'w', 'r'}},
    {"interactions", {'w', 'w', 'w', 'r'}},
    {"timeline", {'w', 'w', 'w', 'r'}},
    {"products", {'w', 'w', 'r', 'r'}},
    {"orders", {'w', 'w', 'w', 'r'}},
    {"tickets", {'w', 'w', 'w', 'r'}},
    {"callbacks", {'w', 'w', 'w', 'r'}},
    // Messages callers left: those who call back listen and mark them done; the client's
    // viewers do not hear the callers' voices.
    {"voicemails", {'w', 'w', 'w', '-'}},
    // Written only by the queue runtime: nobody edits the record KPIs are computed from.
    {"agent_states", {'r', 'r', '-', '-'}},
    {"queue_calls", {'r', 'r', '-', 'r'}},
    // Everyone who takes calls controls their own state; team leads and the client's viewers
    // watch the queues.
    {"desk", {'w', 'w', 'w', '-'}},
    {"wallboard", {'r', 'r', '-', 'r'}},
    // Listening, whispering and barging into agents' calls: the call center's own leads.
    {"supervision", {'w', 'w', '-', '-'}},
    // KPI reports and the staffing calculator, computed from queue_calls and agent_states.
    {"reports", {'r', 'r', '-', 'r'}},
    // Per-agent figures (states, pause reasons) stay with the call center's own team leads:
    // the client organisation sees queues, not people.
    {"agent_reports", {'r', 'r', '-', '-'}},
    {"kb", {'w', 'w', 'r', 'r'}},
    {"kb_synonyms", {'w', 'w', 'r', 'r'}},
    {"flows", {'w', 'r', 'r', '-'}},
    {"stats", {'r', 'r', 'r', 'r'}},
    {"search", {'r', 'r', 'r', 'r'}},
}};

}  // namespace

bool role_allows(Role role, std::string_view resource, Access access) {
  for (const Rule& rule : kRules) {
    if (rule.resource != resource) continue;
    const char a = rule.access[static_cast<std::size_t>(role)];
    if (access == Access::read) return a == 'r' || a == 'w';
    return a == 'w';
  }
  return false;  // unknown resources are closed by default
}

}  // namespace callwerk
