//! The embedded default database: a project-local Postgres 15 cluster under the data dir, used when no
//! DATABASE_URL is configured. Created with initdb on first use, loopback-only, password-protected, always
//! durable (fsync and synchronous commit on), and restarted by the app if it crashes (`supervise`).

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Role that owns the embedded cluster; its generated password lives in `<data>/pg.secret`.
const SUPERUSER: &str = "carebook";

/// A project-local Postgres cluster managed with the Debian server binaries (`initdb`, `pg_ctl`).
#[derive(Debug, Clone)]
pub struct EmbeddedPg {
    /// Directory holding the cluster (`<data>/pg`) and its secret (`<data>/pg.secret`).
    pub data_dir: PathBuf,
    pub port: u16,
    pub bin_dir: PathBuf,
}

impl EmbeddedPg {
    /// The cluster directory: `<data>/pg`, unless we run as root and the `postgres` user cannot reach
    /// the data dir (a checkout under /root, say): then a per-project directory under /var/lib/postgresql.
    pub fn cluster_dir(&self) -> PathBuf {
        let local = self.data_dir.join("pg");
        if !is_root() || postgres_can_enter(&self.data_dir) {
            return local;
        }
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        std::hash::Hash::hash(&self.data_dir, &mut hasher);
        let tag = std::hash::Hasher::finish(&hasher);
        PathBuf::from(format!("/var/lib/postgresql/carebook-{tag:016x}"))
    }

    fn secret_path(&self) -> PathBuf {
        self.data_dir.join("pg.secret")
    }

    /// Connection URL for `database` on this cluster (needs `ensure_running` first for the secret).
    pub fn url(&self, database: &str) -> Result<String> {
        let password = std::fs::read_to_string(self.secret_path())
            .with_context(|| format!("reading {}", self.secret_path().display()))?;
        Ok(format!("postgres://{SUPERUSER}:{}@127.0.0.1:{}/{database}", password.trim(), self.port))
    }

