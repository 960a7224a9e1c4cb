//! Each team change (create, edit or move, activate, deactivate) as one
//! transaction under the tree lock with its audit entry.

use diesel::prelude::*;

use super::choices::check_choices;
use crate::db::audit::NewAuditEntry;
use crate::db::teams::{Team, TeamFields};
use crate::error::{AppError, on_constraint};
use crate::i18n::{Key, Msg};

const NAME_TAKEN: &[(&str, &str, Key)] =
    &[("teams_name_key", "name", Key("admin-team-name-taken"))];

/// Creates (`id` is `None`) or edits a team, under the tree lock.
pub fn save(
    conn: &mut PgConnection,
    actor: i64,
    id: Option<i64>,
    fields: TeamFields,
) -> Result<Team, AppError> {
    conn.transaction(|conn| {
        Team::lock_tree(conn)?;
        let before = id.map(|id| Team::find(conn, id)).transpose()?;
        check_choices(conn, before.as_ref(), &fields)?;
        let written = match id {
            Some(id) => Team::update(conn, id, &fields),
            None => Team::insert(conn, &fields),
        };
        let after = written.map_err(|e| on_constraint(e, NAME_TAKEN))?;
        let moved = before
            .as_ref()
            .is_some_and(|b| b.parent_id != after.parent_id);
        let new_parent = match after.parent_id {
            Some(parent) if moved => Some(Team::find(conn, parent)?.name),
            _ => None,
        };
        let (action, summary) = describe(before.as_ref(), &after, new_parent.as_deref());
        let mut entry = NewAuditEntry::new(Some(actor), action, "team", Some(after.id), summary);
        if let Some(before) = &before {
            entry = entry.before(before);
        }
        entry.after(&after).record(conn)?;
        Ok(after)
    })
}

/// The audit action and summary of a save, e.g. "moved team Seoul under
/// Sales"; `new_parent` is the parent's name when the team moved under one.
fn describe(
    before: Option<&Team>,
    after: &Team,
    new_parent: Option<&str>,
) -> (&'static str, String) {
    let Some(before) = before else {
        return ("create", format!("created team {}", after.name));
    };
    let renamed = before.name != after.name;
    if before.parent_id != after.parent_id {
        let was = if renamed {
            format!(" (renamed from {})", before.name)
        } else {
            String::new()
        };
        let place = match new_parent {
            Some(parent) => format!("under {parent}"),
            None => "to the top level".to_string(),
        };
        ("move", format!("moved team {}{was} {place}", after.name))
    } else if renamed {
        (
            "update",
            format!("renamed team {} to {}", before.name, after.name),
        )
    } else {
        ("update", format!("edited team {}", after.name))
    }
}

/// "Sales still has 2 active sub-teams and 1 active member."
fn still_in_use(name: &str, sub_teams: i64, members: i64) -> Option<Msg> {
    let message = match (sub_teams, members) {
        (0, 0) => return None,
        (_, 0) => Msg::new("admin-team-still-has-sub-teams"),
        (0, _) => Msg::new("admin-team-still-has-members"),
        _ => Msg::new("admin-team-still-has-both"),
    };
    Some(
        message
            .arg("name", name)
            .arg("sub_teams", sub_teams)
            .arg("members", members),
    )
}

/// Deactivation needs an empty team; activation an active parent, so an
/// active team never sits under a deactivated one.
pub fn set_active(
    conn: &mut PgConnection,
    actor: i64,
    id: i64,
    active: bool,
) -> Result<Team, AppError> {
    conn.transaction(|conn| {
        Team::lock_tree(conn)?;
        let before = Team::find(conn, id)?;
        if before.active == active {
            return Ok(before);
        }
        if active {
            let parent = before.parent_id.map(|p| Team::find(conn, p)).transpose()?;
            if let Some(parent) = parent.filter(|p| !p.active) {
                return Err(AppError::Conflict(
                    Msg::new("admin-team-parent-inactive")
                        .arg("team", &before.name)
                        .arg("parent", &parent.name),
                ));
            }
        } else {
            let (sub_teams, members) = Team::active_dependants(conn, id)?;
            if let Some(message) = still_in_use(&before.name, sub_teams, members) {
                return Err(AppError::Conflict(message));
            }
        }
        let after = Team::set_active(conn, id, active)?;
        let (action, verb) = if active {
            ("activate", "activated")
        } else {
            ("deactivate", "deactivated")
        };
        let summary = format!("{verb} team {}", after.name);
        NewAuditEntry::new(Some(actor), action, "team", Some(id), summary)
            .before(&before)
            .after(&after)
            .record(conn)?;
        Ok(after)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team(name: &str, parent_id: Option<i64>) -> Team {
        let now = chrono::Utc::now();
        Team {
            id: 7,
            name: name.into(),
            parent_id,
            manager_id: None,
            active: true,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn the_audit_summary_says_what_changed() {
        let seoul = team("Seoul", None);
        assert_eq!(describe(None, &seoul, None).1, "created team Seoul");
        let moved = team("Seoul", Some(2));
        assert_eq!(
            describe(Some(&seoul), &moved, Some("Sales")),
            ("move", "moved team Seoul under Sales".to_string())
        );
        let renamed = team("Seoul HQ", None);
        assert_eq!(
            describe(Some(&moved), &renamed, None).1,
            "moved team Seoul HQ (renamed from Seoul) to the top level"
        );
        assert_eq!(
            describe(Some(&seoul), &renamed, None).1,
            "renamed team Seoul to Seoul HQ"
        );
        assert_eq!(
            describe(Some(&seoul), &seoul, None),
            ("update", "edited team Seoul".to_string())
        );
    }

    #[test]
    fn a_team_in_use_says_what_still_hangs_off_it() {
        assert_eq!(still_in_use("Sales", 0, 0), None);
        assert_eq!(
            still_in_use("Sales", 2, 1).map(|m| m.english()).as_deref(),
            Some(
                "Sales still has 2 active sub-teams and 1 active member. Move or deactivate them first."
            )
        );
        assert_eq!(
            still_in_use("Seoul", 0, 3).map(|m| m.english()).as_deref(),
            Some("Seoul still has 3 active members. Move or deactivate them first.")
        );
    }
}
