//! Who may set a goal: one rule (`access::may_set_goal_for`) for the quota
//! editor, the API's goal creation and changes to an existing goal.

use rust_decimal::Decimal;

use attain::db::goals::{Goal, NewGoal, Owner};
use attain::db::metrics::Metric;
use attain::db::teams::TeamFields;
use attain::db::users::User;
use attain::org::access::{can_manage_goal, may_set_goal_for};
use attain::org::teams::changes;

use crate::helpers::spawn_app;

#[actix_web::test]
async fn managers_set_goals_below_them_admins_anywhere_and_reps_nowhere() {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "admin@example.com");
    let boss = app.create_user("manager", "boss@example.com");
    let lead = app.create_user("manager", "lead@example.com");
    let member = app.create_user("rep", "member@example.com");
    let outsider = app.create_user("rep", "outsider@example.com");
    let exec = app.create_user("executive", "exec@example.com");
    let top = app.team_of("Top", boss.id, &[boss.id]);
    let mut conn = app.conn();
    let below = changes::save(
        &mut conn,
        admin.id,
        None,
        TeamFields {
            name: "Below".into(),
            parent_id: Some(top),
            manager_id: Some(lead.id),
        },
    )
    .unwrap()
    .id;
    drop(conn);
    let _ = app.team_of("Elsewhere", admin.id, &[outsider.id]);
    app.edit_user(member.id, |p| p.team_id = Some(below));
    let mut conn = app.conn();
    let user = |conn: &mut _, id| User::find(conn, id).unwrap();
    let (admin, boss, rep, exec) = (
        user(&mut conn, admin.id),
        user(&mut conn, boss.id),
        user(&mut conn, member.id),
        user(&mut conn, exec.id),
    );
    let cases = [
        (&admin, Owner::Company, true),
        (&admin, Owner::Team(top), true),
        (&admin, Owner::User(outsider.id), true),
        (&boss, Owner::User(member.id), true),
        (&boss, Owner::Team(below), true),
        (&boss, Owner::Team(top), false),
        (&boss, Owner::User(boss.id), false),
        (&boss, Owner::User(outsider.id), false),
        (&boss, Owner::Company, false),
        (&rep, Owner::User(member.id), false),
        (&exec, Owner::User(member.id), false),
        (&exec, Owner::Company, false),
    ];
    let metric = Metric::find_by_key(&mut conn, "revenue")
        .unwrap()
        .unwrap()
        .id;
    let period = app.this_month();
    for (viewer, owner, expected) in cases {
        let may = may_set_goal_for(&mut conn, viewer, owner).unwrap();
        assert_eq!(may, expected, "{} for {owner:?}", viewer.email);
        // An existing goal of the owner follows the same rule.
        let goal = Goal::live(&mut conn, owner, metric, period)
            .unwrap()
            .unwrap_or_else(|| {
                Goal::insert(
                    &mut conn,
                    &NewGoal::new(owner, metric, period, Decimal::from(100)),
                )
                .unwrap()
            });
        let manages = can_manage_goal(&mut conn, viewer, &goal).unwrap();
        assert_eq!(manages, expected, "{} on goal of {owner:?}", viewer.email);
    }
}
