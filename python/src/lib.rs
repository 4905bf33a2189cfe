//! The native half of the `newsrake` Python package: thin PyO3 bindings over the library's own
//! pipeline (`newsrake::extract_each`, `newsrake::extract_one`, `newsrake::load_rules`).
//!
//! Records cross into Python as the exact JSON lines the CLI prints, parsed by the standard
//! library's `json.loads`, so a Python record equals the CLI's field for field by construction.
//! Rust never holds the GIL while it works: a run is a producer thread driving the pipeline on a
//! rayon pool and handing records through a bounded channel to the Python iterator.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use newsrake::cli::RuleArgs;
use newsrake::extract::Extractor;
use newsrake::ingest::{self, Declared, Input, Source};
use newsrake::rules::RuleErrors;
use newsrake::{Options, Summary};
use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};

create_exception!(
    newsrake,
    RuleError,
    PyValueError,
    "A rule pack failed to load. `file`, `line` and `message` describe the first problem; \
     `errors` lists every problem as (file, line, message)."
);

/// How many rendered records may wait for the Python consumer: one pipeline chunk, so the
/// producer can work on the next chunk while Python converts this one, and memory stays bounded
/// whatever the corpus size.
const IN_FLIGHT: usize = 256;

/// How often a waiting consumer wakes up to let Python handle signals (Ctrl-C).
const SIGNAL_CHECK: Duration = Duration::from_millis(100);

/// Id given to an in-memory document when the caller names none and gives no address.
const DEFAULT_ID: &str = "doc";

/// A rule pack, loaded and checked once; pass it to the extract functions as `rules=`.
///
/// `Rules(path)` replaces the default pack with the `.toml` files under `path` (the CLI's
/// `--rules`); `Rules(path, add=True)` adds them to the default pack (`--rules-add`). Every
/// problem raises `RuleError`, which carries `file`, `line` and `message`.
#[pyclass(module = "newsrake", frozen)]
struct Rules {
    extractor: Arc<Extractor>,
    #[pyo3(get)]
    path: PathBuf,
    #[pyo3(get)]
    add: bool,
}

#[pymethods]
impl Rules {
    #[new]
    #[pyo3(signature = (path, *, add = false))]
    fn new(py: Python<'_>, path: PathBuf, add: bool) -> PyResult<Self> {
        let args = if add {
            RuleArgs {
                rules: None,
                rules_add: vec![path.clone()],
            }
        } else {
            RuleArgs {
                rules: Some(path.clone()),
                rules_add: vec![],
            }
        };
        let extractor = py
            .detach(|| newsrake::load_rules(&args))
            .map_err(|e| rule_error(py, &e))?;
        Ok(Rules {
            extractor,
            path,
            add,
        })
    }

    /// The action names the pack declares.
    #[getter]
    fn actions(&self) -> Vec<String> {
        self.extractor.pack.actions.clone()
    }

    /// How many pattern rules the pack holds.
    #[getter]
    fn pattern_count(&self) -> usize {
        self.extractor.pack.patterns.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Rules({:?}, add={}): {} actions, {} pattern rules",
            self.path.display().to_string(),
            if self.add { "True" } else { "False" },
            self.extractor.pack.actions.len(),
            self.extractor.pack.patterns.len()
        )
    }
}

/// Builds the Python exception for a pack that failed to load, carrying every problem.
fn rule_error(py: Python<'_>, errors: &RuleErrors) -> PyErr {
    let err = RuleError::new_err(errors.to_string());
    if let Err(e) = annotate_rule_error(py, &err, errors) {
        return e;
    }
    err
}

fn annotate_rule_error(py: Python<'_>, err: &PyErr, errors: &RuleErrors) -> PyResult<()> {
    let value = err.value(py);
    let all: Vec<(String, usize, String)> = errors
        .0
        .iter()
        .map(|e| (e.file.clone(), e.line, e.message.clone()))
        .collect();
    let (file, line, message) = all
        .first()
        .cloned()
        .unwrap_or_else(|| (String::new(), 0, errors.to_string()));
    value.setattr("file", file)?;
    value.setattr("line", line)?;
    value.setattr("message", message)?;
    value.setattr("errors", PyList::new(py, all)?)?;
    Ok(())
}

