//! The demo's partner sales: about three months of orders over the sponsor
//! tree, written through the sales service as of the moment each happened
//! (`crate::sales::register_at` and friends), so the ledger, the network
//! snapshots and the reversals are what the product would have written then.
//! Small orders confirm themselves, larger ones were approved a day later by
//! the partner's manager (above the manager limit, by the admin), the last
//! days' wait in the queues, and a few were cancelled, rejected or refunded.

use std::collections::HashMap;

use anyhow::Context;
use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, TimeZone, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Timestamptz};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::history::noise;
use super::{ADMIN, PEOPLE, Person, SIGN_IN_REP, TEAMS};
use crate::db::organisation::Organisation;
use crate::db::sales::{CHANNELS, NewSale, Sale};
use crate::db::users::User;
use crate::domain::role::Role;
use crate::domain::sale_status::SaleStatus;

/// Days of sales before today.
const DAYS_BACK: u64 = 92;

/// (title, category, price in won).
type Product = (&'static str, &'static str, i64);

/// The catalogue. Prices sit below the auto-confirm
/// limit (₩500,000), between it and the manager's limit (₩10,000,000), or
/// above both.
const SMALL: [Product; 8] = [
    ("Red ginseng extract 240 g", "Health supplements", 189_000),
    ("Probiotics, 90-day pack", "Health supplements", 129_000),
    ("Collagen drink, 30 bottles", "Beauty", 96_000),
    ("Omega-3 family set", "Health supplements", 258_000),
    ("Vitamin C 1000, six months", "Health supplements", 78_000),
    ("Skin care starter kit", "Beauty", 342_000),
    ("Holiday gift box", "Gift sets", 450_000),
    ("Air purifier filter set", "Home", 215_000),
];
const MEDIUM: [Product; 5] = [
    ("Water purifier with installation", "Home", 1_890_000),
    ("Massage chair, rental deposit", "Home", 3_600_000),
    ("Corporate gift order, 40 boxes", "Gift sets", 7_200_000),
    (
        "Clinic supply contract, one quarter",
        "Corporate",
        5_400_000,
    ),
    ("Wellness retreat, group package", "Corporate", 2_450_000),
];
const LARGE: [Product; 2] = [
    ("Hotel chain amenity contract", "Corporate", 18_500_000),
    (
        "Hospital cafeteria supplement contract",
        "Corporate",
        12_800_000,
    ),
];

/// What became of a sale after it was registered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    /// Confirmed (by itself or by its approver), or left waiting when the
    /// approval would lie in the future.
    Kept,
    /// Waits for approval whatever its age.
    Waiting,
    Rejected,
    Cancelled,
    Refunded,
}

/// One order of the demo, before it is written.
struct Order {
    partner: &'static Person,
    day: NaiveDate,
    /// Minutes after 09:00 local when it was registered.
    minute: i64,
    title: &'static str,
    category: &'static str,
    amount: Decimal,
    fate: Fate,
    /// Days between registration and the reversal or rejection.
    after_days: u64,
}

/// The story every demo shows whatever the date: Kang Do-yun's statement
/// this month has his own sale, his downline's and a refund of last
/// month's, and steady sales of his own before; Park Ji-hoon has a sale of
/// his team to approve; the admin one above his limit. (partner, days
/// before today, catalogue entry, fate, days until the reversal.)
#[rustfmt::skip]
const STORY: [(&str, u64, Product, Fate, u64); 12] = [
    (SIGN_IN_REP, 0, SMALL[5], Fate::Kept, 0),
    ("jiwoo.cho", 0, SMALL[0], Fate::Kept, 0),
    ("seojun.yoon", 0, SMALL[3], Fate::Kept, 0),
    ("jimin.han", 18, SMALL[6], Fate::Refunded, 18),
    ("jiwoo.cho", 0, MEDIUM[4], Fate::Waiting, 0),
    ("hyunwoo.seo", 1, MEDIUM[3], Fate::Waiting, 0),
    ("daeun.kwon", 2, LARGE[0], Fate::Waiting, 0),
    ("subin.jang", 26, MEDIUM[1], Fate::Rejected, 1),
    (SIGN_IN_REP, 33, MEDIUM[0], Fate::Kept, 0),
    (SIGN_IN_REP, 9, SMALL[1], Fate::Kept, 0),
    (SIGN_IN_REP, 16, SMALL[3], Fate::Kept, 0),
    (SIGN_IN_REP, 24, SMALL[0], Fate::Kept, 0),
];

