//! tokio on the same workloads as bench/runtime/runtime_bench.cpp (parameters in
//! bench/runtime/bench_common.hpp). Prints the same RESULT line.
//!
//!   asyncc-tokio-peer w1|w2|w3|w4|w5|idle|base [ct|mt]

use std::time::{Duration, Instant};

const W1_TASKS: u64 = 1_000_000;
const W2_MESSAGES: u64 = 1_000_000;
const W3_YIELDS: u64 = 10_000_000;
const W4_TASKS: u64 = 100_000;
const W4_MAX_MS: u64 = 50;
const W5_TASKS: u64 = 8;
const W5_ITERATIONS: u64 = 60_000_000;
const IDLE_MS: u64 = 2000;

fn w4_ms(i: u64) -> u64 {
    let mut x = i.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    x ^= x >> 33;
    x % (W4_MAX_MS + 1)
}

fn w5_work(seed: u64) -> u64 {
    let mut x = seed.wrapping_mul(2654435761).wrapping_add(1);
    for _ in 0..W5_ITERATIONS {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    x
}

fn rusage() -> (i64, i64) {
    unsafe {
        let mut ru: libc_rusage = std::mem::zeroed();
        getrusage(0, &mut ru);
        let cpu = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1_000_000_000
            + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
        (cpu, ru.ru_maxrss)
    }
}

#[repr(C)]
struct Timeval {
    tv_sec: i64,
    tv_usec: i64,
}
#[repr(C)]
struct libc_rusage {
    ru_utime: Timeval,
    ru_stime: Timeval,
    ru_maxrss: i64,
    rest: [i64; 13],
}
extern "C" {
    fn getrusage(who: i32, usage: *mut libc_rusage) -> i32;
}

struct Measure {
    wall0: Instant,
    cpu0: i64,
}
impl Measure {
    fn new() -> Self {
        Measure { wall0: Instant::now(), cpu0: rusage().0 }
    }
    fn report(&self, workload: &str, runtime: &str, ops: u64, check: u64) {
        let wall = self.wall0.elapsed().as_nanos();
        let (cpu, rss) = rusage();
        println!(
            "RESULT workload={} runtime={} ops={} wall_ns={} cpu_ns={} maxrss_kb={} check={}",
            workload, runtime, ops, wall, cpu - self.cpu0, rss, check
        );
    }
}

async fn w1() -> u64 {
    let mut hs = Vec::with_capacity(W1_TASKS as usize);
    for i in 0..W1_TASKS {
        hs.push(tokio::spawn(async move { i }));
    }
    let mut sum = 0;
    for h in hs {
        sum += h.await.unwrap();
    }
    sum
}

async fn w2() -> u64 {
    let (tx1, mut rx1) = tokio::sync::mpsc::channel::<u64>(1);
    let (tx2, mut rx2) = tokio::sync::mpsc::channel::<u64>(1);
    tokio::spawn(async move {
        while let Some(v) = rx1.recv().await {
            tx2.send(v).await.unwrap();
        }
    });
    tokio::spawn(async move {
        let mut sum = 0;
        for i in 0..W2_MESSAGES {
            tx1.send(i).await.unwrap();
            sum += rx2.recv().await.unwrap();
        }
        sum
    })
    .await
    .unwrap()
}

async fn w3() -> u64 {
    tokio::spawn(async {
        for _ in 0..W3_YIELDS {
            tokio::task::yield_now().await;
        }
        W3_YIELDS
    })
    .await
    .unwrap()
}

async fn w4() -> u64 {
    let mut hs = Vec::with_capacity(W4_TASKS as usize);
    for i in 0..W4_TASKS {
        let ms = w4_ms(i);
        hs.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            ms
        }));
    }
    let mut sum = 0;
    for h in hs {
        sum += h.await.unwrap();
    }
    sum
}

async fn w5() -> u64 {
    let mut hs = Vec::new();
    for i in 0..W5_TASKS {
        hs.push(tokio::spawn(async move { w5_work(i) }));
    }
    let mut x = 0;
    for h in hs {
        x ^= h.await.unwrap();
    }
    x
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 2 {
        eprintln!("usage: {} w1|w2|w3|w4|w5|idle|base [ct|mt]", args[0]);
        std::process::exit(2);
    }
    let mt = args.len() > 2 && args[2] == "mt";
    let rt = if mt {
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_time().build().unwrap()
    } else {
        tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap()
    };
    let name = if mt { "tokio-mt2" } else { "tokio-ct" };
    let m = Measure::new();
    let (ops, check) = match args[1].as_str() {
        "w1" => (W1_TASKS, rt.block_on(async { tokio::spawn(w1()).await.unwrap() })),
        "w2" => (W2_MESSAGES, rt.block_on(async { tokio::spawn(w2()).await.unwrap() })),
        "w3" => (W3_YIELDS, rt.block_on(async { tokio::spawn(w3()).await.unwrap() })),
        "w4" => (W4_TASKS, rt.block_on(async { tokio::spawn(w4()).await.unwrap() })),
        "w5" => (W5_TASKS, rt.block_on(async { tokio::spawn(w5()).await.unwrap() })),
        "idle" => (1, rt.block_on(async {
            tokio::time::sleep(Duration::from_millis(IDLE_MS)).await;
            0
        })),
        "base" => (1, rt.block_on(async { 1 })),
        w => {
            eprintln!("unknown workload {}", w);
            std::process::exit(2);
        }
    };
    m.report(&args[1], name, ops, check);
}
