#include "sip/sip_dialog.hpp"

#include <gtest/gtest.h>

#include <unordered_map>

#include "sip/sip_uri.hpp"
#include "sip_test_support.hpp"

namespace callwerk::sip {
namespace {

using test::crlf;
using test::parse_exact;
using test::parse_ok;

const SipLocalAddress kLocal = make_local_address(SipTransportProtocol::udp, "10.0.0.1", 5060);

// An INVITE from a phone through two record-routing proxies (p2 is nearest to us).
const std::string kIncomingInvite = crlf(
    "INVITE sip:hotline@10.0.0.1 SIP/2.0\n"
    "Via: SIP/2.0/UDP p2.example.com;branch=z9hG4bKp2\n"
    "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bKp1\n"
    "Via: SIP/2.0/UDP phone.example.com:5062;branch=z9hG4bKph\n"
    "Max-Forwards: 68\n"
    "Record-Route: <sip:p2.example.com;lr>\n"
    "Record-Route: <sip:p1.example.com;lr;ftag=a1>, <sip:p0.example.com;lr>\n"
    "From: \"Anna \\\"A.\\\" Schmidt\" <sip:anna@example.com>;tag=a1\n"
    "To: <sip:hotline@callwerk.example.com>\n"
    "Call-ID: call-1@phone\n"
    "CSeq: 314159 INVITE\n"
    "Contact: <sip:anna@192.0.2.10:5062;transport=udp>\n"
    "Content-Type: application/sdp\n"
    "Content-Length: 5\n"
    "\n"
    "v=0\n");

SipDialog uas_dialog(const SipMessage& invite) {
  auto dialog = SipDialog::from_incoming_request(invite, "ourtag", kLocal);
  EXPECT_TRUE(dialog.ok()) << (dialog.ok() ? "" : dialog.error().message);
  return std::move(dialog.value());
}

// A request the peer sends in the dialog of uas_dialog(kIncomingInvite).
std::string peer_request(std::string_view method, uint32_t cseq, std::string_view contact = {}) {
  std::string text = std::string(method) +
                     " sip:callwerk@10.0.0.1:5060 SIP/2.0\n"
                     "Via: SIP/2.0/UDP p2.example.com;branch=z9hG4bKx" +
                     std::to_string(cseq) +
                     "\n"
                     "Max-Forwards: 70\n"
                     "From: <sip:anna@example.com>;tag=a1\n"
                     "To: <sip:hotline@callwerk.example.com>;tag=ourtag\n"
                     "Call-ID: call-1@phone\n"
                     "CSeq: " +
                     std::to_string(cseq) + " " + std::string(method) + "\n";
  if (!contact.empty()) text += "Contact: <" + std::string(contact) + ">\n";
  return crlf(text + "Content-Length: 0\n\n");
}

TEST(SipDialog, UasDialogFromInviteWithRecordRoute) {
  auto invite = parse_exact(kIncomingInvite);
  auto dialog = uas_dialog(invite);
  EXPECT_EQ(dialog.id(), (SipDialogId{"call-1@phone", "ourtag", "a1"}));
  EXPECT_EQ(dialog.state(), SipDialogState::early);
  EXPECT_FALSE(dialog.is_uac());
  EXPECT_EQ(dialog.remote_target(), "sip:anna@192.0.2.10:5062;transport=udp");
  ASSERT_EQ(dialog.route_set().size(), 3u);
  EXPECT_EQ(dialog.route_set()[0], "<sip:p2.example.com;lr>");
  EXPECT_EQ(dialog.route_set()[1], "<sip:p1.example.com;lr;ftag=a1>");
  EXPECT_EQ(dialog.route_set()[2], "<sip:p0.example.com;lr>");
  EXPECT_EQ(dialog.remote_cseq(), 314159u);
  EXPECT_EQ(dialog.local_cseq(), 0u);
  EXPECT_TRUE(dialog.incoming_invite_pending());
  EXPECT_FALSE(dialog.can_send_invite());
  EXPECT_EQ(dialog.next_hop_uri(), "sip:p2.example.com;lr");
}

TEST(SipDialog, UasAnswerCarriesTagContactAndRecordRoute) {
  auto invite = parse_exact(kIncomingInvite);
  auto dialog = uas_dialog(invite);
  std::string sdp = "v=0\r\ns=callwerk\r\n";
  auto ok = parse_exact(dialog.build_response(invite, 200, {}, "Allow: INVITE, ACK, BYE, CANCEL",
                                              "application/sdp", sdp));
  EXPECT_EQ(ok.status_code(), 200);
  EXPECT_EQ(ok.reason(), "OK");
  EXPECT_EQ(parse_name_addr(*ok.header("To"))->tag(), "ourtag");
  EXPECT_EQ(ok.header("Contact"), "<sip:callwerk@10.0.0.1:5060>");
  EXPECT_EQ(ok.header_values("Record-Route"), invite.header_values("Record-Route"));
  EXPECT_EQ(ok.header_values("Via").size(), 3u);
  EXPECT_EQ(ok.body(), sdp);
  EXPECT_EQ(dialog.state(), SipDialogState::confirmed);
  EXPECT_FALSE(dialog.incoming_invite_pending());
  EXPECT_TRUE(dialog.can_send_invite());

  // A 100 Trying is hop-by-hop: no tag, no Contact, no Record-Route.
  auto dialog2 = uas_dialog(invite);
  auto trying = parse_exact(dialog2.build_response(invite, 100));
  EXPECT_FALSE(trying.header("Contact").has_value());
  EXPECT_FALSE(trying.header("Record-Route").has_value());
  EXPECT_FALSE(parse_name_addr(*trying.header("To"))->tag().has_value());
  EXPECT_EQ(dialog2.state(), SipDialogState::early);
}

TEST(SipDialog, UasFailureResponseEndsTheEarlyDialog) {
  auto invite = parse_exact(kIncomingInvite);
  auto dialog = uas_dialog(invite);
  auto ringing = parse_exact(dialog.build_response(invite, 180));
  EXPECT_EQ(ringing.header("Contact"), "<sip:callwerk@10.0.0.1:5060>");
  EXPECT_EQ(dialog.state(), SipDialogState::early);
  auto busy = parse_exact(dialog.build_response(invite, 486));
  EXPECT_FALSE(busy.header("Contact").has_value());
  EXPECT_EQ(dialog.state(), SipDialogState::terminated);
}

TEST(SipDialog, UasByeUsesRouteSetRemoteTargetAndGrowingCSeq) {
  auto invite = parse_exact(kIncomingInvite);
  auto dialog = uas_dialog(invite);
  (void)dialog.build_response(invite, 200);
  auto bye = parse_exact(dialog.build_request("BYE"));
  EXPECT_EQ(bye.method(), "BYE");
  EXPECT_EQ(bye.request_uri(), "sip:anna@192.0.2.10:5062;transport=udp");
  EXPECT_EQ(bye.header_values("Route"), invite.header_values("Record-Route"));
  EXPECT_EQ(bye.header("From"), "<sip:hotline@callwerk.example.com>;tag=ourtag");
  EXPECT_EQ(bye.header("To"), invite.header("From"));  // display name kept, escapes intact
  EXPECT_EQ(parse_name_addr(*bye.header("To"))->display_name, "Anna \\\"A.\\\" Schmidt");
  EXPECT_EQ(bye.call_id(), "call-1@phone");
  EXPECT_EQ(bye.header("Max-Forwards"), "70");
  EXPECT_FALSE(bye.header("Contact").has_value());
  auto via = parse_via(*bye.header("Via"));
  ASSERT_TRUE(via.ok());
  EXPECT_EQ(via->branch()->substr(0, 7), "z9hG4bK");
  EXPECT_EQ(via->host, "10.0.0.1");
  EXPECT_EQ(bye.cseq().number, dialog.local_cseq());
  EXPECT_GE(bye.cseq().number, 1u);

  auto info = parse_exact(
      dialog.build_request("INFO", {}, "application/dtmf-relay", "Signal=5\r\nDuration=160\r\n"));
  EXPECT_EQ(info.cseq().number, bye.cseq().number + 1);
  EXPECT_EQ(info.cseq().method, "INFO");
  EXPECT_NE(info.header("Via"), bye.header("Via"));
  EXPECT_EQ(info.header("Content-Type"), "application/dtmf-relay");
  EXPECT_EQ(info.body(), "Signal=5\r\nDuration=160\r\n");
}

// The 200 the far end sends to our INVITE, through proxies e1 (near us) and e2 (near them).
std::string callee_ok(const SipMessage& invite, std::string_view record_route, int code = 200,
                      std::string_view contact = "sip:agent@192.0.2.20:5064") {
  std::string text = "SIP/2.0 " + std::to_string(code) + " Whatever\n";
  for (auto via : invite.header_values("Via")) text += "Via: " + std::string(via) + "\n";
  if (!record_route.empty()) text += "Record-Route: " + std::string(record_route) + "\n";
  text += "From: " + std::string(*invite.header("From")) + "\n";
  text += "To: " + std::string(*invite.header("To")) + ";tag=callee\n";
  text += "Call-ID: " + std::string(invite.call_id()) + "\n";
  text += "CSeq: " + std::string(*invite.header("CSeq")) + "\n";
  if (!contact.empty()) text += "Contact: <" + std::string(contact) + ">\n";
  return crlf(text + "Content-Length: 0\n\n");
}

SipMessage our_invite(const SipLocalAddress& local = kLocal) {
  SipOutOfDialogRequest spec;
  spec.method = "INVITE";
  spec.request_uri = "sip:agent@pbx.example.com";
  spec.from_display = "Warteschlange Süd";
  spec.from_uri = "sip:queue@callwerk.example.com";
  spec.from_tag = "uac1";
  spec.to_uri = "sip:agent@pbx.example.com";
  spec.call_id = "out-1@callwerk";
  spec.cseq = 20;
  spec.local = local;
  auto wire = build_out_of_dialog_request(spec);
  EXPECT_TRUE(wire.ok());
  return parse_exact(*wire);
}

TEST(SipDialog, UacDialogFrom200ReversesRecordRoute) {
  auto invite = our_invite();
  auto ok = parse_exact(callee_ok(invite, "<sip:e2.example.com;lr>, <sip:e1.example.com;lr>"));
  auto dialog = SipDialog::from_outgoing_request(invite, ok, kLocal);
  ASSERT_TRUE(dialog.ok()) << dialog.error().message;
  EXPECT_EQ(dialog->id(), (SipDialogId{"out-1@callwerk", "uac1", "callee"}));
  EXPECT_TRUE(dialog->is_uac());
  EXPECT_EQ(dialog->state(), SipDialogState::confirmed);
  EXPECT_FALSE(dialog->outgoing_invite_pending());
  ASSERT_EQ(dialog->route_set().size(), 2u);
  EXPECT_EQ(dialog->route_set()[0], "<sip:e1.example.com;lr>");
  EXPECT_EQ(dialog->route_set()[1], "<sip:e2.example.com;lr>");
  EXPECT_EQ(dialog->remote_target(), "sip:agent@192.0.2.20:5064");
  EXPECT_EQ(dialog->next_hop_uri(), "sip:e1.example.com;lr");
  EXPECT_EQ(dialog->local_cseq(), 20u);
  EXPECT_FALSE(dialog->remote_cseq().has_value());

  auto bye = parse_exact(dialog->build_request("BYE"));
  EXPECT_EQ(bye.cseq().number, 21u);
  EXPECT_EQ(bye.request_uri(), "sip:agent@192.0.2.20:5064");
  EXPECT_EQ(bye.header("From"), invite.header("From"));
  EXPECT_EQ(parse_name_addr(*bye.header("To"))->tag(), "callee");
  auto routes = bye.header_values("Route");
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0], "<sip:e1.example.com;lr>");
}