/// The standard library's `json.loads`, looked up once.
fn json_loads(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    LOADS
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(py.import("json")?.getattr("loads")?.unbind())
        })
        .map(|f| f.bind(py))
}

/// Turns one rendered JSON line into a Python dict.
fn to_dict(py: Python<'_>, line: &str) -> PyResult<Py<PyAny>> {
    Ok(json_loads(py)?.call1((line,))?.unbind())
}

fn options(rules: Option<&Rules>, near_dup: f64) -> PyResult<Options> {
    if !(0.0..=1.0).contains(&near_dup) {
        return Err(PyValueError::new_err(format!(
            "near_dup must be between 0 and 1, got {near_dup}"
        )));
    }
    Ok(Options {
        near_dup,
        extractor: rules.map(|r| r.extractor.clone()),
        ..Options::default()
    })
}

/// What the producer thread hands to the iterator.
enum Message {
    /// One document's record, as a JSON line.
    Record(String),
    /// The run ended normally.
    Done(Summary),
    /// The run could not go on.
    Failed(String),
}

/// The records of one `extract` run, in input order: an iterator of dicts, produced on a
/// background thread pool while you iterate. `summary` holds the run's counts once it is done.
#[pyclass(module = "newsrake")]
struct Records {
    receiver: Mutex<Option<Receiver<Message>>>,
    summary: Option<Summary>,
}

#[pymethods]
impl Records {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        loop {
            match self.wait(py) {
                Ok(Some(Message::Record(line))) => return to_dict(py, &line).map(Some),
                Ok(Some(Message::Done(summary))) => {
                    self.finish(Some(summary));
                    return Ok(None);
                }
                Ok(Some(Message::Failed(why))) => {
                    self.finish(None);
                    return Err(PyRuntimeError::new_err(why));
                }
                Ok(None) => return Ok(None),
                Err(RecvTimeoutError::Timeout) => py.check_signals()?,
                Err(RecvTimeoutError::Disconnected) => {
                    self.finish(None);
                    return Err(PyRuntimeError::new_err(
                        "newsrake: the extraction thread stopped unexpectedly",
                    ));
                }
            }
        }
    }

    /// Counts of the finished run (`documents`, `duplicates`, `errors`), or None before the
    /// iterator is exhausted.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Some(s) = &self.summary else {
            return Ok(None);
        };
        let d = PyDict::new(py);
        d.set_item("documents", s.documents)?;
        d.set_item("duplicates", s.duplicates)?;
        d.set_item("errors", s.errors)?;
        Ok(Some(d))
    }
}

impl Records {
    /// Waits a little for the next message with the GIL released; `Ok(None)` once finished.
    fn wait(&self, py: Python<'_>) -> Result<Option<Message>, RecvTimeoutError> {
        py.detach(|| {
            let guard = self.receiver.lock().unwrap_or_else(|p| p.into_inner());
            match guard.as_ref() {
                Some(rx) => rx.recv_timeout(SIGNAL_CHECK).map(Some),
                None => Ok(None),
            }
        })
    }

    fn finish(&mut self, summary: Option<Summary>) {
        *self.receiver.lock().unwrap_or_else(|p| p.into_inner()) = None;
        self.summary = summary;
    }
}

/// Runs the pipeline over `inputs` on its own thread, sending each record to `tx`. Dropping the
/// receiver makes the next send fail, which the pipeline reads as a consumer gone away.
fn spawn_producer(
    inputs: Vec<Input>,
    opts: Options,
    pool: rayon::ThreadPool,
    tx: SyncSender<Message>,
) -> std::io::Result<()> {
    let spawned = std::thread::Builder::new()
        .name("newsrake-extract".into())
        .spawn(move || {
            let sink = |doc: newsrake::DocOutput| {
                tx.send(Message::Record(doc.lines))
                    .map_err(|_| std::io::ErrorKind::BrokenPipe.into())
            };
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                newsrake::extract_each(inputs.into_iter(), &opts, &pool, sink, |_| {})
            }));
            let last = match run {
                Ok(Ok(summary)) => Message::Done(summary),
                Ok(Err(e)) => Message::Failed(format!("newsrake: {e:#}")),
                Err(_) => Message::Failed("newsrake: internal error (please report it)".into()),
            };
            // The consumer may be gone already; then nobody needs the last word.
            let _ = tx.send(last);
        });
    spawned.map(|_| ())
}

