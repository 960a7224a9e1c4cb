//! Payout runs against a real database: a run settles open lines once, a
//! clawback after payment is deducted from the next run, the settled links
//! refuse edits, bad requests write nothing, two admins approving or paying
//! at once give one payment, and the money invariant holds over random
//! histories of sales, reversals and runs.

use std::collections::BTreeMap;
use std::sync::{Arc, Barrier};

use chrono::{Datelike, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Numeric};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use attain::db::payouts::{PayoutLine, PayoutRun};
use attain::db::sales::{NewSale, Sale};
use attain::db::users::User;
use attain::domain::payout::PayoutStatus;
use attain::error::AppError;

use crate::helpers::{TestApp, TestUser, spawn_app};

pub(crate) fn new_sale(partner: &TestUser, amount: Decimal, order: &str) -> NewSale {
    NewSale {
        partner_id: partner.id,
        partner_name: partner.name.clone(),
        partner_email: partner.email.clone(),
        title: "Water purifier".into(),
        description: None,
        amount,
        currency_code: "USD".into(),
        sales_date: Utc::now().date_naive(),
        category: None,
        product_type: None,
        sales_channel: "offline".into(),
        order_number: order.into(),
        order_code: None,
        registered_by: Some(partner.id),
    }
}

/// seller → s1 → s2 (sponsors upward), everything confirms on
/// registration, and an admin.
pub(crate) fn setup(app: &TestApp) -> (Vec<TestUser>, User) {
    let people: Vec<TestUser> = (0..3)
        .map(|i| app.create_user("rep", &format!("payee{i}@example.com")))
        .collect();
    for pair in people.windows(2) {
        let (user, sponsor) = (pair[0].id, pair[1].id);
        app.edit_user(user, |p| p.sponsor_id = Some(sponsor));
    }
    app.approval_limits(dec!(1000000), dec!(1000000));
    let admin = app.create_user("admin", "payer@example.com");
    let admin = User::find(&mut app.conn(), admin.id).unwrap();
    (people, admin)
}

pub(crate) fn this_month() -> NaiveDate {
    Utc::now().date_naive().with_day(1).unwrap()
}

pub(crate) fn sell(
    conn: &mut PgConnection,
    partner: &TestUser,
    amount: Decimal,
    order: &str,
) -> Sale {
    attain::sales::register(conn, new_sale(partner, amount, order)).unwrap()
}

/// Per partner: (sum of ledger lines, paid in paid runs, open balance =
/// lines not settled by a paid run), each from its own query.
fn money(conn: &mut PgConnection) -> BTreeMap<i64, (Decimal, Decimal, Decimal)> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = BigInt)]
        partner: i64,
        #[diesel(sql_type = Numeric)]
        ledger: Decimal,
        #[diesel(sql_type = Numeric)]
        paid: Decimal,
        #[diesel(sql_type = Numeric)]
        open: Decimal,
    }
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT p.partner,
                (SELECT COALESCE(sum(amount), 0) FROM commission_entries
                  WHERE recipient_id = p.partner) AS ledger,
                (SELECT COALESCE(sum(l.amount), 0) FROM payout_lines l
                  JOIN payout_runs r ON r.id = l.run_id
                  WHERE l.partner_id = p.partner AND r.status = 'paid') AS paid,
                (SELECT COALESCE(sum(e.amount), 0) FROM commission_entries e
                  WHERE e.recipient_id = p.partner AND NOT EXISTS (
                      SELECT 1 FROM payout_items i
                      JOIN payout_lines l ON l.id = i.payout_line_id
                      JOIN payout_runs r ON r.id = l.run_id
                      WHERE i.entry_id = e.id AND r.status = 'paid')) AS open
         FROM (SELECT DISTINCT recipient_id AS partner FROM commission_entries) p",
    )
    .load(conn)
    .unwrap();
    rows.into_iter()
        .map(|r| (r.partner, (r.ledger, r.paid, r.open)))
        .collect()
}

fn balance(conn: &mut PgConnection, partner: i64) -> Decimal {
    money(conn).get(&partner).map(|m| m.2).unwrap_or_default()
}