TEST(SipDialog, AckFor2xxKeepsTheInviteCSeqWithANewBranch) {
  auto invite = our_invite();
  auto ok = parse_exact(callee_ok(invite, "<sip:e2.example.com;lr>, <sip:e1.example.com;lr>"));
  auto dialog = SipDialog::from_outgoing_request(invite, ok, kLocal);
  ASSERT_TRUE(dialog.ok());
  std::string sdp = "v=0\r\n";
  auto ack = parse_exact(dialog->build_ack(invite.cseq().number, "application/sdp", sdp));
  EXPECT_EQ(ack.method(), "ACK");
  EXPECT_EQ(ack.cseq().number, 20u);
  EXPECT_EQ(ack.cseq().method, "ACK");
  EXPECT_EQ(ack.request_uri(), "sip:agent@192.0.2.20:5064");
  EXPECT_EQ(ack.header_values("Route").size(), 2u);
  EXPECT_NE(parse_via(*ack.header("Via"))->branch(), parse_via(*invite.header("Via"))->branch());
  EXPECT_EQ(ack.header("From"), invite.header("From"));
  EXPECT_EQ(ack.header("To"), ok.header("To"));
  EXPECT_EQ(ack.body(), sdp);
  EXPECT_EQ(dialog->local_cseq(), 20u);  // an ACK does not take a new number
}

