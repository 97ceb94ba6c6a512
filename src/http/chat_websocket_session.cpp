#include "http/chat_websocket_session.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "flow/flow_expression.hpp"
#include "http/chat_flows.hpp"
#include "http/flow_contacts.hpp"
#include "http/kb_searcher.hpp"
#include "store/unique_lookup.hpp"

namespace callwerk::http {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using store::Json;

namespace {

// A dead peer (no answer to pings) is noticed after this long.
constexpr auto kPingIdle = std::chrono::seconds(60);

bool english(const flow::FlowState& state) {
  return state.language == "en";
}

std::string waiting_text(const flow::FlowState& state) {
  return english(state) ? "You will be connected with a member of our team …"
                        : "Sie werden mit einer Mitarbeiterin oder einem Mitarbeiter verbunden …";
}

std::string ended_text(const flow::FlowState& state) {
  return english(state) ? "The chat has ended." : "Der Chat ist beendet.";
}

std::optional<store::Id> find_queue(store::StoreReader& reader, store::Id tenant_id,
                                    const std::string& name) {
  return store::unique_id_where(reader, "queues", tenant_id, "name", name);
}

template <typename Answer, typename Request>
flow::FlowEvent not_in_chat(const Request& request) {
  Answer answer;
  answer.request = request.request;
  answer.error = "not available in chat yet";
  return answer;
}

}  // namespace

std::string_view chat_slug_of(std::string_view path) {
  if (path.substr(0, kChatPathPrefix.size()) != kChatPathPrefix) return {};
  const std::string_view slug = path.substr(kChatPathPrefix.size());
  if (slug.empty() || slug.size() > 100 || slug.find('/') != std::string_view::npos) return {};
  return slug;
}

Result<ChatTarget> find_chat_target(std::string_view slug, store::StoreReader& reader,
                                    ChatFlows* flows) {
  if (flows == nullptr) return make_error(ErrorKind::not_found, "no such chat");
  const auto tenant_id = reader.tenant_id_by_slug(std::string(slug));
  if (!tenant_id) return make_error(ErrorKind::not_found, "no such chat");
  ChatTarget target;
  target.tenant_id = *tenant_id;
  target.slug = std::string(slug);
  if (auto tenant = reader.tenant(*tenant_id)) target.tenant_name = text_field(*tenant, "name");
  target.interpreter = flows->interpreter(*tenant_id);
  if (target.interpreter) {
    for (const char* name : kChatFlowNames) {
      if (target.interpreter->library().find(name) != nullptr) {
        target.flow = name;
        break;
      }
    }
  }
  // The same answer as for an unknown tenant: a tenant's existence is not public.
  if (target.flow.empty()) return make_error(ErrorKind::not_found, "no such chat");
  return target;
}

ChatWebSocketSession::ChatWebSocketSession(beast::tcp_stream stream, ServerState& server,
                                           store::StoreReader& reader, ChatTarget target,
                                           std::string client_address)
    : ws_(std::move(stream)),
      server_(server),
      reader_(reader),
      target_(std::move(target)),
      client_address_(std::move(client_address)),
      flow_(target_.interpreter, flow::StartEvent{.channel = flow::Channel::chat,
                                                  .flow = target_.flow,
                                                  .language = {},
                                                  .caller_number = {},
                                                  .variables = {}}),
      recorder_(server.writer, target_.tenant_id),
      input_timer_(ws_.get_executor()),
      idle_timer_(ws_.get_executor()) {}

ChatWebSocketSession::~ChatWebSocketSession() {
  // A chat whose connection went away without a word ends here.
  if (flow_.phase() != chat::ChatFlowSession::Phase::idle) finish("visitor_left");
  server_.chat_admission.release(client_address_);
}

void ChatWebSocketSession::accept(beast::http::request<beast::http::string_body> request) {
  beast::get_lowest_layer(ws_).expires_never();
  // A reply is several small frames (sentences, then the question): without this, Nagle's
  // algorithm holds the later ones until the visitor's delayed ACK, up to 40 ms each.
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().set_option(boost::asio::ip::tcp::no_delay(true), ignored);
  auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeouts.idle_timeout = kPingIdle;
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.read_message_max(kMaxFrameBytes);
  ws_.async_accept(request,
                   beast::bind_front_handler(&ChatWebSocketSession::on_accept, shared_from_this()));
}

void ChatWebSocketSession::on_accept(beast::error_code ec) {
  if (ec) {
    closed_ = true;
    return;
  }
  ws_.text(true);
  const TimeMs now = now_ms();
  if (!target_.trial()) recorder_.started(now, target_.flow);
  auto first = flow_.start();
  Json hello{{"type", "hello"},
             {"tenant", {{"slug", target_.slug}, {"name", target_.tenant_name}}},
             {"flow", target_.flow},
             {"language", flow_.flow_state().language}};
  if (target_.trial())
    hello["test"] = Json{{"flow_id", *target_.trial_flow_id}, {"version", target_.trial_version}};
  send(std::move(hello));
  run(std::move(first));
  arm_idle_timer();
  read_next();
}

void ChatWebSocketSession::read_next() {
  if (closing_ || closed_) return;
  ws_.async_read(read_buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
    self->on_read(ec);
  });
}

