//! Scaling benchmark (issue 21): every family of input that was super-linear, timed at n and 10n
//! with the growth factor (the goal is ≤ 12× for 10× the input).
//!
//! `cargo bench -p schemaplay-core --bench scaling` (run by `make bench`). Each case runs in a child
//! process of this same binary (`-- --case NAME --n N`), so a case that hangs or eats memory is cut
//! off after `SCALING_TIMEOUT` seconds (default 60) and reported as such, and its peak memory (the
//! child's VmHWM) is measured alone. A case runs once, then repeats until 1 s of CPU time has
//! passed; the best time is printed. Time is the child thread's own CPU time
//! (`CLOCK_THREAD_CPUTIME_ID`), not the wall clock: on a shared machine the wall clock mostly
//! measured how long the case waited for a core (other builds running), which made growth factors
//! swing by 2× between two runs of the same binary. The timeout is on the child's CPU time too. The
//! load average before and after the run is printed with the table. `-- --case I --n N --once`
//! runs one case once (for `perf record`; `scripts/scaling_ops.sh` counts its instructions and
//! cache misses under valgrind, `-- --list` gives the case numbers). Only public engine functions are used — the same file measures an older
//! checkout for a before/after table. `-- --only PATTERN` runs the families whose name contains it.

#[path = "scaling/cases.rs"]
mod cases;

use cases::{Family, FAMILIES};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- running

/// Peak resident memory of this process so far, in KB (Linux; 0 elsewhere).
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

/// CPU time this thread has used (the wall clock where there is no such clock).
#[cfg(unix)]
fn cpu_now() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } != 0 {
        return wall_since_start();
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

#[cfg(not(unix))]
fn cpu_now() -> Duration {
    wall_since_start()
}

fn wall_since_start() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// CPU seconds a child process has used so far (`/proc/PID/stat`, Linux), if known.
fn child_cpu_secs(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) start at state; utime and stime are
    // fields 14 and 15, in clock ticks.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    #[cfg(unix)]
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    #[cfg(not(unix))]
    let hz = 100.0;
    Some(ticks / hz.max(1.0))
}

/// The load average over the last minute (`/proc/loadavg`), if known.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").ok().and_then(|s| s.split_whitespace().next().map(str::to_string)).unwrap_or_else(|| "?".into())
}

/// In the child: builds the input, runs the case until 1 s of CPU time has passed (once with
/// `once`), prints `best_ns rss_kb`.
fn run_case(f: &Family, n: usize, once: bool) {
    let input = (f.input)(n);
    let mut best = Duration::MAX;
    let start = cpu_now();
    let mut runs = 0;
    while runs == 0 || (!once && cpu_now() - start < Duration::from_secs(1)) {
        let t = cpu_now();
        std::hint::black_box((f.run)(std::hint::black_box(&input)));
        best = best.min(cpu_now() - t);
        runs += 1;
    }
    println!("{} {}", best.as_nanos(), peak_rss_kb());
}

enum Outcome {
    Done { ns: u128, rss_kb: u64, json_bytes: Option<u64> },
    TimedOut(u64),
    Failed(String),
}

