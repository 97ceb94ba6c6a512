#include "media/rtp_ring.hpp"

#include <arpa/inet.h>
#include <liburing.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace callwerk::media {
namespace {

// A tick of 1000 streams queues 1000 sends and re-arms up to 4000 receives; the submission
// queue is handed over early when it fills, so this bounds no more than a batch's size.
constexpr unsigned kSubmissionEntries = 4096;
// Completions of a pass: every stream's receives and sends. The kernel keeps overflow rather
// than dropping it (IORING_FEAT_NODROP), so this is a size, not a limit.
constexpr unsigned kCompletionEntries = 16384;
constexpr std::size_t kCompletionBatch = 256;
// Sockets registered with the ring; beyond them a socket is named by its descriptor.
constexpr unsigned kRegisteredFiles = 4096;

std::string describe_error(int negative_errno) {
  return std::strerror(-negative_errno);
}

}  // namespace

struct RtpRing::Slot {
  enum class Kind : std::uint8_t { receive, send };
  Kind kind = Kind::send;
  bool in_flight = false;
  bool parked = false;
  RtpRingOwner owner = 0;
  int fd = -1;
  msghdr message{};
  iovec vector{};
  sockaddr_storage address{};
  std::array<std::uint8_t, RtpRing::kMaxDatagram> buffer{};
};

std::unique_ptr<RtpRing> RtpRing::open(std::string& why_not) {
  auto ring = std::make_unique<io_uring>();
  io_uring_params params{};
  // Deferred task work: arriving packets wake nobody; they are copied in when this thread asks
  // (complete()). Both flags need Linux 6.1; older kernels take the ring without them.
  params.flags = IORING_SETUP_CQSIZE | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
  params.cq_entries = kCompletionEntries;
  int result = io_uring_queue_init_params(kSubmissionEntries, ring.get(), &params);
  if (result == -EINVAL) {
    params = {};
    params.flags = IORING_SETUP_CQSIZE;
    params.cq_entries = kCompletionEntries;
    result = io_uring_queue_init_params(kSubmissionEntries, ring.get(), &params);
  }
  if (result < 0) {
    why_not = "io_uring: " + describe_error(result);
    return nullptr;
  }
  bool supported =
      (params.features & IORING_FEAT_NODROP) != 0 && (params.features & IORING_FEAT_EXT_ARG) != 0;
  if (io_uring_probe* probe = io_uring_get_probe_ring(ring.get())) {
    supported = supported && io_uring_opcode_supported(probe, IORING_OP_RECVMSG) &&
                io_uring_opcode_supported(probe, IORING_OP_SENDMSG) &&
                io_uring_opcode_supported(probe, IORING_OP_ASYNC_CANCEL);
    io_uring_free_probe(probe);
  } else {
    supported = false;
  }
  if (!supported) {
    io_uring_queue_exit(ring.get());
    why_not = "io_uring: this kernel lacks socket messages or cancellation";
    return nullptr;
  }
  std::unique_ptr<RtpRing> opened(new RtpRing(std::move(ring)));
  opened->send_with_address_ = opened->probe_send_with_address();
  if (io_uring_register_files_sparse(opened->ring_.get(), kRegisteredFiles) == 0)
    for (int index = static_cast<int>(kRegisteredFiles) - 1; index >= 0; --index)
      opened->free_fixed_.push_back(index);
  return opened;
}