void ChatWebSocketSession::on_read(beast::error_code ec) {
  if (ec) {
    // Gone, or a frame over the limit (Beast answers that with close code 1009).
    const bool waiting = flow_.phase() == chat::ChatFlowSession::Phase::waiting;
    finish(waiting ? "visitor_left_queue" : "visitor_left");
    closed_ = true;
    input_timer_.cancel();
    idle_timer_.cancel();
    return;
  }
  if (!ws_.got_text()) {
    send_error("bad_message", "messages are JSON text");
  } else {
    const auto data = read_buffer_.data();
    handle_message(std::string_view(static_cast<const char*>(data.data()), data.size()));
  }
  read_buffer_.consume(read_buffer_.size());
  read_next();
}

bool ChatWebSocketSession::too_fast() {
  const TimeMs now = now_ms();
  while (!recent_messages_.empty() && recent_messages_.front() <= now - kBurstWindowMs)
    recent_messages_.pop_front();
  if (static_cast<int>(recent_messages_.size()) >= kBurstMessages) return true;
  recent_messages_.push_back(now);
  return false;
}

void ChatWebSocketSession::handle_message(std::string_view text) {
  if (too_fast()) return send_error("too_fast", "too many messages, please wait a moment");
  const Json message = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (message.is_discarded() || !message.is_object())
    return send_error("bad_json", "a message is a JSON object");
  const auto type = message.find("type");
  if (type == message.end() || !type->is_string())
    return send_error("bad_message", "a message needs a type");
  const char* field = *type == "message" ? "text" : *type == "choice" ? "value" : nullptr;
  if (field == nullptr) return send_error("bad_message", "unknown message type");
  const auto value = message.find(field);
  if (value == message.end() || !value->is_string())
    return send_error("bad_message", std::string(field) + " must be a string");
  const auto& content = value->get_ref<const std::string&>();
  if (content.size() > chat::ChatFlowSession::kMaxMessageBytes)
    return send_error("too_long", "the message is too long");
  arm_idle_timer();
  run(*type == "message" ? flow_.on_message(content) : flow_.on_choice(content));
}

void ChatWebSocketSession::run(std::vector<chat::ChatOutput> outputs) {
  std::vector<chat::TimelineEntry> entries;
  const TimeMs now = now_ms();
  // Timeline entries go to the writer in one command per turn, before anything that follows
  // them (a hand-over, an order, the end) so the protocol keeps the order of events.
  const auto flush = [&] {
    if (!target_.trial()) recorder_.append(std::move(entries), now);
    entries.clear();
  };
  for (chat::ChatOutput& output : outputs) {
    if (auto* entry = std::get_if<chat::TimelineEntry>(&output)) {
      entries.push_back(std::move(*entry));
    } else if (auto* bot = std::get_if<chat::BotText>(&output)) {
      send(Json{{"type", "bot"}, {"text", std::move(bot->text)}});
    } else if (auto* ask = std::get_if<chat::AskVisitor>(&output)) {
      Json choices = Json::array();
      for (const flow::InputChoice& choice : ask->choices)
        choices.push_back(Json{{"label", choice.label}, {"value", choice.value}});
      send(Json{{"type", "input"}, {"choices", std::move(choices)}});
      arm_input_timer(ask->timeout_ms);
    } else if (auto* wait = std::get_if<chat::WaitForAgent>(&output)) {
      flush();
      hand_over(*wait);
    } else if (auto* end = std::get_if<chat::EndChat>(&output)) {
      flush();
      send(Json{
          {"type", "ended"}, {"reason", end->reason}, {"text", ended_text(flow_.flow_state())}});
      finish(end->reason);
      close_after_writes();
    } else if (auto* request = std::get_if<chat::RunRequest>(&output)) {
      flush();
      run_request(request->effect);
    }
  }
  flush();
}

