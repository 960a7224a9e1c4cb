//! `GET /commissions`: the viewer's commission statement for one month of
//! the organisation's calendar — every ledger line paid to them (earned)
//! or taken back (reversed) in that month, per sale and kind.

use std::collections::{BTreeMap, HashSet};

use actix_web::http::StatusCode;
use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;
use rust_decimal::Decimal;
use serde::Deserialize;

use super::{kind_label, month_param, sale_status_class, sale_status_label, shift_month};
use crate::auth::CurrentUser;
use crate::db::DbPool;
use crate::db::commissions::Entry;
use crate::db::users::User;
use crate::domain::period_query::parse_month;
use crate::error::FieldMessages;
use crate::i18n::{Key, Lang};
use crate::sales::statement::{SaleFacts, load};
use crate::web::error::{AppError, FieldErrors};
use crate::web::format::Fmt;
use crate::web::layout::Layout;
use crate::web::respond::{WithStatus, with_status};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MonthQuery {
    month: String,
}

/// Earned and reversed amounts of one sale and kind.
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sums {
    pub earned: Decimal,
    pub reversed: Decimal,
}

impl Sums {
    fn add(&mut self, amount: Decimal) {
        if amount.is_sign_negative() {
            self.reversed += amount;
        } else {
            self.earned += amount;
        }
    }

    pub fn net(&self) -> Decimal {
        self.earned + self.reversed
    }
}

/// Sums per (sale, kind) and overall. Grouping by the kind's text keeps
/// direct, upline and matching apart; a reversal has the kind of its entry.
pub fn group(entries: &[Entry]) -> (BTreeMap<(i64, String), Sums>, Sums) {
    let mut groups: BTreeMap<(i64, String), Sums> = BTreeMap::new();
    let mut overall = Sums::default();
    for entry in entries {
        groups
            .entry((entry.sale_id, entry.kind.clone()))
            .or_default()
            .add(entry.amount);
        overall.add(entry.amount);
    }
    (groups, overall)
}

pub struct Row {
    /// Only on the first row of a sale.
    pub sale: Option<SaleCell>,
    pub kind: String,
    pub earned: String,
    pub reversed: String,
    pub net: String,
}

pub struct SaleCell {
    pub id: i64,
    pub title: String,
    pub order_number: String,
    pub partner: String,
    pub date: String,
    pub status_label: String,
    pub status_class: &'static str,
    /// Whether the viewer may open the sale's page.
    pub linked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "sales/statement.html")]
pub struct StatementPage {
    layout: Layout,
    lang: Lang,
    month_label: String,
    month: String,
    previous_month: String,
    next_month: Option<String>,
    is_this_month: bool,
    has_errors: bool,
    errors: FieldMessages,
    earned: String,
    reversed: String,
    net: String,
    sale_count: usize,
    rows: Vec<Row>,
}

fn rows(
    f: &Fmt,
    viewer: &User,
    groups: &BTreeMap<(i64, String), Sums>,
    facts: Vec<SaleFacts>,
    open: &HashSet<i64>,
) -> Vec<Row> {
    let mut facts = facts;
    // Newest sales first; within a sale, direct, upline, matching.
    facts.sort_by_key(|f| std::cmp::Reverse((f.sales_date, f.id)));
    let kind_order = ["direct", "upline", "matching", "adjustment"];
    let mut rows = Vec::new();
    for sale in facts {
        let mut kinds: Vec<(&String, &Sums)> = groups
            .range((sale.id, String::new())..(sale.id + 1, String::new()))
            .map(|((_, kind), sums)| (kind, sums))
            .collect();
        kinds.sort_by_key(|(kind, _)| {
            kind_order
                .iter()
                .position(|k| k == kind)
                .unwrap_or(kind_order.len())
        });
        let mut cell = Some(SaleCell {
            id: sale.id,
            title: sale.title,
            order_number: sale.order_number,
            partner: if sale.partner_id == viewer.id {
                f.lang.t("sale-statement-you")
            } else {
                sale.partner_name
            },
            date: f.day(sale.sales_date),
            status_label: sale_status_label(f.lang, sale.status),
            status_class: sale_status_class(sale.status),
            linked: open.contains(&sale.partner_id),
        });
        for (kind, sums) in kinds {
            rows.push(Row {
                sale: cell.take(),
                kind: kind_label(f.lang, kind),
                earned: f.money(sums.earned),
                reversed: f.money(sums.reversed),
                net: f.money(sums.net()),
            });
        }
    }
    rows
}

