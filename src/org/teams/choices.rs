//! Which parents and managers a team may have: the options the form offers
//! and the checks a save makes, which agree with each other.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::teams::{Team, TeamFields};
use crate::db::users::User;
use crate::domain::tree::{depth_first, would_create_cycle};
use crate::error::{AppError, FieldErrors};
use crate::i18n::{Key, Msg};

/// An option of a choice: the id and its label.
pub type Choice = (i64, String);

/// Teams in tree order, so children follow their parent.
pub fn tree_order(teams: &[Team]) -> impl Iterator<Item = (&Team, usize)> {
    let order = depth_first(teams, |t| t.id, |t| t.parent_id, |t| t.name.to_lowercase());
    order
        .into_iter()
        .map(|(index, depth)| (&teams[index], depth))
}

/// Parents on offer: active teams outside the edited team's own subtree,
/// labelled by path ("Sales › Seoul"). Managers: active managers and admins.
/// A current choice that no longer qualifies stays listed, so saving the
/// other fields keeps it.
pub fn load_choices(
    conn: &mut PgConnection,
    editing: Option<i64>,
) -> Result<(Vec<Choice>, Vec<Choice>), AppError> {
    let (teams, users) = (Team::all(conn)?, User::all(conn)?);
    let current = editing.and_then(|id| teams.iter().find(|t| t.id == id));
    let parent_of: HashMap<i64, Option<i64>> = teams.iter().map(|t| (t.id, t.parent_id)).collect();
    let mut paths: HashMap<i64, String> = HashMap::new();
    let mut parents = Vec::new();
    for (team, _) in tree_order(&teams) {
        let path = match team.parent_id.and_then(|p| paths.get(&p)) {
            Some(parent) => format!("{parent} › {}", team.name),
            None => team.name.clone(),
        };
        paths.insert(team.id, path.clone());
        let is_current = current.is_some_and(|c| c.parent_id == Some(team.id));
        let below_itself = editing.is_some_and(|id| {
            would_create_cycle(id, Some(team.id), |n| parent_of.get(&n).copied().flatten())
        });
        if (team.active || is_current) && !below_itself {
            parents.push((team.id, path));
        }
    }
    let managers = users
        .iter()
        .filter(|u| {
            (u.active && u.role().can_manage())
                || current.is_some_and(|c| c.manager_id == Some(u.id))
        })
        .map(|u| (u.id, format!("{} <{}>", u.name, u.email)))
        .collect();
    Ok((parents, managers))
}

/// Refuses a parent or manager that does not exist, one newly chosen that
/// is deactivated (or not a manager), and a move below the team itself.
pub fn check_choices(
    conn: &mut PgConnection,
    before: Option<&Team>,
    fields: &TeamFields,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    // What was already chosen stays allowed, so other fields can be edited.
    let (old_parent, old_manager) = before.map_or((None, None), |t| (t.parent_id, t.manager_id));
    if let Some(id) = fields.parent_id
        && fields.parent_id != old_parent
    {
        match Team::find(conn, id).optional()? {
            None => errors.add("parent_id", Key("admin-team-missing")),
            Some(p) if !p.active => errors.add(
                "parent_id",
                Msg::new("admin-team-deactivated").arg("name", &p.name),
            ),
            Some(_) => {}
        }
    }
    if let Some(team) = before
        && !errors.has("parent_id")
    {
        let mut lookup_error = None;
        let cycle = would_create_cycle(team.id, fields.parent_id, |n| {
            Team::parent_of(conn, n).unwrap_or_else(|e| {
                lookup_error = Some(e);
                None
            })
        });
        if let Some(e) = lookup_error {
            return Err(e.into());
        }
        if cycle {
            errors.add("parent_id", Key("admin-team-cycle"));
        }
    }
    if let Some(id) = fields.manager_id
        && fields.manager_id != old_manager
    {
        let message = match User::find(conn, id).optional()? {
            None => Some(Msg::new("admin-user-missing")),
            Some(u) if !u.active => Some(Msg::new("admin-team-deactivated").arg("name", &u.name)),
            Some(u) if !u.role().can_manage() => {
                Some(Msg::new("admin-team-manager-not-manager").arg("name", &u.name))
            }
            Some(_) => None,
        };
        if let Some(message) = message {
            errors.add("manager_id", message);
        }
    }
    errors.into_result().map_err(AppError::Invalid)
}