void ChatWebSocketSession::hand_over(const chat::WaitForAgent& wait) {
  input_timer_.cancel();
  if (target_.trial()) {
    send(Json{{"type", "simulated"}, {"effect", "transfer"}, {"queue", wait.queue}});
  } else {
    recorder_.handed_over(wait.queue, find_queue(reader_, target_.tenant_id, wait.queue), now_ms());
  }
  send(Json{{"type", "waiting"},
            {"queue", wait.queue},
            {"summary", wait.summary},
            {"text", waiting_text(flow_.flow_state())}});
}

void ChatWebSocketSession::run_request(const flow::FlowAction& effect) {
  const store::Id tenant = target_.tenant_id;
  if (const auto* lookup = std::get_if<flow::LookupContact>(&effect)) {
    flow::ContactLookupResult answer;
    answer.request = lookup->request;
    if (auto row = find_flow_contact(reader_, tenant, *lookup)) {
      answer.found = true;
      answer.fields = contact_fields(*row);
    }
    return deliver_later(std::move(answer));
  }
  if (const auto* search = std::get_if<flow::SearchKb>(&effect)) {
    flow::KbSearchResult answer;
    answer.request = search->request;
    if (server_.kb != nullptr) {
      auto hits = server_.kb->search(tenant, search->query, 1);
      if (!hits) {
        spdlog::error("chat: knowledge-base search: {}", hits.error().describe());
      } else if (!hits->empty()) {
        const KbSearchHit& best = hits->front();
        answer.found = true;
        answer.article_id = std::to_string(best.id);
        answer.title = best.title;
        answer.summary = best.summary;
        answer.score = best.score;
      }
    }
    return deliver_later(std::move(answer));
  }
  if (target_.trial() && simulate(effect)) return;
  // Orders and tickets come back from the writer thread.
  const auto back_here = [self = shared_from_this()](flow::FlowEvent result) {
    boost::asio::post(self->ws_.get_executor(), [self, result = std::move(result)] {
      if (!self->closed_) self->run(self->flow_.on_result(result));
    });
  };
  if (const auto* order = std::get_if<flow::CreateOrder>(&effect)) {
    return recorder_.create_order(*order,
                                  [back_here, request = order->request](flow::OrderResult r) {
                                    r.request = request;
                                    back_here(std::move(r));
                                  });
  }
  if (const auto* ticket = std::get_if<flow::CreateTicket>(&effect)) {
    const auto order_id =
        store::unique_id_where(reader_, "orders", tenant, "order_number", ticket->order_number);
    return recorder_.create_ticket(*ticket, order_id,
                                   [back_here, request = ticket->request](flow::TicketResult r) {
                                     r.request = request;
                                     back_here(std::move(r));
                                   });
  }
  if (const auto* survey = std::get_if<flow::SaveSurveyAnswer>(&effect)) {
    // The timeline is the record of what the visitor answered.
    Json payload{{"survey", survey->survey},
                 {"question", survey->question},
                 {"answer", flow::value_to_text(survey->answer, flow_.flow_state().language)}};
    recorder_.append({chat::TimelineEntry{"survey.answer", std::move(payload), "visitor"}},
                     now_ms());
    return;
  }
  if (const auto* webhook = std::get_if<flow::CallWebhook>(&effect)) {
    if (server_.chat_flows == nullptr)
      return deliver_later(not_in_chat<flow::WebhookResult>(*webhook));
    return server_.chat_flows->call_webhook(
        *webhook, [back_here](flow::WebhookResult r) { back_here(std::move(r)); });
  }
  // The visitor typed the number to be called back on (the chat has no caller number).
  if (const auto* callback = std::get_if<flow::ScheduleCallback>(&effect)) {
    return recorder_.schedule_callback(
        *callback, find_queue(reader_, target_.tenant_id, callback->queue),
        [back_here, request = callback->request](flow::CallbackResult r) {
          r.request = request;
          back_here(std::move(r));
        });
  }
}