/// `GET /commissions`
pub async fn index(
    pool: web::Data<DbPool>,
    current: CurrentUser,
    query: web::Query<MonthQuery>,
) -> Result<WithStatus<StatementPage>, AppError> {
    let org = current.org.clone();
    let f = current.fmt();
    let lang = f.lang;
    let today = crate::goals::progress::org_today(&org);
    let this_month = crate::domain::period::Period::month_containing(today).start;
    let mut errors = FieldErrors::new();
    let month_start = match query.month.trim() {
        "" => this_month,
        text => parse_month(text).unwrap_or_else(|| {
            errors.add("month", Key("sale-period-bad-month"));
            this_month
        }),
    };
    let viewer = current.user.clone();
    let (entries, facts, open) = {
        let org = org.clone();
        let viewer = viewer.clone();
        crate::web::db(&pool, move |conn| {
            Ok(load(
                conn,
                crate::web::format::zone(&org),
                &viewer,
                month_start,
            )?)
        })
        .await?
    };
    let (groups, overall) = group(&entries);
    let sale_count = facts.len();
    let next = shift_month(month_start, true);
    let page = StatementPage {
        layout: current.layout_t("sale-statement-title"),
        lang,
        month_label: f.month(month_start),
        month: month_param(month_start),
        previous_month: month_param(shift_month(month_start, false)),
        next_month: (next <= today).then(|| month_param(next)),
        is_this_month: month_start == this_month,
        earned: f.money(overall.earned),
        reversed: f.money(overall.reversed),
        net: f.money(overall.net()),
        sale_count,
        rows: rows(&f, &viewer, &groups, facts, &open),
        has_errors: !errors.is_empty(),
        errors: errors.shown(lang),
    };
    let status = if !page.has_errors {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(with_status(page, status))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn entry(id: i64, sale: i64, kind: &str, amount: Decimal, reverses: Option<i64>) -> Entry {
        Entry {
            id,
            sale_id: sale,
            recipient_id: 1,
            kind: kind.into(),
            level: 0,
            rate: dec!(0.1),
            base: dec!(100),
            amount,
            plan_id: 1,
            plan_version: 1,
            reverses_entry_id: reverses,
            created_at: chrono::Utc::now(),
            dispute_id: None,
        }
    }

    #[test]
    fn a_cancelled_sale_nets_to_zero_and_kinds_stay_apart() {
        let entries = [
            entry(1, 10, "direct", dec!(10.00), None),
            entry(2, 10, "matching", dec!(1.00), None),
            entry(3, 11, "upline", dec!(5.00), None),
            entry(4, 10, "direct", dec!(-10.00), Some(1)),
            entry(5, 10, "matching", dec!(-1.00), Some(2)),
        ];
        let (groups, overall) = group(&entries);
        let direct = groups[&(10, "direct".to_string())];
        assert_eq!(
            (direct.earned, direct.reversed, direct.net()),
            (dec!(10), dec!(-10), dec!(0))
        );
        assert_eq!(groups[&(10, "matching".to_string())].net(), dec!(0));
        assert_eq!(groups[&(11, "upline".to_string())].net(), dec!(5));
        assert_eq!(overall.earned, dec!(16));
        assert_eq!(overall.reversed, dec!(-11));
        assert_eq!(overall.net(), dec!(5));
    }
}