    /// Initialise the cluster if needed and start it if it is not running, until it is really up: accepting
    /// connections, and (when this call started it) still running a moment later. A server that cannot
    /// start yet (a crashed one's backends still hold its shared memory, its port is still taken) is tried
    /// again with a growing pause, for up to `patience`. Idempotent and safe to call from several processes
    /// (a second starter sees the first one's server and returns).
    pub fn ensure_running(&self, patience: Duration) -> Result<()> {
        self.prepare()?;
        let deadline = Instant::now() + patience;
        let mut pause = Duration::from_millis(200);
        for attempt in 1.. {
            match self.start_once() {
                Ok(()) => {
                    if attempt > 1 {
                        tracing::info!(attempt, "embedded Postgres is up");
                    }
                    return Ok(());
                }
                Err(e) if Instant::now() + pause < deadline => {
                    tracing::warn!(attempt, "embedded Postgres is not up yet: {e:#}; trying again in {pause:?}");
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_secs(2));
                }
                Err(e) => return Err(e.context(format!("embedded Postgres did not come up within {patience:?}"))),
            }
        }
        unreachable!("the loop returns")
    }

    /// The binaries are there, the data dir exists, and the cluster is initialised.
    fn prepare(&self) -> Result<()> {
        let pg_ctl = self.bin_dir.join("pg_ctl");
        if !pg_ctl.exists() {
            bail!(
                "Postgres server binaries not found at {} (install the Debian package postgresql-15 or \
                 run `cargo make setup`; or set DATABASE_URL to use another server)",
                self.bin_dir.display()
            );
        }
        std::fs::create_dir_all(&self.data_dir).with_context(|| format!("creating {}", self.data_dir.display()))?;
        if !self.cluster_dir().join("PG_VERSION").exists() {
            self.initdb()?;
        }
        Ok(())
    }

    /// One attempt: start the server unless it runs, then check that it accepts connections (and, if this
    /// attempt started it, that it is still running 300 ms later: a postmaster that loses to a crashed
    /// one's leftovers can exit right after starting).
    fn start_once(&self) -> Result<()> {
        let log = self.cluster_dir().join("server.log");
        let mut started = false;
        if !self.is_running()? {
            tracing::info!(dir = %self.cluster_dir().display(), port = self.port, "starting embedded Postgres");
            // Durability is not left to postgresql.conf (older clusters of ours had synchronous_commit off):
            // the command line wins over the file and over ALTER SYSTEM.
            let out = self
                .pg_command("pg_ctl")
                .arg("-D")
                .arg(self.cluster_dir())
                .arg("-l")
                .arg(&log)
                .args(["-w", "-t", "30", "-o"])
                .arg(format!("-p {} -c fsync=on -c synchronous_commit=on -c full_page_writes=on", self.port))
                .arg("start")
                .output()
                .context("running pg_ctl start")?;
            // Another process may have won the race to start it: that is success too.
            if !out.status.success() && !self.is_running()? {
                bail!("pg_ctl start failed: {} (from {})", last_error(&log), log.display());
            }
            started = true;
        }
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], self.port));
        std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(1))
            .with_context(|| format!("the server does not accept connections on {addr}"))?;
        if started {
            std::thread::sleep(Duration::from_millis(300));
            if !self.is_running()? {
                bail!("the server exited right after starting: {} (from {})", last_error(&log), log.display());
            }
        }
        Ok(())
    }

    /// Whether the cluster's postmaster process is alive, from its `postmaster.pid` (cheap: no process
    /// is started, so the supervisor can ask often).
    pub fn postmaster_alive(&self) -> bool {
        let Ok(pid_file) = std::fs::read_to_string(self.cluster_dir().join("postmaster.pid")) else { return false };
        let Some(pid) = pid_file.lines().next().and_then(|l| l.trim().parse::<libc::pid_t>().ok()) else {
            return false;
        };
        // SAFETY: kill with signal 0 only checks that the process exists (EPERM: it does, as another user).
        pid > 0
            && (unsafe { libc::kill(pid, 0) } == 0
                || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM))
    }

    /// Watch the cluster for the life of the process and restart it after a crash: checked every 250 ms;
    /// when the postmaster is gone, `health` is marked down (requests get 503 at once) and the server is
    /// started again, retrying until it is up. The pool's watcher marks the database up once it answers.
    pub fn supervise(self, health: super::db::DbHealth) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(250)).await;
                if self.postmaster_alive() {
                    continue;
                }
                health.mark_down("the embedded Postgres server stopped");
                tracing::error!(dir = %self.cluster_dir().display(), "embedded Postgres stopped unexpectedly; restarting it");
                let began = Instant::now();
                loop {
                    let pg = self.clone();
                    match tokio::task::spawn_blocking(move || pg.ensure_running(Duration::from_secs(30))).await {
                        Ok(Ok(())) => {
                            tracing::info!(
                                elapsed_ms = began.elapsed().as_millis() as u64,
                                "embedded Postgres restarted"
                            );
                            break;
                        }
                        Ok(Err(e)) => tracing::error!("restarting embedded Postgres failed: {e:#}; trying again"),
                        Err(e) => tracing::error!("restarting embedded Postgres panicked: {e}; trying again"),
                    }
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        })
    }

    /// Stop the cluster if it runs (fast shutdown: active sessions are ended).
    pub fn stop(&self) -> Result<()> {
        if !self.cluster_dir().join("PG_VERSION").exists() || !self.is_running()? {
            return Ok(());
        }
        let out = self
            .pg_command("pg_ctl")
            .arg("-D")
            .arg(self.cluster_dir())
            .args(["-m", "fast", "-w", "stop"])
            .output()
            .context("running pg_ctl stop")?;
        check(out, "pg_ctl stop")
    }

    /// Whether a server is running on this cluster directory (`pg_ctl status`).
    pub fn is_running(&self) -> Result<bool> {
        let out = self
            .pg_command("pg_ctl")
            .arg("-D")
            .arg(self.cluster_dir())
            .arg("status")
            .output()
            .context("running pg_ctl status")?;
        Ok(out.status.success())
    }

    fn initdb(&self) -> Result<()> {
        let dir = self.cluster_dir();
        tracing::info!(dir = %dir.display(), "initialising embedded Postgres cluster");
        let password = random_password();
        std::fs::create_dir_all(&dir)?;
        let pwfile = dir.with_extension("init-pw");
        std::fs::write(&pwfile, &password)?;
        restrict(&pwfile)?;
        if let Some(owner) = server_owner()? {
            std::os::unix::fs::chown(&dir, Some(owner), None)?;
            std::os::unix::fs::chown(&pwfile, Some(owner), None)?;
        }
        std::fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o700))?;
        let out = self
            .pg_command("initdb")
            .arg("-D")
            .arg(&dir)
            .args(["-U", SUPERUSER, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"])
            .arg(format!("--pwfile={}", pwfile.display()))
            .output()
            .context("running initdb");
        let _ = std::fs::remove_file(&pwfile);
        check(out?, "initdb")?;
        // Loopback TCP only, no unix socket (its path length and permissions vary between machines).
        const CONF: &str =
            "\n# carebook embedded defaults\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n\
             max_connections = 300\nshared_buffers = 256MB\n\
             log_min_duration_statement = 500\ntimezone = 'UTC'\n";
        let conf_path = dir.join("postgresql.conf");
        let mut existing = std::fs::read_to_string(&conf_path)?;
        existing.push_str(CONF);
        std::fs::write(&conf_path, existing)?;
        std::fs::write(self.secret_path(), &password)?;
        restrict(&self.secret_path())
    }

    /// A command for a Postgres binary, run as the `postgres` user when we are root (Postgres refuses
    /// to run as root).
    fn pg_command(&self, program: &str) -> Command {
        let bin = self.bin_dir.join(program);
        if is_root() {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", "postgres", "--"]).arg(bin);
            cmd
        } else {
            Command::new(bin)
        }
    }
}

