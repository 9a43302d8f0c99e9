//! Pacing for a run of many portal requests (`populate` asks ListAccountRoles
//! once per account). IAM Identity Center throttles a user's portal calls at a
//! rate of its own (reports range from about 20 a second down to throttling
//! from ~50 accounts on), so with hundreds of accounts the time is set by that
//! rate, not by how many requests are in flight: a client that keeps sending
//! faster only collects `429 TooManyRequestsException` and spends its time in
//! backoff. The pacer learns the rate instead.
//!
//! Why a learned send rate rather than AIMD on concurrency alone: one request
//! in flight at 20 ms a round trip already sends 50 a second, more than the
//! limit, so no concurrency can stay below it. The pacer therefore keeps both:
//! - a window of requests in flight: 4 at first, +1 per window of successes up
//!   to [`MAX_IN_FLIGHT`], halved on throttling (AIMD, as TCP does);
//! - a send rate, unlimited until the first throttling answer. Throttling
//!   means the service's bucket was empty; between two such moments the
//!   service let through at most its rate, so successes between an earlier
//!   throttling (up to [`ESTIMATE_SPAN`] ago) and now, divided by the time
//!   between, is a lower bound of the rate: the rate itself when ssoenv kept
//!   the bucket empty, less when it sent less or waited out a Retry-After.
//!   The highest of these is taken. On the first throttling there is no such
//!   span yet, and the rate is half what was being sent, as it is when too
//!   few requests got through since to measure anything (down to 2 a
//!   second). Between throttlings the rate grows: by e (doubling and more) a
//!   second while it is below 90% of the best rate measured in the last
//!   [`ESTIMATE_SPAN`] (or none was: throttling that refuses everything for a
//!   while, such as another tool using up the quota, teaches nothing about the
//!   rate, and must not leave the run crawling), else by 1% a second, faster
//!   the longer no request was throttled (as CUBIC probes), so a limit that
//!   was raised is found again.
//! - one decrease per congestion: answers to requests sent before the last
//!   decrease were sent at the old pace and teach nothing new.
//! - `Retry-After` is honoured for every request: nothing is sent before it.
//!   A bucket refills meanwhile, so the pause costs little; spans measured
//!   across it would measure the pause, so measuring starts anew after it.
//!
//! Sending at the learned rate keeps the service's bucket near empty, so the
//! run takes about requests ÷ rate and a few percent of the requests are
//! throttled (each is sent again). The decisions live in [`Learner`], on a
//! clock the caller passes in, so tests can run it against a simulated bucket.

use super::http::Paced;
use crate::error::Result;
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The most requests in flight at once.
pub const MAX_IN_FLIGHT: usize = 8;
/// Requests in flight at the start.
const FIRST_WINDOW: f64 = 4.0;
/// The slowest pace: one request every two seconds.
const MIN_RATE: f64 = 0.5;
/// How far back the rate is measured from (throttling moments older than this
/// are forgotten, so a limit that changes is followed).
pub const ESTIMATE_SPAN: Duration = Duration::from_secs(30);
/// The shortest span a rate is measured over; shorter ones are mostly burst.
const MIN_ESTIMATE_SPAN: Duration = Duration::from_millis(500);
/// The lowest rate halving reaches without a measured rate: refusals alone
/// (of requests that were sent ever slower) say little about the rate.
const MIN_GUESSED_RATE: f64 = 2.0;
/// Growth of the rate a second near the measured rate, times (1 + seconds
/// since the last throttling).
const GROWTH: f64 = 0.01;
/// Growth of the rate a second below 90% of the measured rate (or with none).
const FAST_GROWTH: f64 = 1.0;
/// Successes a measured rate needs to count.
const MIN_ESTIMATE_SUCCESSES: u64 = 5;
/// The longest `Retry-After` honoured (a larger one is taken as this).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);
/// How long requests may keep being throttled without a single success
/// before the run gives up with the throttling error.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// The pacing decisions for one run.
#[derive(Debug)]
pub struct Learner {
    started: Instant,
    /// Requests allowed in flight (its whole part).
    window: f64,
    /// Requests a second, once throttling has been seen.
    rate: Option<f64>,
    /// When the next request may be sent.
    next_at: Instant,
    in_flight: usize,
    /// When requests were (or will be) sent, the last second's.
    sent: VecDeque<Instant>,
    successes: u64,
    throttled: u64,
    last_decrease: Option<Instant>,
    last_success: Instant,
    /// (when, successes by then) at each decrease, the last [`ESTIMATE_SPAN`]'s.
    marks: VecDeque<(Instant, u64)>,
    /// (when, rate) of each rate measured, the last [`ESTIMATE_SPAN`]'s.
    measured: VecDeque<(Instant, f64)>,
}

