#include "sip/sip_transaction.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "sip/sip_transaction_keys.hpp"
#include "sip_test_support.hpp"

namespace callwerk::sip {
namespace {

using test::crlf;
using test::parse_ok;
using TimeoutKind = SipTransactionTimeout::Kind;

const SipPeer kPhone{"192.0.2.10", 5062, SipTransportProtocol::udp, 0};
const SipPeer kTcpPhone{"192.0.2.11", 40312, SipTransportProtocol::tcp, 77};
const SipPeer kTrunk{"198.51.100.7", 5060, SipTransportProtocol::udp, 0};
const SipPeer kTcpTrunk{"198.51.100.8", 5060, SipTransportProtocol::tcp, 12};

// A request as a phone sends it; `via` is the whole top Via value.
std::string request_text(std::string_view method, std::string_view via, int cseq = 1,
                         std::string_view to_tag = "", std::string_view call_id = "call-1") {
  std::string text;
  text.append(method).append(" sip:100@callwerk.example SIP/2.0\n");
  text.append("Via: ").append(via).append("\n");
  text.append("Max-Forwards: 70\n");
  text.append("From: <sip:alice@example.com>;tag=a1\n");
  text.append("To: <sip:100@callwerk.example>");
  if (!to_tag.empty()) text.append(";tag=").append(to_tag);
  text.append("\nCall-ID: ").append(call_id).append("\n");
  text.append("CSeq: ").append(std::to_string(cseq)).append(" ");
  text.append(method == "ACK" || method == "CANCEL" ? "INVITE" : method);
  if (method == "ACK") text.replace(text.rfind("INVITE"), 6, "ACK");
  if (method == "CANCEL") text.replace(text.rfind("INVITE"), 6, "CANCEL");
  text.append("\nContent-Length: 0\n\n");
  return crlf(text);
}

constexpr std::string_view kPhoneVia = "SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKinv1;rport";

std::string first_line(std::string_view bytes) {
  return std::string(bytes.substr(0, bytes.find("\r\n")));
}

std::string describe(const SipTransactionOutput& output) {
  if (const auto* send = std::get_if<SipSend>(&output)) {
    std::string to = send->to.host_port();
    if (send->to.reliable()) to += "/tcp#" + std::to_string(send->to.connection_id);
    return "send " + to + " " + first_line(send->bytes);
  }
  if (const auto* request = std::get_if<SipNewRequest>(&output))
    return std::string(request->id == 0 ? "ack-up " : "request ") +
           std::string(request->request.method());
  if (const auto* response = std::get_if<SipResponseReceived>(&output))
    return "response " + std::to_string(response->response.status_code());
  const auto& timeout = std::get<SipTransactionTimeout>(output);
  return timeout.kind == TimeoutKind::no_ack ? "timeout no_ack" : "timeout no_response";
}

std::vector<std::string> describe_all(const std::vector<SipTransactionOutput>& outputs) {
  std::vector<std::string> lines;
  for (const auto& output : outputs) lines.push_back(describe(output));
  return lines;
}

std::vector<std::string> at(const std::vector<TimeMs>& times, const std::string& what) {
  std::vector<std::string> lines;
  for (auto time : times) lines.push_back(std::to_string(time) + " " + what);
  return lines;
}

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

class SipTransactionTest : public ::testing::Test {
 protected:
  // One turn of a TU that answers nothing at once: what came in, then the pending 100s.
  std::vector<SipTransactionOutput> receive(const std::string& wire, const SipPeer& source) {
    std::vector<SipTransactionOutput> out;
    layer_.receive(parse_ok(wire), source, now_, out);
    layer_.send_pending_trying(out);
    return out;
  }

  SipTransactionId receive_new(const std::string& wire, const SipPeer& source) {
    auto out = receive(wire, source);
    for (const auto& output : out) {
      if (const auto* request = std::get_if<SipNewRequest>(&output)) return request->id;
    }
    ADD_FAILURE() << "no new server transaction";
    return 0;
  }

  std::vector<SipTransactionOutput> respond(SipTransactionId id, int code, std::string_view reason,
                                            const std::string& request_wire,
                                            std::string_view to_tag = "srv1") {
    std::vector<SipTransactionOutput> out;
    auto request = parse_ok(request_wire);
    EXPECT_TRUE(layer_.respond(id, code, build_response(request, code, reason, to_tag), now_, out));
    return out;
  }

  // Fires the timers up to `end`, one deadline at a time, and checks that nothing fires a
  // millisecond early. Lines read "<ms> <what happened>".
  std::vector<std::string> run_until(TimeMs end) {
    std::vector<std::string> timeline;
    while (auto next = layer_.next_deadline()) {
      if (*next > end) break;
      EXPECT_GE(*next, now_);
      std::vector<SipTransactionOutput> out;
      if (*next > now_) {
        layer_.advance(*next - 1, out);
        EXPECT_TRUE(out.empty()) << "fired before " << *next << ": " << describe(out.front());
        out.clear();
      }
      now_ = *next;
      layer_.advance(now_, out);
      for (const auto& line : describe_all(out))
        timeline.push_back(std::to_string(now_) + " " + line);
    }
    now_ = end;
    std::vector<SipTransactionOutput> out;
    layer_.advance(now_, out);
    EXPECT_TRUE(out.empty());
    return timeline;
  }