TEST(SipDialog, EarlyDialogIsConfirmedBy2xxWithItsRouteSet) {
  auto invite = our_invite();
  auto ringing = parse_exact(callee_ok(invite, "<sip:old.example.com;lr>", 180, ""));
  auto dialog = SipDialog::from_outgoing_request(invite, ringing, kLocal);
  ASSERT_TRUE(dialog.ok()) << dialog.error().message;
  EXPECT_EQ(dialog->state(), SipDialogState::early);
  EXPECT_TRUE(dialog->outgoing_invite_pending());
  EXPECT_EQ(dialog->remote_target(), "sip:agent@pbx.example.com");  // no Contact in the 180

  auto ok = parse_exact(callee_ok(invite, "<sip:new2.example.com;lr>, <sip:new1.example.com;lr>"));
  EXPECT_TRUE(dialog->on_response_received(ok));
  EXPECT_EQ(dialog->state(), SipDialogState::confirmed);
  EXPECT_FALSE(dialog->outgoing_invite_pending());
  ASSERT_EQ(dialog->route_set().size(), 2u);
  EXPECT_EQ(dialog->route_set()[0], "<sip:new1.example.com;lr>");
  EXPECT_EQ(dialog->remote_target(), "sip:agent@192.0.2.20:5064");
}

