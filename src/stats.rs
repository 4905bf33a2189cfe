//! `--stats`: where the time of one `extract` run goes, stage by stage, and what it produced.
//!
//! The pipeline runs two parallel phases per chunk (load + clean + fingerprint, then extract +
//! render) and two sequential ones (dedup verdicts, writing). Each stage's `cpu_s` is the CPU
//! time of the threads while inside it, summed over threads (the thread CPU clock on Unix; the
//! monotonic clock elsewhere), so it does not grow when other processes take the cores. Each
//! stage's `wall_s` is its share of the elapsed time: measured directly for the sequential
//! stages, and for the parallel ones the phase's elapsed time split in proportion to the time
//! the stages took on the monotonic clock, summed over threads.
//!
//! When stats are off every hook is one branch on a bool, so the default run pays nothing.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use serde::Serialize;

/// A stage of the pipeline, in the order documents pass through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the input and decoding it to text (gzip, archives, charsets).
    Load,
    /// HTML cleaning or text normalisation.
    Clean,
    /// Word hashes, shingles, MinHash signature and band keys.
    Fingerprint,
    /// Duplicate verdicts against the index, in input order.
    Dedup,
    /// Segmentation, actors, rules and quotes.
    Extract,
    /// Building the record and serialising it to JSON.
    Render,
    /// Writing the JSON lines to the output.
    Write,
}

const STAGES: [Stage; 7] = [
    Stage::Load,
    Stage::Clean,
    Stage::Fingerprint,
    Stage::Dedup,
    Stage::Extract,
    Stage::Render,
    Stage::Write,
];

impl Stage {
    fn name(self) -> &'static str {
        match self {
            Stage::Load => "load",
            Stage::Clean => "clean",
            Stage::Fingerprint => "fingerprint",
            Stage::Dedup => "dedup",
            Stage::Extract => "extract",
            Stage::Render => "render",
            Stage::Write => "write",
        }
    }

    /// The phase a stage runs in: stages of one parallel phase share its elapsed time.
    fn phase(self) -> Phase {
        match self {
            Stage::Load | Stage::Clean | Stage::Fingerprint => Phase::Prepare,
            Stage::Dedup => Phase::Dedup,
            Stage::Extract | Stage::Render => Phase::Extract,
            Stage::Write => Phase::Write,
        }
    }
}

/// A stretch of each chunk's processing, timed as a whole on the calling thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Load, clean and fingerprint a chunk in parallel.
    Prepare,
    /// Give the chunk's duplicate verdicts in order.
    Dedup,
    /// Extract and render the chunk in parallel.
    Extract,
    /// Write the chunk's lines in order.
    Write,
}

const PHASES: usize = 4;

/// A countable outcome of the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// Decoded input bytes (after inflating and charset decoding).
    BytesIn,
    /// Events in the records written.
    Events,
    /// Quotes in the records written.
    Quotes,
}

/// Timings and counts of one run; shared by all worker threads.
#[derive(Debug, Default)]
pub struct Stats {
    enabled: bool,
    stage_ns: [AtomicU64; 7],
    stage_cpu_ns: [AtomicU64; 7],
    phase_ns: [AtomicU64; PHASES],
    bytes_in: AtomicU64,
    events: AtomicU64,
    quotes: AtomicU64,
}

impl Stats {
    /// Stats that measure nothing: every hook returns at once.
    pub fn disabled() -> Stats {
        Stats::default()
    }

    /// Stats that measure every stage.
    pub fn enabled() -> Stats {
        Stats {
            enabled: true,
            ..Stats::default()
        }
    }

    /// Whether anything is being measured.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Runs `f` as part of `stage`, adding its elapsed time to the stage.
    pub fn time<T>(&self, stage: Stage, f: impl FnOnce() -> T) -> T {
        if !self.enabled {
            return f();
        }
        let (start, cpu) = (Instant::now(), thread_cpu_ns());
        let value = f();
        add_since(&self.stage_ns[stage as usize], start);
        let spent = thread_cpu_ns().saturating_sub(cpu);
        self.stage_cpu_ns[stage as usize].fetch_add(spent, Ordering::Relaxed);
        value
    }

    /// Runs `f` as `phase` of a chunk, adding its elapsed time to the phase.
    pub fn phase<T>(&self, phase: Phase, f: impl FnOnce() -> T) -> T {
        if !self.enabled {
            return f();
        }
        let start = Instant::now();
        let value = f();
        add_since(&self.phase_ns[phase as usize], start);
        value
    }

    /// Adds the time since `start` to `phase`, for a phase that is not one closure.
    pub fn phase_since(&self, phase: Phase, start: Instant) {
        if self.enabled {
            add_since(&self.phase_ns[phase as usize], start);
        }
    }

