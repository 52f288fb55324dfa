//! The embedded default database: a project-local Postgres 15 cluster under the data dir, used when no
//! DATABASE_URL is configured. Created with initdb on first use, loopback-only, password-protected.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

    /// Initialise the cluster if needed and start it if it is not running. Idempotent and safe to call
    /// from several processes (a second starter sees the first one's server and returns).
    pub fn ensure_running(&self) -> Result<()> {
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
        if self.is_running()? {
            return Ok(());
        }
        tracing::info!(dir = %self.cluster_dir().display(), port = self.port, "starting embedded Postgres");
        let log = self.cluster_dir().join("server.log");
        let out = self
            .pg_command("pg_ctl")
            .arg("-D")
            .arg(self.cluster_dir())
            .arg("-l")
            .arg(&log)
            .args(["-w", "-t", "60", "-o"])
            .arg(format!("-p {}", self.port))
            .arg("start")
            .output()
            .context("running pg_ctl start")?;
        // Another process may have won the race to start it: that is success too.
        if !out.status.success() && !self.is_running()? {
            bail!("pg_ctl start failed: {}\n(see {})", String::from_utf8_lossy(&out.stderr).trim(), log.display());
        }
        Ok(())
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
             max_connections = 300\nshared_buffers = 256MB\nsynchronous_commit = off\n\
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
