//! Teams: a tree under the company, each with an optional manager.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{teams, users};

#[derive(Queryable, Selectable, Identifiable, Debug, Clone, Serialize)]
#[diesel(table_name = teams)]
pub struct Team {
    pub id: i64,
    pub name: String,
    pub parent_id: Option<i64>,
    pub manager_id: Option<i64>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Insertable, AsChangeset, Debug, Clone, Serialize)]
#[diesel(table_name = teams, treat_none_as_null = true)]
pub struct TeamFields {
    pub name: String,
    pub parent_id: Option<i64>,
    pub manager_id: Option<i64>,
}

impl Team {
    pub fn all(conn: &mut PgConnection) -> QueryResult<Vec<Team>> {
        teams::table
            .select(Team::as_select())
            .order(teams::name)
            .load(conn)
    }

    pub fn find(conn: &mut PgConnection, id: i64) -> QueryResult<Team> {
        teams::table.find(id).select(Team::as_select()).first(conn)
    }

    pub fn parent_of(conn: &mut PgConnection, id: i64) -> QueryResult<Option<i64>> {
        teams::table
            .find(id)
            .select(teams::parent_id)
            .first(conn)
            .optional()
            .map(Option::flatten)
    }

    pub fn insert(conn: &mut PgConnection, fields: &TeamFields) -> QueryResult<Team> {
        diesel::insert_into(teams::table)
            .values(fields)
            .returning(Team::as_returning())
            .get_result(conn)
    }

    pub fn update(conn: &mut PgConnection, id: i64, fields: &TeamFields) -> QueryResult<Team> {
        diesel::update(teams::table.find(id))
            .set(fields)
            .returning(Team::as_returning())
            .get_result(conn)
    }

    pub fn set_active(conn: &mut PgConnection, id: i64, active: bool) -> QueryResult<Team> {
        diesel::update(teams::table.find(id))
            .set(teams::active.eq(active))
            .returning(Team::as_returning())
            .get_result(conn)
    }

    /// Active members per team id.
    pub fn active_member_counts(conn: &mut PgConnection) -> QueryResult<HashMap<i64, i64>> {
        let counts: Vec<(Option<i64>, i64)> = users::table
            .filter(users::active.and(users::team_id.is_not_null()))
            .group_by(users::team_id)
            .select((users::team_id, diesel::dsl::count_star()))
            .load(conn)?;
        Ok(counts
            .into_iter()
            .filter_map(|(team, count)| Some((team?, count)))
            .collect())
    }

    /// What still hangs off a team: (active sub-teams, active members).
    pub fn active_dependants(conn: &mut PgConnection, id: i64) -> QueryResult<(i64, i64)> {
        let sub_teams = teams::table
            .filter(teams::parent_id.eq(id).and(teams::active))
            .count()
            .get_result(conn)?;
        let members = users::table
            .filter(users::team_id.eq(id).and(users::active))
            .count()
            .get_result(conn)?;
        Ok((sub_teams, members))
    }

    /// Serialises edits of the team tree so two moves cannot close a cycle
    /// between them.
    pub fn lock_tree(conn: &mut PgConnection) -> QueryResult<()> {
        diesel::sql_query("SELECT pg_advisory_xact_lock(727275)").execute(conn)?;
        Ok(())
    }

    /// Whether the team is active; `None` for no such team.
    pub fn active_of(conn: &mut PgConnection, id: i64) -> QueryResult<Option<bool>> {
        teams::table
            .find(id)
            .select(teams::active)
            .first(conn)
            .optional()
    }

    /// The team's name.
    pub fn name_of(conn: &mut PgConnection, id: i64) -> QueryResult<String> {
        teams::table.find(id).select(teams::name).first(conn)
    }
}