    /// Adds `n` to a count.
    pub fn count(&self, what: Count, n: usize) {
        if !self.enabled {
            return;
        }
        let counter = match what {
            Count::BytesIn => &self.bytes_in,
            Count::Events => &self.events,
            Count::Quotes => &self.quotes,
        };
        counter.fetch_add(n as u64, Ordering::Relaxed);
    }

    /// The report of a finished run.
    pub fn report(&self, run: &RunFacts) -> Report {
        let ns = |a: &AtomicU64| a.load(Ordering::Relaxed);
        let phase_cpu = |p: Phase| -> u64 {
            STAGES
                .iter()
                .filter(|s| s.phase() == p)
                .map(|&s| ns(&self.stage_ns[s as usize]))
                .sum()
        };
        let stages = STAGES
            .iter()
            .map(|&s| {
                let busy = ns(&self.stage_ns[s as usize]);
                let phase_wall = ns(&self.phase_ns[s.phase() as usize]);
                let wall = share(phase_wall, busy, phase_cpu(s.phase()));
                (
                    s.name(),
                    StageTime {
                        wall_s: secs(wall),
                        cpu_s: secs(ns(&self.stage_cpu_ns[s as usize])),
                    },
                )
            })
            .collect();
        let bytes_in = ns(&self.bytes_in);
        let wall = run.wall_s.max(1e-9);
        Report {
            threads: run.threads,
            wall_s: round6(run.wall_s),
            process_cpu_s: process_cpu_seconds().map(round6),
            stages,
            documents: run.documents,
            bytes_in,
            errors: run.errors,
            duplicates: run.duplicates,
            events: ns(&self.events),
            quotes: ns(&self.quotes),
            docs_per_s: round6(run.documents as f64 / wall),
            mb_per_s: round6(bytes_in as f64 / 1e6 / wall),
            dedup_index: IndexSize {
                documents: run.index_documents,
                bytes: run.index_bytes,
                bytes_per_document: round6(
                    run.index_bytes as f64 / (run.index_documents.max(1)) as f64,
                ),
            },
        }
    }
}

/// What the caller knows at the end of a run, beyond what the hooks counted.
#[derive(Debug, Default, Clone)]
pub struct RunFacts {
    /// Worker threads.
    pub threads: usize,
    /// Elapsed seconds of the whole run.
    pub wall_s: f64,
    /// Documents that got a record.
    pub documents: usize,
    /// Documents with an error record.
    pub errors: usize,
    /// Documents marked as duplicates.
    pub duplicates: usize,
    /// Documents in the duplicate index.
    pub index_documents: usize,
    /// Heap bytes of the duplicate index (`Deduper::heap_bytes`).
    pub index_bytes: usize,
}

/// The `--stats` object.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Worker threads.
    pub threads: usize,
    /// Elapsed seconds of the whole run.
    pub wall_s: f64,
    /// User + system CPU seconds of the process so far (Linux only, else null).
    pub process_cpu_s: Option<f64>,
    /// Per-stage timings, in pipeline order (an object keyed by name in `to_json_line`).
    pub stages: Vec<(&'static str, StageTime)>,
    /// Documents that got a record.
    pub documents: usize,
    /// Decoded input bytes.
    pub bytes_in: u64,
    /// Documents with an error record.
    pub errors: usize,
    /// Documents marked as duplicates.
    pub duplicates: usize,
    /// Events in the records written (duplicates are not extracted unless `--keep-duplicates`).
    pub events: u64,
    /// Quotes in the records written.
    pub quotes: u64,
    /// Documents per second of elapsed time.
    pub docs_per_s: f64,
    /// Decoded megabytes (10^6 bytes) per second of elapsed time.
    pub mb_per_s: f64,
    /// Size of the duplicate index at the end of the run.
    pub dedup_index: IndexSize,
}

impl Report {
    /// One JSON object on one line; stages become an object keyed by stage name.
    pub fn to_json_line(&self) -> String {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        let stages: serde_json::Map<String, serde_json::Value> = self
            .stages
            .iter()
            .map(|(name, t)| {
                (
                    name.to_string(),
                    serde_json::to_value(t).unwrap_or_default(),
                )
            })
            .collect();
        value["stages"] = serde_json::Value::Object(stages);
        value.to_string()
    }
}

/// Time of one stage.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct StageTime {
    /// Share of the elapsed time (see the module documentation).
    pub wall_s: f64,
    /// CPU time inside the stage summed over threads.
    pub cpu_s: f64,
}

/// Size of the duplicate index.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct IndexSize {
    /// Indexed documents.
    pub documents: usize,
    /// Heap bytes.
    pub bytes: usize,
    /// Heap bytes per indexed document.
    pub bytes_per_document: f64,
}