/// Extracts one record per document from files and folders, streamed in input order.
#[pyfunction]
#[pyo3(signature = (paths, *, rules = None, near_dup = 0.8, threads = None))]
fn extract(
    paths: Vec<PathBuf>,
    rules: Option<PyRef<'_, Rules>>,
    near_dup: f64,
    threads: Option<usize>,
) -> PyResult<Records> {
    let opts = options(rules.as_deref(), near_dup)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .thread_name(|i| format!("newsrake-{i}"))
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("newsrake: cannot start threads: {e}")))?;
    let inputs = ingest::plan_inputs(&paths).inputs;
    let (tx, rx) = mpsc::sync_channel(IN_FLIGHT);
    spawn_producer(inputs, opts, pool, tx)
        .map_err(|e| PyRuntimeError::new_err(format!("newsrake: cannot start a thread: {e}")))?;
    Ok(Records {
        receiver: Mutex::new(Some(rx)),
        summary: None,
    })
}

/// Runs one in-memory document through the pipeline with the GIL released.
#[allow(clippy::too_many_arguments)]
fn extract_in_memory(
    py: Python<'_>,
    content: String,
    declared: Declared,
    url: Option<String>,
    date: Option<String>,
    id: Option<String>,
    rules: Option<PyRef<'_, Rules>>,
) -> PyResult<Py<PyAny>> {
    let opts = options(rules.as_deref(), 0.8)?;
    let id = id
        .or_else(|| url.clone())
        .unwrap_or_else(|| DEFAULT_ID.into());
    let input = Input {
        id,
        source: Source::Record {
            content,
            declared,
            url,
            date,
        },
    };
    let out = py.detach(|| newsrake::extract_one(input, &opts));
    to_dict(py, &out.lines)
}

/// Extracts the record of one HTML page held in memory.
///
/// Args:
///     html: the page's markup, as text.
///     url: the page's address, when the markup gives none.
///     date: its publication date (YYYY-MM-DD), when the markup gives none.
///     id: the record's id (default: `url`, else "doc").
///     rules: a `Rules` pack (default: the built-in pack).
///
/// Returns the schema-1 record `newsrake extract` prints for the same page, as a dict. The GIL
/// is released while Rust works.
#[pyfunction]
#[pyo3(signature = (html, *, url = None, date = None, id = None, rules = None))]
fn extract_html(
    py: Python<'_>,
    html: String,
    url: Option<String>,
    date: Option<String>,
    id: Option<String>,
    rules: Option<PyRef<'_, Rules>>,
) -> PyResult<Py<PyAny>> {
    extract_in_memory(py, html, Declared::Html, url, date, id, rules)
}

/// Extracts the record of one plain-text document held in memory.
///
/// Args:
///     text: the document.
///     url: its address, if any.
///     date: its publication date (YYYY-MM-DD), if known.
///     id: the record's id (default: `url`, else "doc").
///     rules: a `Rules` pack (default: the built-in pack).
///
/// Returns the schema-1 record `newsrake extract` prints for the same document, as a dict. The
/// GIL is released while Rust works.
#[pyfunction]
#[pyo3(signature = (text, *, url = None, date = None, id = None, rules = None))]
fn extract_text(
    py: Python<'_>,
    text: String,
    url: Option<String>,
    date: Option<String>,
    id: Option<String>,
    rules: Option<PyRef<'_, Rules>>,
) -> PyResult<Py<PyAny>> {
    extract_in_memory(py, text, Declared::Text, url, date, id, rules)
}

#[pymodule]
fn _newsrake(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Rules>()?;
    m.add_class::<Records>()?;
    m.add("RuleError", m.py().get_type::<RuleError>())?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_html, m)?)?;
    m.add_function(wrap_pyfunction!(extract_text, m)?)?;
    m.add("SCHEMA", newsrake::output::SCHEMA)?;
    Ok(())
}
