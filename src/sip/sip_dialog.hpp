#pragma once
// Dialog state of a UA (RFC 3261 §12-§15): identity, CSeq counters, route set and remote
// target, and the in-dialog requests built from them. Pure logic: messages come in parsed
// and go out as wire text; retransmissions are absorbed by the transaction layer before a
// request reaches the dialog.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "sip/sip_message.hpp"
#include "sip/sip_request_builder.hpp"

namespace callwerk::sip {

// Always from our side: local_tag is the tag we chose, whichever side created the dialog.
struct SipDialogId {
  std::string call_id;
  std::string local_tag;
  std::string remote_tag;

  friend bool operator==(const SipDialogId&, const SipDialogId&) = default;

  // The dialog a request we received belongs to: its To-tag is ours. nullopt when the request
  // has no To-tag (it is outside any dialog) or its From/To do not parse.
  static std::optional<SipDialogId> of_incoming_request(const SipMessage& request);
  // The dialog a response to one of our requests belongs to: its From-tag is ours. nullopt
  // when the response has no To-tag.
  static std::optional<SipDialogId> of_response(const SipMessage& response);
};

enum class SipDialogState { early, confirmed, terminated };

// What to answer an incoming in-dialog request with, before the application sees it.
struct SipRequestVerdict {
  int status = 0;  // 0: accepted, hand the request on
  std::string_view reason;
  std::optional<uint32_t> retry_after_seconds;  // §14.2: 500 to an overlapping INVITE

  bool accepted() const { return status == 0; }
  // "Retry-After: n\r\n" when due, for build_response's extra headers.
  std::string extra_headers() const;
};

class SipDialog {
 public:
  // UAS: from an incoming dialog-creating request (INVITE) that we answer with local_tag.
  // Route set from Record-Route in order, remote target from Contact, remote CSeq from the
  // request. Fails when the request already has a To-tag, lacks a Contact or has a bad one.
  static Result<SipDialog> from_incoming_request(const SipMessage& request, std::string local_tag,
                                                 SipLocalAddress local);
  // UAC: from the request we sent and a 101-199 response with a To-tag (early dialog) or a
  // 2xx (confirmed). Route set from Record-Route in reverse order, remote target from Contact.
  static Result<SipDialog> from_outgoing_request(const SipMessage& request_sent,
                                                 const SipMessage& response, SipLocalAddress local);

  const SipDialogId& id() const { return id_; }
  SipDialogState state() const { return state_; }
  // True when we sent the dialog-creating request and so chose the Call-ID (§14.1 timing).
  bool is_uac() const { return uac_; }
  const std::string& remote_target() const { return remote_target_; }
  // Route header values (name-addr), in the order of the Route headers we send.
  const std::vector<std::string>& route_set() const { return route_set_; }
  // CSeq of our last request in this dialog; 0 when we have sent none yet (UAS).
  uint32_t local_cseq() const { return local_cseq_; }
  std::optional<uint32_t> remote_cseq() const { return remote_cseq_; }
  // From and To values of our requests, each with its tag.
  const std::string& local_party() const { return local_party_; }
  const std::string& remote_party() const { return remote_party_; }
  const SipLocalAddress& local_address() const { return local_; }

  // A new in-dialog request (BYE, re-INVITE, INFO, UPDATE, ...) with the next local CSeq,
  // a new branch, Request-URI and Route from the route set and remote target (§12.2.1.1,
  // strict routers included), Contact for target-refresh methods. Building an INVITE marks
  // it pending until on_response_received sees its final response; check can_send_invite()
  // first. Not for ACK (build_ack) or CANCEL (build_cancel).
  std::string build_request(std::string_view method, std::string_view extra_headers = {},
                            std::string_view content_type = {}, std::string_view body = {});
  // ACK for a 2xx to our INVITE with that CSeq number (§13.2.2.4): its own branch, the same
  // CSeq number. Keep the text: retransmitted 2xx are answered with the same ACK.
  std::string build_ack(uint32_t invite_cseq, std::string_view content_type = {},
                        std::string_view body = {}) const;
  // Where in-dialog requests go first: the first route, else the remote target. For the
  // transport to resolve (RFC 3263).
  std::string next_hop_uri() const;

  // A response to an in-dialog or dialog-creating request of the peer: our tag in To, our
  // Contact on 1xx/2xx to INVITE and other target-refresh methods, Record-Route copied on
  // 1xx/2xx to INVITE (§12.1.1). Records the response like on_response_sent. An empty
  // reason takes the default phrase.
  std::string build_response(const SipMessage& request, int code, std::string_view reason = {},
                             std::string_view extra_headers = {},
                             std::string_view content_type = {}, std::string_view body = {});

  // Checks an incoming request that matched this dialog (§12.2.2, §14.2): 481 when it does
  // not belong here or the dialog is over, 500 when its CSeq is not above the last one, 491
  // for an INVITE while ours is pending, 500 with Retry-After for an INVITE while the
  // previous one is unanswered. On acceptance it updates the remote CSeq and, for INVITE and
  // UPDATE, the remote target; a BYE ends the dialog. ACK is never rejected for its CSeq
  // (it carries the INVITE's); a non-zero status for ACK means "ignore it", as ACK gets no
  // response.
  SipRequestVerdict accept_incoming_request(const SipMessage& request);

  // A final or provisional response we sent to the peer's request (needed only when it was
  // not built with build_response): the INVITE it answers is no longer pending; a 2xx
  // confirms an early dialog, a failure ends it.
  void on_response_sent(const SipMessage& request, int code);
  // A response to a request we sent in this dialog (§12.2.1.2, §13.2.2.4): a 2xx to INVITE
  // confirms an early dialog and recomputes the route set; 2xx to INVITE/UPDATE refresh the
  // remote target; 481 and 408 end the dialog. False when it belongs to another dialog.
  bool on_response_received(const SipMessage& response);

  // §14.1: no new INVITE while one is in progress in either direction.
  bool can_send_invite() const;
  bool outgoing_invite_pending() const { return outgoing_invite_cseq_.has_value(); }
  bool incoming_invite_pending() const { return incoming_invite_cseq_.has_value(); }
  // §14.1: after a 491, retry after 2.1-4 s if we own the Call-ID, else after 0-2 s.
  uint32_t glare_retry_delay_ms() const;

  void terminate() { state_ = SipDialogState::terminated; }

 private:
  SipDialog() = default;
  // Request-URI, Route headers and CSeq line for a request of this dialog.
  std::string request_head(std::string_view method, uint32_t cseq) const;
  void update_remote_target(const SipMessage& message);

  SipDialogId id_;
  SipDialogState state_ = SipDialogState::early;
  bool uac_ = false;
  SipLocalAddress local_;
  std::string local_party_;
  std::string remote_party_;
  std::string remote_target_;
  std::vector<std::string> route_set_;
  uint32_t local_cseq_ = 0;
  std::optional<uint32_t> remote_cseq_;
  std::optional<uint32_t> outgoing_invite_cseq_;
  std::optional<uint32_t> incoming_invite_cseq_;
};

}  // namespace callwerk::sip

template <>
struct std::hash<callwerk::sip::SipDialogId> {
  size_t operator()(const callwerk::sip::SipDialogId& id) const noexcept;
};
