//! A payout run as CSV for the bank or payroll: one row per partner with
//! who they are, what they are paid, in which currency, and a reference
//! that names the run. Only approved and paid runs are exported: a draft
//! may still be wrong.

use diesel::prelude::*;

use super::require_admin;
use crate::db::payouts::{PayoutLine, PayoutRun};
use crate::db::users::User;
use crate::domain::payout::PayoutStatus;
use crate::error::AppError;
use crate::i18n::Msg;

/// The header row: the columns a payroll import maps.
pub const COLUMNS: [&str; 11] = [
    "payment_reference",
    "partner_id",
    "partner_name",
    "partner_email",
    "amount",
    "currency",
    "earned",
    "recovered",
    "ledger_lines",
    "period",
    "run_status",
];

/// The run's file name and CSV text.
pub fn run_csv(
    conn: &mut PgConnection,
    actor: &User,
    run_id: i64,
) -> Result<(String, String), AppError> {
    require_admin(actor)?;
    let run = PayoutRun::find(conn, run_id)?;
    match run.status {
        PayoutStatus::Draft => return Err(AppError::Conflict(Msg::new("payout-csv-draft"))),
        PayoutStatus::Discarded => {
            return Err(AppError::Conflict(Msg::new("payout-run-discarded")));
        }
        PayoutStatus::Approved | PayoutStatus::Paid => {}
    }
    let lines = PayoutLine::of_run(conn, run_id)?;
    let period = run.month.format("%Y-%m").to_string();
    let mut out = COLUMNS.join(",");
    out.push_str("\r\n");
    for named in &lines {
        let line = &named.line;
        let row = [
            format!("ATTAIN-{}-{}", run.id, line.partner_id),
            line.partner_id.to_string(),
            named.partner_name.clone(),
            named.partner_email.clone(),
            line.amount.to_string(),
            run.currency_code.clone(),
            line.earned.to_string(),
            line.recovered.to_string(),
            line.line_count.to_string(),
            period.clone(),
            run.status.as_str().to_string(),
        ];
        let cells: Vec<String> = row.iter().map(|cell| field(cell)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    Ok((format!("payout-run-{}-{period}.csv", run.id), out))
}

/// One CSV field: quoted when it holds a separator, quote or line break;
/// text a spreadsheet would run as a formula gets a leading apostrophe.
pub fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && text.parse::<rust_decimal::Decimal>().is_err()
    {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("Kim, Minji"), "\"Kim, Minji\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(field("-12.50"), "-12.50");
        assert_eq!(field("plain"), "plain");
    }
}
