#include "sip/sip_registrar.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <optional>

#include "sip/sip_text.hpp"
#include "sip/sip_uri.hpp"

namespace callwerk::sip {
namespace {

// A contact the request asks for, checked before anything is changed.
struct PlannedContact {
  std::string_view value;
  std::string_view uri;
  std::string key;
  uint32_t expires = 0;
  float q = 1.0f;
};

// A refusal keeps the changes already in `outcome`: expired bindings purged on the way.
// Returns a copy: moving out of `outcome` could alias apply()'s own return value (NRVO).
SipRegisterOutcome fail(const SipRegisterOutcome& outcome, int status, std::string reason,
                        std::string extra_headers = {}) {
  SipRegisterOutcome refused = outcome;
  refused.status = status;
  refused.reason = std::move(reason);
  refused.extra_headers = std::move(extra_headers);
  return refused;
}

// Expires header and expires param: seconds up to 2^32-1; larger numbers are just "long" and
// get clamped later. Malformed values count as absent here; RFC 3261 §20.10/§20.19 treat them
// like 3600, which is what the default stands for.
std::optional<uint32_t> parse_expires(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = std::min<uint64_t>(value * 10 + static_cast<uint64_t>(c - '0'),
                               std::numeric_limits<uint32_t>::max());
  }
  return static_cast<uint32_t>(value);
}

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )  (RFC 3261 §25.1)
std::optional<float> parse_q(std::string_view text) {
  if (text.empty() || (text[0] != '0' && text[0] != '1')) return std::nullopt;
  float value = static_cast<float>(text[0] - '0');
  if (text.size() == 1) return value;
  if (text[1] != '.' || text.size() > 5) return std::nullopt;
  float scale = 0.1f;
  for (char c : text.substr(2)) {
    if (c < '0' || c > '9') return std::nullopt;
    value += scale * static_cast<float>(c - '0');
    scale /= 10;
  }
  if (value > 1.0f) return std::nullopt;
  return value;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Contacts are the same binding when their URIs match with scheme, host and parameter names
// compared case-insensitively (a cut-down RFC 3261 §19.1.4: parameter order still counts).
std::string contact_key(const SipUri& uri) {
  std::string key = lowercase(uri.scheme);
  key += ':';
  key.append(uri.user);
  key += '@';
  key += lowercase(uri.host);
  key += ':';
  key += std::to_string(uri.port);
  for (const auto& [name, value] : uri.params) {
    key += ';';
    key += lowercase(name);
    key += '=';
    key.append(value);
  }
  for (const auto& [name, value] : uri.headers) {
    key += '?';
    key.append(name);
    key += '=';
    key.append(value);
  }
  return key;
}

// The URI as written inside the Contact value (the parsed views all point into `value`).
std::string_view uri_text(std::string_view value, const SipUri& uri) {
  auto start = static_cast<size_t>(uri.scheme.data() - value.data());
  bool bracketed = start > 0 && value[start - 1] == '<';
  // In the addr-spec form every ';' starts a header parameter (RFC 3261 §20.10).
  auto end = value.find(bracketed ? '>' : ';', start);
  return trim(value.substr(start, end == std::string_view::npos ? end : end - start));
}

uint32_t seconds_until(TimeMs when, TimeMs now) {
  auto ms = std::max<TimeMs>(when - now, 0);
  return static_cast<uint32_t>((ms + 999) / 1000);
}

// "Contact: <uri>;params;expires=N" with the registered params except the old expires.
void append_contact_line(std::string& out, const SipBinding& binding, TimeMs now) {
  out += "Contact: <";
  out += binding.contact_uri;
  out += '>';
  if (auto parsed = parse_name_addr(binding.contact)) {
    for (const auto& [name, value] : parsed->params) {
      if (iequals(name, "expires")) continue;
      out += ';';
      out.append(name);
      if (!value.empty()) out.append("=").append(value);
    }
  }
  out += ";expires=";
  out += std::to_string(seconds_until(binding.expires_at, now));
  out += "\r\n";
}

// Highest q first; stable sorting keeps registration order among equals.
bool higher_q(const SipBinding& a, const SipBinding& b) {
  return a.q > b.q;
}

}  // namespace

SipRegistrar::SipRegistrar(SipRegistrarLimits limits) : limits_(limits) {}

