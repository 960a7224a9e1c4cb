//! The people a viewer sets targets for: active, with a partner type, in
//! the teams they manage (everyone for admins), never themselves.

use diesel::prelude::*;

use crate::db::partner_tiers::PartnerTier;
use crate::db::partner_types::PartnerType;
use crate::db::schema::users;
use crate::db::users::User;
use crate::domain::role::Role;

/// A person the calculator offers.
pub struct Person {
    pub user: User,
    /// "Agency, Gold".
    pub detail: String,
}

/// The active people `viewer` sets targets for who have a partner type.
pub fn people(conn: &mut PgConnection, viewer: &User) -> QueryResult<Vec<Person>> {
    let mut query = users::table
        .filter(users::active.eq(true))
        .filter(users::partner_type_id.is_not_null())
        .filter(users::id.ne(viewer.id))
        .select(User::as_select())
        .order(users::name)
        .into_boxed();
    match viewer.role() {
        Role::Admin => {}
        Role::Manager => {
            let teams = crate::db::tree::managed_subtree(conn, viewer.id)?;
            query = query.filter(users::team_id.eq_any(teams));
        }
        _ => return Ok(Vec::new()),
    }
    let types = PartnerType::all(conn)?;
    let tiers = PartnerTier::all(conn)?;
    Ok(query
        .load(conn)?
        .into_iter()
        .map(|user| {
            let kind = types
                .iter()
                .find(|t| Some(t.id) == user.partner_type_id)
                .map(|t| t.name.as_str())
                .unwrap_or("");
            let detail = match tiers.iter().find(|t| Some(t.id) == user.partner_tier_id) {
                Some(tier) => format!("{kind}, {}", tier.name),
                None => kind.to_string(),
            };
            Person { user, detail }
        })
        .collect())
}