TEST(SipDialog, EarlyUacDialogEndsOnFailure) {
  auto invite = our_invite();
  auto dialog =
      SipDialog::from_outgoing_request(invite, parse_exact(callee_ok(invite, "", 183)), kLocal);
  ASSERT_TRUE(dialog.ok());
  EXPECT_TRUE(dialog->on_response_received(parse_exact(callee_ok(invite, "", 486))));
  EXPECT_EQ(dialog->state(), SipDialogState::terminated);
}

TEST(SipDialog, UacRejectsResponsesThatCreateNoDialog) {
  auto invite = our_invite();
  auto expect_rejected = [&](const std::string& wire, const char* what) {
    auto dialog = SipDialog::from_outgoing_request(invite, parse_exact(wire), kLocal);
    EXPECT_FALSE(dialog.ok()) << what;
  };
  expect_rejected(callee_ok(invite, "", 100), "100 Trying");
  expect_rejected(callee_ok(invite, "", 486), "failure");
  expect_rejected(callee_ok(invite, "", 200, ""), "2xx without Contact");
  expect_rejected(callee_ok(invite, "", 200, "tel:+4930123"), "tel Contact");
  auto other_call = callee_ok(invite, "");
  other_call.replace(other_call.find("out-1@callwerk"), 14, "out-2@callwerk");
  expect_rejected(other_call, "other Call-ID");
  auto no_tag = callee_ok(invite, "");
  no_tag.erase(no_tag.find(";tag=callee"), 11);
  expect_rejected(no_tag, "no To-tag");
}

