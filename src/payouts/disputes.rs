//! Disputes of commission lines, one function per use case for the pages
//! and the API: a partner opens one on their own line; an admin answers,
//! resolves (appending one `adjustment` line when the amount changes) or
//! rejects it; each side is notified. Every step is one transaction with
//! its audit line and notifications; a refused step writes nothing.

use diesel::prelude::*;
use rust_decimal::Decimal;

use super::require_admin;
use crate::db::audit::NewAuditEntry;
use crate::db::commissions::Entry;
use crate::db::disputes::{
    self, Dispute, DisputeFilter, DisputeRow, NewDispute, ONE_OPEN_KEY, adjustments_of_line,
};
use crate::db::sales::Sale;
use crate::db::schema::{notifications, users};
use crate::db::users::User;
use crate::domain::currency::MoneyScale;
use crate::domain::dispute::{
    DisputeStatus, LineFacts, LineRefused, Step, StepRefused, adjustment, may_question, paying_now,
};
use crate::domain::role::Role;
use crate::domain::sale_status::SaleStatus;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::input;
use crate::live::LiveEvent;
use crate::notify::news::News;

/// The longest reason, answer or resolution note.
pub const TEXT_MAX: usize = 2000;

/// Where a dispute's page is.
pub fn link(id: i64) -> String {
    format!("/disputes/{id}")
}

/// A reason (required) and an optional expected amount, as typed.
pub fn parse_question(
    reason: &str,
    expected: &str,
    scale: MoneyScale,
) -> Result<(String, Option<Decimal>), FieldErrors> {
    let mut errors = FieldErrors::new();
    let reason = input::required(&mut errors, "reason", reason, TEXT_MAX);
    let expected = (!expected.trim().is_empty()).then(|| {
        input::money(
            &mut errors,
            "expected_amount",
            expected,
            scale,
            Decimal::ZERO,
        )
    });
    errors.into_result().map(|()| (reason, expected))
}

/// A required note (answer, resolution or rejection) in `field`.
pub fn parse_note(field: &'static str, note: &str) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::new();
    let note = input::required(&mut errors, field, note, TEXT_MAX);
    errors.into_result().map(|()| note)
}

/// A resolution: why, and what the line should pay in all.
pub fn parse_resolution(
    note: &str,
    amount: &str,
    scale: MoneyScale,
) -> Result<(String, Decimal), FieldErrors> {
    let mut errors = FieldErrors::new();
    let note = input::required(&mut errors, "resolution", note, TEXT_MAX);
    let amount = input::money(&mut errors, "amount", amount, scale, Decimal::ZERO);
    errors.into_result().map(|()| (note, amount))
}

/// Partner `actor` questions their ledger line `entry_id`. Someone else's
/// line (or none) is not found; a reversal or an adjustment is refused on
/// `entry_id`; a line of a reversed sale, or one already questioned and
/// not closed, is a conflict.
pub fn open(
    conn: &mut PgConnection,
    actor: &User,
    entry_id: i64,
    reason: &str,
    expected: Option<Decimal>,
) -> Result<Dispute, AppError> {
    let dispute = conn.transaction(|conn| {
        let line = Entry::find(conn, entry_id)?;
        if line.recipient_id != actor.id {
            return Err(AppError::NotFound);
        }
        // Under the sale's lock, a refund cannot slip in between the check
        // and the dispute.
        let sale = Sale::lock(conn, line.sale_id)?;
        let facts = LineFacts {
            recipient_id: line.recipient_id,
            is_reversal: line.reverses_entry_id.is_some(),
            is_adjustment: line.kind == disputes::ADJUSTMENT,
            sale_reversed: sale.status != SaleStatus::Confirmed,
        };
        match may_question(actor.id, &facts) {
            Ok(()) => {}
            Err(LineRefused::NotTheirs) => return Err(AppError::NotFound),
            Err(LineRefused::NotAnOriginal) => {
                return Err(AppError::Invalid(FieldErrors::one(
                    "entry_id",
                    Msg::new("dispute-line-not-original"),
                )));
            }
            Err(LineRefused::SaleReversed) => {
                return Err(AppError::Conflict(Msg::new("dispute-sale-reversed")));
            }
        }
        if !disputes::open_on(conn, &[line.id])?.is_empty() {
            return Err(already_open());
        }
        let dispute = Dispute::insert(
            conn,
            &NewDispute {
                entry_id: line.id,
                partner_id: actor.id,
                reason: reason.trim().to_string(),
                expected_amount: expected,
            },
        )
        .map_err(|e| match &e {
            // Two tabs asking at once: the second finds the first.
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                info,
            ) if info.constraint_name() == Some(ONE_OPEN_KEY) => already_open(),
            _ => AppError::from(e),
        })?;
        audit(
            conn,
            actor,
            "open",
            &dispute,
            format!(
                "dispute {} on commission line {} (sale {})",
                dispute.id, line.id, line.sale_id
            ),
        )?;
        let admins: Vec<i64> = users::table
            .filter(users::active.eq(true))
            .filter(users::role.eq(Role::Admin.as_str()))
            .filter(users::id.ne(actor.id))
            .select(users::id)
            .load(conn)?;
        notify(
            conn,
            &admins,
            &News::DisputeOpened {
                dispute_id: dispute.id,
                sale_id: line.sale_id,
                partner: actor.name.clone(),
            },
            dispute.id,
        )?;
        Ok(dispute)
    })?;
    Ok(dispute)
}

