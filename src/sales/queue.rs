//! The approval queue: the pending sales in a viewer's reach (a manager's
//! subtree, or everyone for an admin), and how many of them the viewer may
//! decide right now.

use chrono::{DateTime, Utc};
use diesel::dsl::sum;
use diesel::pg::Pg;
use diesel::prelude::*;
use rust_decimal::Decimal;

use super::access::{Own, sales_in_reach};
use crate::db::sales::{ApprovalRules, Sale};
use crate::db::schema::sales;
use crate::db::users::User;
use crate::domain::role::Role;
use crate::domain::sale_status::SaleStatus;
use crate::error::AppError;

/// The pending sales of the viewer's reach: a manager's subtree, or everyone
/// for an admin. Boxed so the count and the list share one filter.
fn pending_in_reach<'a>(
    conn: &mut PgConnection,
    viewer: &User,
) -> QueryResult<sales::BoxedQuery<'a, Pg>> {
    Ok(sales_in_reach(conn, viewer, Own::Excluded)?.filter(sales::status.eq(SaleStatus::Pending)))
}

/// The pending sales in the viewer's reach, oldest first, at most `limit`
/// of them, with the count and sum over all of them.
pub struct Pending {
    pub rules: ApprovalRules,
    /// The database's clock, so ages do not depend on the app server's.
    pub now: DateTime<Utc>,
    pub total: i64,
    pub amount: Option<Decimal>,
    pub sales: Vec<Sale>,
}

pub fn pending(conn: &mut PgConnection, viewer: &User, limit: i64) -> Result<Pending, AppError> {
    let rules = ApprovalRules::get(conn)?;
    let now: DateTime<Utc> = crate::db::now(conn)?;
    let (total, amount): (i64, Option<Decimal>) = pending_in_reach(conn, viewer)?
        .select((diesel::dsl::count_star(), sum(sales::amount)))
        .first(conn)?;
    let sales: Vec<Sale> = pending_in_reach(conn, viewer)?
        .order((sales::created_at, sales::id))
        .limit(limit)
        .select(Sale::as_select())
        .load(conn)?;
    Ok(Pending {
        rules,
        now,
        total,
        amount,
        sales,
    })
}

/// How many pending sales the viewer may decide right now: in their reach,
/// not their own, and (for a manager) within their limit.
pub fn actionable_count(conn: &mut PgConnection, viewer: &User) -> Result<i64, AppError> {
    let mut query = pending_in_reach(conn, viewer)?.filter(sales::partner_id.ne(viewer.id));
    if viewer.role() != Role::Admin {
        let rules = ApprovalRules::get(conn)?;
        query = query.filter(sales::amount.le(rules.manager_approval_limit));
    }
    Ok(query.count().get_result(conn)?)
}
