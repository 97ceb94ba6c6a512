// Client transactions (RFC 3261 §17.1, RFC 6026 §7.2 and §8.4).

#include <utility>

#include "sip/sip_transaction.hpp"
#include "sip/sip_transaction_keys.hpp"
#include "sip/sip_uri.hpp"

namespace callwerk::sip {

std::string build_ack_for_non_2xx(const SipMessage& invite, const SipMessage& response) {
  std::string ack;
  ack.reserve(512);
  ack.append("ACK ").append(invite.request_uri()).append(" SIP/2.0\r\n");
  ack.append("Via: ").append(top_via_value(invite).value_or(std::string_view{})).append("\r\n");
  for (const auto& header : invite.headers()) {
    if (header.name == "Route") ack.append("Route: ").append(header.value).append("\r\n");
  }
  ack.append("Max-Forwards: 70\r\n");
  ack.append("From: ").append(invite.header("From").value_or(std::string_view{})).append("\r\n");
  ack.append("To: ").append(response.header("To").value_or(std::string_view{})).append("\r\n");
  ack.append("Call-ID: ").append(invite.call_id()).append("\r\n");
  ack.append("CSeq: ").append(std::to_string(invite.cseq().number)).append(" ACK\r\n");
  ack.append("Content-Length: 0\r\n\r\n");
  return ack;
}

SipTransactionId SipTransactionLayer::request(std::string request_bytes, const SipPeer& destination,
                                              TimeMs now, std::vector<SipTransactionOutput>& out) {
  sync_idle_wheel(now);
  std::string key;
  bool invite = false;
  {
    // Views into request_bytes: used up before the bytes move.
    auto parsed = parse_sip_message(request_bytes);
    auto* request = std::get_if<SipMessage>(&parsed);
    if (request == nullptr || !request->is_request()) return 0;
    if (request->method() == "ACK") {
      // The ACK to a 2xx is the TU's, end to end, and has no transaction (§17.1.1.3).
      out.emplace_back(SipSend{destination, std::move(request_bytes)});
      return 0;
    }
    auto via_text = top_via_value(*request);
    if (!via_text) return 0;
    auto via = parse_via(*via_text);
    if (!via || !via->branch() || via->branch()->empty()) return 0;
    key = client_transaction_key(*via->branch(), request->method());
    invite = request->method() == "INVITE";
  }
  if (client_keys_.contains(key)) return 0;

  auto id = next_id_++;
  auto& txn = transactions_[id];
  txn.id = id;
  txn.role = invite ? Role::client_invite : Role::client_non_invite;
  txn.state = invite ? State::calling : State::trying;
  txn.peer = destination;
  txn.key = std::move(key);
  txn.message = std::move(request_bytes);
  client_keys_.emplace(txn.key, id);
  send(txn, out);
  if (!destination.reliable()) start_retransmit(txn, now, timers_.t1);  // timer A or E
  start_lifetime(txn, now + 64 * timers_.t1);                           // timer B or F
  return id;
}

void SipTransactionLayer::client_invite_response(Transaction& txn, SipMessage response, TimeMs now,
                                                 std::vector<SipTransactionOutput>& out) {
  const int code = response.status_code();
  switch (txn.state) {
    case State::calling:
    case State::proceeding:
      break;
    case State::completed:
      // A retransmitted final: our ACK was lost. The TU has seen the response already.
      if (code >= 300) out.emplace_back(SipSend{txn.peer, txn.ack});
      return;
    case State::accepted:
      // Each 2xx (a retransmission, or another fork's) goes up: the TU ACKs it.
      if (code / 100 == 2) out.emplace_back(SipResponseReceived{txn.id, std::move(response)});
      return;
    default:
      return;
  }
  if (code < 200) {
    txn.state = State::proceeding;
    stop_retransmit(txn);
    stop_lifetime(txn);  // timer B only guards Calling; the TU's own timer C takes over
    out.emplace_back(SipResponseReceived{txn.id, std::move(response)});
    return;
  }
  stop_retransmit(txn);
  if (code < 300) {
    txn.state = State::accepted;
    std::string{}.swap(txn.message);
    start_lifetime(txn, now + 64 * timers_.t1);  // timer M
    out.emplace_back(SipResponseReceived{txn.id, std::move(response)});
    return;
  }
  txn.state = State::completed;
  {
    auto parsed = parse_sip_message(txn.message);
    if (auto* invite = std::get_if<SipMessage>(&parsed))
      txn.ack = build_ack_for_non_2xx(*invite, response);
  }
  std::string{}.swap(txn.message);
  out.emplace_back(SipSend{txn.peer, txn.ack});
  auto id = txn.id;
  if (txn.peer.reliable()) {
    terminate(id);  // timer D is 0 over TCP
  } else {
    start_lifetime(txn, now + timers_.d);
  }
  out.emplace_back(SipResponseReceived{id, std::move(response)});
}

void SipTransactionLayer::client_non_invite_response(Transaction& txn, SipMessage response,
                                                     TimeMs now,
                                                     std::vector<SipTransactionOutput>& out) {
  if (txn.state != State::trying && txn.state != State::proceeding) return;  // absorbed
  const int code = response.status_code();
  if (code < 200) {
    txn.state = State::proceeding;  // timer E keeps going, at T2 from its next firing
    out.emplace_back(SipResponseReceived{txn.id, std::move(response)});
    return;
  }
  auto id = txn.id;
  if (txn.peer.reliable()) {
    terminate(id);  // timer K is 0 over TCP
  } else {
    txn.state = State::completed;
    stop_retransmit(txn);
    std::string{}.swap(txn.message);
    start_lifetime(txn, now + timers_.t4);  // timer K absorbs retransmitted finals
  }
  out.emplace_back(SipResponseReceived{id, std::move(response)});
}

}  // namespace callwerk::sip
