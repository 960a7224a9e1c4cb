//! The sales service against a real database: confirmation distributes,
//! reversal nets to zero, the ledger refuses edits, two approvers give one
//! distribution.

use std::sync::{Arc, Barrier};

use diesel::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use attain::db::commissions::{Entry, NewPlan, PlanRow};
use attain::db::sales::{NewSale, Sale};
use attain::db::schema::metric_events;
use attain::db::users::User;
use attain::error::AppError;

use crate::helpers::{TestApp, TestUser, spawn_app};
use attain::domain::sale_status::SaleStatus;

fn new_sale(partner: &TestUser, amount: Decimal, order: &str) -> NewSale {
    NewSale {
        partner_id: partner.id,
        partner_name: partner.name.clone(),
        partner_email: partner.email.clone(),
        title: "Water purifier".into(),
        description: None,
        amount,
        currency_code: "USD".into(),
        sales_date: chrono::Utc::now().date_naive(),
        category: Some("appliances".into()),
        product_type: Some("purifier".into()),
        sales_channel: "offline".into(),
        order_number: order.into(),
        order_code: None,
        registered_by: Some(partner.id),
    }
}

fn sponsor(app: &TestApp, user: i64, sponsor: i64) {
    app.edit_user(user, |p| p.sponsor_id = Some(sponsor));
}

fn user(conn: &mut PgConnection, id: i64) -> User {
    User::find(conn, id).unwrap()
}

/// A chain: seller → s1 → s2 → s3 → s4 (sponsors upward).
fn chain(app: &TestApp) -> Vec<TestUser> {
    let people: Vec<TestUser> = (0..5)
        .map(|i| app.create_user("rep", &format!("partner{i}@example.com")))
        .collect();
    for pair in people.windows(2) {
        sponsor(app, pair[0].id, pair[1].id);
    }
    people
}

fn plan(conn: &mut PgConnection, upline: &[&str], matching: Decimal, compression: bool) -> PlanRow {
    PlanRow::insert_next(
        conn,
        NewPlan {
            version: 0,
            direct_rates: serde_json::json!({}),
            default_direct_rate: dec!(0.10),
            upline_rates: serde_json::json!(upline),
            matching_rate: matching,
            max_depth: upline.len() as i32,
            compression,
            created_by: None,
        },
    )
    .unwrap()
}

fn limits(app: &TestApp, auto: Decimal, manager: Decimal) {
    app.approval_limits(auto, manager);
}

fn paid(entries: &[Entry]) -> Vec<(i64, String, i32, Decimal)> {
    entries
        .iter()
        .map(|e| (e.recipient_id, e.kind.clone(), e.level, e.amount))
        .collect()
}

#[actix_web::test]
async fn a_sale_at_or_below_the_limit_confirms_and_pays_up_the_chain() {
    let app = spawn_app().await;
    let people = chain(&app);
    let mut conn = app.conn();
    plan(&mut conn, &["0.05", "0.03", "0.02"], dec!(0.10), true);
    limits(&app, dec!(1000), dec!(5000));
    let sale =
        attain::sales::register(&mut conn, new_sale(&people[0], dec!(1000.00), "A-1")).unwrap();
    assert_eq!(sale.status, SaleStatus::Confirmed);
    let entries = Entry::for_sale(&mut conn, sale.id).unwrap();
    assert_eq!(
        paid(&entries),
        vec![
            (people[0].id, "direct".into(), 0, dec!(100.00)),
            (people[1].id, "upline".into(), 1, dec!(50.00)),
            (people[2].id, "upline".into(), 2, dec!(30.00)),
            (people[3].id, "upline".into(), 3, dec!(20.00)),
            (people[1].id, "matching".into(), 1, dec!(10.00)),
        ]
    );
    assert_eq!(sale.commission_total, Some(dec!(210.00)));
    assert_eq!(sale.commission_recipient_count, Some(4));
    assert!(sale.tree_snapshot.is_some());
    let revenue: Option<Decimal> = metric_events::table
        .filter(metric_events::user_id.eq(people[0].id))
        .filter(metric_events::source.eq("sale"))
        .select(diesel::dsl::sum(metric_events::value))
        .first(&mut conn)
        .unwrap();
    assert_eq!(revenue, Some(dec!(1001.00)), "revenue 1000 plus one deal");
}

