//! argon2id hashing. Always called inside `web::block`: one hash costs tens
//! of milliseconds of CPU and must not stall an actix worker. Sign-in
//! checks go through a [`HashGate`], which bounds how many run at once.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, mpsc};
use std::time::Duration;

use tokio::sync::{Semaphore, oneshot};

use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};

/// OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash(password: &str) -> anyhow::Result<String> {
    let hash = hasher()
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))?;
    Ok(hash.to_string())
}

/// A hash of nothing in particular, checked when the email is unknown so the
/// answer takes as long as for a real account.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash("attain-dummy-password").expect("hashing the dummy password"));

/// Checks `password` against `stored`, or against the dummy hash when there
/// is no account; `None` never verifies.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    let target = stored.unwrap_or(DUMMY_HASH.as_str());
    let ok = hasher()
        .verify_password(password.as_bytes(), target)
        .is_ok();
    ok && stored.is_some()
}

/// Warms the dummy hash at start-up so the first unknown-email sign-in is
/// not faster than the rest.
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
}

/// Bounds concurrent password checks: each holds 19 MiB while it runs, so
/// hundreds of parallel sign-ins would otherwise take gigabytes. One permit
/// per core; a few callers may wait briefly in line, the rest are shed.
///
/// The checks run on the gate's own threads, one per permit, not on the
/// blocking pool: the allocator keeps a freed 19 MiB block in the arena of
/// the thread that used it, so hashes spread over hundreds of pool threads
/// would still leave hundreds of MiB resident after the burst.
pub struct HashGate {
    permits: Semaphore,
    waiting: AtomicUsize,
    max_waiting: usize,
    max_wait: Duration,
    jobs: mpsc::Sender<Job>,
}

type Job = Box<dyn FnOnce() + Send>;

/// The gate is full: try again shortly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

/// Seconds a shed caller is asked to wait (`Retry-After`).
pub const RETRY_AFTER_SECS: u64 = 1;

impl HashGate {
    pub fn new(permits: usize, max_waiting: usize, max_wait: Duration) -> Self {
        let permits = permits.max(1);
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for i in 0..permits {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || {
                    loop {
                        // The guard is dropped before the job runs.
                        let job = queue
                            .lock()
                            .map_err(|_| ())
                            .and_then(|q| q.recv().map_err(|_| ()));
                        match job {
                            Ok(job) => job(),
                            // The gate is gone (the server stopped).
                            Err(()) => break,
                        }
                    }
                })
                .expect("starting a hashing thread");
        }
        HashGate {
            permits: Semaphore::new(permits),
            waiting: AtomicUsize::new(0),
            max_waiting,
            max_wait,
            jobs,
        }
    }

    /// One permit per core, up to four callers per core waiting at most a second.
    pub fn for_cores() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self::new(cores, 4 * cores, Duration::from_secs(1))
    }

    /// [`verify`] on a hashing thread once a permit is free; `Busy` when the
    /// line is too long or the wait too long.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, Busy> {
        let permit = match self.permits.try_acquire() {
            Ok(permit) => permit,
            Err(_) => {
                if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.max_waiting {
                    self.waiting.fetch_sub(1, Ordering::AcqRel);
                    return Err(Busy);
                }
                let permit = tokio::time::timeout(self.max_wait, self.permits.acquire()).await;
                self.waiting.fetch_sub(1, Ordering::AcqRel);
                match permit {
                    Ok(Ok(permit)) => permit,
                    _ => return Err(Busy),
                }
            }
        };
        let (answer, verified) = oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = answer.send(verify(&password, stored.as_deref()));
        });
        if self.jobs.send(job).is_err() {
            return Err(Busy);
        }
        // A lost answer (a panicked hash) is a refusal, never a sign-in.
        let verified = verified.await.unwrap_or(false);
        drop(permit);
        Ok(verified)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_own_password_only() {
        let stored = hash("correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse battery", Some(&stored)));
        assert!(!verify("wrong", Some(&stored)));
    }

    #[test]
    fn an_unknown_account_never_verifies() {
        assert!(!verify("attain-dummy-password", None));
    }

    #[actix_web::test]
    async fn the_gate_sheds_callers_beyond_its_line() {
        let gate = std::sync::Arc::new(HashGate::new(1, 1, Duration::from_secs(5)));
        let stored = hash("pw").unwrap();
        let calls: Vec<_> = (0..4)
            .map(|_| {
                let gate = gate.clone();
                let stored = stored.clone();
                actix_web::rt::spawn(async move { gate.verify("pw".into(), Some(stored)).await })
            })
            .collect();
        let mut answers = Vec::new();
        for call in calls {
            answers.push(call.await.unwrap());
        }
        assert!(answers.contains(&Ok(true)));
        assert!(answers.contains(&Err(Busy)), "{answers:?}");
    }
}