TEST(SipDialog, UasRejectsRequestsThatCreateNoDialog) {
  auto with = [](std::string_view from, std::string_view to) {
    auto text = kIncomingInvite;
    text.replace(text.find(from), from.size(), to);
    return parse_exact(text);
  };
  auto no_contact = with("Contact: <sip:anna@192.0.2.10:5062;transport=udp>\r\n", "");
  EXPECT_FALSE(SipDialog::from_incoming_request(no_contact, "t", kLocal).ok());
  auto tel_contact =
      with("Contact: <sip:anna@192.0.2.10:5062;transport=udp>", "Contact: <tel:+4930123>");
  EXPECT_FALSE(SipDialog::from_incoming_request(tel_contact, "t", kLocal).ok());
  auto tagged = with("To: <sip:hotline@callwerk.example.com>",
                     "To: <sip:hotline@callwerk.example.com>;tag=x");
  EXPECT_FALSE(SipDialog::from_incoming_request(tagged, "t", kLocal).ok());
  auto bad_route = with("Record-Route: <sip:p2.example.com;lr>", "Record-Route: <sip:p2 x>");
  EXPECT_FALSE(SipDialog::from_incoming_request(bad_route, "t", kLocal).ok());
  EXPECT_FALSE(SipDialog::from_incoming_request(parse_exact(kIncomingInvite), "", kLocal).ok());
}

TEST(SipDialog, StrictRouterGetsTheRequestUriAndTargetGoesLast) {
  auto invite = our_invite();
  auto ok = parse_exact(callee_ok(invite, "<sip:loose.example.com;lr>, <sip:strict.example.com>"));
  auto dialog = SipDialog::from_outgoing_request(invite, ok, kLocal);
  ASSERT_TRUE(dialog.ok());
  EXPECT_EQ(dialog->route_set()[0], "<sip:strict.example.com>");
  EXPECT_EQ(dialog->next_hop_uri(), "sip:strict.example.com");
  auto bye = parse_exact(dialog->build_request("BYE"));
  EXPECT_EQ(bye.request_uri(), "sip:strict.example.com");
  auto routes = bye.header_values("Route");
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0], "<sip:loose.example.com;lr>");
  EXPECT_EQ(routes[1], "<sip:agent@192.0.2.20:5064>");
  auto ack = parse_exact(dialog->build_ack(20));
  EXPECT_EQ(ack.request_uri(), "sip:strict.example.com");
}

TEST(SipDialog, RemoteCSeqMustGrow) {
  auto invite = parse_exact(kIncomingInvite);
  auto dialog = uas_dialog(invite);
  (void)dialog.build_response(invite, 200);
  auto lower = dialog.accept_incoming_request(parse_exact(peer_request("INFO", 314158)));
  EXPECT_EQ(lower.status, 500);
  EXPECT_FALSE(lower.reason.empty());
  EXPECT_EQ(dialog.accept_incoming_request(parse_exact(peer_request("INFO", 314159))).status, 500);
  EXPECT_TRUE(dialog.accept_incoming_request(parse_exact(peer_request("INFO", 314165))).accepted());
  EXPECT_EQ(dialog.remote_cseq(), 314165u);
  EXPECT_EQ(dialog.accept_incoming_request(parse_exact(peer_request("INFO", 314160))).status, 500);
  // The ACK carries the INVITE's number and is never rejected for it.
  EXPECT_TRUE(dialog.accept_incoming_request(parse_exact(peer_request("ACK", 314159))).accepted());
  EXPECT_EQ(dialog.remote_cseq(), 314165u);
}

TEST(SipDialog, FirstRemoteCSeqOfAUacDialogIsTaken) {
  auto invite = our_invite();
  auto dialog =
      SipDialog::from_outgoing_request(invite, parse_exact(callee_ok(invite, "")), kLocal);
  ASSERT_TRUE(dialog.ok());
  auto request = crlf(
      "BYE sip:callwerk@10.0.0.1:5060 SIP/2.0\n"
      "Via: SIP/2.0/UDP 192.0.2.20:5064;branch=z9hG4bKb1\n"
      "Max-Forwards: 70\n"
      "From: <sip:agent@pbx.example.com>;tag=callee\n"
      "To: \"Warteschlange Süd\" <sip:queue@callwerk.example.com>;tag=uac1\n"
      "Call-ID: out-1@callwerk\n"
      "CSeq: 1 BYE\n"
      "Content-Length: 0\n\n");
  EXPECT_TRUE(dialog->accept_incoming_request(parse_exact(request)).accepted());
  EXPECT_EQ(dialog->remote_cseq(), 1u);
  EXPECT_EQ(dialog->state(), SipDialogState::terminated);
}