impl Learner {
    pub fn new(now: Instant) -> Learner {
        Learner {
            started: now,
            window: FIRST_WINDOW,
            rate: None,
            next_at: now,
            in_flight: 0,
            sent: VecDeque::new(),
            successes: 0,
            throttled: 0,
            last_decrease: None,
            last_success: now,
            marks: VecDeque::new(),
            measured: VecDeque::new(),
        }
    }

    /// Takes a place for a request: when to send it, or `None` while the
    /// window is full (wait for an answer).
    pub fn reserve(&mut self, now: Instant) -> Option<Instant> {
        if self.in_flight >= self.window as usize {
            return None;
        }
        let at = self.next_at.max(now);
        self.next_at = match self.rate {
            Some(rate) => at + Duration::from_secs_f64(1.0 / rate),
            None => at,
        };
        self.in_flight += 1;
        self.sent.push_back(at);
        while self
            .sent
            .front()
            .is_some_and(|t| at.saturating_duration_since(*t) > Duration::from_secs(1))
        {
            self.sent.pop_front();
        }
        Some(at)
    }

    /// A request sent at `sent` was answered.
    pub fn succeeded(&mut self, now: Instant) {
        self.in_flight = self.in_flight.saturating_sub(1);
        self.successes += 1;
        self.window = (self.window + 1.0 / self.window).min(MAX_IN_FLIGHT as f64);
        if let Some(rate) = self.rate {
            let dt = now
                .saturating_duration_since(self.last_success)
                .as_secs_f64();
            let quiet = self
                .last_decrease
                .map_or(0.0, |d| now.saturating_duration_since(d).as_secs_f64());
            let best = self.measured.iter().map(|(_, r)| *r).fold(0.0, f64::max);
            let growth = if rate < 0.9 * best {
                FAST_GROWTH
            } else if best > 0.0 {
                GROWTH * (1.0 + quiet)
            } else {
                FAST_GROWTH.max(GROWTH * (1.0 + quiet))
            };
            self.rate = Some(rate + rate * growth * dt);
        }
        self.last_success = now;
    }

    /// A request sent at `sent` was throttled; the service may have said how
    /// long to wait.
    pub fn throttled(&mut self, sent: Instant, now: Instant, retry_after: Option<Duration>) {
        self.in_flight = self.in_flight.saturating_sub(1);
        self.throttled += 1;
        if self.last_decrease.is_some_and(|d| sent <= d) {
            if let Some(wait) = retry_after {
                self.next_at = self.next_at.max(now + wait.min(MAX_RETRY_AFTER));
            }
            return;
        }
        self.last_decrease = Some(now);
        let old = |t: &Instant| now.saturating_duration_since(*t) > ESTIMATE_SPAN;
        while self.marks.len() > 1 && self.marks.front().is_some_and(|(t, _)| old(t)) {
            self.marks.pop_front();
        }
        while self.measured.front().is_some_and(|(t, _)| old(t)) {
            self.measured.pop_front();
        }
        // Each span from an earlier throttling to this one gives a lower bound
        // of the rate (lower when ssoenv sent less, or waited out a
        // Retry-After): the highest is the best.
        let successes = self.successes;
        let measured = self
            .marks
            .iter()
            .filter_map(|(t, s)| {
                let span = now.saturating_duration_since(*t);
                (span >= MIN_ESTIMATE_SPAN && successes - s >= MIN_ESTIMATE_SUCCESSES)
                    .then(|| (successes - s) as f64 / span.as_secs_f64())
            })
            .reduce(f64::max);
        let rate = match measured {
            Some(rate) => {
                self.measured.push_back((now, rate));
                rate
            }
            None => {
                let span = now
                    .saturating_duration_since(self.started)
                    .clamp(Duration::from_millis(10), Duration::from_secs(1));
                let recent = self.sent.iter().filter(|t| **t <= now).count();
                let sending = recent as f64 / span.as_secs_f64();
                // Once a rate was measured, not knowing more is no reason to halve it.
                let cut = if self.measured.is_empty() { 0.5 } else { 0.9 };
                (self.rate.unwrap_or(f64::INFINITY).min(sending) * cut).max(MIN_GUESSED_RATE)
            }
        };
        self.rate = Some(rate.max(MIN_RATE));
        self.window = (self.window / 2.0).max(1.0);
        match retry_after {
            // A span with a pause in it measures the pause: start anew.
            Some(wait) => {
                self.next_at = self.next_at.max(now + wait.min(MAX_RETRY_AFTER));
                self.marks.clear();
            }
            None => self.marks.push_back((now, self.successes)),
        }
    }

