//! Sign-in attempts, counted before any password is checked, in three
//! scopes: an account from one client address (5 per window), one client
//! address over every account (20), and an account from everywhere (50).
//!
//! An attempt is counted in all three scopes or, when any of them is full,
//! in none (it is recorded as refused instead): the rows are locked, so
//! however many attempts arrive at once, at most the limit of each scope
//! ever reaches the password check. A full window only lets go when it ends.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

use super::schema::sign_in_attempts as t;

pub const WINDOW_MINUTES: i64 = 15;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// One account from one client address: the guessing limit.
    AccountAtAddress,
    /// One client address, every account: no probing of many emails.
    Address,
    /// One account from anywhere: a wide net against distributed guessing,
    /// high enough that a single attacker cannot reach it alone.
    Account,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::AccountAtAddress, Scope::Address, Scope::Account];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::AccountAtAddress => "account_at_address",
            Scope::Address => "address",
            Scope::Account => "account",
        }
    }

    /// Attempts allowed in one window.
    pub fn limit(self) -> i32 {
        match self {
            Scope::AccountAtAddress => 5,
            Scope::Address => 20,
            Scope::Account => 50,
        }
    }
}

/// Who is trying: the email (lower-cased) and the client address.
#[derive(Clone, Debug)]
pub struct Keys {
    pub email: String,
    pub address: String,
}

impl Keys {
    fn key(&self, scope: Scope) -> String {
        match scope {
            Scope::AccountAtAddress => format!("{}\n{}", self.email, self.address),
            Scope::Address => self.address.clone(),
            Scope::Account => self.email.clone(),
        }
    }
}

/// What counting an attempt decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    /// The attempt may check its password; `fills` is the scope this attempt
    /// filled (so a failure now locks it), with the window's end; `number`
    /// is its place among the account's attempts from this address.
    Counted {
        fills: Option<(Scope, DateTime<Utc>)>,
        number: i32,
    },
    /// A window is full: no password is checked until it ends.
    Full { scope: Scope, until: DateTime<Utc> },
}

/// One scope's window as stored.
#[derive(Clone, Copy, Debug)]
struct Window {
    attempts: i32,
    refused: i32,
    started: DateTime<Utc>,
}

impl Window {
    fn live(&self, now: DateTime<Utc>) -> bool {
        now - self.started < Duration::minutes(WINDOW_MINUTES)
    }
    fn end(&self) -> DateTime<Utc> {
        self.started + Duration::minutes(WINDOW_MINUTES)
    }
}

/// The pure decision: the windows after this attempt, and the answer.
fn decide(now: DateTime<Utc>, windows: &[(Scope, Window)]) -> (Vec<(Scope, Window)>, Counted) {
    let full = windows
        .iter()
        .filter(|(scope, w)| w.live(now) && w.attempts >= scope.limit())
        .max_by_key(|(_, w)| w.end());
    if let Some(&(scope, window)) = full {
        let next = windows
            .iter()
            .map(|&(s, w)| {
                let refused = if s == scope { w.refused + 1 } else { w.refused };
                (s, Window { refused, ..w })
            })
            .collect();
        return (
            next,
            Counted::Full {
                scope,
                until: window.end(),
            },
        );
    }
    let next: Vec<(Scope, Window)> = windows
        .iter()
        .map(|&(s, w)| {
            let w = if w.live(now) {
                Window {
                    attempts: w.attempts + 1,
                    ..w
                }
            } else {
                Window {
                    attempts: 1,
                    refused: 0,
                    started: now,
                }
            };
            (s, w)
        })
        .collect();
    let fills = next
        .iter()
        .filter(|(s, w)| w.attempts >= s.limit())
        .map(|&(s, w)| (s, w.end()))
        .max_by_key(|(_, end)| *end);
    let number = next
        .iter()
        .find(|(s, _)| *s == Scope::AccountAtAddress)
        .map_or(0, |(_, w)| w.attempts);
    (next, Counted::Counted { fills, number })
}

