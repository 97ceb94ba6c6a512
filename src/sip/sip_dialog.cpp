#include "sip/sip_dialog.hpp"

#include "sip/sip_ids.hpp"
#include "sip/sip_text.hpp"
#include "sip/sip_uri.hpp"

namespace callwerk::sip {
namespace {

Error bad(std::string message) {
  return make_error(ErrorKind::invalid_input, std::move(message));
}

std::optional<std::string_view> tag_of(const SipMessage& message, std::string_view header) {
  auto value = message.header(header);
  if (!value) return std::nullopt;
  auto parsed = parse_name_addr(*value);
  if (!parsed) return std::nullopt;
  return parsed->tag().value_or(std::string_view{});
}

// The remote target must be a URI we can send to; a tel: Contact is meaningless (§8.1.1.8).
Result<std::string> contact_target(const SipMessage& message) {
  auto contacts = message.header_values("Contact");
  if (contacts.empty()) return bad("Missing Contact");
  auto parsed = parse_name_addr(contacts.front());
  if (!parsed) return bad("Malformed Contact: " + parsed.error().message);
  if (!iequals(parsed->uri.scheme, "sip") && !iequals(parsed->uri.scheme, "sips"))
    return bad("Contact is not a SIP URI");
  return std::string(name_addr_uri_text(contacts.front()));
}

Result<std::vector<std::string>> record_route(const SipMessage& message) {
  std::vector<std::string> routes;
  for (auto value : message.header_values("Record-Route")) {
    auto parsed = parse_name_addr(value);
    if (!parsed || name_addr_uri_text(value).empty()) return bad("Malformed Record-Route");
    routes.emplace_back(trim(value));
  }
  return routes;
}

bool is_loose_router(std::string_view route) {
  auto parsed = parse_name_addr(route);
  return parsed && parsed->uri.param("lr").has_value();
}

constexpr std::string_view kCrlf = "\r\n";

}  // namespace

std::optional<SipDialogId> SipDialogId::of_incoming_request(const SipMessage& request) {
  auto to_tag = tag_of(request, "To");
  auto from_tag = tag_of(request, "From");
  auto call_id = request.header("Call-ID");
  if (!to_tag || to_tag->empty() || !from_tag || !call_id) return std::nullopt;
  return SipDialogId{std::string(*call_id), std::string(*to_tag), std::string(*from_tag)};
}

std::optional<SipDialogId> SipDialogId::of_response(const SipMessage& response) {
  auto to_tag = tag_of(response, "To");
  auto from_tag = tag_of(response, "From");
  auto call_id = response.header("Call-ID");
  if (!to_tag || to_tag->empty() || !from_tag || !call_id) return std::nullopt;
  return SipDialogId{std::string(*call_id), std::string(*from_tag), std::string(*to_tag)};
}

std::string SipRequestVerdict::extra_headers() const {
  if (!retry_after_seconds) return {};
  return "Retry-After: " + std::to_string(*retry_after_seconds) + "\r\n";
}

Result<SipDialog> SipDialog::from_incoming_request(const SipMessage& request, std::string local_tag,
                                                   SipLocalAddress local) {
  if (!request.is_request()) return bad("Not a request");
  if (local_tag.empty() || !is_token(local_tag)) return bad("Malformed local tag");
  auto to_tag = tag_of(request, "To");
  auto from_tag = tag_of(request, "From");
  if (!to_tag || !from_tag) return bad("Malformed From or To");
  if (!to_tag->empty()) return bad("Request already belongs to a dialog");
  auto target = contact_target(request);
  if (!target) return target.error();
  auto routes = record_route(request);
  if (!routes) return routes.error();

  SipDialog dialog;
  dialog.id_ =
      SipDialogId{std::string(request.call_id()), std::move(local_tag), std::string(*from_tag)};
  dialog.local_ = std::move(local);
  dialog.local_party_ = std::string(trim(*request.header("To"))) + ";tag=" + dialog.id_.local_tag;
  dialog.remote_party_ = std::string(trim(*request.header("From")));
  dialog.remote_target_ = std::move(target.value());
  dialog.route_set_ = std::move(routes.value());
  dialog.remote_cseq_ = request.cseq().number;
  if (request.method() == "INVITE") dialog.incoming_invite_cseq_ = request.cseq().number;
  return dialog;
}

Result<SipDialog> SipDialog::from_outgoing_request(const SipMessage& request_sent,
                                                   const SipMessage& response,
                                                   SipLocalAddress local) {
  if (!request_sent.is_request() || response.is_request())
    return bad("Need a request and its response");
  int code = response.status_code();
  if (code <= 100 || code >= 300) return bad("Only 101-299 responses create dialogs");
  if (response.call_id() != request_sent.call_id() ||
      response.cseq().number != request_sent.cseq().number ||
      response.cseq().method != request_sent.method())
    return bad("Response does not answer this request");
  auto id = SipDialogId::of_response(response);
  if (!id) return bad("Response without To-tag");
  auto sent_from_tag = tag_of(request_sent, "From");
  if (!sent_from_tag || sent_from_tag->empty() || *sent_from_tag != id->local_tag)
    return bad("Response From-tag does not match the request");
  std::string target;
  if (auto contact = contact_target(response)) {
    target = std::move(contact.value());
  } else if (code >= 200 || !response.header_values("Contact").empty()) {
    return contact.error();
  } else {
    // A 1xx may omit Contact; the 2xx will bring the real target.
    target = std::string(request_sent.request_uri());
  }
  auto routes = record_route(response);
  if (!routes) return routes.error();

  SipDialog dialog;
  dialog.id_ = std::move(*id);
  dialog.uac_ = true;
  dialog.state_ = code >= 200 ? SipDialogState::confirmed : SipDialogState::early;
  dialog.local_ = std::move(local);
  dialog.local_party_ = std::string(trim(*request_sent.header("From")));
  dialog.remote_party_ = std::string(trim(*response.header("To")));
  dialog.remote_target_ = std::move(target);
  dialog.route_set_.assign(routes->rbegin(), routes->rend());
  dialog.local_cseq_ = request_sent.cseq().number;
  if (request_sent.method() == "INVITE" && code < 200)
    dialog.outgoing_invite_cseq_ = request_sent.cseq().number;
  return dialog;
}

std::string SipDialog::request_head(std::string_view method, uint32_t cseq) const {
  // §12.2.1.1: with a loose router first, the remote target is the Request-URI and the route
  // set goes into Route as is; a strict router wants its own URI as Request-URI and the
  // remote target appended as the last Route.
  std::string_view request_uri = remote_target_;
  std::vector<std::string_view> routes(route_set_.begin(), route_set_.end());
  std::string target_route;
  if (!route_set_.empty() && !is_loose_router(route_set_.front())) {
    request_uri = name_addr_uri_text(route_set_.front());
    request_uri = request_uri.substr(0, request_uri.find('?'));  // headers not allowed there
    routes.erase(routes.begin());
    target_route = "<" + remote_target_ + ">";
    routes.push_back(target_route);
  }
  std::string out;
  out.reserve(512);
  out.append(method).append(" ").append(request_uri).append(" SIP/2.0\r\n");
  out.append("Via: ").append(format_via(local_, new_sip_branch())).append(kCrlf);
  out.append("Max-Forwards: 70\r\n");
  if (!routes.empty()) {
    out.append("Route: ");
    for (size_t i = 0; i < routes.size(); ++i) {
      if (i > 0) out.append(", ");
      out.append(routes[i]);
    }
    out.append(kCrlf);
  }
  out.append("From: ").append(local_party_).append(kCrlf);
  out.append("To: ").append(remote_party_).append(kCrlf);
  out.append("Call-ID: ").append(id_.call_id).append(kCrlf);
  out.append("CSeq: ").append(std::to_string(cseq)).append(" ").append(method).append(kCrlf);
  return out;
}

std::string SipDialog::build_request(std::string_view method, std::string_view extra_headers,
                                     std::string_view content_type, std::string_view body) {
  local_cseq_ = local_cseq_ == 0 ? thread_sip_ids().initial_cseq() : local_cseq_ + 1;
  std::string out = request_head(method, local_cseq_);
  if (method_carries_contact(method) && !local_.contact_uri.empty())
    out.append("Contact: <").append(local_.contact_uri).append(">\r\n");
  append_extra_headers(out, extra_headers);
  append_body(out, content_type, body);
  if (method == "INVITE") outgoing_invite_cseq_ = local_cseq_;
  return out;
}

std::string SipDialog::build_ack(uint32_t invite_cseq, std::string_view content_type,
                                 std::string_view body) const {
  std::string out = request_head("ACK", invite_cseq);
  append_body(out, content_type, body);
  return out;
}

std::string SipDialog::next_hop_uri() const {
  if (route_set_.empty()) return remote_target_;
  return std::string(name_addr_uri_text(route_set_.front()));
}

std::string SipDialog::build_response(const SipMessage& request, int code, std::string_view reason,
                                      std::string_view extra_headers, std::string_view content_type,
                                      std::string_view body) {
  std::string extra;
  bool success_or_progress = code > 100 && code < 300;
  if (success_or_progress && request.method() == "INVITE") {
    auto routes = request.header_values("Record-Route");
    if (!routes.empty()) {
      extra.append("Record-Route: ");
      for (size_t i = 0; i < routes.size(); ++i) {
        if (i > 0) extra.append(", ");
        extra.append(routes[i]);
      }
      extra.append(kCrlf);
    }
  }
  if (success_or_progress && method_carries_contact(request.method()) &&
      !local_.contact_uri.empty())
    extra.append("Contact: <").append(local_.contact_uri).append(">\r\n");
  append_extra_headers(extra, extra_headers);
  if (reason.empty()) reason = default_reason_phrase(code);
  auto out = build_response_with(request, code, reason, id_.local_tag, extra, content_type, body);
  on_response_sent(request, code);
  return out;
}

void SipDialog::update_remote_target(const SipMessage& message) {
  if (auto target = contact_target(message)) remote_target_ = std::move(target.value());
}

SipRequestVerdict SipDialog::accept_incoming_request(const SipMessage& request) {
  auto id = SipDialogId::of_incoming_request(request);
  if (!id || *id != id_ || state_ == SipDialogState::terminated)
    return {481, "Call/Transaction Does Not Exist", std::nullopt};
  auto method = request.method();
  if (method == "ACK" || method == "CANCEL") return {};
  auto cseq = request.cseq().number;
  // §12.2.2 rejects lower numbers; an equal one is a retransmission the transaction layer
  // should have absorbed, so it is never treated as a new request either.
  if (remote_cseq_ && cseq <= *remote_cseq_) return {500, "CSeq Out Of Order", std::nullopt};
  remote_cseq_ = cseq;
  if (method == "INVITE") {
    if (outgoing_invite_cseq_) return {491, "Request Pending", std::nullopt};
    if (incoming_invite_cseq_) {
      auto wait = static_cast<uint32_t>(thread_sip_ids().below(11));
      return {500, "Previous INVITE Still Pending", wait};
    }
    incoming_invite_cseq_ = cseq;
    update_remote_target(request);
  } else if (method == "UPDATE") {
    update_remote_target(request);
  } else if (method == "BYE") {
    state_ = SipDialogState::terminated;
  }
  return {};
}

void SipDialog::on_response_sent(const SipMessage& request, int code) {
  if (request.method() != "INVITE" || code < 200) return;
  if (incoming_invite_cseq_ != request.cseq().number) return;
  incoming_invite_cseq_.reset();
  if (state_ != SipDialogState::early) return;
  state_ = code < 300 ? SipDialogState::confirmed : SipDialogState::terminated;
}

bool SipDialog::on_response_received(const SipMessage& response) {
  auto id = SipDialogId::of_response(response);
  if (!id || *id != id_) return false;
  int code = response.status_code();
  auto method = response.cseq().method;
  auto cseq = response.cseq().number;
  if (code == 481 || code == 408) {
    state_ = SipDialogState::terminated;
  } else if (method == "INVITE") {
    bool ours = outgoing_invite_cseq_ == cseq;
    if (code >= 200 && ours) outgoing_invite_cseq_.reset();
    if (code < 200) {
      if (state_ == SipDialogState::early) update_remote_target(response);
    } else if (code < 300) {
      if (state_ == SipDialogState::early) {
        // §13.2.2.4: the 2xx's Record-Route is what the dialog will use from now on.
        if (auto routes = record_route(response))
          route_set_.assign(routes->rbegin(), routes->rend());
        state_ = SipDialogState::confirmed;
      }
      update_remote_target(response);
    } else if (state_ == SipDialogState::early && ours) {
      state_ = SipDialogState::terminated;
    }
  } else if (method == "UPDATE" && code >= 200 && code < 300) {
    update_remote_target(response);
  }
  return true;
}

bool SipDialog::can_send_invite() const {
  return state_ != SipDialogState::terminated && !outgoing_invite_cseq_ && !incoming_invite_cseq_;
}

uint32_t SipDialog::glare_retry_delay_ms() const {
  // Multiples of 10 ms, as §14.1 describes.
  auto steps = uac_ ? 210 + thread_sip_ids().below(191) : thread_sip_ids().below(201);
  return static_cast<uint32_t>(steps * 10);
}

}  // namespace callwerk::sip

size_t std::hash<callwerk::sip::SipDialogId>::operator()(
    const callwerk::sip::SipDialogId& id) const noexcept {
  std::hash<std::string> h;
  size_t seed = h(id.call_id);
  for (const auto* part : {&id.local_tag, &id.remote_tag})
    seed ^= h(*part) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  return seed;
}