fn run_line(conn: &mut PgConnection, run: i64, partner: i64) -> Option<PayoutLine> {
    PayoutLine::of_run(conn, run)
        .unwrap()
        .into_iter()
        .map(|n| n.line)
        .find(|l| l.partner_id == partner)
}

#[actix_web::test]
async fn a_clawback_after_payment_is_deducted_from_the_next_run() {
    let app = spawn_app().await;
    let (people, admin) = setup(&app);
    let mut conn = app.conn();
    let seller = &people[0];
    // 10% direct of 500 = 50.00 to the seller.
    let first = sell(&mut conn, seller, dec!(500), "P-1");
    let run = attain::payouts::create_run(&mut conn, &admin, this_month()).unwrap();
    assert_eq!(run.status, PayoutStatus::Draft);
    assert_eq!(
        run_line(&mut conn, run.id, seller.id).unwrap().amount,
        dec!(50.00)
    );
    attain::payouts::approve(&mut conn, &admin, run.id).unwrap();
    let paid = attain::payouts::mark_paid(&mut conn, &admin, run.id).unwrap();
    assert_eq!(paid.status, PayoutStatus::Paid);
    assert_eq!(paid.paid_by, Some(admin.id));
    assert_eq!(balance(&mut conn, seller.id), dec!(0));

    // The refund after payment takes the 50.00 back: the balance goes
    // negative, and a run now has nothing to pay the seller.
    attain::sales::refund(&mut conn, &admin, first.id, "returned").unwrap();
    assert_eq!(balance(&mut conn, seller.id), dec!(-50.00));
    let only_uplines = attain::payouts::create_run(&mut conn, &admin, this_month());
    if let Ok(run) = &only_uplines {
        assert!(run_line(&mut conn, run.id, seller.id).is_none());
    }
    assert_eq!(
        balance(&mut conn, seller.id),
        dec!(-50.00),
        "carried, not lost"
    );

    // A new sale of 800 earns 80.00; the next run pays 80.00 - 50.00.
    sell(&mut conn, seller, dec!(800), "P-2");
    let next = attain::payouts::create_run(&mut conn, &admin, this_month()).unwrap();
    let line = run_line(&mut conn, next.id, seller.id).unwrap();
    assert_eq!(
        (line.earned, line.recovered, line.amount),
        (dec!(80.00), dec!(50.00), dec!(30.00))
    );
    attain::payouts::approve(&mut conn, &admin, next.id).unwrap();
    attain::payouts::mark_paid(&mut conn, &admin, next.id).unwrap();
    assert_eq!(balance(&mut conn, seller.id), dec!(0));
    for (partner, (ledger, paid, open)) in money(&mut conn) {
        assert_eq!(paid + open, ledger, "partner {partner}");
    }

    // The statement shows each figure of the month.
    let figures = attain::payouts::statement::load(&mut conn, &admin, seller.id, this_month())
        .unwrap()
        .figures;
    assert_eq!(figures.earned, dec!(130.00));
    assert_eq!(figures.reversed, dec!(50.00));
    assert_eq!(figures.recovered, dec!(50.00));
    assert_eq!(figures.paid, dec!(80.00));
    assert_eq!(figures.closing, dec!(0));
}

#[actix_web::test]
async fn the_minimum_carries_small_balances_forward() {
    let app = spawn_app().await;
    let (people, admin) = setup(&app);
    let mut conn = app.conn();
    attain::payouts::settings::save(&mut conn, &admin, dec!(40), 0).unwrap();
    sell(&mut conn, &people[0], dec!(300), "M-1");
    // 30.00 is below 40: nothing for the seller yet (the uplines earn
    // less still, so the month has nothing to pay at all).
    let refused = attain::payouts::create_run(&mut conn, &admin, this_month()).unwrap_err();
    assert!(
        matches!(&refused, AppError::Invalid(e) if e.has("month")),
        "{refused:?}"
    );
    sell(&mut conn, &people[0], dec!(200), "M-2");
    let run = attain::payouts::create_run(&mut conn, &admin, this_month()).unwrap();
    let line = run_line(&mut conn, run.id, people[0].id).unwrap();
    assert_eq!((line.amount, line.line_count), (dec!(50.00), 2));
}