    /// A request ended otherwise (an error that is not throttling).
    pub fn failed(&mut self) {
        self.in_flight = self.in_flight.saturating_sub(1);
    }

    /// Requests a second it paces at, once throttled.
    pub fn rate(&self) -> Option<f64> {
        self.rate
    }

    /// Throttling answers so far.
    pub fn throttled_count(&self) -> u64 {
        self.throttled
    }

    /// When a request last succeeded (or the run started).
    fn last_success(&self) -> Instant {
        self.last_success
    }
}

/// A [`Learner`] shared by the threads sending requests.
pub struct Pacer {
    learner: Mutex<Learner>,
    room: Condvar,
    /// Throttling without a success for this long ends the run.
    patience: Duration,
}

impl Default for Pacer {
    fn default() -> Self {
        Pacer::new()
    }
}

impl Pacer {
    pub fn new() -> Pacer {
        Pacer::with_patience(PATIENCE)
    }

    /// A pacer that gives up after `patience` of throttling without a
    /// success (at most [`PATIENCE`]): commands pass `SSOENV_READ_TIMEOUT`,
    /// so a call, retries included, stays within the limit the user set.
    pub fn with_patience(patience: Duration) -> Pacer {
        Pacer {
            learner: Mutex::new(Learner::new(Instant::now())),
            room: Condvar::new(),
            patience: patience.min(PATIENCE),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Learner> {
        self.learner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sends `call` at the pace, again after each throttling answer, until it
    /// is answered. After [`PATIENCE`] of throttling without a success it
    /// gives up with the throttling error; other errors end it at once.
    pub fn send<T>(&self, mut call: impl FnMut() -> Result<Paced<T>>) -> Result<T> {
        loop {
            let sent = self.wait_turn();
            let outcome = call();
            let now = Instant::now();
            let mut learner = self.lock();
            let result = match outcome {
                Ok(Paced::Answer(v)) => {
                    learner.succeeded(now);
                    Some(Ok(v))
                }
                Ok(Paced::Throttled(e, retry_after)) => {
                    learner.throttled(sent, now, retry_after);
                    (now.saturating_duration_since(learner.last_success()) >= self.patience)
                        .then_some(Err(e))
                }
                Err(e) => {
                    learner.failed();
                    Some(Err(e))
                }
            };
            drop(learner);
            self.room.notify_all();
            if let Some(result) = result {
                return result;
            }
        }
    }

    /// Waits for a place and for the time to send; returns that time.
    fn wait_turn(&self) -> Instant {
        let mut learner = self.lock();
        loop {
            if let Some(at) = learner.reserve(Instant::now()) {
                drop(learner);
                std::thread::sleep(at.saturating_duration_since(Instant::now()));
                return at;
            }
            learner = self.room.wait(learner).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// (throttling answers so far, the rate paced at once throttled).
    pub fn stats(&self) -> (u64, Option<f64>) {
        let learner = self.lock();
        (learner.throttled_count(), learner.rate())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BinaryHeap;

    /// A service's token bucket on the simulated clock.
    struct Bucket {
        rate: f64,
        size: f64,
        tokens: f64,
        at: Instant,
    }

    impl Bucket {
        fn take(&mut self, now: Instant) -> bool {
            let dt = now.saturating_duration_since(self.at).as_secs_f64();
            self.tokens = (self.tokens + dt * self.rate).min(self.size);
            self.at = self.at.max(now);
            if self.tokens >= 1.0 {
                self.tokens -= 1.0;
                true
            } else {
                false
            }
        }
    }

    struct Run {
        /// Simulated seconds until every request was answered.
        seconds: f64,
        throttled: u64,
        sent: u64,
        rate: Option<f64>,
        most_in_flight: usize,
    }

    /// `requests` requests through a learner against a bucket of `rate` a
    /// second and `burst`, each answered `latency` after it is sent (the
    /// bucket is asked halfway), on a simulated clock.
    fn simulate(requests: u64, rate: f64, burst: f64, latency: Duration) -> Run {
        let t0 = Instant::now();
        let mut bucket = Bucket {
            rate,
            size: burst,
            tokens: burst,
            at: t0,
        };
        simulate_with(t0, requests, latency, |at| bucket.take(at))
    }

    /// `requests` requests through a learner against a service that lets a
    /// request through when `passes(when it arrives)`.
    fn simulate_with(
        t0: Instant,
        requests: u64,
        latency: Duration,
        mut passes: impl FnMut(Instant) -> bool,
    ) -> Run {
        let mut learner = Learner::new(t0);
        // Answers due: (Reverse(when), sent, passed); the clock jumps from one to the next.
        let mut due: BinaryHeap<(std::cmp::Reverse<Instant>, Instant, bool)> = BinaryHeap::new();
        let (mut now, mut waiting, mut done, mut sent) = (t0, requests, 0, 0);
        let mut most_in_flight = 0;
        while done < requests {
            while waiting > 0 {
                let Some(at) = learner.reserve(now) else {
                    break;
                };
                waiting -= 1;
                sent += 1;
                let passed = passes(at + latency / 2);
                due.push((std::cmp::Reverse(at + latency), at, passed));
                most_in_flight = most_in_flight.max(due.len());
            }
            let (std::cmp::Reverse(when), at, passed) = due.pop().expect("a request in flight");
            now = when;
            if passed {
                learner.succeeded(now);
                done += 1;
            } else {
                learner.throttled(at, now, None);
                waiting += 1;
            }
        }
        Run {
            seconds: now.duration_since(t0).as_secs_f64(),
            throttled: learner.throttled_count(),
            sent,
            rate: learner.rate(),
            most_in_flight,
        }
    }

    #[test]
    fn it_learns_a_service_rate_and_keeps_throttling_rare() {
        // 1,000 accounts and 10 ListAccounts pages at 20 a second: requests ÷
        // rate is 50.5 s. Latency and burst vary how the limit shows itself.
        for (burst, latency_ms) in [(20.0, 20), (20.0, 100), (40.0, 3), (20.0, 3)] {
            let run = simulate(1010, 20.0, burst, Duration::from_millis(latency_ms));
            let what = format!("burst {burst}, {latency_ms} ms");
            let rate = run.rate.expect("throttled at least once");
            assert!((16.0..=30.0).contains(&rate), "{what}: rate {rate}");
            assert!(
                (run.throttled as f64) < 0.05 * run.sent as f64,
                "{what}: {} of {} throttled",
                run.throttled,
                run.sent
            );
            assert!(run.seconds <= 1.2 * 50.5, "{what}: {} s", run.seconds);
            assert!(run.most_in_flight <= MAX_IN_FLIGHT);
        }
    }

    #[test]
    fn a_spell_of_refusals_that_says_nothing_of_the_rate_does_not_leave_it_crawling() {
        // After 3 requests, the next 25 are refused whatever the pace (as
        // when another tool used up the quota), then all pass again.
        let mut n = 0;
        let run = simulate_with(Instant::now(), 40, Duration::from_millis(20), |_| {
            n += 1;
            !(4..=28).contains(&n)
        });
        assert_eq!((run.throttled, run.sent), (25, 65));
        // 40 requests at 0.5 a second would be 80 s.
        assert!(run.seconds < 20.0, "{} s", run.seconds);
    }

    #[test]
    fn without_throttling_it_does_not_pace() {
        let run = simulate(300, 1e9, 1e9, Duration::from_millis(20));
        assert_eq!((run.throttled, run.rate), (0, None));
        // 8 in flight at 20 ms each: 300 requests in well under a second.
        assert!(run.seconds < 1.0, "{} s", run.seconds);
        assert_eq!(run.most_in_flight, MAX_IN_FLIGHT);
    }

    #[test]
    fn retry_after_holds_every_request_and_decreases_once_per_congestion() {
        let t0 = Instant::now();
        let mut l = Learner::new(t0);
        let sent: Vec<Instant> = (0..4).map(|_| l.reserve(t0).unwrap()).collect();
        assert_eq!(l.reserve(t0), None, "four in flight at first");
        let later = t0 + Duration::from_millis(50);
        l.throttled(sent[0], later, Some(Duration::from_secs(2)));
        let first = l.rate().unwrap();
        // Sent before that decrease: the same congestion, no second decrease.
        l.throttled(sent[1], later, None);
        assert_eq!(l.rate(), Some(first));
        assert_eq!(l.throttled_count(), 2);
        l.failed();
        l.failed();
        // Nothing goes before Retry-After, however much room there is.
        let at = l.reserve(later).unwrap();
        assert!(at >= later + Duration::from_secs(2));
        // Beyond MAX_RETRY_AFTER, it is MAX_RETRY_AFTER.
        l.throttled(at, at, Some(Duration::from_secs(86_400)));
        let next = l.reserve(at).unwrap();
        assert!(next >= at + MAX_RETRY_AFTER);
        assert!(next <= at + MAX_RETRY_AFTER + Duration::from_secs(3));
    }
}