#[actix_web::test]
async fn compression_skips_an_inactive_partner_and_moves_the_level_up() {
    let app = spawn_app().await;
    let people = chain(&app);
    let mut conn = app.conn();
    plan(&mut conn, &["0.05", "0.03"], dec!(0), true);
    app.deactivate_user(people[1].id);
    let sale =
        attain::sales::register(&mut conn, new_sale(&people[0], dec!(200.00), "C-1")).unwrap();
    let entries = Entry::for_sale(&mut conn, sale.id).unwrap();
    assert_eq!(
        paid(&entries),
        vec![
            (people[0].id, "direct".into(), 0, dec!(20.00)),
            (people[2].id, "upline".into(), 1, dec!(10.00)),
            (people[3].id, "upline".into(), 2, dec!(6.00)),
        ]
    );
}

#[actix_web::test]
async fn cancelling_a_confirmed_sale_reverses_every_entry_to_zero() {
    let app = spawn_app().await;
    let people = chain(&app);
    let admin = app.create_user("admin", "boss@example.com");
    let mut conn = app.conn();
    let sale =
        attain::sales::register(&mut conn, new_sale(&people[0], dec!(333.33), "R-1")).unwrap();
    let admin_user = user(&mut conn, admin.id);
    let cancelled =
        attain::sales::cancel(&mut conn, &admin_user, sale.id, "customer withdrew").unwrap();
    assert_eq!(cancelled.status, SaleStatus::Cancelled);
    let entries = Entry::for_sale(&mut conn, sale.id).unwrap();
    let originals = entries
        .iter()
        .filter(|e| e.reverses_entry_id.is_none())
        .count();
    let reversals = entries
        .iter()
        .filter(|e| e.reverses_entry_id.is_some())
        .count();
    assert!(originals > 0);
    assert_eq!(originals, reversals);
    assert_eq!(
        entries.iter().map(|e| e.amount).sum::<Decimal>(),
        Decimal::ZERO
    );
    let events: Option<Decimal> = metric_events::table
        .filter(metric_events::user_id.eq(people[0].id))
        .select(diesel::dsl::sum(metric_events::value))
        .first(&mut conn)
        .unwrap();
    assert_eq!(events, Some(dec!(0.00)));
    // A second cancel, or a refund of a cancelled sale, is a conflict.
    assert!(matches!(
        attain::sales::cancel(&mut conn, &admin_user, sale.id, "again"),
        Err(AppError::Conflict(_))
    ));
    assert!(matches!(
        attain::sales::refund(&mut conn, &admin_user, sale.id, "again"),
        Err(AppError::Conflict(_))
    ));
}

#[actix_web::test]
async fn a_refund_after_the_network_changed_reverses_what_was_paid() {
    let app = spawn_app().await;
    let people = chain(&app);
    let admin = app.create_user("admin", "boss@example.com");
    let mut conn = app.conn();
    let sale = attain::sales::register(&mut conn, new_sale(&people[0], dec!(500), "N-1")).unwrap();
    let before = Entry::for_sale(&mut conn, sale.id).unwrap();
    // The network changes: the seller moves under someone else, a plan changes.
    let stranger = app.create_user("rep", "stranger@example.com");
    sponsor(&app, people[0].id, stranger.id);
    plan(&mut conn, &["0.20"], dec!(0.5), false);
    let admin_user = user(&mut conn, admin.id);
    attain::sales::refund(&mut conn, &admin_user, sale.id, "returned").unwrap();
    let after = Entry::for_sale(&mut conn, sale.id).unwrap();
    for original in &before {
        let reversal = after
            .iter()
            .find(|e| e.reverses_entry_id == Some(original.id))
            .expect("every entry is reversed");
        assert_eq!(reversal.recipient_id, original.recipient_id);
        assert_eq!(reversal.amount, -original.amount);
    }
    assert!(after.iter().all(|e| e.recipient_id != stranger.id));
}

#[actix_web::test]
async fn the_database_refuses_to_update_or_delete_a_ledger_entry() {
    let app = spawn_app().await;
    let people = chain(&app);
    let mut conn = app.conn();
    let sale = attain::sales::register(&mut conn, new_sale(&people[0], dec!(100), "L-1")).unwrap();
    let update = diesel::sql_query(format!(
        "UPDATE commission_entries SET amount = 0 WHERE sale_id = {}",
        sale.id
    ))
    .execute(&mut conn);
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = diesel::sql_query(format!(
        "DELETE FROM commission_entries WHERE sale_id = {}",
        sale.id
    ))
    .execute(&mut conn);
    assert!(delete.unwrap_err().to_string().contains("append-only"));
}