/// The orders: the story above, then a deterministic two or so a month per
/// active rep, none after yesterday.
fn orders(today: NaiveDate) -> Vec<Order> {
    let mut orders = Vec::new();
    for (local, back, (title, category, price), fate, after_days) in STORY {
        let partner = PEOPLE.iter().find(|p| p.local == local).expect("listed");
        orders.push(Order {
            partner,
            day: today - Days::new(back),
            minute: 0,
            title,
            category,
            amount: Decimal::from(price),
            fate,
            after_days,
        });
    }
    let first = today - Days::new(DAYS_BACK);
    for (index, partner) in PEOPLE.iter().enumerate() {
        if partner.role != Role::Rep || !partner.active {
            continue;
        }
        let mut day = first;
        while day < today {
            let key = (index as u64) << 32 | day.num_days_from_ce() as u64;
            let roll = noise(key);
            // About one working day in twelve brings an order.
            if roll.is_multiple_of(12) && day.weekday() != chrono::Weekday::Sun {
                let pick = (roll >> 8) % 100;
                let (title, category, price) = match pick {
                    0..=2 => LARGE[(roll >> 16) as usize % LARGE.len()],
                    3..=14 => MEDIUM[(roll >> 16) as usize % MEDIUM.len()],
                    _ => SMALL[(roll >> 16) as usize % SMALL.len()],
                };
                let fate = match (roll >> 24) % 40 {
                    0 | 1 => Fate::Refunded,
                    2 => Fate::Cancelled,
                    _ => Fate::Kept,
                };
                orders.push(Order {
                    partner,
                    day,
                    minute: ((roll >> 32) % 480) as i64,
                    title,
                    category,
                    amount: Decimal::from(price),
                    fate,
                    after_days: 3 + (roll >> 40) % 9,
                });
            }
            day = day + Days::new(1);
        }
    }
    orders
}

/// The local instant `minute` minutes after 09:00 on `day`, never later
/// than a minute ago (today's orders happen before the seed runs) nor
/// before that day's midnight.
fn instant(day: NaiveDate, minute: i64, tz: chrono_tz::Tz, now: DateTime<Utc>) -> DateTime<Utc> {
    let local = |time: chrono::NaiveDateTime| {
        tz.from_local_datetime(&time)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| time.and_utc())
    };
    let midnight = local(day.and_hms_opt(0, 0, 0).expect("a valid time"));
    let wanted = local(day.and_hms_opt(9, 0, 0).expect("a valid time")) + Duration::minutes(minute);
    wanted.min(now - Duration::minutes(1)).max(midnight)
}

/// Who approves, cancels or refunds a partner's sale: their team's manager,
/// or the admin above the manager's limit.
fn approver<'a>(
    partner: &Person,
    amount: Decimal,
    managers: &'a HashMap<&str, User>,
    admin: &'a User,
) -> &'a User {
    let team_manager = TEAMS
        .iter()
        .find(|t| Some(t.key) == partner.team)
        .and_then(|t| managers.get(t.manager));
    match team_manager {
        Some(manager) if amount <= dec!(10_000_000) => manager,
        _ => admin,
    }
}

/// What the seed wrote, for the tests and the log.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub sales: usize,
    pub pending: usize,
    pub reversed: usize,
}

/// Writes the demo's sales. Runs inside the demo's transaction, right
/// after the people, so the goals and snapshots written later count them.
pub(super) fn write(
    conn: &mut PgConnection,
    org: &Organisation,
    user_ids: &HashMap<&str, i64>,
    today: NaiveDate,
) -> anyhow::Result<Written> {
    let tz = crate::goals::sheets::tz_of(org);
    let now = Utc::now();
    let admin = User::find(conn, user_ids[ADMIN])?;
    let mut managers = HashMap::new();
    for team in &TEAMS {
        managers.insert(team.manager, User::find(conn, user_ids[team.manager])?);
    }
    let failed = |what: &str, e: crate::error::AppError| anyhow::anyhow!("demo {what}: {e}");
    let mut written = Written::default();
    let (mut ids, mut stamps) = (Vec::new(), Vec::new());
    for (n, order) in orders(today).into_iter().enumerate() {
        let partner_id = user_ids[order.partner.local];
        let channel = CHANNELS[(noise(n as u64) % 5) as usize];
        let new = NewSale {
            partner_id,
            partner_name: order.partner.name.to_string(),
            partner_email: super::email(order.partner.local),
            title: order.title.to_string(),
            description: None,
            amount: order.amount,
            currency_code: org.currency_code.clone(),
            sales_date: order.day,
            category: Some(order.category.to_string()),
            product_type: None,
            sales_channel: channel.to_string(),
            order_number: format!("HB-{}-{:04}", order.day.format("%y%m"), n + 1),
            order_code: None,
            registered_by: Some(partner_id),
        };
        let at = instant(order.day, order.minute, tz, now);
        let mut sale = crate::sales::register_at(conn, new, Some(at))
            .map_err(|e| failed("sale", e))
            .with_context(|| format!("{} on {}", order.partner.local, order.day))?;
        ids.push(sale.id);
        stamps.push(at);
        written.sales += 1;
        let actor = approver(order.partner, order.amount, &managers, &admin);
        let later = |days: u64| {
            let day = order.day + Days::new(days);
            (day <= today).then(|| instant(day, 30 + order.minute / 4, tz, now))
        };
        if sale.status == SaleStatus::Pending {
            // Approvers decide the next day; the admin's orders take two.
            let decided = if order.fate == Fate::Rejected {
                later(order.after_days)
            } else {
                later(if actor.id == admin.id { 2 } else { 1 })
            };
            match (order.fate, decided) {
                (Fate::Rejected, Some(at)) => {
                    let note = "Duplicate of an order already registered by the clinic.";
                    sale = crate::sales::reject_at(conn, actor, sale.id, note, Some(at))
                        .map_err(|e| failed("rejection", e))?;
                }
                (Fate::Waiting | Fate::Rejected, _) | (_, None) => {}
                (_, Some(at)) if at >= now - Duration::hours(1) => {}
                (_, Some(at)) => {
                    let note = "Order and payment checked.";
                    sale = crate::sales::approve_at(conn, actor, sale.id, Some(note), Some(at))
                        .map_err(|e| failed("approval", e))?;
                }
            }
        }
        if sale.status == SaleStatus::Confirmed {
            sale = reverse(conn, &order, sale, actor, later(order.after_days), now)?;
        }
        written.pending += usize::from(sale.status == SaleStatus::Pending);
        written.reversed += usize::from(sale.status.is_reversed());
    }
    // The service stamps a new row with the transaction's start; the demo's
    // orders were registered on their day.
    diesel::sql_query(
        "UPDATE sales SET created_at = t.at
         FROM unnest($1::bigint[], $2::timestamptz[]) AS t(id, at) WHERE sales.id = t.id",
    )
    .bind::<Array<BigInt>, _>(ids)
    .bind::<Array<Timestamptz>, _>(stamps)
    .execute(conn)?;
    Ok(written)
}

