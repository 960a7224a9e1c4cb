//! An achievement's title in the reader's language, from what the row
//! records (its kind, tier, streak, month) and what it points at (the
//! metric, the goal's period, the milestone). The stored `title` is the
//! English of the same, kept for the points ledger and the API.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::achievements::Achievement;
use crate::db::dashboard::TitleRow;
use chrono::NaiveDate;

use crate::db::schema::{achievements, goals, metric_definitions, milestones, periods};
use crate::domain::achievement::Kind;
use crate::domain::period::{Period, PeriodKind};
use crate::i18n::Lang;

/// The names an achievement's title needs, read once for a list of rows.
#[derive(Debug, Default)]
pub struct TitleFacts {
    /// metric id → (key, name)
    metrics: HashMap<i64, (String, String)>,
    /// goal id → its period
    periods: HashMap<i64, Period>,
    /// milestone id → its name
    milestones: HashMap<i64, String>,
    fiscal_start: u32,
}

impl TitleFacts {
    /// What the titles of `rows` need, in one statement (none for no
    /// rows); `fiscal_start` names quarters and years as the organisation
    /// counts them.
    pub fn load(
        conn: &mut PgConnection,
        rows: &[Achievement],
        fiscal_start: u32,
    ) -> QueryResult<TitleFacts> {
        let mut facts = TitleFacts {
            fiscal_start: fiscal_start.clamp(1, 12),
            ..TitleFacts::default()
        };
        if rows.is_empty() {
            return Ok(facts);
        }
        let ids: Vec<i64> = rows.iter().map(|a| a.id).collect();
        let found: Vec<TitleRow> = achievements::table
            .left_join(metric_definitions::table)
            .left_join(goals::table.inner_join(periods::table))
            .left_join(milestones::table)
            .filter(achievements::id.eq_any(&ids))
            .select((
                metric_definitions::id.nullable(),
                metric_definitions::key.nullable(),
                metric_definitions::name.nullable(),
                goals::id.nullable(),
                periods::kind.nullable(),
                periods::start_date.nullable(),
                periods::end_date.nullable(),
                milestones::id.nullable(),
                milestones::name.nullable(),
            ))
            .load::<(
                Option<i64>,
                Option<String>,
                Option<String>,
                Option<i64>,
                Option<PeriodKind>,
                Option<NaiveDate>,
                Option<NaiveDate>,
                Option<i64>,
                Option<String>,
            )>(conn)?
            .into_iter()
            .map(
                |(metric_id, metric_key, metric_name, goal_id, kind, start, end, id, name)| {
                    TitleRow {
                        metric_id,
                        metric_key,
                        metric_name,
                        goal_id,
                        period_kind: kind,
                        period_start: start,
                        period_end: end,
                        milestone_id: id,
                        milestone_name: name,
                    }
                },
            )
            .collect();
        facts.add(found);
        Ok(facts)
    }

    /// The facts from rows read elsewhere (the dashboard's one statement).
    pub fn of_rows(rows: Vec<TitleRow>, fiscal_start: u32) -> TitleFacts {
        let mut facts = TitleFacts {
            fiscal_start: fiscal_start.clamp(1, 12),
            ..TitleFacts::default()
        };
        facts.add(rows);
        facts
    }

    fn add(&mut self, rows: Vec<TitleRow>) {
        for row in rows {
            if let (Some(id), Some(key), Some(name)) =
                (row.metric_id, row.metric_key, row.metric_name)
            {
                self.metrics.insert(id, (key, name));
            }
            if let (Some(goal), Some(kind), Some(start), Some(end)) = (
                row.goal_id,
                row.period_kind,
                row.period_start,
                row.period_end,
            ) {
                self.periods.insert(goal, Period { kind, start, end });
            }
            if let (Some(id), Some(name)) = (row.milestone_id, row.milestone_name) {
                self.milestones.insert(id, name);
            }
        }
    }

    /// The headline ("Bonus tier 2 unlocked") and its context ("Revenue,
    /// June 2026") in `lang`.
    pub fn title(&self, lang: Lang, a: &Achievement) -> (String, String) {
        let metric = a
            .metric_id
            .and_then(|id| self.metrics.get(&id))
            .map(|(key, name)| lang.metric_name(key, name))
            .unwrap_or_default();
        let period = a
            .goal_id
            .and_then(|id| self.periods.get(&id))
            .map(|p| lang.period_name(p.name(self.fiscal_start)))
            .unwrap_or_default();
        let metric_period = || {
            lang.tr(
                "achievement-context-metric-period",
                [
                    ("metric", metric.clone().into()),
                    ("period", period.clone().into()),
                ],
            )
        };
        let month = a.period_start.map(|d| lang.month(d)).unwrap_or_default();
        match a.kind().unwrap_or(Kind::GoalAchieved) {
            Kind::GoalAchieved => (
                lang.tr(
                    "achievement-title-goal",
                    [("metric", metric.clone().into())],
                ),
                period.clone(),
            ),
            Kind::BonusTier => (
                lang.tr(
                    "achievement-title-tier",
                    [("tier", a.tier.unwrap_or_default().into())],
                ),
                metric_period(),
            ),
            Kind::Milestone => (
                lang.tr(
                    "achievement-title-milestone",
                    [(
                        "name",
                        a.milestone_id
                            .and_then(|id| self.milestones.get(&id))
                            .cloned()
                            .unwrap_or_default()
                            .into(),
                    )],
                ),
                metric_period(),
            ),
            Kind::YearlyGoalAchieved => (
                lang.tr(
                    "achievement-title-yearly",
                    [("metric", metric.clone().into())],
                ),
                // A year is a name: "2026", never grouped.
                a.period_start
                    .map(|d| chrono::Datelike::year(&d).to_string())
                    .unwrap_or_default(),
            ),
            Kind::PerfectMonth => (lang.t("achievement-title-perfect-month"), month),
            Kind::Streak => (
                lang.tr(
                    "achievement-title-streak",
                    [("count", a.streak_months.unwrap_or_default().into())],
                ),
                lang.tr("achievement-context-streak", [("month", month.into())]),
            ),
        }
    }

    /// "Bonus tier 2 unlocked · Revenue, June 2026", as one line.
    pub fn full_title(&self, lang: Lang, a: &Achievement) -> String {
        let (headline, context) = self.title(lang, a);
        if context.is_empty() {
            headline
        } else {
            lang.tr(
                "achievement-title-full",
                [("headline", headline.into()), ("context", context.into())],
            )
        }
    }
}

/// The achievements a set of notifications mentions, with what their titles
/// need: each reader's language is chosen when the title is asked for.
#[derive(Debug, Default)]
pub struct Titles {
    rows: HashMap<i64, Achievement>,
    facts: TitleFacts,
}

impl Titles {
    pub fn load(conn: &mut PgConnection, ids: &[i64], fiscal_start: u32) -> QueryResult<Titles> {
        if ids.is_empty() {
            return Ok(Titles::default());
        }
        let rows = crate::db::schema::achievements::table
            .filter(crate::db::schema::achievements::id.eq_any(ids))
            .select(Achievement::as_select())
            .load::<Achievement>(conn)?;
        let facts = TitleFacts::load(conn, &rows, fiscal_start)?;
        Ok(Titles {
            rows: rows.into_iter().map(|a| (a.id, a)).collect(),
            facts,
        })
    }

    /// The title of achievement `id` in `lang`, if it still exists.
    pub fn get(&self, id: i64, lang: Lang) -> Option<String> {
        self.rows.get(&id).map(|a| self.facts.full_title(lang, a))
    }
}
