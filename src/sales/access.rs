//! Which sales and commission lines a viewer may read, beyond the role
//! guards: their own, their managed subtree's, or everyone's for admins and
//! executives (`access::visible_teams`). Shared by the partner pages, the
//! approval queue and the API, so a sale opens to the same people everywhere.

use std::collections::HashSet;

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::sales::Sale;
use crate::db::schema::{commission_entries, sales, users};
use crate::db::users::User;
use crate::error::AppError;
use crate::org::access::{can_view_user, visible_teams};

/// Whether the viewer's own sales count when they lie outside their reach
/// (a manager who is not a member of a team they run).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Own {
    Included,
    Excluded,
}

/// The members of `teams`, as a subquery.
fn members<'a>(teams: Vec<i64>) -> users::BoxedQuery<'a, Pg, BigInt> {
    users::table
        .filter(users::team_id.eq_any(teams))
        .select(users::id)
        .into_boxed()
}

/// The sales of the partners in the viewer's reach: a manager's subtree,
/// everyone for admins and executives, nobody for reps; plus the viewer's
/// own with [`Own::Included`]. Boxed, so a count and a list share the filter.
pub fn sales_in_reach<'a>(
    conn: &mut PgConnection,
    viewer: &User,
    own: Own,
) -> QueryResult<sales::BoxedQuery<'a, Pg>> {
    let query = sales::table.into_boxed();
    Ok(match (visible_teams(conn, viewer)?, own) {
        (None, _) => query,
        (Some(teams), Own::Excluded) => query.filter(sales::partner_id.eq_any(members(teams))),
        (Some(teams), Own::Included) => query.filter(
            sales::partner_id
                .eq(viewer.id)
                .or(sales::partner_id.eq_any(members(teams))),
        ),
    })
}

/// The commission lines paid to (or taken back from) people the viewer may
/// read: themselves, their managed subtree, or everyone.
pub fn entries_in_reach<'a>(
    conn: &mut PgConnection,
    viewer: &User,
) -> QueryResult<commission_entries::BoxedQuery<'a, Pg>> {
    let query = commission_entries::table.into_boxed();
    Ok(match visible_teams(conn, viewer)? {
        None => query,
        Some(teams) => query.filter(
            commission_entries::recipient_id
                .eq(viewer.id)
                .or(commission_entries::recipient_id.eq_any(members(teams))),
        ),
    })
}

/// The sale, if the viewer may read it: its partner, managers of the
/// partner's team subtree, admins and executives. Anyone else gets 404, so
/// the answer does not even confirm that the sale exists.
pub fn visible_sale(conn: &mut PgConnection, viewer: &User, id: i64) -> Result<Sale, AppError> {
    let sale = Sale::find(conn, id)?;
    if can_view_user(conn, viewer, sale.partner_id)? {
        Ok(sale)
    } else {
        Err(AppError::NotFound)
    }
}

/// Which of `partner_ids` the viewer may open (their own, their managed
/// subtree's, or everyone's for admins and executives), in two queries
/// however many partners there are.
pub fn viewable_partners(
    conn: &mut PgConnection,
    viewer: &User,
    partner_ids: &[i64],
) -> QueryResult<HashSet<i64>> {
    let mut open: HashSet<i64> = partner_ids
        .iter()
        .copied()
        .filter(|&id| id == viewer.id)
        .collect();
    match visible_teams(conn, viewer)? {
        None => open.extend(partner_ids),
        Some(teams) if teams.is_empty() => {}
        Some(teams) => {
            let inside: Vec<i64> = users::table
                .filter(users::id.eq_any(partner_ids))
                .filter(users::team_id.eq_any(teams))
                .select(users::id)
                .load(conn)?;
            open.extend(inside);
        }
    }
    Ok(open)
}
