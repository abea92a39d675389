// The out-of-line parts of channels' biased locking (channel.hpp): thread ids, which channels
// start biased, and the heavy side of the asymmetric barrier.
#include "asyncc/channel.hpp"

#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>

#include "asyncc/detail/scheduler.hpp"

namespace asyncc {
namespace detail {

namespace {
std::atomic<std::uint64_t> next_thread_id{1};

/// Registers the process for MEMBARRIER_CMD_PRIVATE_EXPEDITED once; false if the kernel lacks it.
bool membarrier_ready() {
  static const bool ready = [] {
    long cmds = syscall(__NR_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
    if (cmds < 0 || !(cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED)) return false;
    return syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
  }();
  return ready;
}
}  // namespace

std::uint64_t this_thread_id() {
  std::uint64_t id = t_thread_id;
  if (id == 0) t_thread_id = id = next_thread_id.fetch_add(1, std::memory_order_relaxed);
  return id;
}

std::uint64_t new_channel_owner() {
  // Only the thread inside a current-thread runtime's block_on: its channels are very likely
  // used by its tasks alone. (A multi-thread runtime's tasks move between workers; a channel
  // made elsewhere is usually handed to other threads.)
  const ThreadContext& ctx = t_context;
  if (ctx.core == nullptr || ctx.sched->kind() != Scheduler::Kind::current_thread) return kNoOwner;
  if (!membarrier_ready()) return kNoOwner;
  return this_thread_id();
}

void heavy_barrier() {
  if (syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0) return;
  // Not registered for this mm (a child after fork, say): register again, else fall back to the
  // global barrier (slow, but valid for every thread of every process).
  if (syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0 &&
      syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0)
    return;
  if (syscall(__NR_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0) == 0) return;
  ASYNCC_PANIC("membarrier failed: the bias of a channel cannot be revoked");
}

}  // namespace detail
}  // namespace asyncc
