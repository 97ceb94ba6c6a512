// Who may place a call or register: configured trunks by source address or digest, and
// phones of users with a SIP account by digest (RFC 3261 §22). Everyone else is challenged
// or refused, so nothing reaches the menus or a phone without being known.
#include <spdlog/spdlog.h>

#include "sip/sip_digest.hpp"
#include "sip/sip_ids.hpp"
#include "sip/sip_request_builder.hpp"
#include "sip/sip_text.hpp"
#include "voice/voice_service_state.hpp"

namespace callwerk::voice {

namespace {

// URI equality as far as digest needs it: the same text, or the same scheme, user, host and
// port (phones differ in parameter order and case of the host).
bool same_uri(std::string_view a, std::string_view b) {
  if (a == b) return true;
  const auto ua = sip::parse_sip_uri(a);
  const auto ub = sip::parse_sip_uri(b);
  return ua && ub && sip::iequals(ua->scheme, ub->scheme) && ua->user == ub->user &&
         sip::iequals(ua->host, ub->host) && ua->port == ub->port;
}

}  // namespace

const TrunkConfig* VoiceService::State::trunk_for(const sip::SipPeer& source) const {
  for (const TrunkConfig& trunk : config.trunks)
    for (const std::string& address : trunk.addresses)
      if (address == source.address) return &trunk;
  return nullptr;
}

std::optional<VoiceService::State::Caller> VoiceService::State::authorize(
    sip::SipTransactionId txn, const sip::SipMessage& request, const sip::SipPeer& source,
    bool is_register) {
  if (!is_register && trunk_for(source) != nullptr)
    return Caller{.trunk = true, .account = std::nullopt};

  // REGISTER is answered by the registrar (401), everything else as a proxy would (407).
  const std::string_view credentials_header = is_register ? "Authorization" : "Proxy-Authorization";
  const std::string_view challenge_header = is_register ? "WWW-Authenticate" : "Proxy-Authenticate";
  const int challenge_code = is_register ? 401 : 407;
  auto challenge = [&](bool stale) {
    std::string headers;
    for (const std::string& name : config.digest_algorithms) {
      const auto algorithm =
          name == "sha256" ? sip::DigestAlgorithm::sha256 : sip::DigestAlgorithm::md5;
      headers += std::string(challenge_header) + ": " +
                 sip::build_digest_challenge(config.realm, nonces.issue(now()), algorithm, stale) +
                 "\r\n";
    }
    // Outside INVITE (whose ACK must find its transaction) a challenge is sent statelessly: a
    // retransmission is challenged afresh, and a flood of REGISTERs keeps nothing for 32 s.
    if (request.method() == "INVITE")
      respond(txn, request, challenge_code, headers);
    else
      respond_statelessly(txn, request, challenge_code, headers);
  };

  // A request may carry credentials for several realms; ours is the one to check.
  std::optional<sip::DigestCredentials> credentials;
  for (const auto& header : request.headers()) {
    if (!sip::iequals(header.name, credentials_header)) continue;
    auto parsed = sip::parse_digest_credentials(header.value);
    if (parsed && parsed->realm == config.realm) {
      credentials = std::move(*parsed);
      break;
    }
    if (!parsed) {
      respond(txn, request, 400);
      return std::nullopt;
    }
  }
  if (!credentials) {
    challenge(false);
    return std::nullopt;
  }
  // A nonce we never issued gets a fresh challenge before anything is looked up, so that a
  // flood of made-up credentials costs no database reads and tells nothing about accounts.
  if (nonces.check(credentials->nonce, now()) == sip::SipNonceSource::Check::invalid) {
    challenge(false);
    return std::nullopt;
  }
  // The credentials must be for this request's target (RFC 3261 §22.4): otherwise an answer
  // captured for one request could be replayed toward another.
  if (!same_uri(credentials->uri, request.request_uri())) {
    respond(txn, request, 400);
    return std::nullopt;
  }

  // Trunks that authenticate by digest are checked before users of the same name.
  for (const TrunkConfig& trunk : config.trunks) {
    if (trunk.username.empty() || trunk.username != credentials->username || is_register) continue;
    const auto verdict = sip::verify_digest(*credentials, request.method(), config.realm,
                                            trunk.password, nonces, replay_guard, now());
    if (verdict == sip::DigestVerdict::ok) return Caller{.trunk = true, .account = std::nullopt};
    if (verdict == sip::DigestVerdict::stale_nonce ||
        verdict == sip::DigestVerdict::replayed_nonce) {
      challenge(true);
      return std::nullopt;
    }
    break;
  }

  const auto account = directory.sip_account(credentials->username);
  // An unknown user gets the same answer as a wrong password: no account enumeration.
  const std::string password = account ? account->password : std::string();
  const auto verdict = account ? sip::verify_digest(*credentials, request.method(), config.realm,
                                                    password, nonces, replay_guard, now())
                               : sip::DigestVerdict::wrong_response;
  switch (verdict) {
    case sip::DigestVerdict::ok:
      if (!account->active) {
        respond(txn, request, 403);
        return std::nullopt;
      }
      return Caller{.trunk = false, .account = account};
    case sip::DigestVerdict::stale_nonce:
    case sip::DigestVerdict::replayed_nonce:
      challenge(true);
      return std::nullopt;
    case sip::DigestVerdict::wrong_response:
      spdlog::warn("sip: failed {} authentication for '{}' from {}", request.method(),
                   credentials->username, source.host_port());
      respond(txn, request, 403);
      return std::nullopt;
    default:
      challenge(false);
      return std::nullopt;
  }
}

}  // namespace callwerk::voice
