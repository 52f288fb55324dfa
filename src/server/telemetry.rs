//! Logging through `tracing`: human-readable lines on stdout plus a daily-rotated file under the log dir.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::{fmt, layer::SubscriberExt, util::SubscriberInitExt, EnvFilter, Layer};

/// Install the global subscriber (before Dioxus would install its own). The server logs to stdout; CLI
/// commands whose stdout is their output (`db url`, ...) log to stderr. Keep the guard alive for the
/// process lifetime: dropping it flushes and stops the file writer.
pub fn init(log_dir: &Path, console_to_stderr: bool) -> Option<WorkerGuard> {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info,sqlx=warn,dioxus=warn"));
    let console = fmt::layer().with_target(false);
    let console = if console_to_stderr { console.with_writer(std::io::stderr).boxed() } else { console.boxed() };
    let (file_layer, guard) = match std::fs::create_dir_all(log_dir) {
        Ok(()) => {
            let appender = tracing_appender::rolling::daily(log_dir, "carebook.log");
            let (writer, guard) = tracing_appender::non_blocking(appender);
            (Some(fmt::layer().with_ansi(false).with_writer(writer)), Some(guard))
        }
        Err(e) => {
            eprintln!("warning: cannot create log dir {}: {e}; logging to stdout only", log_dir.display());
            (None, None)
        }
    };
    let _ = tracing_subscriber::registry().with(filter).with(console).with(file_layer).try_init();
    guard
}