SipRegisterOutcome SipRegistrar::apply(std::string_view aor, const SipMessage& request,
                                       const SipPeer& source, TimeMs now) {
  SipRegisterOutcome outcome;
  auto entry = table_.find(aor);
  if (entry != table_.end()) {
    // Bindings whose time ran out are gone before the request is looked at, so a contact
    // registering again after expiry counts as added, and its old CSeq no longer matters.
    auto& bindings = entry->second;
    for (auto it = bindings.begin(); it != bindings.end();) {
      if (it->binding.expires_at > now) {
        ++it;
        continue;
      }
      outcome.changes.push_back({SipBindingChange::Kind::expired, std::move(it->binding)});
      it = bindings.erase(it);
      --binding_count_;
      outcome.changed = true;
    }
    if (bindings.empty()) {
      table_.erase(entry);
      entry = table_.end();
    }
  }
  static const Bindings kNone;
  const Bindings& current = entry != table_.end() ? entry->second : kNone;

  auto call_id = request.header("Call-ID").value_or("");
  auto cseq = request.cseq().number;
  auto out_of_order = [&](const StoredBinding& stored) {
    return stored.binding.call_id == call_id && cseq <= stored.binding.cseq;
  };
  auto contacts = request.header_values("Contact");
  auto expires_header = request.header("Expires");
  auto header_expires = expires_header ? parse_expires(*expires_header) : std::nullopt;

  std::vector<PlannedContact> planned;
  bool wildcard = false;
  for (auto value : contacts) {
    if (value == "*") {
      wildcard = true;
      continue;
    }
    auto parsed = parse_name_addr(value);
    if (!parsed) return fail(outcome, 400, "Malformed Contact");
    PlannedContact contact{value, uri_text(value, parsed->uri), contact_key(parsed->uri)};
    auto param = find_param(parsed->params, "expires");
    auto expires = param ? parse_expires(*param) : std::nullopt;
    if (!expires) expires = param ? std::nullopt : header_expires;
    contact.expires = expires.value_or(limits_.default_expires);
    if (contact.expires != 0 && contact.expires < limits_.min_expires)
      return fail(outcome, 423, "Interval Too Brief",
                  "Min-Expires: " + std::to_string(limits_.min_expires) + "\r\n");
    contact.expires = std::min(contact.expires, limits_.max_expires);
    if (auto q = find_param(parsed->params, "q")) {
      auto value_q = parse_q(*q);
      if (!value_q) return fail(outcome, 400, "Malformed q in Contact");
      contact.q = *value_q;
    }
    planned.push_back(std::move(contact));
  }

  if (wildcard) {
    // RFC 3261 §10.3 step 6: "*" removes every binding, and only alone with Expires: 0.
    if (contacts.size() != 1 || header_expires != 0u)
      return fail(outcome, 400, "Invalid Request: Contact * needs Expires: 0 and no other Contact");
    if (std::any_of(current.begin(), current.end(), out_of_order))
      return fail(outcome, 500, "Server Internal Error: CSeq out of order");
    if (entry != table_.end()) {
      for (auto& stored : entry->second)
        outcome.changes.push_back({SipBindingChange::Kind::removed, std::move(stored.binding)});
      binding_count_ -= entry->second.size();
      outcome.changed = true;
      table_.erase(entry);
    }
    return outcome;
  }

  // Check everything before changing anything: a failed REGISTER leaves the table as it was.
  std::vector<std::string_view> result_keys;
  result_keys.reserve(current.size() + planned.size());
  for (const auto& stored : current) result_keys.push_back(stored.key);
  size_t new_in_request = 0;
  for (const auto& contact : planned) {
    auto stored = std::find_if(current.begin(), current.end(),
                               [&](const StoredBinding& b) { return b.key == contact.key; });
    if (stored != current.end() && out_of_order(*stored))
      return fail(outcome, 500, "Server Internal Error: CSeq out of order");
    auto kept = std::find(result_keys.begin(), result_keys.end(), contact.key);
    if (contact.expires == 0) {
      if (kept != result_keys.end()) result_keys.erase(kept);
    } else if (kept == result_keys.end()) {
      result_keys.push_back(contact.key);
      if (stored == current.end()) ++new_in_request;
    }
  }
  if (result_keys.size() > limits_.max_contacts_per_aor && new_in_request > 0) {
    if (new_in_request > limits_.max_contacts_per_aor)
      return fail(outcome, 403, "Forbidden: too many contacts");  // waiting would not help
    TimeMs soonest = std::numeric_limits<TimeMs>::max();
    for (const auto& stored : current) soonest = std::min(soonest, stored.binding.expires_at);
    return fail(
        outcome, 503, "Service Unavailable: too many contacts",
        "Retry-After: " + std::to_string(std::max(1u, seconds_until(soonest, now))) + "\r\n");
  }

  if (!planned.empty() && entry == table_.end()) entry = table_.try_emplace(std::string(aor)).first;
  auto user_agent = request.header("User-Agent").value_or("");
  for (const auto& contact : planned) {
    auto& bindings = entry->second;
    auto it = std::find_if(bindings.begin(), bindings.end(),
                           [&](const StoredBinding& b) { return b.key == contact.key; });
    if (contact.expires == 0) {
      if (it == bindings.end()) continue;
      outcome.changes.push_back({SipBindingChange::Kind::removed, std::move(it->binding)});
      bindings.erase(it);
      --binding_count_;
      outcome.changed = true;
      continue;
    }
    bool added = it == bindings.end();
    if (added) bindings.push_back({SipBinding{}, contact.key});
    SipBinding& binding = added ? bindings.back().binding : it->binding;
    binding.aor = aor;
    binding.contact = contact.value;
    binding.contact_uri = contact.uri;
    binding.call_id = call_id;
    binding.cseq = cseq;
    binding.expires_at = now + static_cast<TimeMs>(contact.expires) * 1000;
    binding.q = contact.q;
    binding.source = source;
    binding.user_agent = user_agent;
    if (added) {
      ++binding_count_;
      outcome.changed = true;
      schedule_expiry(entry->first, binding.expires_at);
    }
    outcome.changes.push_back(
        {added ? SipBindingChange::Kind::added : SipBindingChange::Kind::refreshed, binding});
  }
  if (entry != table_.end() && entry->second.empty()) {
    table_.erase(entry);
    entry = table_.end();
  }

  if (entry != table_.end()) {
    std::vector<const SipBinding*> listed;
    listed.reserve(entry->second.size());
    for (const auto& stored : entry->second) listed.push_back(&stored.binding);
    std::stable_sort(listed.begin(), listed.end(),
                     [](const SipBinding* a, const SipBinding* b) { return higher_q(*a, *b); });
    for (const auto* binding : listed) append_contact_line(outcome.extra_headers, *binding, now);
  }
  return outcome;
}

