//! Who may see and change what beyond the coarse role guards: ownership and
//! the manager's subtree.

use diesel::prelude::*;

use crate::db::goals::{Goal, Owner};
use crate::db::schema::users;
use crate::db::tree;
use crate::db::users::User;
use crate::domain::role::Role;

/// The teams a viewer manages (with everything below), or `None` for
/// everything (admins and executives read the whole company).
pub fn visible_teams(conn: &mut PgConnection, viewer: &User) -> QueryResult<Option<Vec<i64>>> {
    match viewer.role() {
        Role::Admin | Role::Executive => Ok(None),
        Role::Manager => Ok(Some(tree::managed_subtree(conn, viewer.id)?)),
        Role::Rep => Ok(Some(Vec::new())),
    }
}

/// The person `id` if `viewer` may read them; `None` when there is no such
/// person or they are hidden from the viewer, so that every edge answers
/// both alike and nobody learns who exists outside their reach.
pub fn visible_user(conn: &mut PgConnection, viewer: &User, id: i64) -> QueryResult<Option<User>> {
    let Some(person) = User::find(conn, id).optional()? else {
        return Ok(None);
    };
    Ok(can_view_user(conn, viewer, person.id)?.then_some(person))
}

/// The goal `id` if `viewer` may read it; `None` when it does not exist or
/// is hidden from them (as [`visible_user`]).
pub fn visible_goal(conn: &mut PgConnection, viewer: &User, id: i64) -> QueryResult<Option<Goal>> {
    let Some(goal) = Goal::find(conn, id).optional()? else {
        return Ok(None);
    };
    Ok(can_view_goal(conn, viewer, &goal)?.then_some(goal))
}

/// May `viewer` read `user_id`'s goals and events? Themselves, their
/// managers up the tree, admins and executives.
pub fn can_view_user(conn: &mut PgConnection, viewer: &User, user_id: i64) -> QueryResult<bool> {
    if viewer.id == user_id {
        return Ok(true);
    }
    match visible_teams(conn, viewer)? {
        None => Ok(true),
        Some(teams) if teams.is_empty() => Ok(false),
        Some(teams) => {
            let team: Option<i64> = users::table
                .find(user_id)
                .select(users::team_id)
                .first(conn)
                .optional()?
                .flatten();
            Ok(team.is_some_and(|t| teams.contains(&t)))
        }
    }
}

/// May `viewer` set quotas for `user_id`? Admins anyone; managers their
/// subtree but not themselves.
pub fn can_manage_user(conn: &mut PgConnection, viewer: &User, user_id: i64) -> QueryResult<bool> {
    match viewer.role() {
        Role::Admin => Ok(true),
        Role::Manager if viewer.id != user_id => can_view_user(conn, viewer, user_id),
        _ => Ok(false),
    }
}

/// May `viewer` read the team (its page, its goals)?
pub fn can_view_team(conn: &mut PgConnection, viewer: &User, team_id: i64) -> QueryResult<bool> {
    Ok(match visible_teams(conn, viewer)? {
        None => true,
        Some(teams) => teams.contains(&team_id),
    })
}

/// May `viewer` read this goal?
pub fn can_view_goal(conn: &mut PgConnection, viewer: &User, goal: &Goal) -> QueryResult<bool> {
    match goal.owner() {
        Owner::User(id) => can_view_user(conn, viewer, id),
        Owner::Team(id) => Ok(viewer.team_id == Some(id) || can_view_team(conn, viewer, id)?),
        Owner::Company => Ok(true),
    }
}

/// May `viewer` change this goal's target? As [`may_set_goal_for`] its
/// owner.
pub fn can_manage_goal(conn: &mut PgConnection, viewer: &User, goal: &Goal) -> QueryResult<bool> {
    may_set_goal_for(conn, viewer, goal.owner())
}

/// May `viewer` set (create or change) a goal owned by `owner`? The one
/// rule of the API, the quota editor and goal edits: admins anyone;
/// managers a person of their subtree but not themselves, and a team below
/// the ones they run but not one they run; nobody else.
pub fn may_set_goal_for(conn: &mut PgConnection, viewer: &User, owner: Owner) -> QueryResult<bool> {
    match (owner, viewer.role()) {
        (_, Role::Admin) => Ok(true),
        (Owner::User(id), Role::Manager) => can_manage_user(conn, viewer, id),
        (Owner::Team(id), Role::Manager) => {
            // A manager sets targets below the teams they run, not their own.
            let mine = tree::managed_subtree(conn, viewer.id)?;
            let own_roots: Vec<i64> = crate::db::schema::teams::table
                .filter(crate::db::schema::teams::manager_id.eq(viewer.id))
                .select(crate::db::schema::teams::id)
                .load(conn)?;
            Ok(mine.contains(&id) && !own_roots.contains(&id))
        }
        _ => Ok(false),
    }
}
