//! "Why this amount": one ledger line with the working that wrote it. The
//! sale's network snapshot and plan version are run again through the
//! same pure working the confirmation distributed with
//! (`domain::commission::working`), so the page shows the computation that
//! paid, step by step. A reversal is explained by the line it reverses.
//! The line's recipient, whoever may read the sale, and those who may read
//! the recipient (their managers, admins, executives) may open it; anyone
//! else is answered as if the line did not exist.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::commissions::{Entry, PlanRow};
use crate::db::organisation::Organisation;
use crate::db::sales::Sale;
use crate::db::schema::{commission_entries, partner_tiers, users};
use crate::db::users::User;
use crate::domain::commission::working::{Step, Working, work};
use crate::domain::commission::{CommissionPlan, Kind, NetworkSnapshot};
use crate::error::AppError;
use crate::org::access::can_view_user;

pub struct LineExplanation {
    pub entry: Entry,
    /// The line this one reverses, when it is a reversal.
    pub reverses: Option<Entry>,
    pub sale: Sale,
    pub plan_row: PlanRow,
    pub plan: CommissionPlan,
    pub snapshot: Option<NetworkSnapshot>,
    /// The working, re-run on the snapshot (none for a sale confirmed
    /// before snapshots were kept).
    pub working: Option<Working>,
    /// The working's step for the explained line (the reversed line's,
    /// for a reversal).
    pub step: Option<Step>,
    pub currency_code: String,
    pub names: HashMap<i64, String>,
    /// Whether the viewer may open the sale's own page.
    pub may_open_sale: bool,
    /// The names of the tiers the plan prices and the seller's tier.
    pub tier_names: HashMap<i64, String>,
}

impl LineExplanation {
    /// Whether the working reproduces the stored line exactly.
    pub fn reproduced(&self) -> bool {
        let original = self.reverses.as_ref().unwrap_or(&self.entry);
        self.step.is_some_and(|step| {
            (step.line.rate, step.line.base, step.line.amount)
                == (original.rate, original.base, original.amount)
        })
    }

    pub fn name(&self, user_id: i64) -> String {
        self.names.get(&user_id).cloned().unwrap_or_default()
    }
}

pub fn explain(
    conn: &mut PgConnection,
    viewer: &User,
    entry_id: i64,
) -> Result<LineExplanation, AppError> {
    let entry: Entry = commission_entries::table
        .find(entry_id)
        .select(Entry::as_select())
        .first(conn)?;
    let sale = Sale::find(conn, entry.sale_id)?;
    let may_open_sale = can_view_user(conn, viewer, sale.partner_id)?;
    if !(may_open_sale || can_view_user(conn, viewer, entry.recipient_id)?) {
        return Err(AppError::NotFound);
    }
    let reverses = match entry.reverses_entry_id {
        Some(id) => Some(
            commission_entries::table
                .find(id)
                .select(Entry::as_select())
                .first(conn)?,
        ),
        None => None,
    };
    let original = reverses.as_ref().unwrap_or(&entry);
    let plan_row = PlanRow::find(conn, original.plan_id)?;
    let plan = plan_row.plan();
    let org = Organisation::get(conn)?;
    let snapshot: Option<NetworkSnapshot> =
        (sale.tree_snapshot.clone()).and_then(|json| serde_json::from_value(json).ok());
    let working = (snapshot.as_ref())
        .map(|snapshot| work(sale.amount, org.money_scale().places(), snapshot, &plan));
    let kind = match original.kind.as_str() {
        "direct" => Some(Kind::Direct),
        "upline" => Some(Kind::Upline),
        "matching" => Some(Kind::Matching),
        _ => None,
    };
    let step = match (&working, kind) {
        (Some(working), Some(kind)) => working
            .step_for(original.recipient_id, kind, original.level.max(0) as u32)
            .copied(),
        _ => None,
    };
    let mut people = vec![entry.recipient_id, sale.partner_id];
    if let Some(snapshot) = &snapshot {
        people.extend(snapshot.upline.iter().map(|node| node.user_id));
    }
    let names = users::table
        .filter(users::id.eq_any(&people))
        .select((users::id, users::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let mut tiers: Vec<i64> = plan.direct_rates.keys().copied().collect();
    tiers.extend(snapshot.as_ref().and_then(|s| s.partner.tier_id));
    let tier_names = partner_tiers::table
        .filter(partner_tiers::id.eq_any(&tiers))
        .select((partner_tiers::id, partner_tiers::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    Ok(LineExplanation {
        entry,
        reverses,
        sale,
        plan_row,
        plan,
        snapshot,
        working,
        step,
        currency_code: org.currency_code,
        names,
        may_open_sale,
        tier_names,
    })
}