/// Counts one attempt in every scope, or records a refusal when a window
/// is full. One transaction; the rows are taken in one order (`FOR UPDATE`),
/// so concurrent attempts queue instead of reading the same count.
pub fn count_attempt(conn: &mut PgConnection, keys: &Keys) -> QueryResult<Counted> {
    conn.transaction(|conn| {
        let now = Utc::now();
        let rows: Vec<_> = Scope::ALL
            .iter()
            .map(|&scope| {
                (
                    t::scope.eq(scope.as_str()),
                    t::key.eq(keys.key(scope)),
                    t::attempts.eq(0),
                    t::refused.eq(0),
                    t::window_started_at.eq(now),
                )
            })
            .collect();
        diesel::insert_into(t::table)
            .values(&rows)
            .on_conflict_do_nothing()
            .execute(conn)?;
        let mut windows = Vec::with_capacity(3);
        for scope in Scope::ALL {
            let (attempts, refused, started) = t::table
                .find((scope.as_str(), keys.key(scope)))
                .select((t::attempts, t::refused, t::window_started_at))
                .for_update()
                .first::<(i32, i32, DateTime<Utc>)>(conn)?;
            windows.push((
                scope,
                Window {
                    attempts,
                    refused,
                    started,
                },
            ));
        }
        let (next, counted) = decide(now, &windows);
        for (scope, w) in next {
            diesel::update(t::table.find((scope.as_str(), keys.key(scope))))
                .set((
                    t::attempts.eq(w.attempts),
                    t::refused.eq(w.refused),
                    t::window_started_at.eq(w.started),
                ))
                .execute(conn)?;
        }
        Ok(counted)
    })
}

/// After the right password of attempt `number`: `false` when, while it
/// was checked, more attempts on the account came from this address or
/// some were refused (the account is being guessed from here in parallel,
/// and a lucky guess must not slip through the lock it filled); otherwise
/// the account's window at this address is cleared and the attempt given
/// back to the others. Call it inside the transaction that signs in.
pub fn accept_success(conn: &mut PgConnection, keys: &Keys, number: i32) -> QueryResult<bool> {
    let scope = Scope::AccountAtAddress;
    let here: Option<(i32, i32)> = t::table
        .find((scope.as_str(), keys.key(scope)))
        .select((t::attempts, t::refused))
        .for_update()
        .first(conn)
        .optional()?;
    if here != Some((number, 0)) {
        return Ok(false);
    }
    diesel::delete(t::table.find((scope.as_str(), keys.key(scope)))).execute(conn)?;
    give_back_in(conn, keys, &[Scope::Address, Scope::Account])?;
    Ok(true)
}

/// Uncounts an attempt that never checked its password (shed under load).
pub fn give_back(conn: &mut PgConnection, keys: &Keys) -> QueryResult<()> {
    give_back_in(conn, keys, &Scope::ALL)
}

fn give_back_in(conn: &mut PgConnection, keys: &Keys, scopes: &[Scope]) -> QueryResult<()> {
    for &scope in scopes {
        diesel::update(t::table.find((scope.as_str(), keys.key(scope))))
            .filter(t::attempts.gt(0))
            .set(t::attempts.eq(t::attempts - 1))
            .execute(conn)?;
    }
    Ok(())
}

/// Attempts counted (= passwords checked) in the current window of a scope.
pub fn attempts(conn: &mut PgConnection, keys: &Keys, scope: Scope) -> QueryResult<i32> {
    Ok(t::table
        .find((scope.as_str(), keys.key(scope)))
        .select(t::attempts)
        .first(conn)
        .optional()?
        .unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(attempts: i32, minutes_ago: i64, now: DateTime<Utc>) -> Window {
        Window {
            attempts,
            refused: 0,
            started: now - Duration::minutes(minutes_ago),
        }
    }

    fn windows(account_here: i32, now: DateTime<Utc>) -> Vec<(Scope, Window)> {
        vec![
            (Scope::AccountAtAddress, window(account_here, 1, now)),
            (Scope::Address, window(account_here, 1, now)),
            (Scope::Account, window(account_here, 1, now)),
        ]
    }

    #[test]
    fn the_fifth_attempt_is_counted_and_fills_the_window() {
        let now = Utc::now();
        let (next, counted) = decide(now, &windows(4, now));
        assert_eq!(next[0].1.attempts, 5);
        assert!(matches!(
            counted,
            Counted::Counted {
                fills: Some((Scope::AccountAtAddress, _)),
                number: 5
            }
        ));
    }

    #[test]
    fn a_full_window_counts_nothing_and_records_a_refusal() {
        let now = Utc::now();
        let (next, counted) = decide(now, &windows(5, now));
        assert!(matches!(
            counted,
            Counted::Full {
                scope: Scope::AccountAtAddress,
                ..
            }
        ));
        assert!(next.iter().all(|(_, w)| w.attempts == 5));
        assert_eq!(next[0].1.refused, 1);
    }

    #[test]
    fn an_ended_window_starts_again() {
        let now = Utc::now();
        let old = vec![
            (Scope::AccountAtAddress, window(5, WINDOW_MINUTES, now)),
            (Scope::Address, window(20, WINDOW_MINUTES + 1, now)),
            (Scope::Account, window(3, 2, now)),
        ];
        let (next, counted) = decide(now, &old);
        assert_eq!(
            counted,
            Counted::Counted {
                fills: None,
                number: 1
            }
        );
        assert_eq!(next[0].1.attempts, 1);
        assert_eq!(next[1].1.attempts, 1);
        assert_eq!(next[2].1.attempts, 4);
    }
}
