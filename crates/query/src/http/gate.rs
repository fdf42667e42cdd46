//! Admission control for searches.
//!
//! A search is CPU work on a blocking thread, so running more of them at once
//! than there are cores only makes every one of them slower. The gate lets
//! `workers` searches run, makes up to `queue` more wait (each for at most
//! `max_wait`), and turns away the rest at once with a 503 — a client told
//! to retry is better off than one stuck behind an unbounded queue.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use super::error::ApiError;

/// How much search work the server takes on.
#[derive(Debug, Clone, Copy)]
pub struct GateConfig {
    /// Searches running at once (default: the number of cores).
    pub workers: usize,
    /// Searches waiting for a worker, beyond which requests get a 503.
    pub queue: usize,
    /// Longest a search waits for a worker before it gets a 503.
    pub max_wait: Duration,
}

impl Default for GateConfig {
    fn default() -> Self {
        GateConfig {
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            queue: 512,
            max_wait: Duration::from_secs(5),
        }
    }
}

/// Shared by all requests of a server.
#[derive(Debug)]
pub struct Gate {
    running: Arc<Semaphore>,
    /// Requests admitted and not finished: waiting plus running.
    admitted: AtomicUsize,
    config: GateConfig,
}

/// Releases an admission slot when the request is done (or abandoned).
struct Admission<'a>(&'a AtomicUsize);

impl Drop for Admission<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Gate {
    pub fn new(config: GateConfig) -> Self {
        Gate {
            running: Arc::new(Semaphore::new(config.workers.max(1))),
            admitted: AtomicUsize::new(0),
            config,
        }
    }

    /// Run `work` on a blocking thread once a worker is free.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let capacity = self.config.workers.max(1) + self.config.queue;
        if self.admitted.fetch_add(1, Ordering::AcqRel) >= capacity {
            self.admitted.fetch_sub(1, Ordering::AcqRel);
            return Err(ApiError::overloaded());
        }
        let _admission = Admission(&self.admitted);
        let permit =
            tokio::time::timeout(self.config.max_wait, self.running.clone().acquire_owned())
                .await
                .map_err(|_| ApiError::overloaded())?
                .map_err(|_| ApiError::internal("the server is shutting down"))?;
        // The permit moves into the task: if the client goes away, the
        // search still holds its worker until it really ends.
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(|e| {
            tracing::error!("search task failed: {e}");
            ApiError::internal("the search failed unexpectedly")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_queue_turns_requests_away_and_frees_up_again() {
        let gate = Arc::new(Gate::new(GateConfig {
            workers: 1,
            queue: 1,
            max_wait: Duration::from_secs(10),
        }));
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let hold = Arc::new(std::sync::Mutex::new(hold));
        let busy = |gate: Arc<Gate>, hold: Arc<std::sync::Mutex<std::sync::mpsc::Receiver<()>>>| {
            tokio::spawn(async move {
                gate.run(move || {
                    let _ = hold.lock().unwrap().recv();
                })
                .await
            })
        };
        let first = busy(gate.clone(), hold.clone());
        let second = busy(gate.clone(), hold.clone());
        // Wait until both are admitted (one running, one queued).
        while gate.admitted.load(Ordering::Acquire) < 2 {
            tokio::task::yield_now().await;
        }
        let third = gate.run(|| ()).await.unwrap_err();
        assert_eq!(third.code, "overloaded");
        release.send(()).unwrap();
        release.send(()).unwrap();
        first.await.unwrap().unwrap();
        second.await.unwrap().unwrap();
        assert_eq!(gate.run(|| 7).await.unwrap(), 7);
    }

    #[tokio::test]
    async fn a_search_waiting_too_long_gets_a_503() {
        let gate = Arc::new(Gate::new(GateConfig {
            workers: 1,
            queue: 8,
            max_wait: Duration::from_millis(50),
        }));
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let g = gate.clone();
        let running = tokio::spawn(async move { g.run(move || hold.recv().ok()).await });
        while gate.running.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        let late = gate.run(|| ()).await.unwrap_err();
        assert_eq!(late.code, "overloaded");
        release.send(()).unwrap();
        assert!(running.await.unwrap().is_ok());
    }
}