/// CPU time of the calling thread in nanoseconds.
#[cfg(unix)]
fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the call only writes into it.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return 0;
    }
    (ts.tv_sec as u64)
        .saturating_mul(1_000_000_000)
        .saturating_add(ts.tv_nsec as u64)
}

/// Elsewhere the monotonic clock stands in for the thread CPU clock.
#[cfg(not(unix))]
fn thread_cpu_ns() -> u64 {
    static ORIGIN: once_cell::sync::Lazy<Instant> = once_cell::sync::Lazy::new(Instant::now);
    u64::try_from(ORIGIN.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

fn add_since(counter: &AtomicU64, start: Instant) {
    let ns = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
    counter.fetch_add(ns, Ordering::Relaxed);
}

/// `total * part / whole`, without overflow and with 0 for an empty whole.
fn share(total: u64, part: u64, whole: u64) -> u64 {
    if whole == 0 {
        return 0;
    }
    ((total as u128 * part as u128) / whole as u128) as u64
}

fn secs(ns: u64) -> f64 {
    round6(ns as f64 / 1e9)
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// User + system time of this process from /proc/self/stat (fields 14 and 15, in the kernel's
/// USER_HZ ticks, which Linux fixes at 100 for this interface).
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces; fields after it follow the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) as f64 / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disabled_stats_measure_nothing() {
        let s = Stats::disabled();
        assert_eq!(s.time(Stage::Clean, || 7), 7);
        s.count(Count::Events, 3);
        let r = s.report(&RunFacts::default());
        assert_eq!(r.events, 0);
        assert!(r.stages.iter().all(|(_, t)| t.cpu_s == 0.0));
    }

    #[test]
    fn parallel_stages_share_their_phase_wall_time_by_cpu_time() {
        let s = Stats::enabled();
        s.stage_ns[Stage::Load as usize].store(1_000_000_000, Ordering::Relaxed);
        s.stage_ns[Stage::Clean as usize].store(3_000_000_000, Ordering::Relaxed);
        s.stage_cpu_ns[Stage::Clean as usize].store(2_500_000_000, Ordering::Relaxed);
        s.phase_ns[Phase::Prepare as usize].store(2_000_000_000, Ordering::Relaxed);
        s.phase_ns[Phase::Dedup as usize].store(500_000_000, Ordering::Relaxed);
        s.stage_ns[Stage::Dedup as usize].store(400_000_000, Ordering::Relaxed);
        let r = s.report(&RunFacts::default());
        let get = |n: &str| r.stages.iter().find(|(name, _)| *name == n).unwrap().1;
        assert_eq!(get("load").wall_s, 0.5);
        assert_eq!(get("clean").wall_s, 1.5);
        assert_eq!(get("clean").cpu_s, 2.5);
        assert_eq!(get("fingerprint").wall_s, 0.0);
        // A sequential stage gets its whole phase.
        assert_eq!(get("dedup").wall_s, 0.5);
    }

    #[test]
    fn cpu_time_counts_work_not_sleep() {
        let s = Stats::enabled();
        s.time(Stage::Load, || {
            std::thread::sleep(std::time::Duration::from_millis(30))
        });
        s.time(Stage::Clean, || {
            let t = Instant::now();
            let mut x = 0u64;
            while t.elapsed().as_millis() < 30 {
                x = std::hint::black_box(x.wrapping_add(1));
            }
        });
        let load = s.stage_cpu_ns[Stage::Load as usize].load(Ordering::Relaxed);
        let clean = s.stage_cpu_ns[Stage::Clean as usize].load(Ordering::Relaxed);
        assert!(s.stage_ns[Stage::Load as usize].load(Ordering::Relaxed) >= 30_000_000);
        assert!(load < clean, "sleeping {load} ns vs spinning {clean} ns");
    }

    #[test]
    fn report_is_one_json_line_with_every_stage() {
        let s = Stats::enabled();
        s.time(Stage::Extract, || ());
        s.count(Count::Quotes, 2);
        let line = s
            .report(&RunFacts {
                documents: 4,
                index_documents: 2,
                index_bytes: 100,
                ..RunFacts::default()
            })
            .to_json_line();
        assert!(!line.contains('\n'));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["quotes"], 2);
        assert_eq!(v["documents"], 4);
        assert_eq!(v["dedup_index"]["bytes_per_document"], 50.0);
        let names: Vec<&String> = v["stages"].as_object().unwrap().keys().collect();
        assert_eq!(names.len(), 7);
        assert!(v["stages"]["render"]["cpu_s"].is_number());
    }
}
