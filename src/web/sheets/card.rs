//! The dashboard's sheet card: the quick form while the month's sheet is
//! missing or a draft, the summary once it is set.

use super::*;

/// The form's fields as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SheetForm {
    pub year: String,
    pub month: String,
    pub signup_goal: String,
    pub revenue_goal: String,
    pub bonus_tier_goal: String,
}

/// The dashboard card: the quick form while the month's sheet is missing
/// or a draft, a one-line summary once it is set.
pub struct SheetCard {
    pub csrf_token: String,
    pub year: i32,
    pub month: u32,
    pub month_name: &'static str,
    pub is_set: bool,
    /// "Set on 3 Nov 2026, on time."
    pub set_note: String,
    /// "3 days 4 hours left to set your November goals".
    pub headline: String,
    pub overdue: bool,
    /// Pre-filled from a draft (the month's quotas, the rep's last sheet or yearly share).
    pub prefilled: bool,
    pub form: SheetForm,
    pub errors: FieldErrors,
    pub href: String,
    pub oob: bool,
    /// "Tier 3 goal · tier 2 reached", once the sheet is set.
    pub bonus: String,
    pub bonus_triggered: bool,
}

/// "Tier 3", or "No tier" for 0.
pub fn tier_goal_text(goal: i16) -> String {
    if goal == 0 {
        "No tier".into()
    } else {
        format!("Tier {goal}")
    }
}

/// "Tier 4 · bonus triggered", "Tier 2 · 1 tier to go", "None yet".
pub fn tier_reached_text(goal: i16, reached: Option<i16>) -> String {
    let reached_text = reached.map_or("None yet".to_string(), |r| format!("Tier {r}"));
    if crate::domain::bonus::bonus_triggered(goal, reached) {
        format!("{reached_text} · bonus triggered")
    } else if goal > 0 {
        let to_go = goal - reached.unwrap_or(0);
        format!(
            "{reached_text} · {to_go} {} to go",
            if to_go == 1 { "tier" } else { "tiers" }
        )
    } else {
        reached_text
    }
}

impl SheetCard {
    /// The card of the month holding `now`; `views` are the reader's
    /// current goals when at hand (they save reading the signup goal again).
    pub fn load(
        conn: &mut PgConnection,
        user: &User,
        org: &Organisation,
        now: DateTime<Utc>,
        csrf_token: String,
        views: &[GoalView],
    ) -> Result<SheetCard, AppError> {
        let tz = sheets::tz_of(org);
        let (year, month) = deadline::sheet_month(now, tz);
        let sheet = GoalSheet::of_month(conn, user.id, year, month)?;
        let due = deadline::deadline(year, month, tz).ok_or(AppError::NotFound)?;
        let left = countdown(now, due);
        let name = month_name(month);
        let headline = if now <= due {
            format!("{left} to set your {name} goals")
        } else {
            format!("Your {name} goals are {left}")
        };
        let form = match &sheet {
            Some(s) => SheetForm {
                year: year.to_string(),
                month: month.to_string(),
                signup_goal: format::count(s.signup_goal),
                revenue_goal: s.revenue_goal.normalize().to_string(),
                bonus_tier_goal: s.bonus_tier_goal.to_string(),
            },
            None => SheetForm {
                year: year.to_string(),
                month: month.to_string(),
                bonus_tier_goal: "0".into(),
                ..SheetForm::default()
            },
        };
        let set_note = match sheet.as_ref().and_then(|s| s.set_at.zip(s.set_by_deadline)) {
            Some((at, on_time)) => format!(
                "Set on {}, {}.",
                format::date(at, tz),
                if on_time {
                    "on time"
                } else {
                    "after the deadline"
                }
            ),
            None => String::new(),
        };
        let (bonus, bonus_triggered) = match sheet.as_ref().filter(|s| s.is_set()) {
            Some(s) => {
                let (_, reached) = sheets::month_tier_in(conn, s, views)?;
                (
                    format!(
                        "Bonus: {} goal, {}",
                        tier_goal_text(s.bonus_tier_goal).to_lowercase(),
                        tier_reached_text(s.bonus_tier_goal, reached).to_lowercase()
                    ),
                    crate::domain::bonus::bonus_triggered(s.bonus_tier_goal, reached),
                )
            }
            None => (String::new(), false),
        };
        Ok(SheetCard {
            bonus,
            bonus_triggered,
            csrf_token,
            year,
            month,
            month_name: name,
            is_set: sheet.as_ref().is_some_and(GoalSheet::is_set),
            set_note,
            headline,
            overdue: now > due,
            prefilled: sheet.is_some(),
            form,
            errors: FieldErrors::new(),
            href: format!("/sheets/{}/{year}/{month}", user.id),
            oob: false,
        })
    }
}
