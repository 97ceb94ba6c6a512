#pragma once
// SIP transactions (RFC 3261 §17, with the Accepted states of RFC 6026) as pure logic: the
// caller (the UA core, on one thread) passes messages and the time in, and gets back what
// the transport must send and what the transaction user (TU) must handle. No sockets and
// no clock here, so every retransmission and timeout is tested with a fake clock.
//
// Beyond RFC 6026, the server INVITE transaction retransmits a 2xx itself over UDP (the
// timer G schedule, §13.3.1.4) until the ACK for it arrives: it matches that ACK by Call-ID,
// CSeq number, From tag and To tag, and still hands the ACK up with id 0, since an ACK to a
// 2xx belongs to the dialog. The client INVITE transaction builds and sends the ACK for a
// 300-699 response itself (§17.1.1.3).
//
// Messages handed up (SipNewRequest, SipResponseReceived) are the ones given to receive();
// give it messages that own their bytes (parse_owned_sip_message) when the TU keeps them.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "core/clock.hpp"
#include "sip/sip_message.hpp"
#include "sip/sip_peer.hpp"
#include "sip/timer_wheel.hpp"

namespace callwerk::sip {

struct SipTimers {
  TimeMs t1 = 500;   // round-trip estimate
  TimeMs t2 = 4000;  // longest retransmission interval of non-INVITE requests and responses
  TimeMs t4 = 5000;  // longest time a message stays in the network
  TimeMs d = 32000;  // timer D over UDP ("at least 32 s")
};

using SipTransactionId = std::uint64_t;  // 0: no transaction

// The transport must send `bytes` to `to` (for TCP over to.connection_id when it is set).
struct SipSend {
  SipPeer to;
  std::string bytes;
};

// A request that started a server transaction, or an ACK (id 0) that has none: the ACK to a
// 2xx, or a stray one; the TU/dialog handles those.
struct SipNewRequest {
  SipTransactionId id = 0;
  SipMessage request;
  SipPeer source;
};

// A response for a client transaction. For an INVITE, retransmissions of a 2xx come up too,
// so that the TU re-sends its ACK.
struct SipResponseReceived {
  SipTransactionId id = 0;
  SipMessage response;
};

struct SipTransactionTimeout {
  enum class Kind {
    no_response,  // timer B or F: the TU acts as if a 408 had come
    no_ack,       // timer H after a 300-699, or L after a 2xx, without an ACK
  };
  SipTransactionId id = 0;
  Kind kind = Kind::no_response;
};

using SipTransactionOutput =
    std::variant<SipSend, SipNewRequest, SipResponseReceived, SipTransactionTimeout>;

class SipTransactionLayer {
 public:
  explicit SipTransactionLayer(SipTimers timers = {});

  // A parsed message from the transport. Requests that continue a server transaction
  // (retransmissions, the ACK to a 300-699) are absorbed; responses without a client
  // transaction are dropped.
  void receive(SipMessage message, const SipPeer& source, TimeMs now,
               std::vector<SipTransactionOutput>& out);
  // Sends the 100 Trying of every INVITE received since the last call that the TU has not
  // answered yet (RFC 3261 §17.2.1: a TU that responds at once needs none). The TU calls it
  // when it has handled what receive() gave it: a call answered or ringing in the same turn
  // sends its 180 or 200 without a 100 before it.
  void send_pending_trying(std::vector<SipTransactionOutput>& out);

  // The TU answers a server transaction; the bytes go to the request's source (its
  // received/rport address and, over TCP, its connection: RFC 3261 §18.2.2, RFC 3581).
  // False, and nothing sent, when the transaction is gone or the response does not fit its
  // state (a second final response, say: a 487 after the 200 lost a CANCEL race).
  bool respond(SipTransactionId id, int status_code, std::string response_bytes, TimeMs now,
               std::vector<SipTransactionOutput>& out);
  // A final response to a non-INVITE request sent as a stateless UAS would (RFC 3261 §8.2.7):
  // the transaction ends at once instead of keeping the response for Timer J. For answers that
  // cost nothing to compute again, such as a digest challenge: a retransmitted request is a new
  // transaction and gets a fresh one. Over UDP a REGISTER flood then holds no memory for 32 s
  // per challenged request. False (nothing sent) for INVITE transactions (their ACK must
  // match) and where respond() would refuse.
  bool respond_statelessly(SipTransactionId id, int status_code, std::string response_bytes,
                           std::vector<SipTransactionOutput>& out);

  // Starts a client transaction; its branch is the top Via's in `request_bytes`. Returns 0
  // (and sends nothing) when the bytes do not parse, have no branch, or reuse the branch of
  // a live transaction. An ACK is sent as it is and gets no transaction (also 0).
  SipTransactionId request(std::string request_bytes, const SipPeer& destination, TimeMs now,
                           std::vector<SipTransactionOutput>& out);