#[actix_web::test]
async fn a_holdback_keeps_young_lines_waiting() {
    let app = spawn_app().await;
    let (people, admin) = setup(&app);
    let mut conn = app.conn();
    attain::payouts::settings::save(&mut conn, &admin, dec!(0), 14).unwrap();
    sell(&mut conn, &people[0], dec!(300), "H-1");
    let refused = attain::payouts::create_run(&mut conn, &admin, this_month()).unwrap_err();
    assert!(matches!(refused, AppError::Invalid(_)));
    assert_eq!(count(&mut conn, "payout_runs"), 0);
}

pub(crate) fn count(conn: &mut PgConnection, table: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    diesel::sql_query(format!("SELECT count(*) AS n FROM {table}"))
        .get_result::<N>(conn)
        .unwrap()
        .n
}

#[actix_web::test]
async fn bad_requests_are_refused_and_write_nothing() {
    let app = spawn_app().await;
    let (people, admin) = setup(&app);
    let mut conn = app.conn();
    let rep = User::find(&mut conn, people[0].id).unwrap();

    // An empty month.
    let empty = attain::payouts::create_run(&mut conn, &admin, this_month()).unwrap_err();
    assert!(
        matches!(&empty, AppError::Invalid(e) if e.english("month").unwrap().contains("nothing")),
        "{empty:?}"
    );
    // A month that has not begun.
    let later = this_month() + chrono::Months::new(1);
    let future = attain::payouts::create_run(&mut conn, &admin, later).unwrap_err();
    assert!(matches!(future, AppError::Invalid(_)));
    sell(&mut conn, &people[0], dec!(100), "B-1");
    // Not an admin.
    let forbidden = attain::payouts::create_run(&mut conn, &rep, this_month()).unwrap_err();
    assert!(matches!(forbidden, AppError::Forbidden));
    assert_eq!(count(&mut conn, "payout_runs"), 0);

    let run = attain::payouts::create_run(&mut conn, &admin, this_month()).unwrap();
    // CSV of a draft, paying a draft, a rep approving.
    let csv = attain::payouts::export::run_csv(&mut conn, &admin, run.id).unwrap_err();
    assert!(matches!(csv, AppError::Conflict(_)));
    let unapproved = attain::payouts::mark_paid(&mut conn, &admin, run.id).unwrap_err();
    assert!(
        matches!(&unapproved, AppError::Conflict(m) if m.english().contains("Approve")),
        "{unapproved:?}"
    );
    let by_rep = attain::payouts::approve(&mut conn, &rep, run.id).unwrap_err();
    assert!(matches!(by_rep, AppError::Forbidden));
    assert_eq!(
        PayoutRun::find(&mut conn, run.id).unwrap().status,
        PayoutStatus::Draft
    );
    // Approving twice.
    attain::payouts::approve(&mut conn, &admin, run.id).unwrap();
    let twice = attain::payouts::approve(&mut conn, &admin, run.id).unwrap_err();
    assert!(
        matches!(&twice, AppError::Conflict(m) if m.english().contains("already approved")),
        "{twice:?}"
    );
    // An unknown run.
    let missing = attain::payouts::approve(&mut conn, &admin, run.id + 100).unwrap_err();
    assert!(matches!(missing, AppError::NotFound));

    // The CSV of an approved run: a header and one row per partner.
    let (name, text) = attain::payouts::export::run_csv(&mut conn, &admin, run.id).unwrap();
    assert!(name.ends_with(".csv"));
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows[0], attain::payouts::export::COLUMNS.join(","));
    let lines = PayoutLine::of_run(&mut conn, run.id).unwrap();
    assert_eq!(rows.len(), 1 + lines.len());
    let seller_row = rows
        .iter()
        .find(|r| r.contains(&people[0].email))
        .expect("the seller's row");
    assert!(seller_row.contains(",10.00,USD,"), "{seller_row}");
}

