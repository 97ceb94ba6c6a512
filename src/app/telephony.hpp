#pragma once
// The telephony part of a running server: media threads, prompt cache, the store adapters and
// the voice channel on the core loop. Started after the store, stopped before it, so that the
// protocol of every call that was still running is written.

#include <boost/asio/io_context.hpp>
#include <memory>

#include "app/config.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace callwerk::media {
class MediaEngine;
}
namespace callwerk::speech {
class PromptCache;
}
namespace callwerk::voice {
class VoiceService;
}

namespace callwerk::app {

class StoreVoiceDirectory;
class StoreCallLog;
class KbService;
class WebhookClient;
class ContactCenter;

// The directory the voice channel records into (telephony.recordings_dir against data_dir,
// "recordings" when not set): the HTTP server serves voicemail audio from under it.
std::string recordings_dir_of(const AppConfig& config);

class Telephony {
 public:
  // Runs from any thread while `core` is running; the voice channel starts on `core`.
  // `kb` answers the flows' knowledge-base searches (null: nothing is found), `webhooks`
  // calls their webhooks (null: they fail); both must outlive the telephony.
  static Result<std::unique_ptr<Telephony>> start(
      boost::asio::io_context& core, const AppConfig& config, store::StoreWriter& writer,
      KbService* kb = nullptr, WebhookClient* webhooks = nullptr, ContactCenter* queues = nullptr);
  ~Telephony();
  // Ends all calls and waits until the core loop has done so. Idempotent.
  void stop();
  uint16_t sip_port() const { return sip_port_; }

 private:
  Telephony(boost::asio::io_context& core, voice::TelephonyConfig config);

  boost::asio::io_context& core_;
  voice::TelephonyConfig config_;  // the voice channel keeps references into it
  std::unique_ptr<StoreVoiceDirectory> directory_;
  std::unique_ptr<StoreCallLog> log_;
  std::unique_ptr<speech::PromptCache> prompts_;
  std::unique_ptr<media::MediaEngine> media_;
  std::unique_ptr<voice::VoiceService> voice_;
  ContactCenter* queues_ = nullptr;
  uint16_t sip_port_ = 0;
  bool stopped_ = false;
};

}  // namespace callwerk::app