bool ChatWebSocketSession::simulate(const flow::FlowAction& effect) {
  const std::string& language = flow_.flow_state().language;
  const auto next_number = [this] { return "TEST-" + std::to_string(++simulated_); };
  if (const auto* order = std::get_if<flow::CreateOrder>(&effect)) {
    flow::OrderResult result;
    result.request = order->request;
    result.ok = true;
    result.number = next_number();
    Json details = Json::object();
    for (const auto& [name, value] : order->order)
      details[name] = flow::value_to_text(value, language);
    send(Json{{"type", "simulated"},
              {"effect", "order"},
              {"number", result.number},
              {"details", std::move(details)}});
    deliver_later(std::move(result));
    return true;
  }
  if (const auto* ticket = std::get_if<flow::CreateTicket>(&effect)) {
    flow::TicketResult result;
    result.request = ticket->request;
    result.ok = true;
    result.number = next_number();
    send(Json{
        {"type", "simulated"},
        {"effect", "ticket"},
        {"number", result.number},
        {"details", {{"category", ticket->category}, {"order_number", ticket->order_number}}}});
    deliver_later(std::move(result));
    return true;
  }
  if (const auto* survey = std::get_if<flow::SaveSurveyAnswer>(&effect)) {
    send(Json{{"type", "simulated"},
              {"effect", "survey"},
              {"details",
               {{"survey", survey->survey},
                {"question", survey->question},
                {"answer", flow::value_to_text(survey->answer, language)}}}});
    return true;
  }
  // A test sends nothing to the client's system: the webhook is answered as a success without
  // fields, so the flow's happy path can be tried; so is a call back, which is not stored.
  if (const auto* webhook = std::get_if<flow::CallWebhook>(&effect)) {
    send(Json{{"type", "simulated"}, {"effect", "webhook"}, {"details", {{"url", webhook->url}}}});
    flow::WebhookResult result;
    result.request = webhook->request;
    result.ok = true;
    result.status = 200;
    deliver_later(std::move(result));
    return true;
  }
  if (const auto* callback = std::get_if<flow::ScheduleCallback>(&effect)) {
    send(Json{{"type", "simulated"},
              {"effect", "callback"},
              {"details", {{"queue", callback->queue}, {"number", callback->number}}}});
    flow::CallbackResult result;
    result.request = callback->request;
    result.ok = true;
    deliver_later(std::move(result));
    return true;
  }
  return false;
}

void ChatWebSocketSession::deliver_later(flow::FlowEvent result) {
  // In a fresh turn: the flow never runs inside its own action list.
  boost::asio::post(ws_.get_executor(), [self = shared_from_this(), result = std::move(result)] {
    if (!self->closed_) self->run(self->flow_.on_result(result));
  });
}

void ChatWebSocketSession::arm_input_timer(int timeout_ms) {
  const std::uint64_t generation = ++input_timer_generation_;
  input_timer_.expires_after(std::chrono::milliseconds(timeout_ms));
  input_timer_.async_wait([self = shared_from_this(), generation](beast::error_code ec) {
    if (ec || self->closed_ || generation != self->input_timer_generation_) return;
    self->run(self->flow_.on_input_timeout());
  });
}

void ChatWebSocketSession::arm_idle_timer() {
  idle_timer_.expires_after(std::chrono::minutes(kIdleMinutes));
  idle_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || self->closed_ || self->closing_) return;
    self->send(Json{{"type", "ended"},
                    {"reason", "idle_timeout"},
                    {"text", ended_text(self->flow_.flow_state())}});
    self->finish("idle_timeout");
    self->close_after_writes();
  });
}

void ChatWebSocketSession::send_error(std::string_view code, std::string_view message) {
  send(Json{{"type", "error"}, {"code", code}, {"message", message}});
}

void ChatWebSocketSession::send(Json message) {
  if (closed_ || closing_) return;
  outgoing_.push_back(message.dump(-1, ' ', false, Json::error_handler_t::replace));
  if (!writing_) write_next();
}

void ChatWebSocketSession::write_next() {
  if (closed_) return;
  if (outgoing_.empty()) {
    writing_ = false;
    if (closing_) {
      closed_ = true;
      ws_.async_close(websocket::close_code::normal,
                      [self = shared_from_this()](beast::error_code) {
                        beast::error_code ignored;
                        beast::get_lowest_layer(self->ws_).socket().close(ignored);
                      });
    }
    return;
  }
  writing_ = true;
  ws_.async_write(boost::asio::buffer(outgoing_.front()),
                  [self = shared_from_this()](beast::error_code ec, std::size_t) {
                    self->outgoing_.pop_front();
                    if (ec) {
                      self->closed_ = true;
                      self->writing_ = false;
                      return;
                    }
                    self->write_next();
                  });
}

void ChatWebSocketSession::finish(const std::string& reason) {
  if (!target_.trial()) recorder_.ended(now_ms(), reason);
}

void ChatWebSocketSession::close_after_writes() {
  if (closing_ || closed_) return;
  // Messages already queued (the goodbye) still go out; then the close handshake.
  closing_ = true;
  input_timer_.cancel();
  idle_timer_.cancel();
  if (!writing_) write_next();
}

}  // namespace callwerk::http