/// Cancels or refunds a confirmed sale as its fate says, when that day has
/// come (an order for today is refunded later today).
fn reverse(
    conn: &mut PgConnection,
    order: &Order,
    sale: Sale,
    actor: &User,
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> anyhow::Result<Sale> {
    let Some(at) = at.filter(|at| *at < now) else {
        return Ok(sale);
    };
    let failed = |e: crate::error::AppError| anyhow::anyhow!("demo reversal: {e}");
    Ok(match order.fate {
        Fate::Refunded => crate::sales::refund_at(
            conn,
            actor,
            sale.id,
            "The customer returned the product within 30 days.",
            Some(at),
        )
        .map_err(failed)?,
        Fate::Cancelled => crate::sales::cancel_at(
            conn,
            actor,
            sale.id,
            "The customer cancelled before delivery.",
            Some(at),
        )
        .map_err(failed)?,
        _ => sale,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn orders_span_three_months_and_never_lie_in_the_future() {
        let today = day(2026, 12, 4);
        let all = orders(today);
        assert!(all.len() >= 150, "{} orders", all.len());
        assert!(all.iter().all(|o| o.day <= today));
        let first = all.iter().map(|o| o.day).min().unwrap();
        assert!(first <= today - Days::new(85), "{first}");
        // Every catalogue price has whole won.
        assert!(all.iter().all(|o| o.amount.fract().is_zero()));
        // Mostly small orders; some need a manager, a few the admin.
        let small = all.iter().filter(|o| o.amount <= dec!(500_000)).count();
        let large = all.iter().filter(|o| o.amount > dec!(10_000_000)).count();
        assert!(small * 10 > all.len() * 7, "{small} of {}", all.len());
        assert!(large >= 2);
    }

    #[test]
    fn the_story_gives_each_queue_a_row_and_the_rep_a_refund() {
        let gangnam_waiting = STORY.iter().any(|(local, _, (_, _, price), fate, _)| {
            *fate == Fate::Waiting
                && *price > 500_000
                && *price <= 10_000_000
                && PEOPLE.iter().find(|p| p.local == *local).unwrap().team
                    == Some(super::super::TeamKey::Gangnam)
        });
        assert!(gangnam_waiting, "the demo manager has a sale to approve");
        assert!(
            STORY
                .iter()
                .any(|(_, _, (_, _, price), fate, _)| *fate == Fate::Waiting
                    && *price > 10_000_000)
        );
        // Refunded today, a sale of last month.
        assert!(
            STORY
                .iter()
                .any(|(_, back, _, fate, after)| *fate == Fate::Refunded && back == after)
        );
    }

    #[test]
    fn instants_stay_within_their_day_and_before_now() {
        let tz = chrono_tz::Asia::Seoul;
        let now = tz
            .with_ymd_and_hms(2026, 12, 4, 0, 20, 0)
            .unwrap()
            .with_timezone(&Utc);
        let early = instant(day(2026, 12, 4), 60, tz, now);
        assert!(early < now);
        assert_eq!(early.with_timezone(&tz).date_naive(), day(2026, 12, 4));
        let past = instant(day(2026, 12, 1), 90, tz, now);
        assert_eq!(past.with_timezone(&tz).format("%H:%M").to_string(), "10:30");
    }
}
