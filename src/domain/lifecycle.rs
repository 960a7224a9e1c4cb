//! The goal lifecycle as a pure state machine: which action takes a goal
//! from which status to which, and who may take it.
//!
//! draft → pending_approval → approved → active → completed | failed;
//! active ⇄ paused; anything before completed/failed → cancelled. Reps draft
//! and submit their own goals; managers decide on goals of their subtree;
//! admins may do anything; nobody approves their own goal. Completion and
//! failure follow the numbers, so only the system takes them.

use std::fmt;
use std::str::FromStr;

use super::role::Role;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    PendingApproval,
    Approved,
    Active,
    Paused,
    Completed,
    Failed,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Draft,
        Status::PendingApproval,
        Status::Approved,
        Status::Active,
        Status::Paused,
        Status::Completed,
        Status::Failed,
        Status::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::PendingApproval => "pending_approval",
            Status::Approved => "approved",
            Status::Active => "active",
            Status::Paused => "paused",
            Status::Completed => "completed",
            Status::Failed => "failed",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::PendingApproval => "pending approval",
            Status::Approved => "approved",
            Status::Active => "active",
            Status::Paused => "paused",
            Status::Completed => "completed",
            Status::Failed => "failed",
            Status::Cancelled => "cancelled",
        }
    }

    /// Completed, failed and cancelled goals never change again.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Completed | Status::Failed | Status::Cancelled)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| format!("unknown goal status {s:?}"))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Submit,
    Approve,
    SendBack,
    Activate,
    Pause,
    Resume,
    Cancel,
    /// A change of target: for the owner of an approved or active goal it
    /// goes back through approval.
    Revise,
    Complete,
    Fail,
}

impl Action {
    pub const ALL: [Action; 10] = [
        Action::Submit,
        Action::Approve,
        Action::SendBack,
        Action::Activate,
        Action::Pause,
        Action::Resume,
        Action::Cancel,
        Action::Revise,
        Action::Complete,
        Action::Fail,
    ];

    /// The actions people take from the goal page, the queue and the API.
    pub const BUTTONS: [Action; 7] = [
        Action::Submit,
        Action::Approve,
        Action::SendBack,
        Action::Activate,
        Action::Pause,
        Action::Resume,
        Action::Cancel,
    ];

    /// The path segment: `/goals/{id}/send-back`.
    pub fn slug(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Approve => "approve",
            Action::SendBack => "send-back",
            Action::Activate => "activate",
            Action::Pause => "pause",
            Action::Resume => "resume",
            Action::Cancel => "cancel",
            Action::Revise => "revise",
            Action::Complete => "complete",
            Action::Fail => "fail",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            Action::Submit => "Submit for approval",
            Action::Approve => "Approve",
            Action::SendBack => "Send back",
            Action::Activate => "Activate",
            Action::Pause => "Pause",
            Action::Resume => "Resume",
            Action::Cancel => "Cancel goal",
            Action::Revise => "Change target",
            Action::Complete => "Complete",
            Action::Fail => "Fail",
        }
    }

    /// Sending back, pausing and cancelling must say why.
    pub fn needs_reason(self) -> bool {
        matches!(self, Action::SendBack | Action::Pause | Action::Cancel)
    }
}

/// Who is acting, as far as the rules care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// Scheduled activation, completion at 100%, failure at period end.
    System,
    Person {
        role: Role,
        /// The goal is theirs (their own, or a team they run).
        own: bool,
        /// The goal is in the subtree they manage (never their own).
        managed: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The actor may not take this action on this goal (403).
    NotAllowed(String),
    /// The action does not apply to the goal as it is now (409).
    Conflict(String),
}

impl Refusal {
    pub fn message(&self) -> &str {
        match self {
            Refusal::NotAllowed(m) | Refusal::Conflict(m) => m,
        }
    }
}

/// The status `action` takes a goal in `from` to, or why not.
pub fn decide(from: Status, action: Action, actor: Actor) -> Result<Status, Refusal> {
    use Status::*;
    let to = match (action, from) {
        (Action::Submit, Draft) => PendingApproval,
        (Action::Approve, PendingApproval) => Approved,
        (Action::SendBack, PendingApproval) => Draft,
        (Action::Activate, Approved) => Active,
        (Action::Pause, Active) => Paused,
        (Action::Resume, Paused) => Active,
        (Action::Cancel, s) if !s.is_final() => Cancelled,
        (Action::Revise, s) if !s.is_final() => s,
        (Action::Complete | Action::Fail, Active) => {
            if action == Action::Complete {
                Completed
            } else {
                Failed
            }
        }
        _ => return Err(Refusal::Conflict(wrong_state(from, action))),
    };
    let Actor::Person { role, own, managed } = actor else {
        return Ok(to);
    };
    // Deciding on a goal is for someone else, whatever the role.
    if own && matches!(action, Action::Approve | Action::SendBack) {
        return Err(Refusal::Conflict(
            "Nobody approves their own goal; it waits for your manager.".into(),
        ));
    }
    let decides = role == Role::Admin || (role == Role::Manager && managed);
    match action {
        Action::Complete | Action::Fail => Err(Refusal::NotAllowed(
            "A goal completes or fails by its numbers, not by hand.".into(),
        )),
        _ if decides => Ok(match (action, from) {
            // A manager's change of target stands as approved.
            (Action::Revise, _) => from,
            _ => to,
        }),
        Action::Submit if own => Ok(to),
        Action::Cancel if own && matches!(from, Draft | PendingApproval) => Ok(to),
        Action::Cancel if own => Err(Refusal::NotAllowed(
            "Once approved, only your manager can cancel this goal.".into(),
        )),
        Action::Revise if own => match from {
            Draft | PendingApproval => Ok(from),
            Approved | Active => Ok(PendingApproval),
            _ => Err(Refusal::NotAllowed(
                "A paused goal's target can be changed by your manager only.".into(),
            )),
        },
        _ => Err(Refusal::NotAllowed(match action {
            Action::Submit | Action::Revise | Action::Cancel => {
                "Only the goal's owner or their manager can do this.".into()
            }
            _ => "Only a manager of this goal's owner or an administrator can do this.".into(),
        })),
    }
}

fn wrong_state(from: Status, action: Action) -> String {
    let needs = match action {
        Action::Submit => "Only a draft can be submitted",
        Action::Approve => "Only a goal pending approval can be approved",
        Action::SendBack => "Only a goal pending approval can be sent back",
        Action::Activate => "Only an approved goal can be activated",
        Action::Pause => "Only an active goal can be paused",
        Action::Resume => "Only a paused goal can be resumed",
        Action::Cancel => "A finished goal cannot be cancelled",
        Action::Revise => "A finished goal cannot be changed",
        Action::Complete => "Only an active goal can be completed",
        Action::Fail => "Only an active goal can fail",
    };
    format!("{needs}; this one is {}.", from.label())
}

#[cfg(test)]
mod tests;