fn already_open() -> AppError {
    AppError::Conflict(Msg::new("dispute-already-open"))
}

/// An admin answers an open dispute.
pub fn answer(
    conn: &mut PgConnection,
    actor: &User,
    id: i64,
    text: &str,
) -> Result<Dispute, AppError> {
    require_admin(actor)?;
    conn.transaction(|conn| {
        let before = Dispute::lock(conn, id)?;
        step_allowed(&before, Step::Answer)?;
        let after = Dispute::answer(conn, id, text.trim(), actor.id)?
            .ok_or_else(|| refused(StepRefused::Closed))?;
        after_step(conn, actor, &before, &after, "answer", None)?;
        Ok(after)
    })
}

/// An admin resolves a dispute: the line should pay `should_pay` in all.
/// When that differs from what it pays now, one adjustment line is
/// appended for the difference, in the same transaction as the status.
/// Nobody resolves their own dispute.
pub fn resolve(
    conn: &mut PgConnection,
    actor: &User,
    id: i64,
    note: &str,
    should_pay: Decimal,
) -> Result<(Dispute, Option<Entry>), AppError> {
    require_admin(actor)?;
    conn.transaction(|conn| {
        let before = Dispute::lock(conn, id)?;
        step_allowed(&before, Step::Resolve)?;
        if before.partner_id == actor.id {
            return Err(AppError::Conflict(Msg::new("dispute-own")));
        }
        let line = Entry::find(conn, before.entry_id)?;
        // The sale's lock orders this with a refund: either the refund
        // comes after and reverses the adjustment too, or it came first
        // and no adjustment is written on a reversed sale.
        let sale = Sale::lock(conn, line.sale_id)?;
        let written: Vec<Decimal> = adjustments_of_line(conn, line.id)?
            .iter()
            .map(|e| e.amount)
            .collect();
        let change = adjustment(paying_now(line.amount, &written), should_pay);
        if change.is_some() && sale.status != SaleStatus::Confirmed {
            return Err(AppError::Conflict(Msg::new("dispute-sale-reversed")));
        }
        let after = Dispute::close(
            conn,
            id,
            DisputeStatus::Resolved,
            note.trim(),
            Some(should_pay),
            actor.id,
        )?
        .ok_or_else(|| refused(StepRefused::Closed))?;
        let entry = change
            .map(|amount| disputes::append_adjustment(conn, &line, id, amount))
            .transpose()?;
        after_step(conn, actor, &before, &after, "resolve", entry.as_ref())?;
        if entry.is_some() {
            crate::live::publish(conn, &[LiveEvent::progress([line.recipient_id])]);
        }
        Ok((after, entry))
    })
}

/// An admin rejects a dispute: nothing is paid or taken back.
pub fn reject(
    conn: &mut PgConnection,
    actor: &User,
    id: i64,
    note: &str,
) -> Result<Dispute, AppError> {
    require_admin(actor)?;
    conn.transaction(|conn| {
        let before = Dispute::lock(conn, id)?;
        step_allowed(&before, Step::Reject)?;
        if before.partner_id == actor.id {
            return Err(AppError::Conflict(Msg::new("dispute-own")));
        }
        let after = Dispute::close(
            conn,
            id,
            DisputeStatus::Rejected,
            note.trim(),
            None,
            actor.id,
        )?
        .ok_or_else(|| refused(StepRefused::Closed))?;
        after_step(conn, actor, &before, &after, "reject", None)?;
        Ok(after)
    })
}

fn step_allowed(dispute: &Dispute, step: Step) -> Result<(), AppError> {
    dispute.status.after(step).map(|_| ()).map_err(refused)
}

fn refused(why: StepRefused) -> AppError {
    AppError::Conflict(Msg::new(match why {
        StepRefused::Closed => "dispute-closed",
        StepRefused::AlreadyAnswered => "dispute-already-answered",
    }))
}

/// The audit line and the partner's notification of an admin's step.
fn after_step(
    conn: &mut PgConnection,
    actor: &User,
    before: &Dispute,
    after: &Dispute,
    action: &'static str,
    entry: Option<&Entry>,
) -> Result<(), AppError> {
    let line = Entry::find(conn, after.entry_id)?;
    let summary = match entry {
        Some(e) => format!(
            "dispute {} {action}d: adjustment line {} of {}",
            after.id, e.id, e.amount
        ),
        None => format!("dispute {} {action}", after.id),
    };
    NewAuditEntry::new(
        Some(actor.id),
        action,
        "commission_dispute",
        Some(after.id),
        summary,
    )
    .before(before)
    .after(&serde_json::json!({ "dispute": after, "adjustment": entry }))
    .record(conn)?;
    notify(
        conn,
        &[after.partner_id],
        &News::DisputeStep {
            dispute_id: after.id,
            sale_id: line.sale_id,
            status: after.status,
        },
        after.id,
    )
}