bool RtpRing::probe_send_with_address() {
  const int from = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  const int to = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bool works = false;
  if (from >= 0 && to >= 0 && ::bind(to, reinterpret_cast<sockaddr*>(&address), length) == 0 &&
      ::getsockname(to, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    static constexpr std::uint8_t kProbe = 0;
    if (io_uring_sqe* sqe = io_uring_get_sqe(ring_.get())) {
      io_uring_prep_send(sqe, from, &kProbe, 1, MSG_DONTWAIT);
      io_uring_prep_send_set_addr(sqe, reinterpret_cast<const sockaddr*>(&address),
                                  static_cast<std::uint16_t>(length));
      io_uring_sqe_set_data(sqe, nullptr);
      io_uring_cqe* cqe = nullptr;
      if (io_uring_submit_and_wait(ring_.get(), 1) >= 0 &&
          io_uring_peek_cqe(ring_.get(), &cqe) == 0) {
        std::uint8_t got = 1;
        works = cqe->res == 1 && ::recv(to, &got, 1, 0) == 1 && got == kProbe;
        io_uring_cqe_seen(ring_.get(), cqe);
      }
    }
  }
  if (from >= 0) ::close(from);
  if (to >= 0) ::close(to);
  return works;
}

RtpRing::RtpRing(std::unique_ptr<io_uring> ring) : ring_(std::move(ring)) {}

RtpRing::~RtpRing() {
  cancel_all_and_wait();
  io_uring_queue_exit(ring_.get());
}

void RtpRing::cancel_all_and_wait() {
  // The kernel writes into the slots until each request has completed: they must all be back
  // before the memory goes.
  for (const auto& slot : slots_)
    if (slot->in_flight) cancel(slot.get());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (in_flight_ > 0 && std::chrono::steady_clock::now() < deadline) {
    io_uring_submit(ring_.get());
    run_deferred_work();
    io_uring_cqe* cqe = nullptr;
    __kernel_timespec wait{.tv_sec = 0, .tv_nsec = 50'000'000};
    if (io_uring_wait_cqe_timeout(ring_.get(), &cqe, &wait) < 0) continue;
    std::array<io_uring_cqe*, kCompletionBatch> batch;
    const unsigned count = io_uring_peek_batch_cqe(ring_.get(), batch.data(), batch.size());
    for (unsigned i = 0; i < count; ++i) {
      if (auto* slot = static_cast<Slot*>(io_uring_cqe_get_data(batch[i]))) {
        slot->in_flight = false;
        --in_flight_;
      }
    }
    io_uring_cq_advance(ring_.get(), count);
  }
}

io_uring_sqe* RtpRing::next_sqe() {
  io_uring_sqe* sqe = io_uring_get_sqe(ring_.get());
  if (sqe == nullptr) {
    io_uring_submit(ring_.get());
    sqe = io_uring_get_sqe(ring_.get());
  }
  return sqe;
}

RtpRing::Slot* RtpRing::take_slot() {
  if (free_.empty()) {
    slots_.push_back(std::make_unique<Slot>());
    return slots_.back().get();
  }
  Slot* slot = free_.back();
  free_.pop_back();
  return slot;
}

void RtpRing::release_slot(Slot* slot) {
  if (slot->kind == Slot::Kind::receive) {
    if (Watched* watched = watched_by(slot->fd, slot->owner)) std::erase(watched->receives, slot);
  }
  slot->parked = false;
  slot->owner = 0;
  slot->fd = -1;
  free_.push_back(slot);
}

RtpRing::Watched* RtpRing::watched_by(int fd, RtpRingOwner owner) {
  if (fd < 0 || static_cast<std::size_t>(fd) >= watched_.size()) return nullptr;
  Watched& watched = watched_[static_cast<std::size_t>(fd)];
  return watched.owner == owner && owner != 0 ? &watched : nullptr;
}

void RtpRing::arm_receive(Slot* slot) {
  io_uring_sqe* sqe = next_sqe();
  if (sqe == nullptr) {  // the kernel took nothing: try again at the next tick
    slot->parked = true;
    parked_.push_back(slot);
    return;
  }
  slot->vector = {slot->buffer.data(), slot->buffer.size()};
  slot->message = {};
  slot->message.msg_name = &slot->address;
  slot->message.msg_namelen = sizeof slot->address;
  slot->message.msg_iov = &slot->vector;
  slot->message.msg_iovlen = 1;
  io_uring_prep_recvmsg(sqe, slot->fd, &slot->message, 0);
  target(sqe, slot->fd);
  io_uring_sqe_set_data(sqe, slot);
  slot->in_flight = true;
  ++in_flight_;
}

void RtpRing::target(io_uring_sqe* sqe, int fd) {
  if (fd < 0 || static_cast<std::size_t>(fd) >= watched_.size()) return;
  const Watched& watched = watched_[static_cast<std::size_t>(fd)];
  if (watched.owner == 0 || watched.fixed < 0) return;
  sqe->fd = watched.fixed;
  sqe->flags |= IOSQE_FIXED_FILE;
}

void RtpRing::cancel(Slot* slot) {
  if (io_uring_sqe* sqe = next_sqe()) {
    io_uring_prep_cancel(sqe, slot, 0);
    io_uring_sqe_set_data(sqe, nullptr);
  }
}

void RtpRing::watch(RtpRingOwner owner, int fd) {
  if (fd < 0 || owner == 0) return;
  if (static_cast<std::size_t>(fd) >= watched_.size())
    watched_.resize(static_cast<std::size_t>(fd) + 1);
  Watched& watched = watched_[static_cast<std::size_t>(fd)];
  watched.owner = owner;
  watched.fixed = -1;
  if (!free_fixed_.empty()) {
    const int index = free_fixed_.back();
    if (io_uring_register_files_update(ring_.get(), static_cast<unsigned>(index), &fd, 1) == 1) {
      free_fixed_.pop_back();
      watched.fixed = index;
    }
  }
  for (int i = 0; i < kReceivesPerSocket; ++i) {
    Slot* slot = take_slot();
    slot->kind = Slot::Kind::receive;
    slot->owner = owner;
    slot->fd = fd;
    watched.receives.push_back(slot);
    arm_receive(slot);
  }
}

void RtpRing::forget(int fd) {
  if (fd < 0 || static_cast<std::size_t>(fd) >= watched_.size()) return;
  Watched& watched = watched_[static_cast<std::size_t>(fd)];
  if (watched.owner == 0) return;
  const std::vector<Slot*> receives = std::move(watched.receives);
  watched.receives.clear();
  watched.owner = 0;
  for (Slot* slot : receives) {
    if (slot->in_flight) {
      cancel(slot);  // its completion finds the descriptor unwatched and frees the slot
    } else if (slot->parked) {
      std::erase(parked_, slot);
      release_slot(slot);
    }
  }
  // Queued requests name the descriptor (or its index) until submitted: hand them over before
  // the caller closes it and the number is reused. Requests in flight keep the socket open
  // until their cancellation completes, registered or not.
  io_uring_submit(ring_.get());
  if (watched.fixed >= 0) {
    int none = -1;
    io_uring_register_files_update(ring_.get(), static_cast<unsigned>(watched.fixed), &none, 1);
    free_fixed_.push_back(watched.fixed);
    watched.fixed = -1;
  }
}

void RtpRing::send(RtpRingOwner owner, int fd, std::span<const std::uint8_t> data,
                   const sockaddr* to, socklen_t to_length) {
  if (data.size() > kMaxDatagram || to_length > sizeof(sockaddr_storage)) return;
  io_uring_sqe* sqe = next_sqe();
  Slot* slot = sqe == nullptr ? nullptr : take_slot();
  if (slot == nullptr) return;
  slot->kind = Slot::Kind::send;
  slot->owner = owner;
  slot->fd = fd;
  std::memcpy(slot->buffer.data(), data.data(), data.size());
  std::memcpy(&slot->address, to, to_length);
  // MSG_DONTWAIT: a full socket buffer drops the packet, as the network would, instead of
  // holding it back for a later tick.
  if (send_with_address_) {
    io_uring_prep_send(sqe, fd, slot->buffer.data(), data.size(), MSG_DONTWAIT);
    io_uring_prep_send_set_addr(sqe, reinterpret_cast<const sockaddr*>(&slot->address),
                                static_cast<std::uint16_t>(to_length));
  } else {
    slot->vector = {slot->buffer.data(), data.size()};
    slot->message = {};
    slot->message.msg_name = &slot->address;
    slot->message.msg_namelen = to_length;
    slot->message.msg_iov = &slot->vector;
    slot->message.msg_iovlen = 1;
    io_uring_prep_sendmsg(sqe, fd, &slot->message, MSG_DONTWAIT);
  }
  if (watched_by(fd, owner) != nullptr) target(sqe, fd);
  io_uring_sqe_set_data(sqe, slot);
  slot->in_flight = true;
  ++in_flight_;
}

void RtpRing::submit() {
  io_uring_submit(ring_.get());
}

void RtpRing::run_deferred_work() {
  // With deferred task work the kernel copies arrived datagrams in only when asked, and a
  // plain "get events" runs just 20 items (Linux 6.13 and later): at 1000 streams the
  // receives then queued up for about a second. Asking for more completions than can exist,
  // with a zero timeout, runs all of them and returns without waiting.
  __kernel_timespec zero{};
  io_uring_getevents_arg arg{};
  arg.ts = reinterpret_cast<std::uint64_t>(&zero);
  const auto wanted = static_cast<unsigned>(std::min<std::size_t>(in_flight_ + 1, 1u << 20));
  io_uring_enter2(static_cast<unsigned>(ring_->ring_fd), 0, wanted,
                  IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG, reinterpret_cast<sigset_t*>(&arg),
                  sizeof arg);
}

void RtpRing::complete(RtpRingHandler& handler) {
  io_uring_submit(ring_.get());
  run_deferred_work();
  std::array<io_uring_cqe*, kCompletionBatch> batch;
  for (;;) {
    const unsigned count = io_uring_peek_batch_cqe(ring_.get(), batch.data(), batch.size());
    if (count == 0) break;
    for (unsigned i = 0; i < count; ++i) {
      auto* slot = static_cast<Slot*>(io_uring_cqe_get_data(batch[i]));
      if (slot == nullptr) continue;  // a cancellation's own completion
      const int result = batch[i]->res;
      slot->in_flight = false;
      --in_flight_;
      if (slot->kind == Slot::Kind::send) {
        if (result < 0) handler.on_send_failed(slot->owner);
        release_slot(slot);
        continue;
      }
      if (watched_by(slot->fd, slot->owner) == nullptr || result == -ECANCELED) {
        release_slot(slot);
        continue;
      }
      bool more = true;
      // Errors (an ICMP port unreachable for what we sent, say) only re-arm the receive.
      if (result > 0)
        more = handler.on_datagram(
            slot->owner,
            std::span<const std::uint8_t>(slot->buffer.data(), static_cast<std::size_t>(result)),
            reinterpret_cast<const sockaddr*>(&slot->address), slot->message.msg_namelen);
      if (more) {
        arm_receive(slot);
      } else {
        slot->parked = true;
        parked_.push_back(slot);
      }
    }
    io_uring_cq_advance(ring_.get(), count);
  }
}

void RtpRing::resume_receiving() {
  std::vector<Slot*> parked;
  parked.swap(parked_);
  for (Slot* slot : parked) {
    slot->parked = false;
    arm_receive(slot);
  }
}

}  // namespace callwerk::media
