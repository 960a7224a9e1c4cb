//! The in-server schedule: every `every`, run each registered job on a
//! pooled connection off the async workers. Started with the server, stopped
//! after it: a run in progress finishes first.

use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::{JOBS, JobContext, Source};
use crate::db::DbPool;
use crate::notify::mail::Mailer;

pub struct Schedule {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Schedule {
    /// Starts the loop on the current runtime; the first round runs at once.
    pub fn start(pool: DbPool, every: Duration, mailer: Option<Mailer>) -> Schedule {
        let (stop, mut stopped) = watch::channel(false);
        let task = actix_web::rt::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = stopped.changed() => break,
                    _ = ticks.tick() => run_all(&pool, &mailer).await,
                }
            }
        });
        Schedule { stop, task }
    }

    /// Stops the loop, waiting for a round in progress.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

async fn run_all(pool: &DbPool, mailer: &Option<Mailer>) {
    for job in JOBS {
        let pool = pool.clone();
        let ctx = JobContext::at(chrono::Utc::now(), mailer.clone());
        let result = actix_web::web::block(move || {
            let mut conn = pool.get()?;
            super::run(&mut conn, job, &ctx, Source::Schedule)
        })
        .await;
        match result {
            Ok(Ok(run)) => tracing::info!(
                job = job.name,
                message = run.message.as_deref().unwrap_or(""),
                "job ran"
            ),
            Ok(Err(error)) => tracing::warn!(job = job.name, "job failed: {error:#}"),
            Err(error) => tracing::warn!(job = job.name, "job could not run: {error}"),
        }
    }
}