fn audit(
    conn: &mut PgConnection,
    actor: &User,
    action: &'static str,
    dispute: &Dispute,
    summary: String,
) -> QueryResult<()> {
    NewAuditEntry::new(
        Some(actor.id),
        action,
        "commission_dispute",
        Some(dispute.id),
        summary,
    )
    .after(dispute)
    .record(conn)
}

/// One notification per person, worded when read; the bell hears of it.
fn notify(
    conn: &mut PgConnection,
    people: &[i64],
    news: &News,
    dispute_id: i64,
) -> Result<(), AppError> {
    if people.is_empty() {
        return Ok(());
    }
    let (kind, params) = news.to_row();
    let rows: Vec<_> = people
        .iter()
        .map(|id| {
            (
                notifications::user_id.eq(*id),
                notifications::kind.eq(kind),
                notifications::params.eq(params.clone()),
                notifications::link.eq(Some(link(dispute_id))),
            )
        })
        .collect();
    diesel::insert_into(notifications::table)
        .values(&rows)
        .execute(conn)?;
    crate::live::publish(
        conn,
        &[LiveEvent::Notification {
            users: people.to_vec(),
        }],
    );
    Ok(())
}

/// The disputes `viewer` may read, newest first: their own, or everyone's
/// for an admin.
pub fn list(
    conn: &mut PgConnection,
    viewer: &User,
    status: Option<DisputeStatus>,
    limit: i64,
    offset: i64,
) -> Result<Vec<DisputeRow>, AppError> {
    let partner_id = (viewer.role() != Role::Admin).then_some(viewer.id);
    Ok(Dispute::list(
        conn,
        &DisputeFilter {
            partner_id,
            status,
            limit,
            offset,
        },
    )?)
}

/// The partner's own disputes only, whatever their role (their "my
/// disputes" list).
pub fn mine(conn: &mut PgConnection, viewer: &User) -> Result<Vec<DisputeRow>, AppError> {
    Ok(Dispute::list(
        conn,
        &DisputeFilter {
            partner_id: Some(viewer.id),
            status: None,
            limit: 200,
            offset: 0,
        },
    )?)
}

/// A dispute with everything its page shows.
pub struct DisputeDetail {
    pub dispute: Dispute,
    pub line: Entry,
    pub partner_name: String,
    /// What the line pays now: its amount and every adjustment of it.
    pub paying_now: Decimal,
    /// The adjustment line this dispute's resolution wrote.
    pub adjustment: Option<Entry>,
    pub answered_by: Option<String>,
    pub closed_by: Option<String>,
}

/// The dispute, to its partner or an admin; to anyone else it does not
/// exist.
pub fn detail(conn: &mut PgConnection, viewer: &User, id: i64) -> Result<DisputeDetail, AppError> {
    let dispute = Dispute::find(conn, id)?;
    if dispute.partner_id != viewer.id && viewer.role() != Role::Admin {
        return Err(AppError::NotFound);
    }
    let line = Entry::find(conn, dispute.entry_id)?;
    let adjustments = adjustments_of_line(conn, line.id)?;
    let written: Vec<Decimal> = adjustments.iter().map(|e| e.amount).collect();
    let mut name = |id: Option<i64>| -> QueryResult<Option<String>> {
        id.map(|id| User::find(conn, id).map(|u| u.name))
            .transpose()
    };
    Ok(DisputeDetail {
        partner_name: name(Some(dispute.partner_id))?.unwrap_or_default(),
        answered_by: name(dispute.answered_by)?,
        closed_by: name(dispute.closed_by)?,
        paying_now: paying_now(line.amount, &written),
        adjustment: adjustments
            .into_iter()
            .find(|e| e.dispute_id == Some(dispute.id)),
        line,
        dispute,
    })
}

/// The open (or answered) dispute of each of these lines, by line.
pub fn open_on(
    conn: &mut PgConnection,
    entry_ids: &[i64],
) -> Result<std::collections::HashMap<i64, i64>, AppError> {
    Ok(disputes::open_on(conn, entry_ids)?.into_iter().collect())
}

/// A line `viewer` may question, for the form: their own original line of
/// a standing sale, with what it pays now. Anything else is not found or
/// refused as [`open`] would refuse it.
pub fn questionable_line(
    conn: &mut PgConnection,
    viewer: &User,
    entry_id: i64,
) -> Result<(Entry, Sale, Decimal), AppError> {
    let line = Entry::find(conn, entry_id)?;
    if line.recipient_id != viewer.id {
        return Err(AppError::NotFound);
    }
    let sale = Sale::find(conn, line.sale_id)?;
    let written: Vec<Decimal> = adjustments_of_line(conn, line.id)?
        .iter()
        .map(|e| e.amount)
        .collect();
    Ok((line.clone(), sale, paying_now(line.amount, &written)))
}