/// The server log's last FATAL, PANIC or ERROR line (why a start failed), or a pointer to the log.
fn last_error(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let line = text.lines().rev().find(|l| ["FATAL:", "PANIC:", "ERROR:"].iter().any(|k| l.contains(k)));
    line.map(|l| l.trim().to_string()).unwrap_or_else(|| "no error in the server log".into())
}

fn check(out: Output, what: &str) -> Result<()> {
    if out.status.success() {
        Ok(())
    } else {
        bail!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&out.stderr).trim(),
            String::from_utf8_lossy(&out.stdout).trim()
        )
    }
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// The uid that must own the cluster: `postgres` when we run as root, else ourselves (None = no chown).
fn server_owner() -> Result<Option<u32>> {
    if !is_root() {
        return Ok(None);
    }
    let out = Command::new("id").args(["-u", "postgres"]).output().context("looking up the postgres user")?;
    if !out.status.success() {
        bail!("running as root needs the `postgres` system user (created by the Debian postgresql package)");
    }
    Ok(Some(String::from_utf8_lossy(&out.stdout).trim().parse()?))
}

/// Whether the `postgres` user can traverse into `dir` (all its ancestors need the x bit for others).
fn postgres_can_enter(dir: &Path) -> bool {
    Command::new("runuser")
        .args(["-u", "postgres", "--", "test", "-x"])
        .arg(dir)
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

fn restrict(path: &Path) -> Result<()> {
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    Ok(())
}

fn random_password() -> String {
    use rand::{distributions::Alphanumeric, Rng};
    rand::rngs::OsRng.sample_iter(&Alphanumeric).take(32).map(char::from).collect()
}
