//! The private PostgreSQL cluster Attain runs when no `DATABASE_URL` is set:
//! created under the data directory on first start, listening only on a Unix
//! socket inside it, started when needed and stopped by whoever started it.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

const SUPERUSER: &str = "attain";
pub const DATABASE: &str = "attain";
/// PostgreSQL's limit on a Unix socket path (sun_path), less the NUL.
const MAX_SOCKET_PATH: usize = 107;

#[derive(Debug)]
pub struct PrivateCluster {
    bindir: PathBuf,
    pgdata: PathBuf,
    /// When Attain runs as root, PostgreSQL runs as this (non-root) user.
    run_as: Option<String>,
    started_here: bool,
}

impl PrivateCluster {
    /// Finds the PostgreSQL binaries, creates the cluster if it does not exist
    /// and starts it unless it is already running.
    pub fn ensure_running(data_dir: &Path) -> anyhow::Result<Self> {
        let bindir = find_bindir()?;
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("creating data directory {}", data_dir.display()))?;
        let data_dir = data_dir
            .canonicalize()
            .with_context(|| format!("resolving {}", data_dir.display()))?;
        let run_as = if nix::unistd::geteuid().is_root() {
            Some(non_root_owner()?)
        } else {
            None
        };
        let pgdata = match &run_as {
            Some(user) if !reachable_by(user, &data_dir) => fallback_pgdata(&data_dir),
            _ => data_dir.join("pg"),
        };
        let socket = pgdata.join(".s.PGSQL.5432");
        if socket.as_os_str().len() > MAX_SOCKET_PATH {
            bail!(
                "the data directory path is too long for a PostgreSQL socket ({}); \
                 choose a shorter --data-dir or set DATABASE_URL",
                socket.display()
            );
        }
        let mut cluster = PrivateCluster {
            bindir,
            pgdata,
            run_as,
            started_here: false,
        };
        if !cluster.pgdata.join("PG_VERSION").exists() {
            cluster.init()?;
        }
        if !cluster.is_running()? {
            cluster.start()?;
        }
        cluster.create_database()?;
        Ok(cluster)
    }

    /// A libpq URL reaching the cluster through its socket directory.
    pub fn database_url(&self, database: &str) -> String {
        format!(
            "postgres://{SUPERUSER}@/{database}?host={}",
            percent_encode_path(&self.pgdata)
        )
    }

    pub fn started_here(&self) -> bool {
        self.started_here
    }

    /// Stops the cluster if this process started it.
    pub fn stop_if_started_here(&self) -> anyhow::Result<()> {
        if !self.started_here {
            return Ok(());
        }
        let status = self
            .command("pg_ctl")
            .args(["stop", "-m", "fast", "-w", "-D"])
            .arg(&self.pgdata)
            .status()
            .context("running pg_ctl stop")?;
        if !status.success() {
            bail!("pg_ctl stop failed ({status})");
        }
        Ok(())
    }

    fn init(&self) -> anyhow::Result<()> {
        std::fs::create_dir_all(&self.pgdata)
            .with_context(|| format!("creating {}", self.pgdata.display()))?;
        self.hand_to_owner(&self.pgdata)?;
        let output = self
            .command("initdb")
            .args([
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--username",
            ])
            .arg(SUPERUSER)
            .arg("-D")
            .arg(&self.pgdata)
            .output()
            .context("running initdb")?;
        if !output.status.success() {
            bail!(
                "initdb failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        // No TCP port at all: only the socket inside the data directory, which
        // is private to the cluster's owner.
        let conf = format!(
            "\n# Added by Attain\nlisten_addresses = ''\nunix_socket_directories = '{}'\n\
             unix_socket_permissions = 0700\nmax_connections = 200\n",
            self.pgdata.display()
        );
        let conf_path = self.pgdata.join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf_path)?;
        text.push_str(&conf);
        std::fs::write(&conf_path, text)?;
        self.hand_to_owner(&conf_path)?;
        Ok(())
    }

    fn is_running(&self) -> anyhow::Result<bool> {
        let status = self
            .command("pg_ctl")
            .arg("status")
            .arg("-D")
            .arg(&self.pgdata)
            .output()
            .context("running pg_ctl status")?
            .status;
        Ok(status.success())
    }

    fn start(&mut self) -> anyhow::Result<()> {
        let log = self.pgdata.join("server.log");
        let output = self
            .command("pg_ctl")
            .args(["start", "-w", "-t", "60", "-D"])
            .arg(&self.pgdata)
            .arg("-l")
            .arg(&log)
            .output()
            .context("running pg_ctl start")?;
        if !output.status.success() {
            // Another Attain process may have started it at the same moment.
            if self.is_running()? {
                return Ok(());
            }
            let tail = std::fs::read_to_string(&log).unwrap_or_default();
            let tail: Vec<&str> = tail.lines().rev().take(5).collect();
            bail!(
                "could not start PostgreSQL in {}: {}\n{}",
                self.pgdata.display(),
                String::from_utf8_lossy(&output.stderr).trim(),
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            );
        }
        self.started_here = true;
        Ok(())
    }

    fn create_database(&self) -> anyhow::Result<()> {
        use diesel::{Connection, PgConnection, RunQueryDsl, sql_query};
        let mut conn = PgConnection::establish(&self.database_url("postgres"))
            .context("connecting to the private PostgreSQL")?;
        let exists: bool = diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(&format!(
            "EXISTS (SELECT 1 FROM pg_database WHERE datname = '{DATABASE}')"
        )))
        .get_result(&mut conn)?;
        if !exists {
            match sql_query(format!("CREATE DATABASE {DATABASE}")).execute(&mut conn) {
                Ok(_) => {}
                // Created by a concurrent start.
                Err(diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::Unknown,
                    info,
                )) if info.message().contains("already exists") => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bindir.join(program);
        match &self.run_as {
            Some(user) => {
                let mut cmd = Command::new("runuser");
                cmd.arg("-u").arg(user).arg("--").arg(path);
                // The cluster's user may not be able to read the caller's cwd.
                cmd.current_dir("/");
                cmd
            }
            None => Command::new(path),
        }
    }

    fn hand_to_owner(&self, path: &Path) -> anyhow::Result<()> {
        if let Some(user) = &self.run_as {
            let owner = nix::unistd::User::from_name(user)?
                .with_context(|| format!("no OS user {user}"))?;
            std::os::unix::fs::chown(path, Some(owner.uid.as_raw()), Some(owner.gid.as_raw()))
                .with_context(|| format!("handing {} to {user}", path.display()))?;
        }
        Ok(())
    }
}

