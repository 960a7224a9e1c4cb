use super::*;
use Status::*;

/// The expected outcome for (state, action, relation), written as the
/// rules read; the test below walks every combination against it.
fn expected(from: Status, action: Action, role: Role, own: bool, managed: bool) -> Option<Status> {
    let next = match (action, from) {
        (Action::Submit, Draft) => PendingApproval,
        (Action::Approve, PendingApproval) => Approved,
        (Action::SendBack, PendingApproval) => Draft,
        (Action::Activate, Approved) => Active,
        (Action::Pause, Active) => Paused,
        (Action::Resume, Paused) => Active,
        (Action::Cancel, Draft | PendingApproval | Approved | Active | Paused) => Cancelled,
        (Action::Revise, Draft | PendingApproval | Approved | Active | Paused) => from,
        _ => return None,
    };
    let admin = role == Role::Admin;
    let manager = role == Role::Manager && managed;
    match action {
        Action::Complete | Action::Fail => None,
        Action::Approve | Action::SendBack => (!own && (admin || manager)).then_some(next),
        Action::Activate | Action::Pause | Action::Resume => (admin || manager).then_some(next),
        Action::Submit => (own || admin || manager).then_some(next),
        Action::Cancel => {
            (admin || manager || (own && matches!(from, Draft | PendingApproval))).then_some(next)
        }
        Action::Revise if admin || manager => Some(next),
        Action::Revise if own => match from {
            Approved | Active => Some(PendingApproval),
            Paused => None,
            _ => Some(next),
        },
        Action::Revise => None,
    }
}

#[test]
fn every_state_action_and_relation_follows_the_rules() {
    let relations = [(false, false), (true, false), (false, true)];
    let mut checked = 0;
    for from in Status::ALL {
        for action in Action::ALL {
            for role in Role::ALL {
                for (own, managed) in relations {
                    let actor = Actor::Person { role, own, managed };
                    let got = decide(from, action, actor).ok();
                    assert_eq!(
                        got,
                        expected(from, action, role, own, managed),
                        "{from} {action:?} by {role} own={own} managed={managed}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 8 * 10 * 4 * 3);
}

#[test]
fn the_system_activates_completes_and_fails() {
    assert_eq!(
        decide(Approved, Action::Activate, Actor::System),
        Ok(Active)
    );
    assert_eq!(
        decide(Active, Action::Complete, Actor::System),
        Ok(Completed)
    );
    assert_eq!(decide(Active, Action::Fail, Actor::System), Ok(Failed));
    assert!(decide(Paused, Action::Fail, Actor::System).is_err());
    assert!(decide(Completed, Action::Complete, Actor::System).is_err());
}

#[test]
fn nobody_approves_their_own_goal_not_even_an_admin() {
    let admin = Actor::Person {
        role: Role::Admin,
        own: true,
        managed: false,
    };
    let refusal = decide(PendingApproval, Action::Approve, admin).unwrap_err();
    assert!(matches!(refusal, Refusal::Conflict(_)));
    assert!(refusal.message().contains("own goal"));
}

#[test]
fn a_rep_changing_an_active_target_goes_back_to_approval() {
    let rep = Actor::Person {
        role: Role::Rep,
        own: true,
        managed: false,
    };
    assert_eq!(decide(Active, Action::Revise, rep), Ok(PendingApproval));
    assert_eq!(decide(Draft, Action::Revise, rep), Ok(Draft));
    let manager = Actor::Person {
        role: Role::Manager,
        own: false,
        managed: true,
    };
    assert_eq!(decide(Active, Action::Revise, manager), Ok(Active));
}

#[test]
fn wrong_states_are_conflicts_with_a_message() {
    let admin = Actor::Person {
        role: Role::Admin,
        own: false,
        managed: true,
    };
    assert_eq!(
        decide(Draft, Action::Approve, admin),
        Err(Refusal::Conflict(
            "Only a goal pending approval can be approved; this one is draft.".into()
        ))
    );
    assert!(matches!(
        decide(Completed, Action::Cancel, admin),
        Err(Refusal::Conflict(_))
    ));
}

#[test]
fn statuses_and_slugs_round_trip() {
    for status in Status::ALL {
        assert_eq!(status.as_str().parse::<Status>(), Ok(status));
    }
    for action in Action::ALL {
        assert_eq!(Action::from_slug(action.slug()), Some(action));
    }
}