TEST(SipDialog, ReInviteGlareGets491) {
  auto invite = parse_exact(kIncomingInvite);
  auto dialog = uas_dialog(invite);
  (void)dialog.build_response(invite, 200);
  ASSERT_TRUE(dialog.can_send_invite());
  auto reinvite = parse_exact(dialog.build_request("INVITE", {}, "application/sdp", "v=0\r\n"));
  EXPECT_EQ(reinvite.header("Contact"), "<sip:callwerk@10.0.0.1:5060>");
  EXPECT_TRUE(dialog.outgoing_invite_pending());
  EXPECT_FALSE(dialog.can_send_invite());

  auto theirs = dialog.accept_incoming_request(parse_exact(peer_request("INVITE", 314160)));
  EXPECT_EQ(theirs.status, 491);
  EXPECT_EQ(theirs.reason, "Request Pending");
  EXPECT_FALSE(dialog.incoming_invite_pending());

  // Their 491 answer to ours, or any final answer, ends our INVITE transaction.
  auto answer = crlf(
      "SIP/2.0 491 Request Pending\n"
      "Via: " +
      std::string(*reinvite.header("Via")) +
      "\n"
      "From: " +
      std::string(*reinvite.header("From")) +
      "\n"
      "To: " +
      std::string(*reinvite.header("To")) +
      "\n"
      "Call-ID: call-1@phone\n"
      "CSeq: " +
      std::to_string(reinvite.cseq().number) +
      " INVITE\n"
      "Content-Length: 0\n\n");
  EXPECT_TRUE(dialog.on_response_received(parse_exact(answer)));
  EXPECT_FALSE(dialog.outgoing_invite_pending());
  EXPECT_EQ(dialog.state(), SipDialogState::confirmed);
  EXPECT_TRUE(
      dialog.accept_incoming_request(parse_exact(peer_request("INVITE", 314161))).accepted());
}

TEST(SipDialog, OverlappingIncomingInviteGets500WithRetryAfter) {
  auto invite = parse_exact(kIncomingInvite);
  auto dialog = uas_dialog(invite);
  (void)dialog.build_response(invite, 200);
  auto first = parse_exact(peer_request("INVITE", 314160));
  EXPECT_TRUE(dialog.accept_incoming_request(first).accepted());
  EXPECT_TRUE(dialog.incoming_invite_pending());
  EXPECT_FALSE(dialog.can_send_invite());

  auto second = parse_exact(peer_request("INVITE", 314161));
  auto verdict = dialog.accept_incoming_request(second);
  EXPECT_EQ(verdict.status, 500);
  ASSERT_TRUE(verdict.retry_after_seconds.has_value());
  EXPECT_LE(*verdict.retry_after_seconds, 10u);
  auto rejection = parse_exact(
      dialog.build_response(second, verdict.status, verdict.reason, verdict.extra_headers()));
  EXPECT_EQ(rejection.header("Retry-After"), std::to_string(*verdict.retry_after_seconds));
  EXPECT_TRUE(dialog.incoming_invite_pending());  // the rejection answered the second one

  (void)dialog.build_response(first, 200);
  EXPECT_FALSE(dialog.incoming_invite_pending());
  EXPECT_TRUE(dialog.can_send_invite());
}

TEST(SipDialog, GlareRetryDelayDependsOnWhoOwnsTheCallId) {
  auto invite = parse_exact(kIncomingInvite);
  auto uas = uas_dialog(invite);
  auto ours = our_invite();
  auto uac = SipDialog::from_outgoing_request(ours, parse_exact(callee_ok(ours, "")), kLocal);
  ASSERT_TRUE(uac.ok());
  for (int i = 0; i < 200; ++i) {
    auto owner = uac->glare_retry_delay_ms();
    EXPECT_GE(owner, 2100u);
    EXPECT_LE(owner, 4000u);
    EXPECT_EQ(owner % 10, 0u);
    auto other = uas.glare_retry_delay_ms();
    EXPECT_LE(other, 2000u);
    EXPECT_EQ(other % 10, 0u);
  }
}