#[actix_web::test]
async fn settled_links_and_payout_lines_refuse_update_and_delete() {
    let app = spawn_app().await;
    let (people, admin) = setup(&app);
    let mut conn = app.conn();
    sell(&mut conn, &people[0], dec!(100), "L-1");
    let run = attain::payouts::create_run(&mut conn, &admin, this_month()).unwrap();
    for statement in [
        "UPDATE payout_items SET amount = amount + 1",
        "DELETE FROM payout_items",
        "TRUNCATE payout_items CASCADE",
        "UPDATE payout_lines SET amount = amount + 1, earned = earned + 1",
        "DELETE FROM payout_lines",
        "DELETE FROM payout_runs",
        "UPDATE payout_runs SET total = total + 1",
        "UPDATE payout_runs SET status = 'paid', paid_at = now(), paid_by = created_by",
    ] {
        let refused = diesel::sql_query(statement).execute(&mut conn);
        assert!(refused.is_err(), "{statement} was allowed");
    }
    attain::payouts::approve(&mut conn, &admin, run.id).unwrap();
    let back = diesel::sql_query(
        "UPDATE payout_runs SET status = 'draft', approved_at = NULL, approved_by = NULL",
    )
    .execute(&mut conn);
    assert!(back.is_err(), "a run moved back to draft");
    // A line settled once cannot be settled again.
    let line = run_line(&mut conn, run.id, people[0].id).unwrap();
    let entry: i64 = attain::db::schema::payout_items::table
        .filter(attain::db::schema::payout_items::payout_line_id.eq(line.id))
        .select(attain::db::schema::payout_items::entry_id)
        .first(&mut conn)
        .unwrap();
    let again = conn.transaction(|conn| PayoutLine::settle(conn, line.id, &[entry]));
    assert!(again.is_err());
}

/// Two admins approving, then two paying, the same run at the same
/// instant: one succeeds each time, the other is told it already happened,
/// and the run is paid once.
#[actix_web::test]
async fn two_admins_at_once_give_one_approval_and_one_payment() {
    let app = spawn_app().await;
    let (people, admin_a) = setup(&app);
    let admin_b = app.create_user("admin", "payer-b@example.com").id;
    let mut conn = app.conn();
    let url = app.database_url.clone();
    for round in 0..25 {
        sell(&mut conn, &people[0], dec!(100), &format!("R-{round}"));
        let run = attain::payouts::create_run(&mut conn, &admin_a, this_month()).unwrap();
        for step in [PayoutStatus::Draft, PayoutStatus::Approved] {
            let barrier = Arc::new(Barrier::new(2));
            let handles: Vec<_> = [admin_a.id, admin_b]
                .into_iter()
                .map(|admin| {
                    let barrier = barrier.clone();
                    let url = url.clone();
                    std::thread::spawn(move || {
                        let mut conn = PgConnection::establish(&url).unwrap();
                        let actor = User::find(&mut conn, admin).unwrap();
                        barrier.wait();
                        match step {
                            PayoutStatus::Draft => {
                                attain::payouts::approve(&mut conn, &actor, run.id)
                            }
                            _ => attain::payouts::mark_paid(&mut conn, &actor, run.id),
                        }
                    })
                })
                .collect();
            let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
            let ok = results.iter().filter(|r| r.is_ok()).count();
            let conflicts = results
                .iter()
                .filter(
                    |r| matches!(r, Err(AppError::Conflict(m)) if m.english().contains("already")),
                )
                .count();
            assert_eq!((ok, conflicts), (1, 1), "round {round} {step}: {results:?}");
        }
        let paid = PayoutRun::find(&mut conn, run.id).unwrap();
        assert_eq!(paid.status, PayoutStatus::Paid);
        let payments: i64 = attain::db::schema::audit_log::table
            .filter(attain::db::schema::audit_log::entity.eq("payout_run"))
            .filter(attain::db::schema::audit_log::entity_id.eq(run.id))
            .filter(attain::db::schema::audit_log::action.eq("paid"))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(payments, 1, "round {round}: one payment");
    }
}

