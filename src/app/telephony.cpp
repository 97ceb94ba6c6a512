#include "app/telephony.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <future>

#include "app/contact_center.hpp"
#include "app/voice_store_adapters.hpp"
#include "media/media_engine.hpp"
#include "speech/prompt_cache.hpp"
#include "voice/voice_service.hpp"

namespace callwerk::app {

namespace {

// Runs `work` on the core loop and waits for it.
template <typename Work>
auto on_core(boost::asio::io_context& core, Work work) {
  std::packaged_task<decltype(work())()> task(std::move(work));
  auto result = task.get_future();
  boost::asio::post(core, [&task] { task(); });
  return result.get();
}

std::string resolve(const std::filesystem::path& data_dir, const std::string& configured,
                    const char* fallback) {
  std::filesystem::path path =
      configured.empty() ? std::filesystem::path(fallback) : std::filesystem::path(configured);
  if (path.is_relative()) path = data_dir / path;
  return path.lexically_normal().string();
}

}  // namespace

std::string recordings_dir_of(const AppConfig& config) {
  return resolve(config.data_dir, config.telephony.recordings_dir, "recordings");
}

Telephony::Telephony(boost::asio::io_context& core, voice::TelephonyConfig config)
    : core_(core), config_(std::move(config)) {}

Result<std::unique_ptr<Telephony>> Telephony::start(boost::asio::io_context& core,
                                                    const AppConfig& config,
                                                    store::StoreWriter& writer, KbService* kb,
                                                    WebhookClient* webhooks,
                                                    ContactCenter* queues) {
  std::unique_ptr<Telephony> t(new Telephony(core, config.telephony));
  t->queues_ = queues;
  t->config_.prompt_cache_dir = resolve(config.data_dir, t->config_.prompt_cache_dir, "prompts");
  t->config_.recordings_dir = recordings_dir_of(config);

  auto reader = store::open_reader(config.store);
  if (!reader) return reader.error();
  t->directory_ = std::make_unique<StoreVoiceDirectory>(std::move(*reader), kb, webhooks);
  t->log_ = std::make_unique<StoreCallLog>(writer);
  t->prompts_ = std::make_unique<speech::PromptCache>(
      speech::PromptCacheOptions{.directory = t->config_.prompt_cache_dir});

  media::MediaEngineConfig media_config;
  media_config.bind_address = t->config_.rtp_address;
  media_config.port_min = t->config_.rtp_port_min;
  media_config.port_max = t->config_.rtp_port_max;
  media_config.threads = t->config_.media_threads;
  media_config.rtp_timeout_ms = t->config_.rtp_timeout_ms;
  media_config.io = t->config_.rtp_io_uring ? media::RtpIo::uring : media::RtpIo::poll;
  media_config.realtime_priority = t->config_.rtp_realtime_priority;
  Telephony* self = t.get();
  t->media_ = std::make_unique<media::MediaEngine>(media_config, [self](media::MediaEvent event) {
    boost::asio::post(self->core_, [self, event = std::move(event)] {
      if (self->voice_) self->voice_->on_media_event(event);
    });
  });
  t->media_->set_notice_sink([](const std::string& notice) { spdlog::warn("{}", notice); });
  t->media_->start();
  for (const auto& load : t->media_->load())
    spdlog::info("media thread: RTP through {}, {}", load.io, load.scheduling);

  auto started = on_core(core, [self]() -> Status {
    self->voice_ = std::make_unique<voice::VoiceService>(
        self->core_, self->config_, *self->directory_, *self->log_, *self->media_, *self->prompts_);
    if (self->queues_ != nullptr) self->voice_->set_queues(self->queues_);
    auto s = self->voice_->start();
    if (!s) return s;
    self->sip_port_ = self->voice_->sip_port();
    if (self->queues_ != nullptr) {
      voice::VoiceService* voice = self->voice_.get();
      self->queues_->attach_voice(voice, self->log_.get(), [voice](const std::string& username) {
        return voice->phone_registered(username);
      });
    }
    return s;
  });
  if (!started) {
    t->stop();
    return started.error();
  }
  spdlog::info("telephony: SIP on port {} ({}{}), RTP {}-{}, {} numbers", t->sip_port_,
               t->config_.sip_udp ? "udp" : "", t->config_.sip_tcp ? " tcp" : "",
               t->config_.rtp_port_min, t->config_.rtp_port_max, t->config_.numbers.size());
  return t;
}

void Telephony::stop() {
  if (stopped_) return;
  stopped_ = true;
  if (voice_)
    on_core(core_, [this] {
      voice_->stop();  // ends the calls: the queues hear of every caller who left
      if (queues_ != nullptr) queues_->attach_voice(nullptr, nullptr, {});
    });
  if (media_) {
    media_->stop();
    // Whether the media threads kept their 20 ms schedule over the server's life: a late tick
    // delays every packet of every stream on that thread.
    int index = 0;
    for (const auto& load : media_->load()) {
      const double busy = load.ticks == 0 ? 0.0
                                          : 100.0 * static_cast<double>(load.busy_us) /
                                                (static_cast<double>(load.ticks) * 20000.0);
      spdlog::log(load.late_ticks > 0 ? spdlog::level::warn : spdlog::level::info,
                  "media thread {}: {} ticks, {} late by more than 10 ms (worst {:.1f} ms), busy "
                  "{:.1f} %, longest pass {:.1f} ms, {} ({} step-downs for overload)",
                  index++, load.ticks, load.late_ticks,
                  static_cast<double>(load.worst_lateness_us) / 1000.0, busy,
                  static_cast<double>(load.longest_pass_us) / 1000.0, load.scheduling,
                  load.step_downs);
    }
  }
  // Media events posted before the engine stopped run now, against a stopped service.
  on_core(core_, [this] { voice_.reset(); });
}

Telephony::~Telephony() {
  stop();
}

}  // namespace callwerk::app
