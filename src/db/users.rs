//! Users: everyone who signs in, with their role, team and place in the
//! partner network (sponsor = upline).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::schema::users;
use crate::domain::lang::Lang;
use crate::domain::role::Role;

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize, Deserialize)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub team_id: Option<i64>,
    pub sponsor_id: Option<i64>,
    pub partner_type_id: Option<i64>,
    pub partner_tier_id: Option<i64>,
    pub active: bool,
    #[serde(skip)]
    pub password_hash: String,
    pub sessions_valid_after: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The person's own language; `None` follows the organisation.
    pub language: Option<Lang>,
}

impl User {
    pub fn role(&self) -> Role {
        self.role
    }
}

#[derive(Insertable, Debug)]
#[diesel(table_name = users)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub team_id: Option<i64>,
    pub sponsor_id: Option<i64>,
    pub partner_type_id: Option<i64>,
    pub partner_tier_id: Option<i64>,
    pub password_hash: String,
}

/// What an admin edits on a user (the password and the active flag have
/// their own operations).
#[derive(AsChangeset, Debug, Clone, Serialize)]
#[diesel(table_name = users, treat_none_as_null = true)]
pub struct UserProfile {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub team_id: Option<i64>,
    pub sponsor_id: Option<i64>,
    pub partner_type_id: Option<i64>,
    pub partner_tier_id: Option<i64>,
}

impl User {
    pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<User> {
        users::table.find(id).select(User::as_select()).first(conn)
    }

    /// The names of the user's partner type and tier, those they have, in
    /// one query.
    pub fn partner_names(&self, conn: &mut PgConnection) -> QueryResult<Vec<String>> {
        use super::schema::{partner_tiers, partner_types};
        let (partner_type, tier): (Option<String>, Option<String>) = users::table
            .left_join(
                partner_types::table.on(users::partner_type_id.eq(partner_types::id.nullable())),
            )
            .left_join(
                partner_tiers::table.on(users::partner_tier_id.eq(partner_tiers::id.nullable())),
            )
            .filter(users::id.eq(self.id))
            .select((
                partner_types::name.nullable(),
                partner_tiers::name.nullable(),
            ))
            .first(conn)?;
        Ok(partner_type.into_iter().chain(tier).collect())
    }

    /// The user and the organisation's settings, in one query: what every
    /// signed-in request needs first. `None` for an unknown id.
    pub fn find_with_organisation(
        conn: &mut PgConnection,
        id: i64,
    ) -> QueryResult<Option<(User, super::organisation::Organisation)>> {
        use super::schema::organisation;
        users::table
            // The organisation is a single row: join it to every user.
            .inner_join(organisation::table.on(organisation::id.is_not_null()))
            .filter(users::id.eq(id))
            .select((
                User::as_select(),
                super::organisation::Organisation::as_select(),
            ))
            .first(conn)
            .optional()
    }

    /// [`User::find_with_organisation`] with the change epoch read in the
    /// same statement, so in the same snapshot (`super::epoch`): a page
    /// that serves figures kept per epoch needs no second statement to
    /// know they are current.
    pub fn find_with_organisation_and_epoch(
        conn: &mut PgConnection,
        id: i64,
    ) -> QueryResult<Option<(User, super::organisation::Organisation, super::epoch::Epoch)>> {
        use super::schema::organisation;
        let found: Option<(
            User,
            super::organisation::Organisation,
            Option<rust_decimal::Decimal>,
        )> = users::table
            .inner_join(organisation::table.on(organisation::id.is_not_null()))
            .filter(users::id.eq(id))
            .select((
                User::as_select(),
                super::organisation::Organisation::as_select(),
                // A scalar subquery, not a join: the epoch's slots are summed.
                super::schema::change_epoch::table
                    .select(diesel::dsl::sum(super::schema::change_epoch::n))
                    .single_value(),
            ))
            .first(conn)
            .optional()?;
        Ok(found.map(|(user, org, total)| (user, org, super::epoch::Epoch::from_total(total))))
    }

    /// Emails are unique case-insensitively.
    pub fn find_by_email(conn: &mut PgConnection, email: &str) -> QueryResult<Option<User>> {
        users::table
            .filter(crate::db::lower(users::email).eq(email.trim().to_lowercase()))
            .select(User::as_select())
            .first(conn)
            .optional()
    }

    pub fn all(conn: &mut PgConnection) -> QueryResult<Vec<User>> {
        users::table
            .select(User::as_select())
            .order((users::active.desc(), users::name))
            .load(conn)
    }

    pub fn insert(conn: &mut PgConnection, new: &NewUser) -> QueryResult<User> {
        diesel::insert_into(users::table)
            .values(new)
            .returning(User::as_returning())
            .get_result(conn)
    }

    pub fn update_profile(
        conn: &mut PgConnection,
        id: i64,
        profile: &UserProfile,
    ) -> QueryResult<User> {
        diesel::update(users::table.find(id))
            .set(profile)
            .returning(User::as_returning())
            .get_result(conn)
    }

    pub fn sponsor_of(conn: &mut PgConnection, id: i64) -> QueryResult<Option<i64>> {
        users::table
            .find(id)
            .select(users::sponsor_id)
            .first(conn)
            .optional()
            .map(Option::flatten)
    }