fn measure(idx: usize, n: usize, timeout: u64) -> Outcome {
    let exe = std::env::current_exe().expect("own path");
    // glibc hands freed memory back to the kernel between repetitions once it passes its trim and
    // mmap thresholds — at 10n but not at n — so each repetition at 10n paid for zeroed pages
    // again and the growth measured page faults, not the engine. The child keeps its heap (peak
    // memory is still the child's own VmHWM).
    let tunables = "glibc.malloc.trim_threshold=4294967295:glibc.malloc.mmap_threshold=33554432";
    let mut child = match Command::new(exe).env("GLIBC_TUNABLES", tunables).args(["--case", &idx.to_string(), "--n", &n.to_string()]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn() {
        Ok(c) => c,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let start = Instant::now();
    // The timeout counts the child's CPU time (its wall time where that is unknown, and at most
    // 20× the timeout in wall time on a machine too busy to give it a core).
    let over = |child: &std::process::Child| match child_cpu_secs(child.id()) {
        Some(cpu) => cpu > timeout as f64 || start.elapsed() > Duration::from_secs(20 * timeout),
        None => start.elapsed() > Duration::from_secs(timeout),
    };
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if over(&child) => {
                let _ = child.kill();
                let _ = child.wait();
                return Outcome::TimedOut(timeout);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Outcome::Failed(e.to_string()),
        }
    }
    let out = child.wait_with_output().expect("child output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let json_bytes = stderr.lines().find_map(|l| l.strip_prefix("json_bytes ")?.parse().ok());
    let mut it = stdout.split_whitespace();
    match (it.next().and_then(|x| x.parse().ok()), it.next().and_then(|x| x.parse().ok())) {
        (Some(ns), Some(rss_kb)) => Outcome::Done { ns, rss_kb, json_bytes },
        _ => Outcome::Failed(format!("exit {:?}: {}", out.status.code(), stderr.lines().last().unwrap_or(""))),
    }
}

fn show(o: &Outcome) -> String {
    match o {
        Outcome::Done { ns, rss_kb, .. } => format!("{:>10.1} ms {:>6} MB", *ns as f64 / 1e6, rss_kb / 1024),
        Outcome::TimedOut(s) => format!("{:>13} {:>6}", format!("> {s} s"), "-"),
        Outcome::Failed(e) => format!("{:>20}", format!("failed: {}", e.chars().take(30).collect::<String>())),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |k: &str| args.iter().position(|a| a == k).and_then(|i| args.get(i + 1)).cloned();
    if let (Some(case), Some(n)) = (arg("--case"), arg("--n")) {
        let (case, n): (usize, usize) = (case.parse().expect("case"), n.parse().expect("n"));
        run_case(&FAMILIES[case], n, args.iter().any(|a| a == "--once"));
        return;
    }
    if args.iter().any(|a| a == "--list") {
        // for scripts/scaling_ops.sh: case index, family, command, n
        for (i, f) in FAMILIES.iter().enumerate() {
            println!("{i}\t{}\t{}\t{}", f.name, f.op, f.n);
        }
        return;
    }
    let timeout: u64 = std::env::var("SCALING_TIMEOUT").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let only = arg("--only");
    println!("Scaling (issue 21): best CPU time of each case at n and 10n, growth = time(10n) / time(n), goal ≤ 12×");
    println!("load average at the start: {}", load_average());
    println!("{:<30} {:<16} {:>14} {:>20} {:>14} {:>20} {:>9}", "input", "command", "n", "time, peak", "10n", "time, peak", "growth");
    let mut worst: f64 = 0.0;
    for (i, f) in FAMILIES.iter().enumerate() {
        if only.as_deref().is_some_and(|o| !f.name.contains(o) && !f.op.contains(o)) {
            continue;
        }
        let small = measure(i, f.n, timeout);
        let big = measure(i, f.n * 10, timeout);
        let growth = match (&small, &big) {
            (Outcome::Done { ns: a, .. }, Outcome::Done { ns: b, .. }) => {
                let g = *b as f64 / (*a).max(1) as f64;
                worst = worst.max(g);
                format!("{g:>7.1}×{}", if g <= 12.0 { "" } else { " !" })
            }
            (_, Outcome::TimedOut(_)) => "   (none)".to_string(),
            _ => "-".to_string(),
        };
        println!(
            "{:<30} {:<16} {:>14} {:>20} {:>14} {:>20} {:>9}",
            f.name,
            f.op,
            format!("{} {}", f.n, f.unit),
            show(&small),
            format!("{} {}", f.n * 10, f.unit),
            show(&big),
            growth
        );
        if let Outcome::Done { json_bytes: Some(j), .. } = big {
            println!("{:<30} {:<16} {:>14} {:>20}", "", "erd --format json", format!("{} {}", f.n * 10, f.unit), format!("{:.1} MB", j as f64 / 1e6));
        }
    }
    println!("worst growth: {worst:.1}×");
    println!("load average at the end: {}", load_average());
}