TEST(SipDialog, ReInviteRefreshesTheRemoteTarget) {
  auto invite = parse_exact(kIncomingInvite);
  auto dialog = uas_dialog(invite);
  (void)dialog.build_response(invite, 200);
  auto reinvite = parse_exact(peer_request("INVITE", 314160, "sip:anna@198.51.100.7:6000"));
  EXPECT_TRUE(dialog.accept_incoming_request(reinvite).accepted());
  EXPECT_EQ(dialog.remote_target(), "sip:anna@198.51.100.7:6000");
  (void)dialog.build_response(reinvite, 200);
  auto bye = parse_exact(dialog.build_request("BYE"));
  EXPECT_EQ(bye.request_uri(), "sip:anna@198.51.100.7:6000");
  // A request that is not a target refresh leaves the target alone.
  auto info = parse_exact(peer_request("INFO", 314161, "sip:anna@203.0.113.1"));
  EXPECT_TRUE(dialog.accept_incoming_request(info).accepted());
  EXPECT_EQ(dialog.remote_target(), "sip:anna@198.51.100.7:6000");
}

TEST(SipDialog, TwoDialogsTalkAndMatchEachOthersIds) {
  // The same INVITE seen from both ends: we are the caller (A) and the callee (B).
  auto invite = our_invite();
  auto callee_local = make_local_address(SipTransportProtocol::udp, "192.0.2.20", 5064, "agent");
  auto b = SipDialog::from_incoming_request(invite, "btag", callee_local);
  ASSERT_TRUE(b.ok()) << b.error().message;
  auto ok = parse_exact(b->build_response(invite, 200, {}, {}, "application/sdp", "v=0\r\n"));
  EXPECT_EQ(SipDialogId::of_response(ok), (SipDialogId{"out-1@callwerk", "uac1", "btag"}));
  auto a = SipDialog::from_outgoing_request(invite, ok, kLocal);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->id().call_id, b->id().call_id);
  EXPECT_EQ(a->id().local_tag, b->id().remote_tag);
  EXPECT_EQ(a->id().remote_tag, b->id().local_tag);
  EXPECT_EQ(a->remote_target(), "sip:agent@192.0.2.20:5064");
  EXPECT_EQ(b->remote_target(), "sip:callwerk@10.0.0.1:5060");

  std::unordered_map<SipDialogId, std::string> dialogs{{a->id(), "A"}, {b->id(), "B"}};
  auto info = parse_exact(b->build_request("INFO", {}, "application/dtmf-relay", "Signal=1\r\n"));
  auto info_id = SipDialogId::of_incoming_request(info);
  ASSERT_TRUE(info_id.has_value());
  EXPECT_EQ(dialogs.at(*info_id), "A");
  EXPECT_TRUE(a->accept_incoming_request(info).accepted());
  EXPECT_EQ(a->remote_cseq(), info.cseq().number);
  EXPECT_EQ(b->accept_incoming_request(info).status, 481);  // B's own request is not for B

  auto bye = parse_exact(a->build_request("BYE"));
  EXPECT_EQ(dialogs.at(*SipDialogId::of_incoming_request(bye)), "B");
  EXPECT_TRUE(b->accept_incoming_request(bye).accepted());
  EXPECT_EQ(b->state(), SipDialogState::terminated);
  auto bye_ok = parse_exact(b->build_response(bye, 200));
  EXPECT_FALSE(bye_ok.header("Contact").has_value());
  EXPECT_EQ(dialogs.at(*SipDialogId::of_response(bye_ok)), "A");
  EXPECT_TRUE(a->on_response_received(bye_ok));
  EXPECT_FALSE(b->on_response_received(bye_ok));
}

