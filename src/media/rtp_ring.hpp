#pragma once
// Batched RTP socket I/O through io_uring, one ring per media thread.
//
// Why: with one system call per packet sent, one per packet received and one more to find the
// socket empty, plus the epoll wake-ups, a media thread serving 1000 calls enters the kernel
// about 150,000 times a second. On virtual machines each entry is dear (the paravirtual entry
// alone was 15-19 % of the media thread's samples), so the thread fell behind its 20 ms
// schedule long before its own work filled it. Here every RTP socket keeps a few receives
// armed in the kernel, and the thread collects what arrived and hands over what it sends in one
// call per pass (a few passes per tick), whatever the number of streams.
//
// Only the media thread that opened the ring uses it (IORING_SETUP_SINGLE_ISSUER). RTCP, a
// packet every few seconds, stays on the thread's asio sockets.

#include <sys/socket.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

struct io_uring;
struct io_uring_sqe;

namespace callwerk::media {

using RtpRingOwner = std::uint64_t;  // the stream a socket belongs to

class RtpRingHandler {
 public:
  // A datagram arrived on `owner`'s socket. Returns false when the stream wants no more this
  // tick (its budget is spent): the receive waits until resume_receiving(). Receives that were
  // armed already still deliver theirs, so a budget is overrun by up to kReceivesPerSocket.
  virtual bool on_datagram(RtpRingOwner owner, std::span<const std::uint8_t> data,
                           const sockaddr* from, socklen_t from_length) = 0;
  // The kernel refused a datagram `owner` sent (socket buffer full, no route).
  virtual void on_send_failed(RtpRingOwner owner) = 0;

 protected:
  ~RtpRingHandler() = default;
};

class RtpRing {
 public:
  // Receives armed per socket: up to this many datagrams are taken from one socket per pass.
  static constexpr int kReceivesPerSocket = 4;
  static constexpr std::size_t kMaxDatagram = 1500;

  // nullptr with the reason when the kernel (or a sandbox's seccomp filter) offers no io_uring
  // with what RTP needs; the media thread then falls back to one system call per packet.
  static std::unique_ptr<RtpRing> open(std::string& why_not);
  ~RtpRing();
  RtpRing(const RtpRing&) = delete;
  RtpRing& operator=(const RtpRing&) = delete;

  // Starts receiving on `fd` for `owner` (not 0). The caller keeps owning the descriptor.
  void watch(RtpRingOwner owner, int fd);
  // Before the caller closes `fd`: its receives are cancelled and the cancellation submitted
  // at once, so that no queued request can reach a new socket that gets the same number.
  void forget(int fd);
  // Queues one datagram (copied) to go out with the next submit().
  void send(RtpRingOwner owner, int fd, std::span<const std::uint8_t> data, const sockaddr* to,
            socklen_t to_length);
  // Hands queued work to the kernel and reports what completed since the last call.
  void complete(RtpRingHandler& handler);
  // Hands queued work (this tick's packets) to the kernel.
  void submit();
  // Re-arms the receives that a spent budget parked.
  void resume_receiving();

  std::size_t slots_in_flight() const { return in_flight_; }
  bool sends_with_address() const { return send_with_address_; }
  // Whether `fd` is watched under a registered index.
  bool registered(int fd) const {
    return fd >= 0 && static_cast<std::size_t>(fd) < watched_.size() &&
           watched_[static_cast<std::size_t>(fd)].owner != 0 &&
           watched_[static_cast<std::size_t>(fd)].fixed >= 0;
  }

 private:
  struct Slot;
  struct Watched {
    RtpRingOwner owner = 0;  // 0: not watched
    std::vector<Slot*> receives;
    int fixed = -1;  // its index in the ring's registered files, or -1
  };
  // Points the request at the socket: by its registered index when it has one.
  void target(::io_uring_sqe* sqe, int fd);
  // The descriptor's entry when `owner` watches it (a completion names its slot's owner).
  Watched* watched_by(int fd, RtpRingOwner owner);

  explicit RtpRing(std::unique_ptr<io_uring> ring);
  Slot* take_slot();
  void release_slot(Slot* slot);
  void arm_receive(Slot* slot);
  void cancel(Slot* slot);
  ::io_uring_sqe* next_sqe();
  void cancel_all_and_wait();
  void run_deferred_work();
  bool probe_send_with_address();

  std::unique_ptr<io_uring> ring_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<Slot*> free_;
  std::vector<Slot*> parked_;
  std::vector<Watched> watched_;  // by descriptor number: a lookup per completion
  std::size_t in_flight_ = 0;
  // IORING_OP_SEND with a destination (Linux 6.1): no msghdr to copy in per packet. Checked
  // once on a loopback socket when the ring opens; sendmsg otherwise.
  bool send_with_address_ = false;
  // Registered files (Linux 5.19 sparse tables): the kernel takes a registered socket without
  // looking up and counting its file on every packet (fget/fput were 4-5 % of a media thread).
  std::vector<int> free_fixed_;
};

}  // namespace callwerk::media