/// A step of the random history the database runs.
#[derive(Debug, Clone)]
enum Step {
    Sell(usize, i64),
    Refund(usize),
    Cancel(usize),
    /// Create a run with this minimum, then take it this far (0 draft,
    /// 1 approved, 2 paid).
    Run(i64, u8),
    /// The recipient of the n-th sale's k-th line questions it and an admin
    /// resolves it at what it pays now plus this many cents (up or down,
    /// never below zero): an adjustment line through the real service.
    Dispute(usize, usize, i64),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0usize..3, 1i64..200_000).prop_map(|(p, c)| Step::Sell(p, c)),
        1 => (0usize..12).prop_map(Step::Refund),
        1 => (0usize..12).prop_map(Step::Cancel),
        2 => (0i64..3_000, 0u8..3).prop_map(|(m, s)| Step::Run(m, s)),
        2 => (0usize..12, 0usize..4, -20_000i64..20_000)
            .prop_map(|(n, k, c)| Step::Dispute(n, k, c)),
    ]
}

/// The money invariant against the real tables and services, each case in
/// a transaction that is rolled back (so time stands still inside a case:
/// no holdback here; the pure model in `domain::payout` covers holdbacks
/// and adjustments over 2,000 cases). Dispute adjustments, up and down,
/// come from the dispute service itself.
#[actix_web::test]
async fn the_money_invariant_holds_in_the_database_over_random_histories() {
    let app = spawn_app().await;
    let (people, admin) = setup(&app);
    let conn = app.conn();
    let cases: u32 = std::env::var("PAYOUT_DB_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(cases));
    let case = std::cell::Cell::new(0u32);
    let conn = std::cell::RefCell::new(conn);
    runner
        .run(&prop::collection::vec(step(), 1..14), |steps| {
            case.set(case.get() + 1);
            let mut outcome = Ok(());
            let _ = conn
                .borrow_mut()
                .transaction::<(), diesel::result::Error, _>(|conn| {
                    outcome = history(conn, &people, &admin, case.get(), &steps);
                    Err(diesel::result::Error::RollbackTransaction)
                });
            outcome
        })
        .unwrap();
}

fn history(
    conn: &mut PgConnection,
    people: &[TestUser],
    admin: &User,
    case: u32,
    steps: &[Step],
) -> Result<(), TestCaseError> {
    let mut sales: Vec<i64> = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        match step {
            Step::Sell(p, cents) => {
                let order = format!("INV-{case}-{i}");
                let sale = sell(conn, &people[*p], Decimal::new(*cents, 2), &order);
                sales.push(sale.id);
            }
            Step::Refund(n) | Step::Cancel(n) => {
                if let Some(&sale) = sales.get(*n) {
                    let _ = match step {
                        Step::Refund(_) => attain::sales::refund(conn, admin, sale, "r"),
                        _ => attain::sales::cancel(conn, admin, sale, "c"),
                    };
                }
            }
            Step::Dispute(n, k, cents) => {
                let Some(&sale) = sales.get(*n) else { continue };
                let originals: Vec<attain::db::commissions::Entry> =
                    attain::db::commissions::Entry::for_sale(conn, sale)
                        .unwrap()
                        .into_iter()
                        .filter(|e| e.reverses_entry_id.is_none() && e.dispute_id.is_none())
                        .collect();
                let Some(line) = originals.get(k % originals.len().max(1)) else {
                    continue;
                };
                let partner = User::find(conn, line.recipient_id).unwrap();
                let dispute =
                    match attain::payouts::disputes::open(conn, &partner, line.id, "why", None) {
                        Ok(dispute) => dispute,
                        // A refunded or cancelled sale: nothing to adjust.
                        Err(AppError::Conflict(_)) => continue,
                        Err(e) => return Err(TestCaseError::fail(format!("{e:?}"))),
                    };
                let now: Decimal = line.amount
                    + attain::db::disputes::adjustments_of_line(conn, line.id)
                        .unwrap()
                        .iter()
                        .map(|e| e.amount)
                        .sum::<Decimal>();
                let should = (now + Decimal::new(*cents, 2)).max(Decimal::ZERO);
                let (_, adjustment) =
                    attain::payouts::disputes::resolve(conn, admin, dispute.id, "settled", should)
                        .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                prop_assert_eq!(
                    adjustment.map(|a| a.amount),
                    Some(should - now).filter(|d| !d.is_zero())
                );
            }
            Step::Run(minimum, how_far) => {
                attain::payouts::settings::save(conn, admin, Decimal::new(*minimum, 2), 0)
                    .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                let before = money(conn);
                match attain::payouts::create_run(conn, admin, this_month()) {
                    Ok(run) => {
                        for named in PayoutLine::of_run(conn, run.id).unwrap() {
                            let line = named.line;
                            let open = before
                                .get(&line.partner_id)
                                .map(|m| m.2)
                                .unwrap_or_default();
                            prop_assert!(line.amount > Decimal::ZERO);
                            prop_assert!(
                                line.amount <= open,
                                "paid {} from a balance of {}",
                                line.amount,
                                open
                            );
                        }
                        if *how_far >= 1 {
                            attain::payouts::approve(conn, admin, run.id).unwrap();
                        }
                        if *how_far >= 2 {
                            attain::payouts::mark_paid(conn, admin, run.id).unwrap();
                        }
                    }
                    Err(AppError::Invalid(_)) => {}
                    Err(e) => return Err(TestCaseError::fail(format!("{e:?}"))),
                }
            }
        }
        for (partner, (ledger, paid, open)) in money(conn) {
            prop_assert_eq!(paid + open, ledger, "partner {} after {:?}", partner, step);
        }
        // Every payout line is exactly the lines it settles.
        #[derive(QueryableByName)]
        struct Bad {
            #[diesel(sql_type = BigInt)]
            n: i64,
        }
        let bad = diesel::sql_query(
            "SELECT count(*) AS n FROM payout_lines l
                         WHERE l.amount <> (SELECT COALESCE(sum(i.amount), 0) FROM payout_items i
                                            WHERE i.payout_line_id = l.id)",
        )
        .get_result::<Bad>(conn)
        .unwrap();
        prop_assert_eq!(bad.n, 0);
    }
    Ok(())
}

