#pragma once
// What the telephony part of the server config says: where SIP and RTP listen, which trunks
// may deliver calls, which dialled numbers belong to which tenant, and the keypad menus that
// answer them (until conversation flows replace the menus).

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "voice/system_phrases.hpp"

namespace callwerk::voice {

// Calls out through a trunk (call backs): only for the tenants named and only to numbers
// with one of the prefixes; nothing else ever leaves the system (no open relay, no toll
// fraud). `caller_id` is the number the called party sees; empty: the tenant's first dialled
// number of `numbers`.
struct OutboundRoute {
  bool enabled = false;
  std::string host{};  // IP literal of the carrier's SIP server
  uint16_t port = 5060;
  bool tcp = false;
  std::vector<std::string> tenants{};   // slugs
  std::vector<std::string> prefixes{};  // E.164 prefixes such as "+49"
  std::string caller_id{};
  int ring_timeout_seconds = 45;
  // The account callwerk answers the carrier's digest challenge (401/407) with; carriers
  // usually demand one for calls out. Empty: a challenge ends the attempt.
  std::string username{};
  std::string password{};
};

// A carrier or PBX allowed to deliver inbound calls: by source address, or by digest
// credentials it presents (then `username`/`password` are set). With `outbound`, call backs
// leave through it.
struct TrunkConfig {
  std::string name{};
  std::vector<std::string> addresses{};  // IP literals
  std::string username{};
  std::string password{};
  OutboundRoute outbound{};
};

enum class MenuOptionAction {
  say_and_hang_up,  // play the text, say goodbye, end the call
  say_and_return,   // play the text, then the menu again
  transfer,         // play the text (if any), then connect to `extension`
};

struct MenuOption {
  char digit = '1';
  std::string key{};    // stable id for the protocol ("zaehlerstand")
  std::string label{};  // for the protocol ("Zählerstand melden")
  std::string say{};
  MenuOptionAction action = MenuOptionAction::say_and_hang_up;
  std::string extension{};  // for transfer: a registered user's sip_extension in the tenant
};

// Any text a menu speaks may instead name a WAV prompt file: the config writes it as
// `{file: path}`, kept here as "wav:" + the absolute path.
inline constexpr std::string_view kPromptFilePrefix = "wav:";

struct VoiceMenu {
  std::string name{};
  std::string language = "de";
  std::string greeting{};
  std::string prompt{};  // lists the choices
  std::vector<MenuOption> options{};
  int input_timeout_ms = 6000;
  int max_attempts = 3;  // prompt plays, counting the first
  // Unless the configuration says otherwise: the texts of the menu's language
  // (system_phrases.cpp; the config reader sets English ones for an English menu).
  std::string no_input_text = menu_default_texts("de").no_input;
  std::string invalid_text = menu_default_texts("de").invalid;
  std::string goodbye_text = menu_default_texts("de").goodbye;
  std::string transfer_failed_text = menu_default_texts("de").transfer_failed;
  // Recording starts only after this notice has been played (consent, DSGVO Art. 6/7).
  bool record = false;
  std::string recording_notice = menu_default_texts("de").recording_notice;
};

struct DialledNumber {
  std::string number{};  // as it arrives in the Request-URI user part / To, e.g. "+49567801100"
  std::string tenant{};  // slug
  std::string menu{};    // a keypad menu of `menus`, or
  std::string flow{};    // the name of a published flow of the tenant
  // Until queues route calls to agents (ACD), a flow's transfer to a queue rings the
  // extension named here for it.
  std::map<std::string, std::string> queue_extensions{};
  int answer_after_ms = 500;  // ringing before the menu answers, as callers expect a ring
};

struct TelephonyConfig {
  bool enabled = false;
  std::vector<std::string> sip_addresses{"0.0.0.0"};
  uint16_t sip_port = 5060;
  bool sip_udp = true;
  bool sip_tcp = true;
  std::string realm = "callwerk";
  // Challenges are sent in this order ("md5", "sha256"). RFC 7616 prefers SHA-256 first, but
  // many phones (and SIPp) answer the first challenge only and know only MD5.
  std::vector<std::string> digest_algorithms{"md5", "sha256"};
  std::string rtp_address = "0.0.0.0";
  uint16_t rtp_port_min = 20000;
  uint16_t rtp_port_max = 29999;
  int media_threads = 1;
  int rtp_timeout_ms = 30000;
  // RTP through io_uring (falls back to poll where the kernel refuses it), or poll: one system
  // call per packet, for comparison and for kernels whose io_uring misbehaves.
  bool rtp_io_uring = true;
  // SCHED_FIFO priority of the media threads (0: as the process runs); see MediaEngineConfig.
  int rtp_realtime_priority = 10;
  // Calls end after this long whatever happens: a held call (no RTP expected) whose phone
  // died would otherwise never end.
  int max_call_seconds = 4 * 3600;
  // New calls beyond this many at once get 503 with Retry-After: degrading politely instead
  // of letting every call suffer once the core loop or the media threads fall behind.
  int max_calls = 2000;
  // New calls beyond this many per second (a burst of one second's worth passes) get 503 with
  // Retry-After; 0: no limit. New calls are also refused while the SIP receive queue is over a
  // quarter full (voice/call_admission.hpp): both keep a flood from drowning the calls there are.
  int max_calls_per_second = 200;
  std::string prompt_cache_dir{};  // resolved against data_dir
  std::string recordings_dir{};    // resolved against data_dir
  std::vector<TrunkConfig> trunks{};
  std::vector<DialledNumber> numbers{};
  std::map<std::string, VoiceMenu> menus;
};

}  // namespace callwerk::voice
