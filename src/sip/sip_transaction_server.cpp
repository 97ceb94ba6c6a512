// Server transactions (RFC 3261 §17.2, RFC 6026 §7.1 and §8.5-8.7).

#include <utility>

#include "sip/sip_transaction.hpp"
#include "sip/sip_transaction_keys.hpp"

namespace callwerk::sip {

void SipTransactionLayer::start_server_transaction(SipMessage request, const SipPeer& source,
                                                   std::string key, TimeMs /*now*/,
                                                   std::vector<SipTransactionOutput>& out) {
  auto id = next_id_++;
  auto& txn = transactions_[id];
  txn.id = id;
  txn.peer = source;
  txn.key = std::move(key);
  server_keys_.emplace(txn.key, id);
  if (request.method() == "INVITE") {
    txn.role = Role::server_invite;
    txn.state = State::proceeding;
    txn.ack_key = ack_match_key(request).value_or(std::string{});
    // Sent when the TU is done with this turn (send_pending_trying) rather than after 200 ms:
    // the UAC stops retransmitting sooner when the answer takes a routing decision or a human;
    // a TU that rings or answers at once sends that instead.
    txn.message = build_response(request, 100, "Trying", "");
    txn.trying_unsent = true;
    trying_pending_.push_back(id);
  } else {
    txn.role = Role::server_non_invite;
    txn.state = State::trying;
  }
  out.emplace_back(SipNewRequest{id, std::move(request), source});
}

void SipTransactionLayer::send_pending_trying(std::vector<SipTransactionOutput>& out) {
  for (const SipTransactionId id : trying_pending_) {
    Transaction* txn = find(id);
    if (txn == nullptr || !txn->trying_unsent) continue;
    txn->trying_unsent = false;
    if (txn->state == State::proceeding) send(*txn, out);
  }
  trying_pending_.clear();
}

void SipTransactionLayer::request_retransmitted(Transaction& txn,
                                                std::vector<SipTransactionOutput>& out) {
  switch (txn.state) {
    case State::proceeding:
    case State::completed:
      txn.trying_unsent = false;
      if (!txn.message.empty()) send(txn, out);
      return;
    case State::accepted:
      // The 2xx may have been lost; after its ACK nothing is left to say.
      if (!txn.acked) send(txn, out);
      return;
    default:  // Trying (nothing sent yet) or Confirmed: absorbed
      return;
  }
}

void SipTransactionLayer::receive_ack(SipMessage ack, const SipPeer& source, const std::string& key,
                                      TimeMs now, std::vector<SipTransactionOutput>& out) {
  // The ACK to a 300-699 shares the INVITE's branch and ends in its transaction.
  auto found = server_keys_.find(key);
  if (found != server_keys_.end()) {
    auto* txn = find(found->second);
    if (txn != nullptr && txn->state == State::completed) {
      txn->state = State::confirmed;
      stop_retransmit(*txn);
      std::string{}.swap(txn->message);
      if (txn->peer.reliable()) {
        terminate(txn->id);  // timer I is 0 over TCP
      } else {
        start_lifetime(*txn, now + timers_.t4);  // timer I absorbs ACK retransmissions
      }
      return;
    }
    if (txn != nullptr && txn->state == State::accepted) {
      // A sender that reuses the INVITE's branch for the ACK to a 2xx.
      ack_for_2xx(*txn);
      out.emplace_back(SipNewRequest{0, std::move(ack), source});
      return;
    }
    if (txn != nullptr) return;  // Proceeding (no final yet) or Confirmed: absorbed
  }
  // The ACK to a 2xx has a branch of its own: match its INVITE by dialog fields.
  if (auto ack_key = ack_match_key(ack)) {
    auto accepted = accepted_acks_.find(*ack_key);
    if (accepted != accepted_acks_.end()) {
      auto* txn = find(accepted->second);
      if (txn != nullptr && (txn->to_tag.empty() || txn->to_tag == to_tag_of(ack)))
        ack_for_2xx(*txn);
    }
  }
  out.emplace_back(SipNewRequest{0, std::move(ack), source});
}

void SipTransactionLayer::ack_for_2xx(Transaction& txn) {
  if (txn.acked) return;
  txn.acked = true;
  stop_retransmit(txn);
  // Until timer L only INVITE retransmissions remain to absorb; they get no answer now.
  std::string{}.swap(txn.message);
  if (txn.peer.reliable()) terminate(txn.id);
}

bool SipTransactionLayer::respond(SipTransactionId id, int status_code, std::string response_bytes,
                                  TimeMs now, std::vector<SipTransactionOutput>& out) {
  auto* txn = find(id);
  if (txn == nullptr || status_code < 100 || status_code > 699) return false;
  if (txn->role == Role::server_invite)
    return respond_invite(*txn, status_code, std::move(response_bytes), now, out);
  if (txn->role == Role::server_non_invite)
    return respond_non_invite(*txn, status_code, std::move(response_bytes), now, out);
  return false;
}

bool SipTransactionLayer::respond_statelessly(SipTransactionId id, int status_code,
                                              std::string response_bytes,
                                              std::vector<SipTransactionOutput>& out) {
  auto* txn = find(id);
  if (txn == nullptr || txn->role != Role::server_non_invite || status_code < 200 ||
      status_code > 699)
    return false;
  if (txn->state != State::trying && txn->state != State::proceeding) return false;
  out.emplace_back(SipSend{txn->peer, std::move(response_bytes)});
  terminate(txn->id);
  return true;
}

bool SipTransactionLayer::respond_invite(Transaction& txn, int status_code, std::string bytes,
                                         TimeMs now, std::vector<SipTransactionOutput>& out) {
  if (txn.state == State::accepted && status_code / 100 == 2 && !txn.acked) {
    // The TU re-sends its 2xx (or sends it with changes): it replaces what is retransmitted.
    txn.message = std::move(bytes);
    send(txn, out);
    return true;
  }
  if (txn.state != State::proceeding) return false;
  txn.trying_unsent = false;  // the TU's own response goes first, the 100 is not needed
  txn.message = std::move(bytes);
  send(txn, out);
  if (status_code < 200) return true;
  const bool datagram = !txn.peer.reliable();
  if (status_code < 300) {
    txn.state = State::accepted;
    txn.to_tag = to_tag_in_bytes(txn.message);
    if (!txn.ack_key.empty()) accepted_acks_[txn.ack_key] = txn.id;
    if (datagram) start_retransmit(txn, now, timers_.t1);
    start_lifetime(txn, now + 64 * timers_.t1);  // timer L
    return true;
  }
  txn.state = State::completed;
  if (datagram) start_retransmit(txn, now, timers_.t1);  // timer G
  start_lifetime(txn, now + 64 * timers_.t1);            // timer H
  return true;
}

bool SipTransactionLayer::respond_non_invite(Transaction& txn, int status_code, std::string bytes,
                                             TimeMs now, std::vector<SipTransactionOutput>& out) {
  if (txn.state != State::trying && txn.state != State::proceeding) return false;
  if (status_code < 200) {
    txn.state = State::proceeding;
    txn.message = std::move(bytes);
    send(txn, out);
    return true;
  }
  if (txn.peer.reliable()) {
    // Timer J is 0 over TCP: nothing will come to be answered again.
    out.emplace_back(SipSend{txn.peer, std::move(bytes)});
    terminate(txn.id);
    return true;
  }
  txn.state = State::completed;
  txn.message = std::move(bytes);
  send(txn, out);
  start_lifetime(txn, now + 64 * timers_.t1);  // timer J
  return true;
}

}  // namespace callwerk::sip