#[actix_web::test]
async fn ledger_references_are_checked_and_referenced_rows_never_go_away() {
    let app = spawn_app().await;
    let people = chain(&app);
    let mut conn = app.conn();
    let sale = attain::sales::register(&mut conn, new_sale(&people[0], dec!(100), "R-1")).unwrap();
    let entry = |sale_id: i64, recipient: i64, plan: &str, reverses: &str| {
        format!(
            "INSERT INTO commission_entries (sale_id, recipient_id, kind, level, rate, base, amount,
                                             plan_id, plan_version, reverses_entry_id)
             VALUES ({sale_id}, {recipient}, 'direct', 0, 0.1, 100, 10, {plan}, 1, {reverses})"
        )
    };
    let plan = "(SELECT max(id) FROM commission_plans)";
    for (sql, message) in [
        (
            entry(sale.id + 1000, people[0].id, plan, "NULL"),
            "unknown sale",
        ),
        (
            entry(sale.id, people[0].id + 1000, plan, "NULL"),
            "unknown recipient",
        ),
        (entry(sale.id, people[0].id, "-1", "NULL"), "unknown plan"),
        (entry(sale.id, people[0].id, plan, "-1"), "unknown entry"),
        // Several lines in one statement: one sound line does not vouch
        // for the others (one sale and plan are looked up once).
        (
            format!(
                "{}, ({}, {}, 'upline', 1, 0.1, 100, 10, {plan}, 1, NULL)",
                entry(sale.id, people[0].id, plan, "NULL"),
                sale.id + 1000,
                people[0].id
            ),
            "unknown sale",
        ),
        (
            format!(
                "{}, ({}, {}, 'upline', 1, 0.1, 100, 10, {plan}, 1, NULL)",
                entry(sale.id, people[0].id, plan, "NULL"),
                sale.id,
                people[0].id + 1000
            ),
            "unknown recipient",
        ),
        (
            format!(
                "{}, ({}, {}, 'upline', 1, 0.1, 100, 10, -1, 1, NULL)",
                entry(sale.id, people[0].id, plan, "NULL"),
                sale.id,
                people[0].id
            ),
            "unknown plan",
        ),
    ] {
        let refused = diesel::sql_query(&sql).execute(&mut conn);
        assert!(
            refused.unwrap_err().to_string().contains(message),
            "{message}"
        );
    }
    let event = |user: String, metric: &str| {
        format!(
            "INSERT INTO metric_events (user_id, metric_id, value, occurred_on, source)
             VALUES ({user}, {metric}, 1, CURRENT_DATE, 'manual')"
        )
    };
    let revenue = "(SELECT id FROM metric_definitions WHERE key = 'revenue')";
    for (sql, message) in [
        (event("-1".into(), revenue), "unknown person"),
        (event(people[0].id.to_string(), "-1"), "unknown metric"),
    ] {
        let refused = diesel::sql_query(&sql).execute(&mut conn);
        assert!(
            refused.unwrap_err().to_string().contains(message),
            "{message}"
        );
    }
    // Who confirmed, under which plan, who acted: checked without locking
    // the (hot) referenced rows.
    let id = sale.id;
    for (sql, message) in [
        (
            format!("UPDATE sales SET confirmed_by = -1 WHERE id = {id}"),
            "confirmed by an unknown person",
        ),
        (
            format!("UPDATE sales SET plan_id = -1 WHERE id = {id}"),
            "unknown commission plan",
        ),
        (
            format!(
                "INSERT INTO sale_status_changes (sale_id, to_status, actor_id)
                 VALUES ({id}, 'cancelled', -1)"
            ),
            "sale_status_changes row by an unknown person",
        ),
        (
            "INSERT INTO audit_log (actor_id, action, entity, summary)
             VALUES (-1, 'edit', 'sale', 'x')"
                .to_string(),
            "audit_log row by an unknown person",
        ),
    ] {
        let refused = diesel::sql_query(&sql).execute(&mut conn);
        assert!(
            refused.unwrap_err().to_string().contains(message),
            "{message}"
        );
    }
    let actor = people[1].id;
    diesel::sql_query(format!(
        "INSERT INTO audit_log (actor_id, action, entity, summary) VALUES ({actor}, 'edit', 'sale', 'x')"
    ))
    .execute(&mut conn)
    .unwrap();
    for table in ["users", "sales", "commission_plans", "metric_definitions"] {
        let refused = diesel::sql_query(format!("DELETE FROM {table}")).execute(&mut conn);
        assert!(
            refused.unwrap_err().to_string().contains("never deleted"),
            "{table}"
        );
    }
}

