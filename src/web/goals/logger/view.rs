//! What the logger partial shows: the quick buttons, the detailed form
//! and its date bounds.

use chrono::{Days, NaiveDate};
use diesel::PgConnection;

use super::LoggerForm;
use crate::db::metrics::Metric;
use crate::goals::events::rule::MAX_DAYS_BACK;
use crate::i18n::Lang;
use crate::web::error::{AppError, FieldErrors};
use crate::web::layout::SelectOption;

/// One quick button: "+1 Calls".
pub struct QuickButton {
    pub key: String,
    pub name: String,
    /// The viewer has a current goal on this metric.
    pub has_goal: bool,
}

/// Everything the logger partial shows.
pub struct Logger {
    pub csrf_token: String,
    pub quick: Vec<QuickButton>,
    pub metrics: Vec<SelectOption>,
    pub form: LoggerForm,
    pub errors: FieldErrors,
    /// The reader's language, for the messages.
    pub lang: Lang,
    /// Bounds of the date input, `YYYY-MM-DD`.
    pub today: String,
    pub earliest: String,
    /// Rendered as an out-of-band swap (after an htmx post from the form).
    pub oob: bool,
}

impl Logger {
    /// A field's message in the reader's language.
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.message(field).map(|m| m.render(self.lang))
    }

    /// The logger for a viewer whose current goals measure `goal_metrics`;
    /// `form` and `errors` refill it after a refused entry.
    pub fn load(
        conn: &mut PgConnection,
        goal_metrics: &[i64],
        csrf_token: String,
        today: NaiveDate,
        lang: Lang,
        form: Option<(LoggerForm, FieldErrors)>,
    ) -> Result<Logger, AppError> {
        let metrics = Metric::active(conn)?;
        Ok(Self::of_metrics(
            metrics,
            goal_metrics,
            csrf_token,
            today,
            lang,
            form,
        ))
    }

    /// [`Logger::load`] with the active metrics at hand.
    pub fn of_metrics(
        mut metrics: Vec<Metric>,
        goal_metrics: &[i64],
        csrf_token: String,
        today: NaiveDate,
        lang: Lang,
        form: Option<(LoggerForm, FieldErrors)>,
    ) -> Logger {
        // Metrics with a goal first, keeping the admins' order otherwise.
        metrics.sort_by_key(|m| !goal_metrics.contains(&m.id));
        let (form, errors) = form.unwrap_or_else(|| {
            let first = metrics.first().map(|m| m.key.clone()).unwrap_or_default();
            let form = LoggerForm {
                metric: first,
                occurred_on: today.to_string(),
                ..LoggerForm::default()
            };
            (form, FieldErrors::new())
        });
        Logger {
            csrf_token,
            quick: metrics
                .iter()
                .filter(|m| m.unit == crate::domain::number::Unit::Count)
                .map(|m| QuickButton {
                    key: m.key.clone(),
                    name: lang.metric_name(&m.key, &m.name),
                    has_goal: goal_metrics.contains(&m.id),
                })
                .collect(),
            metrics: metrics
                .iter()
                .map(|m| SelectOption::new(&m.key, lang.metric_name(&m.key, &m.name)))
                .collect(),
            form,
            errors,
            lang,
            today: today.to_string(),
            earliest: (today - Days::new(MAX_DAYS_BACK)).to_string(),
            oob: false,
        }
    }
}
