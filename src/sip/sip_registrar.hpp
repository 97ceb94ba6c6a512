#pragma once
// The registrar's binding table (RFC 3261 §10.3): which contacts each address-of-record can
// be reached at, until when, and from which address the REGISTER came (so requests to a
// phone behind NAT go to that address). Pure logic: the caller authenticates the REGISTER,
// maps the To URI to the AOR, sends the response and turns the changes into events.

#include <cstddef>
#include <cstdint>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "sip/sip_message.hpp"
#include "sip/sip_peer.hpp"

namespace callwerk::sip {

struct SipRegistrarLimits {
  uint32_t min_expires = 60;
  uint32_t max_expires = 3600;
  uint32_t default_expires = 3600;
  size_t max_contacts_per_aor = 5;
};

struct SipBinding {
  std::string aor;
  std::string contact;      // the Contact value as registered, e.g. "<sip:201@10.0.0.5:5062>"
  std::string contact_uri;  // the URI inside it, e.g. "sip:201@10.0.0.5:5062"
  std::string call_id;
  uint32_t cseq = 0;
  TimeMs expires_at = 0;
  float q = 1.0f;
  SipPeer source;  // where the REGISTER came from: requests to this contact go there (NAT)
  std::string user_agent;
};

struct SipBindingChange {
  enum class Kind {
    added,      // a new contact: the phone is reachable
    refreshed,  // the same contact registered again (its source may have moved)
    removed,    // unregistered with expires 0 or "*"
    expired,    // its time ran out: the phone is lost
  };
  Kind kind = Kind::added;
  SipBinding binding;  // for removed/expired the binding as it was
};

struct SipRegisterOutcome {
  int status = 200;
  std::string reason = "OK";
  // Header lines, each ending in CRLF: every current binding as "Contact: <uri>;expires=N"
  // for 200, "Min-Expires: N" for 423, "Retry-After: N" for 503.
  std::string extra_headers;
  bool changed = false;  // a contact was added or removed (not just refreshed)
  std::vector<SipBindingChange> changes;
};

// Answers (besides 200): 400 for "*" not alone or without Expires: 0, a malformed Contact or
// q; 423 with Min-Expires when a contact asks for less than min_expires (and not 0); 500 when
// the Call-ID of a binding is reused with a CSeq not above the stored one (§10.3 step 7);
// 503 with Retry-After (seconds until a binding of the AOR expires) when the request would
// leave more than max_contacts_per_aor bindings. 503 rather than 403: the state is temporary
// (stale contacts of a phone that changed its address expire), and phones give up on 403 but
// retry after a 503. A failing request changes nothing (§10.3: all updates or none), except
// that bindings of the AOR found expired are removed and reported in `changes` either way.
class SipRegistrar {
 public:
  explicit SipRegistrar(SipRegistrarLimits limits = {});

  // `register_request` is already authenticated and `aor` is its canonical address-of-record.
  SipRegisterOutcome apply(std::string_view aor, const SipMessage& register_request,
                           const SipPeer& source, TimeMs now);
  // The unexpired bindings of `aor`, highest q first (the most recently added first among equals).
  std::vector<SipBinding> lookup(std::string_view aor, TimeMs now) const;
  // Removes and returns every binding expired at `now`.
  std::vector<SipBinding> expire(TimeMs now);
  // Every stored binding, including expired ones that expire() has not removed yet.
  size_t binding_count() const { return binding_count_; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  struct StoredBinding {
    SipBinding binding;
    std::string key;  // the contact URI in the form compared for "same contact"
  };
  using Bindings = std::vector<StoredBinding>;
  // When the earliest binding of an AOR may expire. Entries go stale when bindings are
  // refreshed; they are skipped when popped and the heap is rebuilt when it grows too big.
  using ExpiryEntry = std::pair<TimeMs, std::string>;

  void schedule_expiry(const std::string& aor, TimeMs expires_at);
  void rebuild_expiry_heap();

  SipRegistrarLimits limits_;
  std::unordered_map<std::string, Bindings, Hash, std::equal_to<>> table_;
  std::priority_queue<ExpiryEntry, std::vector<ExpiryEntry>, std::greater<>> expiry_;
  size_t binding_count_ = 0;
};

}  // namespace callwerk::sip