    /// Activates or deactivates; deactivation also ends every session.
    pub fn set_active(conn: &mut PgConnection, id: i64, active: bool) -> QueryResult<User> {
        let query = diesel::update(users::table.find(id));
        if active {
            query
                .set(users::active.eq(true))
                .returning(User::as_returning())
                .get_result(conn)
        } else {
            query
                .set((
                    users::active.eq(false),
                    users::sessions_valid_after.eq(diesel::dsl::now),
                ))
                .returning(User::as_returning())
                .get_result(conn)
        }
    }

    /// Sets a new password hash and ends every existing session; returns the
    /// new "valid after" instant so the caller can issue a fresh session.
    pub fn set_password(
        conn: &mut PgConnection,
        id: i64,
        hash: &str,
    ) -> QueryResult<DateTime<Utc>> {
        diesel::update(users::table.find(id))
            .set((
                users::password_hash.eq(hash),
                users::sessions_valid_after.eq(diesel::dsl::now),
            ))
            .returning(users::sessions_valid_after)
            .get_result(conn)
    }

    /// Ends every session of the user (sign-out everywhere).
    pub fn end_sessions(conn: &mut PgConnection, id: i64) -> QueryResult<()> {
        diesel::update(users::table.find(id))
            .set(users::sessions_valid_after.eq(diesel::dsl::now))
            .execute(conn)?;
        Ok(())
    }

    /// Serialises edits of the sponsor tree.
    pub fn lock_sponsor_tree(conn: &mut PgConnection) -> QueryResult<()> {
        diesel::sql_query("SELECT pg_advisory_xact_lock(727276)").execute(conn)?;
        Ok(())
    }

    /// Names of the given people, by id (one query; none for no ids).
    pub fn names_of(
        conn: &mut PgConnection,
        ids: &[i64],
    ) -> QueryResult<std::collections::HashMap<i64, String>> {
        if ids.is_empty() {
            return Ok(std::collections::HashMap::new());
        }
        Ok(users::table
            .filter(users::id.eq_any(ids))
            .select((users::id, users::name))
            .load::<(i64, String)>(conn)?
            .into_iter()
            .collect())
    }

    /// Sets (or with `None` clears) the person's own language.
    pub fn set_language(
        conn: &mut PgConnection,
        id: i64,
        language: Option<Lang>,
    ) -> QueryResult<()> {
        diesel::update(users::table.find(id))
            .set(users::language.eq(language))
            .execute(conn)
            .map(drop)
    }

    /// Whether the user wants notification emails, read fresh.
    pub fn email_notifications(conn: &mut PgConnection, id: i64) -> QueryResult<bool> {
        users::table
            .find(id)
            .select(users::email_notifications)
            .first(conn)
    }

    /// Turns the user's notification emails on or off.
    pub fn set_email_notifications(
        conn: &mut PgConnection,
        id: i64,
        wanted: bool,
    ) -> QueryResult<()> {
        diesel::update(users::table.find(id))
            .set(users::email_notifications.eq(wanted))
            .execute(conn)?;
        Ok(())
    }

    /// The members of the given teams.
    pub fn ids_in_teams(conn: &mut PgConnection, teams: &[i64]) -> QueryResult<Vec<i64>> {
        users::table
            .filter(users::team_id.eq_any(teams))
            .select(users::id)
            .load(conn)
    }

    /// Whether the user is active; `None` for no such user.
    pub fn active_of(conn: &mut PgConnection, id: i64) -> QueryResult<Option<bool>> {
        users::table
            .find(id)
            .select(users::active)
            .first(conn)
            .optional()
    }

    /// The user's name.
    pub fn name_of(conn: &mut PgConnection, id: i64) -> QueryResult<String> {
        users::table.find(id).select(users::name).first(conn)
    }

    /// The reader, their sponsor and the partners they sponsor, each with
    /// the names of their team, partner type and tier, in one query.
    pub fn network_of(conn: &mut PgConnection, me: &User) -> QueryResult<Vec<NamedUser>> {
        use super::schema::{partner_tiers, partner_types, teams};
        users::table
            .left_join(teams::table.on(users::team_id.eq(teams::id.nullable())))
            .left_join(
                partner_types::table.on(users::partner_type_id.eq(partner_types::id.nullable())),
            )
            .left_join(
                partner_tiers::table.on(users::partner_tier_id.eq(partner_tiers::id.nullable())),
            )
            .filter(
                users::sponsor_id
                    .eq(me.id)
                    .or(users::id.eq(me.id))
                    .or(users::id.nullable().eq(me.sponsor_id)),
            )
            .select((
                User::as_select(),
                teams::name.nullable(),
                partner_types::name.nullable(),
                partner_tiers::name.nullable(),
            ))
            .order((users::name, users::id))
            .load(conn)
    }
}

/// A user with the names of their team, partner type and tier.
#[derive(Queryable, Deserialize)]
pub struct NamedUser {
    pub user: User,
    pub team: Option<String>,
    pub partner_type: Option<String>,
    pub partner_tier: Option<String>,
}