#[actix_web::test]
async fn the_same_order_number_twice_for_a_partner_is_refused() {
    let app = spawn_app().await;
    let people = chain(&app);
    let mut conn = app.conn();
    attain::sales::register(&mut conn, new_sale(&people[0], dec!(10), "DUP")).unwrap();
    let again = attain::sales::register(&mut conn, new_sale(&people[0], dec!(10), "DUP"));
    match again {
        Err(AppError::Invalid(errors)) => assert!(errors.english("order_number").is_some()),
        other => panic!("expected a field error, got {other:?}"),
    }
    // Another partner may use the same number.
    attain::sales::register(&mut conn, new_sale(&people[1], dec!(10), "DUP")).unwrap();
}

#[actix_web::test]
async fn approval_respects_roles_subtrees_limits_and_self() {
    let app = spawn_app().await;
    let people = chain(&app);
    let manager = app.create_user("manager", "manager@example.com");
    let outsider = app.create_user("manager", "other.manager@example.com");
    let mut conn = app.conn();
    limits(&app, dec!(10), dec!(1000));
    app.team_of("North", manager.id, &[people[0].id, manager.id]);
    let big = attain::sales::register(&mut conn, new_sale(&people[0], dec!(5000), "BIG")).unwrap();
    let small =
        attain::sales::register(&mut conn, new_sale(&people[0], dec!(500), "SMALL")).unwrap();
    let own = attain::sales::register(
        &mut conn,
        NewSale {
            partner_id: manager.id,
            ..new_sale(&manager, dec!(500), "MINE")
        },
    )
    .unwrap();
    assert_eq!(small.status, SaleStatus::Pending);
    let rep = user(&mut conn, people[1].id);
    let manager_user = user(&mut conn, manager.id);
    let outsider_user = user(&mut conn, outsider.id);
    assert!(matches!(
        attain::sales::approve(&mut conn, &rep, small.id, None),
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        attain::sales::approve(&mut conn, &outsider_user, small.id, None),
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        attain::sales::approve(&mut conn, &manager_user, big.id, None),
        Err(AppError::Conflict(_))
    ));
    assert!(matches!(
        attain::sales::approve(&mut conn, &manager_user, own.id, None),
        Err(AppError::Conflict(_))
    ));
    let approved = attain::sales::approve(&mut conn, &manager_user, small.id, Some("ok")).unwrap();
    assert_eq!(approved.status, SaleStatus::Confirmed);
    assert_eq!(Sale::history(&mut conn, small.id).unwrap().len(), 2);
}

#[actix_web::test]
async fn two_approvals_at_the_same_instant_give_one_distribution() {
    let app = spawn_app().await;
    let people = chain(&app);
    let admin_a = app.create_user("admin", "a@example.com");
    let admin_b = app.create_user("admin", "b@example.com");
    let mut conn = app.conn();
    limits(&app, dec!(0), dec!(0));
    let url = app.database_url.clone();
    for round in 0..50 {
        let sale = attain::sales::register(
            &mut conn,
            new_sale(&people[0], dec!(100), &format!("RACE-{round}")),
        )
        .unwrap();
        let barrier = Arc::new(Barrier::new(2));
        let handles: Vec<_> = [admin_a.id, admin_b.id]
            .into_iter()
            .map(|admin| {
                let barrier = barrier.clone();
                let url = url.clone();
                std::thread::spawn(move || {
                    let mut conn = PgConnection::establish(&url).unwrap();
                    let actor = User::find(&mut conn, admin).unwrap();
                    barrier.wait();
                    attain::sales::approve(&mut conn, &actor, sale.id, None)
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let ok = results.iter().filter(|r| r.is_ok()).count();
        let conflicts = results
            .iter()
            .filter(|r| matches!(r, Err(AppError::Conflict(m)) if m.english().contains("already confirmed")))
            .count();
        assert_eq!((ok, conflicts), (1, 1), "round {round}: {results:?}");
        let originals = Entry::for_sale(&mut conn, sale.id).unwrap().len();
        assert_eq!(originals, 5, "round {round}: one distribution");
    }
}