TEST(SipDialog, ForeignOrEndedDialogGets481) {
  auto invite = parse_exact(kIncomingInvite);
  auto dialog = uas_dialog(invite);
  (void)dialog.build_response(invite, 200);
  auto other_tag = peer_request("INFO", 314160);
  other_tag.replace(other_tag.find("tag=ourtag"), 10, "tag=others");
  EXPECT_EQ(dialog.accept_incoming_request(parse_exact(other_tag)).status, 481);
  EXPECT_EQ(dialog.remote_cseq(), 314159u);  // a foreign request changes nothing
  EXPECT_TRUE(dialog.accept_incoming_request(parse_exact(peer_request("BYE", 314161))).accepted());
  EXPECT_EQ(dialog.state(), SipDialogState::terminated);
  EXPECT_EQ(dialog.accept_incoming_request(parse_exact(peer_request("INFO", 314162))).status, 481);
  auto untagged = peer_request("INFO", 314163);
  untagged.replace(untagged.find(";tag=ourtag"), 11, "");
  EXPECT_FALSE(SipDialogId::of_incoming_request(parse_exact(untagged)).has_value());
}

TEST(SipDialog, Response481Or408EndsTheDialog) {
  auto invite = our_invite();
  auto ok = parse_exact(callee_ok(invite, ""));
  for (int code : {481, 408}) {
    auto dialog = SipDialog::from_outgoing_request(invite, ok, kLocal);
    ASSERT_TRUE(dialog.ok());
    auto info = parse_exact(dialog->build_request("INFO"));
    auto answer = build_response(info, code, default_reason_phrase(code), "callee");
    EXPECT_TRUE(dialog->on_response_received(parse_exact(answer)));
    EXPECT_EQ(dialog->state(), SipDialogState::terminated) << code;
  }
}

TEST(SipDialog, TargetRefreshBy2xxToOurReInvite) {
  auto invite = our_invite();
  auto dialog =
      SipDialog::from_outgoing_request(invite, parse_exact(callee_ok(invite, "")), kLocal);
  ASSERT_TRUE(dialog.ok());
  auto reinvite = parse_exact(dialog->build_request("INVITE", {}, "application/sdp", "v=0\r\n"));
  EXPECT_EQ(reinvite.cseq().number, 21u);
  auto answer = build_response_with(reinvite, 200, "OK", "callee",
                                    "Contact: <sip:agent@192.0.2.99:5070>\r\n");
  EXPECT_TRUE(dialog->on_response_received(parse_exact(answer)));
  EXPECT_EQ(dialog->remote_target(), "sip:agent@192.0.2.99:5070");
  EXPECT_FALSE(dialog->outgoing_invite_pending());
  auto ack = parse_exact(dialog->build_ack(21));
  EXPECT_EQ(ack.request_uri(), "sip:agent@192.0.2.99:5070");
  EXPECT_EQ(ack.cseq().number, 21u);
}

TEST(SipDialog, Ipv6AddressesOnBothEnds) {
  auto local = make_local_address(SipTransportProtocol::tcp, "2001:db8::1", 5060);
  auto text = kIncomingInvite;
  std::string_view old_contact = "<sip:anna@192.0.2.10:5062;transport=udp>";
  text.replace(text.find(old_contact), old_contact.size(), "<sip:anna@[2001:db8::2]:5062>");
  auto invite = parse_exact(text);
  auto dialog = SipDialog::from_incoming_request(invite, "v6", local);
  ASSERT_TRUE(dialog.ok()) << dialog.error().message;
  EXPECT_EQ(dialog->remote_target(), "sip:anna@[2001:db8::2]:5062");
  auto ok = parse_exact(dialog->build_response(invite, 200));
  EXPECT_EQ(ok.header("Contact"), "<sip:callwerk@[2001:db8::1]:5060;transport=tcp>");
  auto bye = parse_exact(dialog->build_request("BYE"));
  EXPECT_EQ(bye.request_uri(), "sip:anna@[2001:db8::2]:5062");
  auto via = parse_via(*bye.header("Via"));
  ASSERT_TRUE(via.ok());
  EXPECT_EQ(via->transport, "TCP");
  EXPECT_TRUE(via->ipv6);
  EXPECT_EQ(via->host, "2001:db8::1");
  EXPECT_EQ(via->port, 5060);
}

}  // namespace
}  // namespace callwerk::sip
