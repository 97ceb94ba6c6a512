#include "sip/sip_transaction.hpp"

#include <algorithm>

#include "sip/sip_transaction_keys.hpp"

namespace callwerk::sip {
namespace {

std::uint64_t timer_payload(SipTransactionId id, int role) {
  return (id << 1) | static_cast<std::uint64_t>(role);
}

}  // namespace

SipTransactionLayer::SipTransactionLayer(SipTimers timers) : timers_(timers) {}

void SipTransactionLayer::sync_idle_wheel(TimeMs now) {
  // After an idle spell the wheel's cursor is far behind; timers placed against it would
  // count as "later turns" and every next_deadline() would scan them all. With no timer
  // pending, bringing the cursor to now costs one pass over empty slots.
  if (wheel_.empty()) (void)wheel_.pop_expired(now);
}

void SipTransactionLayer::receive(SipMessage message, const SipPeer& source, TimeMs now,
                                  std::vector<SipTransactionOutput>& out) {
  sync_idle_wheel(now);
  if (message.is_request()) {
    receive_request(std::move(message), source, now, out);
  } else {
    receive_response(std::move(message), now, out);
  }
}

void SipTransactionLayer::receive_request(SipMessage request, const SipPeer& source, TimeMs now,
                                          std::vector<SipTransactionOutput>& out) {
  bool is_ack = request.method() == "ACK";
  // The parser only passes requests with a valid Via, so a missing key is not reachable
  // from the wire; drop rather than hand up something no transaction can answer.
  auto key = server_transaction_key(request, is_ack ? "INVITE" : request.method());
  if (!key) return;
  if (is_ack) {
    receive_ack(std::move(request), source, *key, now, out);
    return;
  }
  auto found = server_keys_.find(*key);
  if (found != server_keys_.end()) {
    if (auto* txn = find(found->second)) request_retransmitted(*txn, out);
    return;
  }
  start_server_transaction(std::move(request), source, std::move(*key), now, out);
}

void SipTransactionLayer::receive_response(SipMessage response, TimeMs now,
                                           std::vector<SipTransactionOutput>& out) {
  auto key = client_transaction_key(response);
  if (!key) return;
  auto found = client_keys_.find(*key);
  if (found == client_keys_.end()) return;  // stray: RFC 3261 §18.1.2 drops it
  auto* txn = find(found->second);
  if (txn == nullptr) return;
  if (txn->role == Role::client_invite) {
    client_invite_response(*txn, std::move(response), now, out);
  } else {
    client_non_invite_response(*txn, std::move(response), now, out);
  }
}

void SipTransactionLayer::advance(TimeMs now, std::vector<SipTransactionOutput>& out) {
  while (auto fired = wheel_.pop_expired(now)) {
    auto id = fired->payload >> 1;
    auto role = static_cast<TimerRole>(fired->payload & 1);
    auto* txn = find(id);
    if (txn == nullptr) continue;
    if (role == TimerRole::retransmit) {
      if (txn->retransmit_timer != fired->id) continue;
      txn->retransmit_timer = 0;
      retransmit_fired(*txn, fired->deadline, out);
    } else {
      if (txn->lifetime_timer != fired->id) continue;
      txn->lifetime_timer = 0;
      lifetime_fired(*txn, out);
    }
  }
}

std::optional<SipTransactionId> SipTransactionLayer::find_invite_for_cancel(
    const SipMessage& cancel) const {
  auto key = server_transaction_key(cancel, "INVITE");
  if (!key) return std::nullopt;
  auto found = server_keys_.find(*key);
  if (found == server_keys_.end()) return std::nullopt;
  return found->second;
}

void SipTransactionLayer::start_retransmit(Transaction& txn, TimeMs now, TimeMs interval) {
  stop_retransmit(txn);
  txn.retransmit_interval = interval;
  txn.retransmit_timer = wheel_.schedule(
      now + interval, timer_payload(txn.id, static_cast<int>(TimerRole::retransmit)));
}

void SipTransactionLayer::start_lifetime(Transaction& txn, TimeMs deadline) {
  stop_lifetime(txn);
  txn.lifetime_timer =
      wheel_.schedule(deadline, timer_payload(txn.id, static_cast<int>(TimerRole::lifetime)));
}

void SipTransactionLayer::stop_retransmit(Transaction& txn) {
  if (txn.retransmit_timer != 0) wheel_.cancel(txn.retransmit_timer);
  txn.retransmit_timer = 0;
}

void SipTransactionLayer::stop_lifetime(Transaction& txn) {
  if (txn.lifetime_timer != 0) wheel_.cancel(txn.lifetime_timer);
  txn.lifetime_timer = 0;
}

void SipTransactionLayer::send(const Transaction& txn,
                               std::vector<SipTransactionOutput>& out) const {
  out.emplace_back(SipSend{txn.peer, txn.message});
}

SipTransactionLayer::Transaction* SipTransactionLayer::find(SipTransactionId id) {
  auto found = transactions_.find(id);
  return found == transactions_.end() ? nullptr : &found->second;
}

void SipTransactionLayer::terminate(SipTransactionId id) {
  auto found = transactions_.find(id);
  if (found == transactions_.end()) return;
  auto& txn = found->second;
  stop_retransmit(txn);
  stop_lifetime(txn);
  auto& keys = (txn.role == Role::client_invite || txn.role == Role::client_non_invite)
                   ? client_keys_
                   : server_keys_;
  keys.erase(txn.key);
  if (!txn.ack_key.empty()) {
    auto ack = accepted_acks_.find(txn.ack_key);
    if (ack != accepted_acks_.end() && ack->second == id) accepted_acks_.erase(ack);
  }
  transactions_.erase(found);
}

void SipTransactionLayer::retransmit_fired(Transaction& txn, TimeMs deadline,
                                           std::vector<SipTransactionOutput>& out) {
  switch (txn.role) {
    case Role::client_invite:
      // Timer A doubles without the T2 cap (RFC 3261 §17.1.1.2); B ends it.
      if (txn.state != State::calling) return;
      send(txn, out);
      start_retransmit(txn, deadline, txn.retransmit_interval * 2);
      return;
    case Role::client_non_invite:
      // Timer E: doubling up to T2 while Trying, T2 once a provisional came.
      if (txn.state != State::trying && txn.state != State::proceeding) return;
      send(txn, out);
      start_retransmit(txn, deadline,
                       txn.state == State::proceeding
                           ? timers_.t2
                           : std::min(txn.retransmit_interval * 2, timers_.t2));
      return;
    case Role::server_invite:
      // Timer G for a 300-699, and the same schedule for a 2xx until its ACK.
      if (txn.state != State::completed && !(txn.state == State::accepted && !txn.acked)) return;
      send(txn, out);
      start_retransmit(txn, deadline, std::min(txn.retransmit_interval * 2, timers_.t2));
      return;
    case Role::server_non_invite:
      return;
  }
}

void SipTransactionLayer::lifetime_fired(Transaction& txn, std::vector<SipTransactionOutput>& out) {
  auto id = txn.id;
  switch (txn.role) {
    case Role::client_invite:
      if (txn.state == State::calling)  // timer B
        out.emplace_back(SipTransactionTimeout{id, SipTransactionTimeout::Kind::no_response});
      break;  // otherwise D (Completed) or M (Accepted)
    case Role::client_non_invite:
      if (txn.state == State::trying || txn.state == State::proceeding)  // timer F
        out.emplace_back(SipTransactionTimeout{id, SipTransactionTimeout::Kind::no_response});
      break;  // otherwise K
    case Role::server_invite:
      if (txn.state == State::completed || (txn.state == State::accepted && !txn.acked))
        out.emplace_back(SipTransactionTimeout{id, SipTransactionTimeout::Kind::no_ack});  // H, L
      break;  // otherwise I, or L after the ACK
    case Role::server_non_invite:
      break;  // J
  }
  terminate(id);
}

}  // namespace callwerk::sip