/// Can `user` reach (traverse into) `dir`? A data directory under /root is
/// not reachable by the `postgres` user.
fn reachable_by(user: &str, dir: &Path) -> bool {
    Command::new("runuser")
        .args(["-u", user, "--", "test", "-x"])
        .arg(dir)
        .current_dir("/")
        .status()
        .is_ok_and(|s| s.success())
}

/// Where the cluster goes when the cluster's user cannot reach the data
/// directory: a fixed place per data directory, so the next start finds it.
fn fallback_pgdata(data_dir: &Path) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    data_dir.hash(&mut hasher);
    std::env::temp_dir()
        .join(format!("attain-pg-{:016x}", hasher.finish()))
        .join("pg")
}

/// initdb and postgres refuse to run as root; use the `postgres` OS user.
fn non_root_owner() -> anyhow::Result<String> {
    for name in ["postgres", "nobody"] {
        if nix::unistd::User::from_name(name)?.is_some() {
            return Ok(name.to_string());
        }
    }
    bail!(
        "Attain runs as root and PostgreSQL refuses to: create a `postgres` OS user, \
         run Attain as another user, or set DATABASE_URL"
    )
}

/// Looks for a directory holding initdb, pg_ctl and postgres together:
/// PATH, then `pg_config --bindir`, then /usr/lib/postgresql/*/bin (newest first).
pub fn find_bindir() -> anyhow::Result<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            if let Ok(real) = dir.join("initdb").canonicalize()
                && let Some(parent) = real.parent()
            {
                candidates.push(parent.to_path_buf());
            }
        }
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        candidates.push(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
    }
    if let Ok(entries) = std::fs::read_dir("/usr/lib/postgresql") {
        let mut versions: Vec<(u32, PathBuf)> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let version = e.file_name().to_string_lossy().parse::<u32>().ok()?;
                Some((version, e.path().join("bin")))
            })
            .collect();
        versions.sort_by_key(|v| std::cmp::Reverse(v.0));
        candidates.extend(versions.into_iter().map(|(_, p)| p));
    }
    candidates
        .into_iter()
        .find(|dir| {
            ["initdb", "pg_ctl", "postgres"]
                .iter()
                .all(|b| dir.join(b).is_file())
        })
        .context(
            "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on PATH, \
             via pg_config or under /usr/lib/postgresql. Install them (Debian/Ubuntu: \
             `apt-get install postgresql`) or set DATABASE_URL to an existing server.",
        )
}

fn percent_encode_path(path: &Path) -> String {
    let mut out = String::new();
    for byte in path.as_os_str().as_encoded_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(*byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn socket_directory_is_percent_encoded_in_the_url() {
        assert_eq!(percent_encode_path(Path::new("/a b/pg")), "%2Fa%20b%2Fpg");
    }
}
