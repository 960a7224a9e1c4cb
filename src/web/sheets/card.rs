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
    pub month_name: String,
    /// The reader's language (the card is always its reader's own).
    pub lang: Lang,
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

impl SheetCard {
    /// A field's message in the reader's language.
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.message(field).map(|m| m.render(self.lang))
    }
}

/// "Tier 3", or "No tier" for 0.
pub fn tier_goal_text(lang: Lang, goal: i16) -> String {
    if goal == 0 {
        lang.t("sheet-no-tier")
    } else {
        lang.tr("sheet-tier", [("tier", goal.to_string().into())])
    }
}

/// "Tier 4 · bonus triggered", "Tier 2 · 1 tier to go", "None yet".
pub fn tier_reached_text(lang: Lang, goal: i16, reached: Option<i16>) -> String {
    let reached_text = reached.map_or(lang.t("sheet-tier-none-yet"), |r| {
        lang.tr("sheet-tier", [("tier", r.to_string().into())])
    });
    if crate::domain::bonus::bonus_triggered(goal, reached) {
        lang.tr("sheet-tier-triggered", [("reached", reached_text.into())])
    } else if goal > 0 {
        let to_go = goal - reached.unwrap_or(0);
        lang.tr(
            "sheet-tier-to-go",
            [("reached", reached_text.into()), ("count", to_go.into())],
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
        let (year, month) = deadline::sheet_month(now, sheets::tz_of(org));
        let sheet = GoalSheet::of_month(conn, user.id, year, month)?;
        let reached = match sheet.as_ref().filter(|s| s.is_set()) {
            Some(s) => Some(sheets::month_tier_in(conn, s, views)?.1),
            None => None,
        };
        SheetCard::build(user, org, now, csrf_token, sheet, reached)
    }

    /// The card of the month holding `now` from its rows: the month's
    /// sheet and, for a set sheet, the ladder tier its signups reach.
    pub fn build(
        user: &User,
        org: &Organisation,
        now: DateTime<Utc>,
        csrf_token: String,
        sheet: Option<GoalSheet>,
        reached: Option<Option<i16>>,
    ) -> Result<SheetCard, AppError> {
        let tz = sheets::tz_of(org);
        let lang = crate::auth::extract::reader_lang(user, org);
        let f = crate::web::format::Fmt::new(lang, org);
        let (year, month) = deadline::sheet_month(now, tz);
        let due = deadline::deadline(year, month, tz).ok_or(AppError::NotFound)?;
        let left = countdown(lang, now, due);
        let name = month_in(lang, month);
        let headline = if now <= due {
            lang.tr(
                "sheet-headline-due",
                [("left", left.into()), ("month", name.clone().into())],
            )
        } else {
            lang.tr(
                "sheet-headline-overdue",
                [("left", left.into()), ("month", name.clone().into())],
            )
        };
        let form = match &sheet {
            Some(s) => SheetForm {
                year: year.to_string(),
                month: month.to_string(),
                signup_goal: f.count(s.signup_goal),
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
            Some((at, on_time)) => lang.tr(
                if on_time {
                    "sheet-set-note-on-time"
                } else {
                    "sheet-set-note-late"
                },
                [("date", f.day_of(at).into())],
            ),
            None => String::new(),
        };
        let (bonus, bonus_triggered) = match sheet.as_ref().filter(|s| s.is_set()) {
            Some(s) => {
                let reached = reached.flatten();
                (
                    lang.tr(
                        "sheet-bonus-line",
                        [
                            (
                                "goal",
                                tier_goal_text(lang, s.bonus_tier_goal)
                                    .to_lowercase()
                                    .into(),
                            ),
                            (
                                "reached",
                                tier_reached_text(lang, s.bonus_tier_goal, reached)
                                    .to_lowercase()
                                    .into(),
                            ),
                        ],
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
            lang,
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
