// Ring-all: a queue with that strategy rings every free agent's phone at once. The first ring
// of a call goes the usual way (the call's agent leg, voice_transfer.cpp); every further ring
// while that one is unanswered is a fork: its own UAC INVITE and RTP port. The first phone
// to answer takes the call: a fork that answers becomes the agent leg, and every other phone
// is cancelled when the ACD reports the colleagues released (stop_ringing). A fork that fails
// is reported to the ACD like any ring that failed.
#include <algorithm>

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "voice/voice_service_state.hpp"

namespace callwerk::voice {

namespace {

std::vector<VoiceCall::Fork>::iterator fork_of_txn(VoiceCall& call, sip::SipTransactionId txn) {
  return std::find_if(call.forks.begin(), call.forks.end(),
                      [txn](const VoiceCall::Fork& fork) { return fork.invite_txn == txn; });
}

}  // namespace

bool VoiceService::State::can_fork(const VoiceCall& call) const {
  return call.queued && !call.bridged && !call.callback && call.agent && !call.agent->dialog;
}

void VoiceService::State::start_fork(VoiceCall& call, int64_t user_id,
                                     const std::string& extension) {
  auto fail = [&](const std::string& why) {
    protocol(call, "transfer.unavailable", {{"extension", extension}, {"reason", why}});
    asio::post(io, [this, key = call.key, user_id, why] {
      if (queues != nullptr && calls.count(key) != 0) queues->ring_failed(key, user_id, why);
    });
  };
  const auto account = directory.sip_account_by_extension(call.tenant_id, extension);
  if (!account || !account->active) return fail("no such extension");
  const auto bindings = registrar.lookup(account->username, now());
  if (bindings.empty()) return fail("phone not registered");
  const sip::SipBinding& binding = bindings.front();
  auto leg = open_leg(binding_destination(binding), LegKeys::phone);
  if (!leg) return fail("no RTP port");

  VoiceCall::Fork fork;
  fork.leg = std::move(*leg);
  fork.user_id = account->user_id;
  fork.extension = extension;
  // The same caller shown as on the first phone.
  auto invite = offer_invite(
      fork.leg,
      agent_invite_parties(call, binding.contact_uri, account->display_name, account->username));
  std::vector<sip::SipTransactionOutput> out;
  const sip::SipTransactionId txn =
      invite ? transactions.request(*invite, fork.leg.peer, now(), out) : 0;
  if (txn == 0) {
    media.close(fork.leg.stream);
    return fail("invalid contact");
  }
  fork.invite = std::move(*invite);
  fork.invite_txn = txn;
  call_by_stream[fork.leg.stream] = call.key;
  pending[txn] = PendingRequest{PendingRequest::Purpose::fork_invite, call.key};
  protocol(call, "transfer.started",
           {{"extension", extension},
            {"agent", account->username},
            {"name", account->display_name},
            {"ring_all", true}});
  call.forks.push_back(std::move(fork));
  process(out);
}

void VoiceService::State::close_fork(VoiceCall& call, std::vector<VoiceCall::Fork>::iterator it,
                                     bool abandon) {
  if (abandon && it->invite_txn != 0)
    abandon_invite(it->invite_txn, it->invite, it->leg.peer, {}, it->provisional);
  else if (it->invite_txn != 0)
    pending.erase(it->invite_txn);
  if (it->leg.stream != 0) {
    media.close(it->leg.stream);
    call_by_stream.erase(it->leg.stream);
  }
  call.forks.erase(it);
}

bool VoiceService::State::stop_fork(VoiceCall& call, int64_t user_id) {
  const auto it =
      std::find_if(call.forks.begin(), call.forks.end(),
                   [user_id](const VoiceCall::Fork& f) { return f.user_id == user_id; });
  if (it == call.forks.end()) return false;
  protocol(call, "transfer.cancelled", {{"extension", it->extension}});
  close_fork(call, it, true);  // a late answer is acknowledged and hung up
  return true;
}

void VoiceService::State::end_forks(VoiceCall& call) {
  while (!call.forks.empty()) close_fork(call, call.forks.begin(), true);
}

void VoiceService::State::fork_response(CallKey key, sip::SipTransactionId txn,
                                        const sip::SipMessage& response) {
  const auto found = calls.find(key);
  if (found == calls.end()) return abandoned_response(txn, response);
  VoiceCall& call = *found->second;
  const auto it = fork_of_txn(call, txn);
  if (it == call.forks.end()) return abandoned_response(txn, response);
  const int code = response.status_code();
  if (code < 200) {
    it->provisional = true;
    if ((code == 180 || code == 183) && !it->ringing) {
      it->ringing = true;
      protocol(call, "transfer.ringing", {{"extension", it->extension}});
      if (queues != nullptr) queues->agent_ringing(call.key, it->user_id);
    }
    return;
  }
  if (code >= 300) {
    const int64_t user = it->user_id;
    const std::string why =
        code == 487 ? "no answer" : fmt::format("{} {}", code, response.reason());
    protocol(call, "transfer.unavailable", {{"extension", it->extension}, {"reason", why}});
    close_fork(call, it, false);
    asio::post(io, [this, key, user, why] {
      if (queues != nullptr && calls.count(key) != 0) queues->ring_failed(key, user, why);
    });
    return;
  }
  // This phone answered first: it becomes the agent leg. The phone rung first is let go
  // without a failure report (the ACD releases it with the other colleagues).
  if (call.agent) {
    protocol(call, "transfer.cancelled", {{"extension", call.agent_extension}});
    abandon_agent_invite(call);
    close_agent_leg(call);
  }
  VoiceCall::Fork winner = std::move(*it);
  call.forks.erase(it);
  call.agent = std::move(winner.leg);
  call.agent_invite = std::move(winner.invite);
  call.agent_invite_txn = winner.invite_txn;
  call.agent_provisional = winner.provisional;
  call.agent_user_id = winner.user_id;
  call.agent_extension = winner.extension;
  pending[txn] = PendingRequest{PendingRequest::Purpose::agent_invite, call.key};
  agent_response(call, response);
}

void VoiceService::State::fork_timeout(CallKey key, sip::SipTransactionId txn) {
  const auto found = calls.find(key);
  if (found == calls.end()) return;
  VoiceCall& call = *found->second;
  const auto it = fork_of_txn(call, txn);
  if (it == call.forks.end()) return;
  const int64_t user = it->user_id;
  it->invite_txn = 0;
  close_fork(call, it, false);
  asio::post(io, [this, key, user] {
    if (queues != nullptr && calls.count(key) != 0)
      queues->ring_failed(key, user, "phone did not respond");
  });
}

}  // namespace callwerk::voice
