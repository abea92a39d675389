// The Rust side of bench/layout: a stand-in for ADSL's prelude, so that rustc lays out the same
// programs as asyncc. Only what the cases use is here: `yield_now` and `sleep`, written as plain
// hand-written futures (no executor, nothing is ever polled) whose sizes equal the asyncc
// runtime's `asyncc::YieldNow` and `asyncc::Sleep` (tools/bench-layout checks that both sides
// agree), so that a difference in the table is a difference in how the two compilers lay out
// the coroutine, not in the leaf futures.
#![allow(dead_code, unused_variables, unused_mut, unused_assignments)]
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// asyncc::YieldNow: `bool yielded_` (1 byte); tokio's YieldNow holds the same one bool.
pub struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

pub fn yield_now() -> YieldNow {
    YieldNow { yielded: false }
}

/// asyncc::Sleep field for field, in C++'s order: a timer entry (deadline, sequence number,
/// heap index, fired flag, a Waker of two pointers), the scheduler pointer and a done flag.
#[repr(C)]
pub struct Sleep {
    deadline: i64,
    seq: u64,
    heap_index: usize,
    fired: bool,
    waker: [usize; 2],
    sched: usize,
    done: bool,
}

impl Future for Sleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        self.done = true;
        Poll::Ready(())
    }
}

pub fn sleep(ms: u64) -> Sleep {
    Sleep { deadline: ms as i64, seq: 0, heap_index: usize::MAX, fired: false, waker: [0, 0], sched: 0, done: false }
}

/// Checked by tools/bench-layout against sizeof(asyncc::YieldNow) and sizeof(asyncc::Sleep).
pub fn prelude_sizes() {
    println!("PRELUDE YieldNow {}", std::mem::size_of::<YieldNow>());
    println!("PRELUDE Sleep {}", std::mem::size_of::<Sleep>());
}
