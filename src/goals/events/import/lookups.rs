//! What the import's rows are checked against, read for a whole file in a
//! few set-based queries: the people and metrics the rows name, the
//! references already recorded, whom the actor may import for, and each
//! person's running totals.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;
use rust_decimal::Decimal;

use super::csv::RawRow;
use crate::db::events::MetricEvent;
use crate::db::metrics::Metric;
use crate::db::schema::users;
use crate::db::tree;
use crate::db::users::User;
use crate::domain::role::Role;
use crate::goals::events::rule::Bounds;

/// Whose results the actor may import.
#[derive(Debug, Clone)]
pub enum Allowed {
    Everyone,
    /// A manager: people in these teams, never themselves (the same rule as
    /// `access::can_manage_user`, evaluated for a whole file at once).
    Teams {
        actor_id: i64,
        teams: HashSet<i64>,
    },
    Nobody,
}

/// What the rules look things up in.
pub struct Lookups {
    /// By lowercased email.
    pub users: HashMap<String, User>,
    /// By key.
    pub metrics: HashMap<String, Metric>,
    /// External references already recorded.
    pub existing: HashSet<String>,
    pub allowed: Allowed,
    /// Today and the currency's minor unit.
    pub bounds: Bounds,
    /// Each person's running total per metric before the file.
    pub totals: HashMap<(i64, i64), Decimal>,
}

impl Lookups {
    /// Loads what `rows` refer to, in five queries however long the file is.
    pub fn load(
        conn: &mut PgConnection,
        actor: &User,
        bounds: Bounds,
        rows: &[RawRow],
    ) -> QueryResult<Lookups> {
        let emails: Vec<String> = unique(rows.iter().map(|r| r.email.to_lowercase()));
        let users: HashMap<String, User> = users::table
            .filter(crate::db::lower(users::email).eq_any(&emails))
            .select(User::as_select())
            .load::<User>(conn)?
            .into_iter()
            .map(|u| (u.email.to_lowercase(), u))
            .collect();
        let metrics: HashMap<String, Metric> = Metric::all(conn)?
            .into_iter()
            .map(|m| (m.key.clone(), m))
            .collect();
        let user_ids: Vec<i64> = users.values().map(|u| u.id).collect();
        let metric_ids: Vec<i64> = metrics.values().map(|m| m.id).collect();
        let totals = MetricEvent::person_totals(conn, &user_ids, &metric_ids)?;
        let refs: Vec<String> = unique(rows.iter().map(|r| r.external_ref.clone()));
        let existing = MetricEvent::existing_refs(conn, &refs)?
            .into_iter()
            .collect();
        let allowed = match actor.role() {
            Role::Admin => Allowed::Everyone,
            Role::Manager => Allowed::Teams {
                actor_id: actor.id,
                teams: tree::managed_subtree(conn, actor.id)?.into_iter().collect(),
            },
            Role::Rep | Role::Executive => Allowed::Nobody,
        };
        Ok(Lookups {
            users,
            metrics,
            existing,
            allowed,
            bounds,
            totals,
        })
    }
}

fn unique(values: impl Iterator<Item = String>) -> Vec<String> {
    let set: HashSet<String> = values.filter(|v| !v.is_empty()).collect();
    set.into_iter().collect()
}