#[actix_web::test]
async fn the_pages_make_approve_pay_and_export_a_run_and_statements_stay_private() {
    let app = spawn_app().await;
    let (people, _) = setup(&app);
    let mut conn = app.conn();
    sell(&mut conn, &people[0], dec!(500), "W-1");
    let admin_user = TestUser {
        id: User::find_by_email(&mut conn, "payer@example.com")
            .unwrap()
            .unwrap()
            .id,
        email: "payer@example.com".into(),
        name: "Payer".into(),
    };
    let admin = app.signed_in(&admin_user).await;
    let month = this_month().format("%Y-%m").to_string();

    // A bad month is a 422 with the message beside the field.
    let bad = admin
        .post_form("/admin/payouts", &[("month", "March")])
        .await;
    assert_eq!(bad.status().as_u16(), 422);
    assert_eq!(count(&mut conn, "payout_runs"), 0);

    let made = admin
        .post_form("/admin/payouts", &[("month", &month)])
        .await;
    assert_eq!(made.status().as_u16(), 303);
    let location = crate::helpers::location(&made);
    let (status, page) = admin.get_text(&location).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&people[0].name),
        "the seller's line is listed"
    );
    // No CSV while it is a draft.
    let csv = admin.get(&format!("{location}/csv")).await;
    assert_eq!(csv.status().as_u16(), 409);
    for step in ["approve", "pay"] {
        let done = admin.post_form(&format!("{location}/{step}"), &[]).await;
        assert_eq!(done.status().as_u16(), 303, "{step}");
    }
    // Paying twice is refused.
    let again = admin.post_form(&format!("{location}/pay"), &[]).await;
    assert_eq!(again.status().as_u16(), 409);
    let csv = admin.get(&format!("{location}/csv")).await;
    assert_eq!(csv.status().as_u16(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = csv.text().await.unwrap();
    assert!(text.contains(&people[0].email) && text.contains(",50.00,"));

    // The seller reads their statement; another partner may not.
    let seller = app.signed_in(&people[0]).await;
    let (status, page) = seller
        .get_text(&format!("/payouts/statement?month={month}"))
        .await;
    assert_eq!(status, 200);
    let paid = page
        .split("data-figure=\"paid\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_default();
    assert!(paid.contains("50.00"), "paid: {paid}");
    let other = app.signed_in(&people[1]).await;
    let (status, _) = other
        .get_text(&format!(
            "/payouts/statement?month={month}&partner={}",
            people[0].id
        ))
        .await;
    assert_eq!(status, 404);
}