  // Fires every timer due at `now`, in deadline order; a retransmission's next time counts
  // from its own deadline, so a late call still reproduces the exact schedule.
  void advance(TimeMs now, std::vector<SipTransactionOutput>& out);
  std::optional<TimeMs> next_deadline() const { return wheel_.next_deadline(); }

  // The server INVITE transaction a CANCEL refers to (RFC 3261 §9.2): same top Via branch
  // and sent-by (or, for senders without the magic cookie, the §17.2.3 fields).
  std::optional<SipTransactionId> find_invite_for_cancel(const SipMessage& cancel) const;

  std::size_t active() const { return transactions_.size(); }
  const SipTimers& timers() const { return timers_; }

 private:
  enum class Role : std::uint8_t {
    client_invite,
    client_non_invite,
    server_invite,
    server_non_invite
  };
  enum class State : std::uint8_t { calling, trying, proceeding, completed, confirmed, accepted };
  // Each transaction has at most two timers: one that retransmits (A, E, G) and one that
  // ends a state (B, D, F, H, I, J, K, L, M); the state says which letter it is.
  enum class TimerRole : std::uint8_t { retransmit = 0, lifetime = 1 };

  struct Transaction {
    SipTransactionId id = 0;
    Role role = Role::client_invite;
    State state = State::calling;
    bool acked = false;          // server INVITE in Accepted: the ACK to the 2xx arrived
    bool trying_unsent = false;  // server INVITE: `message` is a 100 still to send
    SipPeer peer;                // client: destination; server: where the request came from
    std::string key;             // in client_keys_ or server_keys_
    std::string ack_key;         // server INVITE: in accepted_acks_ while Accepted
    std::string to_tag;          // server INVITE: the 2xx's To tag, which its ACK repeats
    std::string message;         // client: the request; server: the last response sent
    std::string ack;             // client INVITE: the ACK sent for a 300-699
    TimerId retransmit_timer = 0;
    TimerId lifetime_timer = 0;
    TimeMs retransmit_interval = 0;
  };

  void sync_idle_wheel(TimeMs now);
  void receive_request(SipMessage request, const SipPeer& source, TimeMs now,
                       std::vector<SipTransactionOutput>& out);
  void receive_ack(SipMessage ack, const SipPeer& source, const std::string& key, TimeMs now,
                   std::vector<SipTransactionOutput>& out);
  void receive_response(SipMessage response, TimeMs now, std::vector<SipTransactionOutput>& out);
  void start_server_transaction(SipMessage request, const SipPeer& source, std::string key,
                                TimeMs now, std::vector<SipTransactionOutput>& out);
  void request_retransmitted(Transaction& txn, std::vector<SipTransactionOutput>& out);
  bool respond_invite(Transaction& txn, int status_code, std::string bytes, TimeMs now,
                      std::vector<SipTransactionOutput>& out);
  bool respond_non_invite(Transaction& txn, int status_code, std::string bytes, TimeMs now,
                          std::vector<SipTransactionOutput>& out);
  void ack_for_2xx(Transaction& txn);
  void client_invite_response(Transaction& txn, SipMessage response, TimeMs now,
                              std::vector<SipTransactionOutput>& out);
  void client_non_invite_response(Transaction& txn, SipMessage response, TimeMs now,
                                  std::vector<SipTransactionOutput>& out);
  void retransmit_fired(Transaction& txn, TimeMs deadline, std::vector<SipTransactionOutput>& out);
  void lifetime_fired(Transaction& txn, std::vector<SipTransactionOutput>& out);

  void start_retransmit(Transaction& txn, TimeMs now, TimeMs interval);
  void start_lifetime(Transaction& txn, TimeMs deadline);
  void stop_retransmit(Transaction& txn);
  void stop_lifetime(Transaction& txn);
  void send(const Transaction& txn, std::vector<SipTransactionOutput>& out) const;
  void terminate(SipTransactionId id);
  Transaction* find(SipTransactionId id);

  SipTimers timers_;
  TimerWheel wheel_;
  SipTransactionId next_id_ = 1;
  std::unordered_map<SipTransactionId, Transaction> transactions_;
  std::unordered_map<std::string, SipTransactionId> server_keys_;
  std::vector<SipTransactionId> trying_pending_;  // new INVITEs until send_pending_trying()
  std::unordered_map<std::string, SipTransactionId> client_keys_;
  std::unordered_map<std::string, SipTransactionId> accepted_acks_;
};

// The ACK a client INVITE transaction sends for a 300-699 response (RFC 3261 §17.1.1.3):
// the request's Request-URI, top Via, Route headers, From, Call-ID and CSeq number, with the
// To of the response (carrying its tag).
std::string build_ack_for_non_2xx(const SipMessage& invite, const SipMessage& response);

}  // namespace callwerk::sip