std::vector<SipBinding> SipRegistrar::lookup(std::string_view aor, TimeMs now) const {
  std::vector<SipBinding> found;
  auto entry = table_.find(aor);
  if (entry == table_.end()) return found;
  // Newest contact first among equal q: a phone that came back on a new address (restart,
  // NAT rebinding) is reachable there, while its old contact may be dead until it expires.
  for (auto it = entry->second.rbegin(); it != entry->second.rend(); ++it) {
    if (it->binding.expires_at > now) found.push_back(it->binding);
  }
  std::stable_sort(found.begin(), found.end(), higher_q);
  return found;
}

std::vector<SipBinding> SipRegistrar::expire(TimeMs now) {
  std::vector<SipBinding> expired;
  while (!expiry_.empty() && expiry_.top().first <= now) {
    auto aor = expiry_.top().second;
    expiry_.pop();
    auto entry = table_.find(aor);
    if (entry == table_.end()) continue;
    auto& bindings = entry->second;
    TimeMs next = std::numeric_limits<TimeMs>::max();
    for (auto it = bindings.begin(); it != bindings.end();) {
      if (it->binding.expires_at > now) {
        next = std::min(next, it->binding.expires_at);
        ++it;
        continue;
      }
      expired.push_back(std::move(it->binding));
      it = bindings.erase(it);
      --binding_count_;
    }
    if (bindings.empty()) {
      table_.erase(entry);
    } else {
      // Refreshes do not add heap entries, so the AOR's next expiry is scheduled here.
      expiry_.emplace(next, std::move(aor));
    }
  }
  return expired;
}

void SipRegistrar::schedule_expiry(const std::string& aor, TimeMs expires_at) {
  // Every AOR with bindings has an entry at or before its earliest expiry. Additions push one;
  // refreshes only move expiry later, so they need none.
  expiry_.emplace(expires_at, aor);
  if (expiry_.size() > 2 * binding_count_ + 1024) rebuild_expiry_heap();
}

void SipRegistrar::rebuild_expiry_heap() {
  std::vector<ExpiryEntry> entries;
  entries.reserve(table_.size());
  for (const auto& [aor, bindings] : table_) {
    TimeMs earliest = std::numeric_limits<TimeMs>::max();
    for (const auto& stored : bindings) earliest = std::min(earliest, stored.binding.expires_at);
    entries.emplace_back(earliest, aor);
  }
  expiry_ = decltype(expiry_)(std::greater<>{}, std::move(entries));
}

}  // namespace callwerk::sip