  SipTransactionLayer layer_;
  TimeMs now_ = 0;
};

// ---- server INVITE ---------------------------------------------------------------------

TEST_F(SipTransactionTest, NewInviteGoesUpAndGetsTryingAfterTheTusTurn) {
  auto invite = request_text("INVITE", kPhoneVia);
  auto out = receive(invite, kPhone);
  ASSERT_EQ(describe_all(out), (std::vector<std::string>{
                                   "request INVITE", "send 192.0.2.10:5062 SIP/2.0 100 Trying"}));
  const auto& trying = std::get<SipSend>(out[1]).bytes;
  EXPECT_NE(trying.find("Via: " + std::string(kPhoneVia) + "\r\n"), std::string::npos);
  EXPECT_NE(trying.find("To: <sip:100@callwerk.example>\r\n"), std::string::npos);  // no tag
  const auto& request = std::get<SipNewRequest>(out[0]);
  EXPECT_NE(request.id, 0U);
  EXPECT_EQ(request.source, kPhone);
  EXPECT_EQ(request.request.call_id(), "call-1");
  EXPECT_EQ(layer_.active(), 1U);
  EXPECT_FALSE(layer_.next_deadline());  // Proceeding waits for the TU, without a timer
}

TEST_F(SipTransactionTest, AnInviteAnsweredInTheSameTurnGetsNoTrying) {
  auto ringing = request_text("INVITE", kPhoneVia);
  auto answered = request_text("INVITE", "SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKother");
  std::vector<SipTransactionOutput> out;
  layer_.receive(parse_ok(ringing), kPhone, now_, out);
  layer_.receive(parse_ok(answered), kPhone, now_, out);
  ASSERT_EQ(out.size(), 2U);
  const auto rung = std::get<SipNewRequest>(out[0]).id;
  const auto ok = std::get<SipNewRequest>(out[1]).id;
  out.clear();
  // The TU rings one and answers the other before its turn ends: no 100 for either.
  ASSERT_TRUE(
      layer_.respond(rung, 180, build_response(parse_ok(ringing), 180, "Ringing", "a"), now_, out));
  ASSERT_TRUE(
      layer_.respond(ok, 200, build_response(parse_ok(answered), 200, "OK", "b"), now_, out));
  layer_.send_pending_trying(out);
  EXPECT_EQ(describe_all(out), (std::vector<std::string>{"send 192.0.2.10:5062 SIP/2.0 180 Ringing",
                                                         "send 192.0.2.10:5062 SIP/2.0 200 OK"}));
  out.clear();
  layer_.send_pending_trying(out);  // nothing is left pending
  EXPECT_TRUE(out.empty());
  // A retransmission still gets the last response.
  EXPECT_EQ(describe_all(receive(ringing, kPhone)),
            (std::vector<std::string>{"send 192.0.2.10:5062 SIP/2.0 180 Ringing"}));
}

TEST_F(SipTransactionTest, RetransmittedInviteGetsTheLastProvisionalAgain) {
  auto invite = request_text("INVITE", kPhoneVia);
  auto id = receive_new(invite, kPhone);
  EXPECT_EQ(describe_all(receive(invite, kPhone)),
            (std::vector<std::string>{"send 192.0.2.10:5062 SIP/2.0 100 Trying"}));
  EXPECT_EQ(describe_all(respond(id, 180, "Ringing", invite)),
            (std::vector<std::string>{"send 192.0.2.10:5062 SIP/2.0 180 Ringing"}));
  EXPECT_EQ(describe_all(receive(invite, kPhone)),
            (std::vector<std::string>{"send 192.0.2.10:5062 SIP/2.0 180 Ringing"}));
  EXPECT_EQ(layer_.active(), 1U);
}

TEST_F(SipTransactionTest, ResponsesGoToTheSourceNotToTheViaSentBy) {
  // Behind NAT the Via names a private address; the answer goes where the packet came from.
  SipPeer nat{"203.0.113.5", 40001, SipTransportProtocol::udp, 0};
  auto invite = request_text("INVITE", "SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKnat;rport");
  auto out = receive(invite, nat);
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(std::get<SipSend>(out[1]).to, nat);
}

TEST_F(SipTransactionTest, Non2xxFinalIsRetransmittedByTimerGUntilTimerH) {
  auto invite = request_text("INVITE", kPhoneVia);
  auto id = receive_new(invite, kPhone);
  EXPECT_EQ(describe_all(respond(id, 486, "Busy Here", invite)),
            (std::vector<std::string>{"send 192.0.2.10:5062 SIP/2.0 486 Busy Here"}));
  std::vector<SipTransactionOutput> out;
  EXPECT_FALSE(layer_.respond(id, 200, "SIP/2.0 200 OK\r\n\r\n", now_, out));  // one final only
  EXPECT_TRUE(out.empty());
  // T1 doubling to T2: 500, 1000, 2000, 4000, 4000, ...; H at 64*T1.
  auto expected = at({500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500},
                     "send 192.0.2.10:5062 SIP/2.0 486 Busy Here") +
                  at({32000}, "timeout no_ack");
  EXPECT_EQ(run_until(100'000), expected);
  EXPECT_EQ(layer_.active(), 0U);
  EXPECT_FALSE(layer_.next_deadline());
}

TEST_F(SipTransactionTest, AdvanceJumpingAheadReproducesTheScheduleInOrder) {
  auto invite = request_text("INVITE", kPhoneVia);
  auto id = receive_new(invite, kPhone);
  respond(id, 500, "Server Internal Error", invite);
  std::vector<SipTransactionOutput> out;
  layer_.advance(1'000'000, out);
  auto expected =
      std::vector<std::string>(10, "send 192.0.2.10:5062 SIP/2.0 500 Server Internal Error");
  expected.push_back("timeout no_ack");
  EXPECT_EQ(describe_all(out), expected);
  ASSERT_EQ(out.size(), 11U);
  EXPECT_EQ(std::get<SipTransactionTimeout>(out.back()).id, id);
  EXPECT_EQ(layer_.active(), 0U);
}

TEST_F(SipTransactionTest, AckToNon2xxConfirmsAndTimerIEndsTheTransaction) {
  auto invite = request_text("INVITE", kPhoneVia);
  auto id = receive_new(invite, kPhone);
  respond(id, 486, "Busy Here", invite);
  EXPECT_EQ(run_until(600), at({500}, "send 192.0.2.10:5062 SIP/2.0 486 Busy Here"));
  now_ = 700;
  auto ack = request_text("ACK", kPhoneVia, 1, "srv1");
  EXPECT_TRUE(receive(ack, kPhone).empty());      // absorbed: the TU has nothing to do
  EXPECT_EQ(layer_.next_deadline(), 700 + 5000);  // timer I = T4
  now_ = 800;
  EXPECT_TRUE(receive(ack, kPhone).empty());
  EXPECT_TRUE(receive(invite, kPhone).empty());
  EXPECT_TRUE(run_until(100'000).empty());  // no more retransmissions, no timeout
  EXPECT_EQ(layer_.active(), 0U);
}

TEST_F(SipTransactionTest, OverTcpNoRetransmissionAndAckEndsAtOnce) {
  auto via = "SIP/2.0/TCP 192.0.2.11:5060;branch=z9hG4bKtcp1";
  auto invite = request_text("INVITE", via);
  auto out = receive(invite, kTcpPhone);
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(describe(out[1]), "send 192.0.2.11:40312/tcp#77 SIP/2.0 100 Trying");
  auto id = std::get<SipNewRequest>(out[0]).id;
  EXPECT_EQ(describe_all(respond(id, 603, "Decline", invite)),
            (std::vector<std::string>{"send 192.0.2.11:40312/tcp#77 SIP/2.0 603 Decline"}));
  EXPECT_EQ(layer_.next_deadline(), 32000);  // only timer H
  now_ = 100;
  EXPECT_TRUE(receive(request_text("ACK", via, 1, "srv1"), kTcpPhone).empty());
  EXPECT_EQ(layer_.active(), 0U);  // timer I is 0 over TCP
  EXPECT_FALSE(layer_.next_deadline());
}

TEST_F(SipTransactionTest, OverTcpMissingAckStillTimesOutWithH) {
  auto invite = request_text("INVITE", "SIP/2.0/TCP 192.0.2.11:5060;branch=z9hG4bKtcp2");
  auto id = receive_new(invite, kTcpPhone);
  respond(id, 486, "Busy Here", invite);
  EXPECT_EQ(run_until(100'000), at({32000}, "timeout no_ack"));
  EXPECT_EQ(layer_.active(), 0U);
}

TEST_F(SipTransactionTest, TwoHundredIsRetransmittedUntilItsAckWithANewBranch) {
  auto invite = request_text("INVITE", kPhoneVia);
  auto id = receive_new(invite, kPhone);
  EXPECT_EQ(describe_all(respond(id, 200, "OK", invite)),
            (std::vector<std::string>{"send 192.0.2.10:5062 SIP/2.0 200 OK"}));
  EXPECT_EQ(run_until(2000), at({500, 1500}, "send 192.0.2.10:5062 SIP/2.0 200 OK"));
  // An INVITE retransmission before the ACK: the 200 may have been lost.
  EXPECT_EQ(describe_all(receive(invite, kPhone)),
            (std::vector<std::string>{"send 192.0.2.10:5062 SIP/2.0 200 OK"}));
  now_ = 2100;
  auto ack = request_text("ACK", "SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKack2;rport", 1, "srv1");
  auto out = receive(ack, kPhone);
  ASSERT_EQ(describe_all(out), (std::vector<std::string>{"ack-up ACK"}));
  EXPECT_EQ(std::get<SipNewRequest>(out[0]).source, kPhone);
  EXPECT_TRUE(receive(invite, kPhone).empty());  // after the ACK: absorbed
  EXPECT_EQ(layer_.next_deadline(), 32000);      // timer L still absorbs retransmissions
  EXPECT_TRUE(run_until(100'000).empty());       // no timeout: the ACK came
  EXPECT_EQ(layer_.active(), 0U);
  // A late ACK retransmission has no transaction any more and still goes up.
  EXPECT_EQ(describe_all(receive(ack, kPhone)), (std::vector<std::string>{"ack-up ACK"}));
}

TEST_F(SipTransactionTest, TwoHundredWithoutAckEndsWithTimerL) {
  auto invite = request_text("INVITE", kPhoneVia);
  auto id = receive_new(invite, kPhone);
  respond(id, 200, "OK", invite);
  auto expected = at({500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500},
                     "send 192.0.2.10:5062 SIP/2.0 200 OK") +
                  at({32000}, "timeout no_ack");
  EXPECT_EQ(run_until(100'000), expected);
  EXPECT_EQ(layer_.active(), 0U);
}

TEST_F(SipTransactionTest, AckWithAnotherToTagDoesNotStopThe2xx) {
  auto invite = request_text("INVITE", kPhoneVia);
  auto id = receive_new(invite, kPhone);
  respond(id, 200, "OK", invite, "srv1");
  now_ = 100;
  auto foreign = request_text("ACK", "SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKack3", 1, "zzz");
  EXPECT_EQ(describe_all(receive(foreign, kPhone)), (std::vector<std::string>{"ack-up ACK"}));
  auto other_cseq =
      request_text("ACK", "SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKack4", 2, "srv1");
  EXPECT_EQ(describe_all(receive(other_cseq, kPhone)), (std::vector<std::string>{"ack-up ACK"}));
  EXPECT_EQ(run_until(600), at({500}, "send 192.0.2.10:5062 SIP/2.0 200 OK"));
}

TEST_F(SipTransactionTest, AckReusingTheInviteBranchAlsoStopsThe2xx) {
  auto invite = request_text("INVITE", kPhoneVia);
  auto id = receive_new(invite, kPhone);
  respond(id, 200, "OK", invite);
  now_ = 100;
  auto out = receive(request_text("ACK", kPhoneVia, 1, "srv1"), kPhone);
  EXPECT_EQ(describe_all(out), (std::vector<std::string>{"ack-up ACK"}));
  EXPECT_EQ(std::get<SipNewRequest>(out[0]).id, 0U);
  EXPECT_TRUE(run_until(100'000).empty());
  EXPECT_EQ(layer_.active(), 0U);
}

TEST_F(SipTransactionTest, TwoHundredOverTcpIsNotRetransmittedAndAckEndsIt) {
  auto via = "SIP/2.0/TCP 192.0.2.11:5060;branch=z9hG4bKtcp3";
  auto invite = request_text("INVITE", via);
  auto id = receive_new(invite, kTcpPhone);
  respond(id, 200, "OK", invite);
  EXPECT_EQ(layer_.next_deadline(), 32000);  // only timer L
  now_ = 50;
  auto ack = request_text("ACK", "SIP/2.0/TCP 192.0.2.11:5060;branch=z9hG4bKtcpack", 1, "srv1");
  EXPECT_EQ(describe_all(receive(ack, kTcpPhone)), (std::vector<std::string>{"ack-up ACK"}));
  EXPECT_EQ(layer_.active(), 0U);
}

TEST_F(SipTransactionTest, StrayAckGoesUpWithoutTransaction) {
  auto out = receive(request_text("ACK", kPhoneVia, 5, "x"), kPhone);
  ASSERT_EQ(describe_all(out), (std::vector<std::string>{"ack-up ACK"}));
  EXPECT_EQ(std::get<SipNewRequest>(out[0]).id, 0U);
  EXPECT_EQ(layer_.active(), 0U);
}

// ---- server non-INVITE -----------------------------------------------------------------

TEST_F(SipTransactionTest, NonInviteTryingProceedingCompletedAndTimerJ) {
  auto options = request_text("OPTIONS", "SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKopt1");
  auto id = receive_new(options, kPhone);         // no automatic 100 for non-INVITE
  EXPECT_TRUE(receive(options, kPhone).empty());  // Trying: absorbed
  now_ = 50;
  EXPECT_EQ(describe_all(respond(id, 100, "Trying", options)),
            (std::vector<std::string>{"send 192.0.2.10:5062 SIP/2.0 100 Trying"}));
  EXPECT_EQ(describe_all(receive(options, kPhone)),
            (std::vector<std::string>{"send 192.0.2.10:5062 SIP/2.0 100 Trying"}));
  now_ = 100;
  EXPECT_EQ(describe_all(respond(id, 200, "OK", options)),
            (std::vector<std::string>{"send 192.0.2.10:5062 SIP/2.0 200 OK"}));
  EXPECT_EQ(describe_all(receive(options, kPhone)),
            (std::vector<std::string>{"send 192.0.2.10:5062 SIP/2.0 200 OK"}));
  std::vector<SipTransactionOutput> out;
  EXPECT_FALSE(layer_.respond(id, 500, "SIP/2.0 500 x\r\n\r\n", now_, out));
  EXPECT_EQ(layer_.next_deadline(), 100 + 32000);  // timer J = 64*T1; no retransmissions
  EXPECT_TRUE(run_until(100'000).empty());
  EXPECT_EQ(layer_.active(), 0U);
  EXPECT_FALSE(layer_.respond(id, 200, "SIP/2.0 200 OK\r\n\r\n", now_, out));
}

TEST_F(SipTransactionTest, AStatelessChallengeKeepsNothingAndARetransmissionIsNew) {
  auto reg = request_text("REGISTER", "SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKreg1");
  auto id = receive_new(reg, kPhone);
  std::vector<SipTransactionOutput> out;
  ASSERT_TRUE(layer_.respond_statelessly(
      id, 401, build_response(parse_ok(reg), 401, "Unauthorized", "t1"), out));
  EXPECT_EQ(describe_all(out),
            (std::vector<std::string>{"send 192.0.2.10:5062 SIP/2.0 401 Unauthorized"}));
  EXPECT_EQ(layer_.active(), 0U);  // nothing kept for Timer J
  EXPECT_FALSE(layer_.next_deadline());
  // The same request again is a new transaction for the TU (which challenges it afresh).
  const auto again = receive_new(reg, kPhone);
  EXPECT_NE(again, id);
  out.clear();
  EXPECT_FALSE(layer_.respond_statelessly(id, 401, "SIP/2.0 401 x\r\n\r\n", out));
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(layer_.respond_statelessly(again, 100, "SIP/2.0 100 x\r\n\r\n", out));

  // Never for an INVITE: its ACK must find the transaction.
  auto invite = receive_new(request_text("INVITE", kPhoneVia), kPhone);
  EXPECT_FALSE(layer_.respond_statelessly(invite, 407, "SIP/2.0 407 x\r\n\r\n", out));
  EXPECT_TRUE(out.empty());
}

TEST_F(SipTransactionTest, NonInviteOverTcpEndsWithItsFinalResponse) {
  auto bye = request_text("BYE", "SIP/2.0/TCP 192.0.2.11:5060;branch=z9hG4bKbye1", 2, "srv1");
  auto id = receive_new(bye, kTcpPhone);
  EXPECT_EQ(describe_all(respond(id, 200, "OK", bye)),
            (std::vector<std::string>{"send 192.0.2.11:40312/tcp#77 SIP/2.0 200 OK"}));
  EXPECT_EQ(layer_.active(), 0U);  // timer J is 0 over TCP
  EXPECT_FALSE(layer_.next_deadline());
}

// ---- CANCEL ----------------------------------------------------------------------------

TEST_F(SipTransactionTest, CancelIsItsOwnTransactionAndFindsItsInvite) {
  auto invite = request_text("INVITE", kPhoneVia);
  auto invite_id = receive_new(invite, kPhone);
  now_ = 300;
  auto cancel = request_text("CANCEL", kPhoneVia);
  auto out = receive(cancel, kPhone);
  ASSERT_EQ(describe_all(out), (std::vector<std::string>{"request CANCEL"}));
  auto cancel_id = std::get<SipNewRequest>(out[0]).id;
  EXPECT_NE(cancel_id, invite_id);
  EXPECT_EQ(layer_.find_invite_for_cancel(std::get<SipNewRequest>(out[0]).request), invite_id);
  EXPECT_EQ(layer_.active(), 2U);

  auto other_branch =
      parse_ok(request_text("CANCEL", "SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKother;rport"));
  EXPECT_FALSE(layer_.find_invite_for_cancel(other_branch));
  auto other_sent_by =
      parse_ok(request_text("CANCEL", "SIP/2.0/UDP 192.0.2.99:5062;branch=z9hG4bKinv1;rport"));
  EXPECT_FALSE(layer_.find_invite_for_cancel(other_sent_by));

  EXPECT_EQ(describe_all(respond(cancel_id, 200, "OK", cancel)),
            (std::vector<std::string>{"send 192.0.2.10:5062 SIP/2.0 200 OK"}));
  EXPECT_EQ(describe_all(respond(invite_id, 487, "Request Terminated", invite)),
            (std::vector<std::string>{"send 192.0.2.10:5062 SIP/2.0 487 Request Terminated"}));
  now_ = 400;
  EXPECT_TRUE(receive(request_text("ACK", kPhoneVia, 1, "srv1"), kPhone).empty());
  run_until(100'000);
  EXPECT_EQ(layer_.active(), 0U);
  EXPECT_FALSE(layer_.find_invite_for_cancel(parse_ok(cancel)));
}

TEST_F(SipTransactionTest, CancelLosingTheRaceToTheTwoHundred) {
  auto invite = request_text("INVITE", kPhoneVia);
  auto invite_id = receive_new(invite, kPhone);
  respond(invite_id, 200, "OK", invite);
  auto cancel = request_text("CANCEL", kPhoneVia);
  auto cancel_id = receive_new(cancel, kPhone);
  EXPECT_EQ(layer_.find_invite_for_cancel(parse_ok(cancel)), invite_id);
  std::vector<SipTransactionOutput> out;
  // The 487 no longer fits: the INVITE has its final response.
  EXPECT_FALSE(layer_.respond(invite_id, 487, "SIP/2.0 487 x\r\n\r\n", now_, out));
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(layer_.respond(cancel_id, 200, build_response(parse_ok(cancel), 200, "OK", "srv1"),
                             now_, out));
}

// ---- client INVITE ---------------------------------------------------------------------

std::string outbound_invite(std::string_view transport = "UDP",
                            std::string_view branch = "z9hG4bKout1") {
  std::string text = "INVITE sip:+4930123@trunk.example SIP/2.0\n";
  text.append("Via: SIP/2.0/").append(transport).append(" 198.51.100.1:5060;branch=");
  text.append(branch).append(";rport\n");
  text +=
      "Route: <sip:proxy1.example;lr>\n"
      "Route: <sip:proxy2.example;lr>\n"
      "Max-Forwards: 70\n"
      "From: \"callwerk\" <sip:agent@callwerk.example>;tag=cw1\n"
      "To: <sip:+4930123@trunk.example>\n"
      "Call-ID: out-1@callwerk\n"
      "CSeq: 7 INVITE\n"
      "Contact: <sip:agent@198.51.100.1:5060>\n"
      "Content-Length: 0\n\n";
  return crlf(text);
}

std::string trunk_response(int code, std::string_view reason, std::string_view method = "INVITE",
                           int cseq = 7, std::string_view branch = "z9hG4bKout1") {
  std::string text = "SIP/2.0 " + std::to_string(code) + " " + std::string(reason) + "\n";
  text.append("Via: SIP/2.0/UDP 198.51.100.1:5060;branch=").append(branch);
  text.append(";rport=5060;received=198.51.100.1\n");
  text +=
      "From: \"callwerk\" <sip:agent@callwerk.example>;tag=cw1\n"
      "To: <sip:+4930123@trunk.example>";
  if (code > 100) text += ";tag=far9";
  text += "\nCall-ID: out-1@callwerk\nCSeq: " + std::to_string(cseq) + " " + std::string(method);
  text += "\nContent-Length: 0\n\n";
  return crlf(text);
}

TEST_F(SipTransactionTest, ClientInviteTimerADoublesUntilTimerB) {
  std::vector<SipTransactionOutput> out;
  auto invite = outbound_invite();
  auto id = layer_.request(invite, kTrunk, now_, out);
  ASSERT_NE(id, 0U);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(std::get<SipSend>(out[0]).to, kTrunk);
  EXPECT_EQ(std::get<SipSend>(out[0]).bytes, invite);
  // Timer A doubles without the T2 cap (RFC 3261 §17.1.1.2).
  auto expected = at({500, 1500, 3500, 7500, 15500, 31500},
                     "send 198.51.100.7:5060 INVITE sip:+4930123@trunk.example SIP/2.0") +
                  at({32000}, "timeout no_response");
  EXPECT_EQ(run_until(100'000), expected);
  EXPECT_EQ(layer_.active(), 0U);
}

TEST_F(SipTransactionTest, ClientInviteProvisionalStopsRetransmissionAndTimerB) {
  std::vector<SipTransactionOutput> out;
  auto id = layer_.request(outbound_invite(), kTrunk, now_, out);
  now_ = 200;
  out = receive(trunk_response(100, "Trying"), kTrunk);
  ASSERT_EQ(describe_all(out), (std::vector<std::string>{"response 100"}));
  EXPECT_EQ(std::get<SipResponseReceived>(out[0]).id, id);
  EXPECT_TRUE(run_until(600'000).empty());  // the TU's timer C decides, not the transaction
  EXPECT_EQ(layer_.active(), 1U);
  EXPECT_EQ(describe_all(receive(trunk_response(180, "Ringing"), kTrunk)),
            (std::vector<std::string>{"response 180"}));
}

TEST_F(SipTransactionTest, ClientInviteAcksA486ItselfAndAbsorbsItsRetransmissions) {
  std::vector<SipTransactionOutput> out;
  auto id = layer_.request(outbound_invite(), kTrunk, now_, out);
  now_ = 100;
  out = receive(trunk_response(486, "Busy Here"), kTrunk);
  ASSERT_EQ(describe_all(out),
            (std::vector<std::string>{
                "send 198.51.100.7:5060 ACK sip:+4930123@trunk.example SIP/2.0", "response 486"}));
  EXPECT_EQ(std::get<SipResponseReceived>(out[1]).id, id);
  const auto expected_ack = crlf(
      "ACK sip:+4930123@trunk.example SIP/2.0\n"
      "Via: SIP/2.0/UDP 198.51.100.1:5060;branch=z9hG4bKout1;rport\n"
      "Route: <sip:proxy1.example;lr>\n"
      "Route: <sip:proxy2.example;lr>\n"
      "Max-Forwards: 70\n"
      "From: \"callwerk\" <sip:agent@callwerk.example>;tag=cw1\n"
      "To: <sip:+4930123@trunk.example>;tag=far9\n"
      "Call-ID: out-1@callwerk\n"
      "CSeq: 7 ACK\n"
      "Content-Length: 0\n\n");
  EXPECT_EQ(std::get<SipSend>(out[0]).bytes, expected_ack);
  parse_ok(expected_ack);  // and it is a valid request

  now_ = 1000;
  out = receive(trunk_response(486, "Busy Here"), kTrunk);
  ASSERT_EQ(out.size(), 1U);  // the ACK again, nothing for the TU
  EXPECT_EQ(std::get<SipSend>(out[0]).bytes, expected_ack);
  EXPECT_EQ(layer_.next_deadline(), 100 + 32000);  // timer D
  EXPECT_TRUE(run_until(100'000).empty());
  EXPECT_EQ(layer_.active(), 0U);
}

TEST_F(SipTransactionTest, ClientInviteOverTcpNeitherRetransmitsNorWaitsForD) {
  std::vector<SipTransactionOutput> out;
  layer_.request(outbound_invite("TCP", "z9hG4bKtcpout"), kTcpTrunk, now_, out);
  EXPECT_EQ(layer_.next_deadline(), 32000);  // only timer B
  now_ = 100;
  out =
      receive(trunk_response(503, "Service Unavailable", "INVITE", 7, "z9hG4bKtcpout"), kTcpTrunk);
  EXPECT_EQ(
      describe_all(out),
      (std::vector<std::string>{
          "send 198.51.100.8:5060/tcp#12 ACK sip:+4930123@trunk.example SIP/2.0", "response 503"}));
  EXPECT_EQ(layer_.active(), 0U);
}

TEST_F(SipTransactionTest, ClientInviteTwoHundredAndItsRetransmissionsGoUpUntilTimerM) {
  std::vector<SipTransactionOutput> out;
  auto id = layer_.request(outbound_invite(), kTrunk, now_, out);
  EXPECT_EQ(run_until(600), at({500},
                               "send 198.51.100.7:5060 INVITE sip:+4930123@trunk.example "
                               "SIP/2.0"));
  now_ = 700;
  out = receive(trunk_response(200, "OK"), kTrunk);
  ASSERT_EQ(describe_all(out), (std::vector<std::string>{"response 200"}));  // no ACK: the TU's
  EXPECT_EQ(std::get<SipResponseReceived>(out[0]).id, id);
  now_ = 1200;
  EXPECT_EQ(describe_all(receive(trunk_response(200, "OK"), kTrunk)),
            (std::vector<std::string>{"response 200"}));
  EXPECT_TRUE(receive(trunk_response(486, "Busy Here"), kTrunk).empty());
  EXPECT_EQ(layer_.next_deadline(), 700 + 32000);  // timer M
  EXPECT_TRUE(run_until(100'000).empty());         // no retransmission of the INVITE
  EXPECT_EQ(layer_.active(), 0U);
  EXPECT_TRUE(receive(trunk_response(200, "OK"), kTrunk).empty());  // stray now
}

// ---- client non-INVITE -----------------------------------------------------------------

std::string outbound_bye(std::string_view transport = "UDP") {
  return crlf(
      "BYE sip:+4930123@203.0.113.9 SIP/2.0\n"
      "Via: SIP/2.0/" +
      std::string(transport) +
      " 198.51.100.1:5060;branch=z9hG4bKbye9\n"
      "Max-Forwards: 70\n"
      "From: \"callwerk\" <sip:agent@callwerk.example>;tag=cw1\n"
      "To: <sip:+4930123@trunk.example>;tag=far9\n"
      "Call-ID: out-1@callwerk\n"
      "CSeq: 8 BYE\n"
      "Content-Length: 0\n\n");
}

TEST_F(SipTransactionTest, ClientNonInviteTimerECappedAtT2UntilTimerF) {
  std::vector<SipTransactionOutput> out;
  auto id = layer_.request(outbound_bye(), kTrunk, now_, out);
  ASSERT_NE(id, 0U);
  auto timeline = run_until(100'000);
  auto expected = at({500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500},
                     "send 198.51.100.7:5060 BYE sip:+4930123@203.0.113.9 SIP/2.0") +
                  at({32000}, "timeout no_response");
  EXPECT_EQ(timeline, expected);
  EXPECT_EQ(layer_.active(), 0U);
}

TEST_F(SipTransactionTest, ClientNonInviteRetransmitsEveryT2OnceProceeding) {
  std::vector<SipTransactionOutput> out;
  layer_.request(outbound_bye(), kTrunk, now_, out);
  EXPECT_EQ(run_until(600), at({500},
                               "send 198.51.100.7:5060 BYE sip:+4930123@203.0.113.9 "
                               "SIP/2.0"));
  out = receive(trunk_response(100, "Trying", "BYE", 8, "z9hG4bKbye9"), kTrunk);
  EXPECT_EQ(describe_all(out), (std::vector<std::string>{"response 100"}));
  auto expected = at({1500, 5500, 9500, 13500, 17500, 21500, 25500, 29500},
                     "send 198.51.100.7:5060 BYE sip:+4930123@203.0.113.9 SIP/2.0") +
                  at({32000}, "timeout no_response");
  EXPECT_EQ(run_until(100'000), expected);
}

TEST_F(SipTransactionTest, ClientNonInviteFinalGoesUpOnceAndTimerKEndsIt) {
  std::vector<SipTransactionOutput> out;
  auto id = layer_.request(outbound_bye(), kTrunk, now_, out);
  now_ = 100;
  out = receive(trunk_response(200, "OK", "BYE", 8, "z9hG4bKbye9"), kTrunk);
  ASSERT_EQ(describe_all(out), (std::vector<std::string>{"response 200"}));
  EXPECT_EQ(std::get<SipResponseReceived>(out[0]).id, id);
  EXPECT_TRUE(receive(trunk_response(200, "OK", "BYE", 8, "z9hG4bKbye9"), kTrunk).empty());
  EXPECT_EQ(layer_.next_deadline(), 100 + 5000);  // timer K = T4
  EXPECT_TRUE(run_until(100'000).empty());
  EXPECT_EQ(layer_.active(), 0U);
}

TEST_F(SipTransactionTest, ClientNonInviteOverTcpEndsWithTheFinal) {
  std::vector<SipTransactionOutput> out;
  layer_.request(outbound_bye("TCP"), kTcpTrunk, now_, out);
  EXPECT_EQ(layer_.next_deadline(), 32000);  // timer F only
  out = receive(trunk_response(200, "OK", "BYE", 8, "z9hG4bKbye9"), kTcpTrunk);
  EXPECT_EQ(describe_all(out), (std::vector<std::string>{"response 200"}));
  EXPECT_EQ(layer_.active(), 0U);
}

TEST_F(SipTransactionTest, ResponseMatchesByBranchAndCSeqMethod) {
  std::vector<SipTransactionOutput> out;
  layer_.request(outbound_bye(), kTrunk, now_, out);
  // Same branch, other method: not this transaction.
  EXPECT_TRUE(receive(trunk_response(200, "OK", "INVITE", 8, "z9hG4bKbye9"), kTrunk).empty());
  EXPECT_TRUE(receive(trunk_response(200, "OK", "BYE", 8, "z9hG4bKnone"), kTrunk).empty());
  EXPECT_EQ(layer_.active(), 1U);
}

// ---- requests the layer refuses or passes through --------------------------------------

TEST_F(SipTransactionTest, RequestRefusesGarbageMissingBranchAndReusedBranch) {
  std::vector<SipTransactionOutput> out;
  EXPECT_EQ(layer_.request("not sip at all", kTrunk, now_, out), 0U);
  auto without_branch = outbound_bye();
  without_branch.replace(without_branch.find(";branch=z9hG4bKbye9"), 19, "");
  EXPECT_EQ(layer_.request(without_branch, kTrunk, now_, out), 0U);
  EXPECT_TRUE(out.empty());
  EXPECT_NE(layer_.request(outbound_bye(), kTrunk, now_, out), 0U);
  EXPECT_EQ(layer_.request(outbound_bye(), kTrunk, now_, out), 0U);
  EXPECT_EQ(out.size(), 1U);
  EXPECT_EQ(layer_.active(), 1U);
}

TEST_F(SipTransactionTest, AckRequestIsSentWithoutTransaction) {
  std::vector<SipTransactionOutput> out;
  auto ack = crlf(
      "ACK sip:+4930123@203.0.113.9 SIP/2.0\n"
      "Via: SIP/2.0/UDP 198.51.100.1:5060;branch=z9hG4bKack77\n"
      "Max-Forwards: 70\n"
      "From: <sip:agent@callwerk.example>;tag=cw1\n"
      "To: <sip:+4930123@trunk.example>;tag=far9\n"
      "Call-ID: out-1@callwerk\n"
      "CSeq: 7 ACK\n"
      "Content-Length: 0\n\n");
  EXPECT_EQ(layer_.request(ack, kTrunk, now_, out), 0U);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(std::get<SipSend>(out[0]).bytes, ack);
  EXPECT_EQ(layer_.active(), 0U);
  EXPECT_FALSE(layer_.next_deadline());
}

TEST_F(SipTransactionTest, StrayResponsesAreDropped) {
  EXPECT_TRUE(receive(trunk_response(200, "OK"), kTrunk).empty());
  EXPECT_TRUE(receive(trunk_response(180, "Ringing", "INVITE", 7, "nocookie"), kTrunk).empty());
  EXPECT_EQ(layer_.active(), 0U);
}

TEST_F(SipTransactionTest, RespondToUnknownOrClientTransactionIsRefused) {
  std::vector<SipTransactionOutput> out;
  EXPECT_FALSE(layer_.respond(42, 200, "SIP/2.0 200 OK\r\n\r\n", now_, out));
  auto client = layer_.request(outbound_bye(), kTrunk, now_, out);
  out.clear();
  EXPECT_FALSE(layer_.respond(client, 200, "SIP/2.0 200 OK\r\n\r\n", now_, out));
  EXPECT_TRUE(out.empty());
}

TEST_F(SipTransactionTest, SendersWithoutTheMagicCookieStillGetTransactions) {
  // RFC 2543 style: the branch is missing or not unique by construction.
  for (std::string_view via :
       {"SIP/2.0/UDP 192.0.2.10:5062;branch=1", "SIP/2.0/UDP 192.0.2.10:5062"}) {
    SCOPED_TRACE(via);
    SipTransactionLayer fresh;
    layer_ = std::move(fresh);
    now_ = 0;
    auto invite = request_text("INVITE", via);
    auto id = receive_new(invite, kPhone);
    EXPECT_EQ(describe_all(receive(invite, kPhone)),
              (std::vector<std::string>{"send 192.0.2.10:5062 SIP/2.0 100 Trying"}));
    auto cancel = parse_ok(request_text("CANCEL", via));
    EXPECT_EQ(layer_.find_invite_for_cancel(cancel), id);
    respond(id, 486, "Busy Here", invite);
    now_ = 10;
    EXPECT_TRUE(receive(request_text("ACK", via, 1, "srv1"), kPhone).empty());
    EXPECT_EQ(layer_.next_deadline(), 10 + 5000);  // Confirmed: timer I, not H
    // Another call from the same phone is another transaction.
    auto other = request_text("INVITE", via, 1, "", "call-2");
    EXPECT_NE(receive_new(other, kPhone), id);
    EXPECT_EQ(layer_.active(), 2U);
  }
}

// ---- matching helpers ------------------------------------------------------------------

TEST(SipTransactionKeys, HeaderTagSkipsQuotedDisplayNamesAndUriParameters) {
  EXPECT_EQ(header_tag("<sip:a@example.com>;tag=x1"), "x1");
  EXPECT_EQ(header_tag("\"A;tag=fake <x>\" <sip:a@example.com;tag=uri>;foo=1; TAG = x2 "), "x2");
  EXPECT_EQ(header_tag("sip:a@example.com;tag=bare"), "bare");
  EXPECT_EQ(header_tag("<sip:a@example.com;tag=uri>"), "");
  EXPECT_EQ(header_tag("<sip:a@example.com"), "");  // unterminated
  EXPECT_EQ(header_tag(""), "");
}

TEST(SipTransactionKeys, TopViaIsTheFirstValueOfTheFirstLine) {
  auto message = parse_ok(crlf(
      "SIP/2.0 200 OK\n"
      "v: SIP/2.0/UDP a.example;branch=z9hG4bK1;x=\"q,r\", SIP/2.0/UDP b.example;branch=z9hG4bK2\n"
      "Via: SIP/2.0/UDP c.example;branch=z9hG4bK3\n"
      "From: <sip:a@example.com>;tag=1\nTo: <sip:b@example.com>\nCall-ID: k\nCSeq: 1 INVITE\n"
      "Content-Length: 0\n\n"));
  EXPECT_EQ(top_via_value(message), "SIP/2.0/UDP a.example;branch=z9hG4bK1;x=\"q,r\"");
  EXPECT_EQ(client_transaction_key(message), client_transaction_key("z9hG4bK1", "INVITE"));
}

TEST(SipTransactionKeys, ServerKeyUsesBranchSentByAndMethod) {
  auto a = parse_ok(request_text("INVITE", "SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKk"));
  auto other_port = parse_ok(request_text("INVITE", "SIP/2.0/UDP 192.0.2.10:5063;branch=z9hG4bKk"));
  auto other_call =
      parse_ok(request_text("INVITE", "SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKk", 9, "", "c9"));
  EXPECT_EQ(server_transaction_key(a, "INVITE"), server_transaction_key(other_call, "INVITE"));
  EXPECT_NE(server_transaction_key(a, "INVITE"), server_transaction_key(other_port, "INVITE"));
  EXPECT_NE(server_transaction_key(a, "INVITE"), server_transaction_key(a, "CANCEL"));
}

TEST(SipTransactionKeys, ToTagReadFromResponseBytes) {
  auto request = parse_ok(request_text("INVITE", kPhoneVia));
  EXPECT_EQ(to_tag_in_bytes(build_response(request, 200, "OK", "t-77")), "t-77");
  EXPECT_EQ(to_tag_in_bytes(build_response(request, 100, "Trying", "")), "");
  EXPECT_EQ(to_tag_in_bytes(crlf("SIP/2.0 200 OK\nt: <sip:b@x>;tag=compact\n\n")), "compact");
  EXPECT_EQ(to_tag_in_bytes(crlf("SIP/2.0 200 OK\n\nTo: <sip:b@x>;tag=body\n")), "");
  EXPECT_EQ(to_tag_in_bytes("garbage"), "");
}

// ---- load --------------------------------------------------------------------------------

TEST_F(SipTransactionTest, ManyConcurrentTransactionsAllEndAndFreeTheirState) {
  SipTimers timers;
  SipTransactionLayer layer(timers);
  const TimeMs start = 1'764'183'862'000;  // real epoch milliseconds
  TimeMs now = start;
  std::vector<SipTransactionOutput> out;
  constexpr int kCalls = 2000;
  size_t sends = 0, new_requests = 0, acks_up = 0, responses = 0, no_ack = 0, no_response = 0;
  auto count = [&](std::vector<SipTransactionOutput>& outputs) {
    for (const auto& output : outputs) {
      if (std::holds_alternative<SipSend>(output)) ++sends;
      if (const auto* r = std::get_if<SipNewRequest>(&output)) ++(r->id ? new_requests : acks_up);
      if (std::holds_alternative<SipResponseReceived>(output)) ++responses;
      if (const auto* t = std::get_if<SipTransactionTimeout>(&output))
        ++(t->kind == TimeoutKind::no_ack ? no_ack : no_response);
    }
    outputs.clear();
  };
  std::vector<std::pair<SipTransactionId, std::string>> invites;
  for (int i = 0; i < kCalls; ++i) {
    now += 1;
    auto via = "SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKload" + std::to_string(i);
    auto call_id = "load-" + std::to_string(i);
    auto invite = request_text("INVITE", via, 1, "", call_id);
    layer.receive(parse_ok(invite), kPhone, now, out);
    auto id = std::get<SipNewRequest>(out.back()).id;
    layer.send_pending_trying(out);  // answered later, not in this turn
    count(out);
    invites.emplace_back(id, invite);
    // And an outbound OPTIONS per call, answered for even calls only.
    auto options = crlf(
        "OPTIONS sip:trunk.example SIP/2.0\nVia: SIP/2.0/UDP 198.51.100.1:5060;"
        "branch=z9hG4bKping" +
        std::to_string(i) +
        "\nMax-Forwards: 70\nFrom: <sip:cw@callwerk.example>;tag=p\n"
        "To: <sip:trunk.example>\nCall-ID: ping-" +
        std::to_string(i) + "\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n");
    ASSERT_NE(layer.request(options, kTrunk, now, out), 0U);
    count(out);
    if (i % 2 == 0) {
      auto response = crlf("SIP/2.0 200 OK\nVia: SIP/2.0/UDP 198.51.100.1:5060;branch=z9hG4bKping" +
                           std::to_string(i) +
                           "\nFrom: <sip:cw@callwerk.example>;tag=p\n"
                           "To: <sip:trunk.example>;tag=t\nCall-ID: ping-" +
                           std::to_string(i) + "\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n");
      layer.receive(parse_ok(response), kTrunk, now + 20, out);
      count(out);
    }
    if (i % 100 == 0) {
      layer.advance(now, out);
      count(out);
    }
  }
  EXPECT_EQ(layer.active(), 2U * kCalls);  // answered OPTIONS wait for timer K
  // Every INVITE answered: a third 200 with ACK, a third 200 without, a third 486 with ACK.
  for (int i = 0; i < kCalls; ++i) {
    const auto& [id, invite] = invites[static_cast<size_t>(i)];
    auto request = parse_ok(invite);
    int code = i % 3 == 2 ? 486 : 200;
    ASSERT_TRUE(layer.respond(id, code, build_response(request, code, "X", "s"), now, out));
    count(out);
    if (i % 3 == 1) continue;
    auto branch = i % 3 == 0 ? "z9hG4bKack" + std::to_string(i) : "z9hG4bKload" + std::to_string(i);
    auto ack = request_text("ACK", "SIP/2.0/UDP 192.0.2.10:5062;branch=" + branch, 1, "s",
                            "load-" + std::to_string(i));
    layer.receive(parse_ok(ack), kPhone, now, out);
    count(out);
  }
  while (auto next = layer.next_deadline()) {
    now = std::max(now, *next);  // timers of the first calls fell due while answering
    layer.advance(now, out);
    count(out);
  }
  const size_t calls = kCalls;
  const size_t answered_2xx_unacked = (calls + 1) / 3;  // i % 3 == 1
  EXPECT_EQ(layer.active(), 0U);
  EXPECT_EQ(new_requests, calls);
  EXPECT_EQ(acks_up, (calls + 2) / 3);  // the ACKs to 200 (i % 3 == 0)
  EXPECT_EQ(responses, calls / 2);
  EXPECT_EQ(no_ack, answered_2xx_unacked);
  EXPECT_EQ(no_response, calls / 2);
  // 100 + final per call, 10 retransmissions of each unacked 200, OPTIONS sends and 10
  // retransmissions of each unanswered one (none of the answered went out again: 20 ms).
  EXPECT_EQ(sends, 2 * calls + 10 * answered_2xx_unacked + calls + 10 * (calls / 2));
  EXPECT_GE(now, start + 32000);
}

}  // namespace
}  // namespace callwerk::sip
