//! What a notification says, kept as what happened (its kind and
//! parameters) and worded only when someone reads it: on the
//! notifications page and in the email, each in the reader's language.

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde_json::{Value, json};

use crate::domain::deadline::{DEADLINE_DAY, ReminderKind};
use crate::domain::dispute::DisputeStatus;
use crate::i18n::Lang;

/// One notification's news.
#[derive(Clone, Debug, PartialEq)]
pub enum News {
    /// An achievement was recorded and its points added.
    Achievement { achievement_id: i64, points: i64 },
    /// A goal-setting deadline reminder for a month.
    Reminder {
        year: i32,
        month: u32,
        reminder: ReminderKind,
    },
    /// A sheet source's sync started failing (once per failure streak).
    SheetFailing { source_id: i64, name: String },
    /// A partner questioned one of their ledger lines (told to admins).
    DisputeOpened {
        dispute_id: i64,
        sale_id: i64,
        partner: String,
    },
    /// An admin answered, resolved or rejected a partner's question (told
    /// to the partner).
    DisputeStep {
        dispute_id: i64,
        sale_id: i64,
        status: DisputeStatus,
    },
    /// Words stored before notifications kept their facts (or for a kind
    /// this version does not know), shown as they are.
    Message { title: String, body: String },
}

/// The achievements a set of notifications mentions, worded for each
/// reader when asked.
pub use crate::rewards::achievements::words::Titles as AchievementTitles;

impl News {
    /// The stored `kind` and `params` columns.
    pub fn to_row(&self) -> (&'static str, Value) {
        match self {
            News::Achievement {
                achievement_id,
                points,
            } => (
                "achievement",
                json!({ "achievement_id": achievement_id, "points": points }),
            ),
            News::Reminder {
                year,
                month,
                reminder,
            } => (
                "goal_reminder",
                json!({ "year": year, "month": month, "reminder": reminder.as_str() }),
            ),
            News::SheetFailing { source_id, name } => (
                "sheet_failing",
                json!({ "source_id": source_id, "name": name }),
            ),
            News::DisputeOpened {
                dispute_id,
                sale_id,
                partner,
            } => (
                "dispute_opened",
                json!({ "dispute_id": dispute_id, "sale_id": sale_id, "partner": partner }),
            ),
            News::DisputeStep {
                dispute_id,
                sale_id,
                status,
            } => (
                "dispute_step",
                json!({ "dispute_id": dispute_id, "sale_id": sale_id, "status": status.as_str() }),
            ),
            News::Message { title, body } => ("message", json!({ "title": title, "body": body })),
        }
    }

    /// The news of a stored row. A row that does not read as its kind
    /// shows its kind rather than failing the whole list.
    pub fn from_row(kind: &str, params: &Value) -> News {
        let int = |name: &str| params.get(name).and_then(Value::as_i64);
        let text = |name: &str| {
            params
                .get(name)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let read = match kind {
            "achievement" => int("achievement_id").map(|achievement_id| News::Achievement {
                achievement_id,
                points: int("points").unwrap_or(0),
            }),
            "goal_reminder" => (|| {
                let reminder = params.get("reminder")?.as_str()?;
                Some(News::Reminder {
                    year: i32::try_from(int("year")?).ok()?,
                    month: u32::try_from(int("month")?)
                        .ok()
                        .filter(|m| (1..=12).contains(m))?,
                    reminder: ReminderKind::ALL
                        .into_iter()
                        .find(|k| k.as_str() == reminder)?,
                })
            })(),
            "sheet_failing" => int("source_id").map(|source_id| News::SheetFailing {
                source_id,
                name: text("name"),
            }),
            "dispute_opened" => (|| {
                Some(News::DisputeOpened {
                    dispute_id: int("dispute_id")?,
                    sale_id: int("sale_id")?,
                    partner: text("partner"),
                })
            })(),
            "dispute_step" => (|| {
                Some(News::DisputeStep {
                    dispute_id: int("dispute_id")?,
                    sale_id: int("sale_id")?,
                    status: params.get("status")?.as_str()?.parse().ok()?,
                })
            })(),
            "message" => Some(News::Message {
                title: text("title"),
                body: text("body"),
            }),
            _ => None,
        };
        read.unwrap_or_else(|| News::Message {
            title: kind.to_string(),
            body: String::new(),
        })
    }

    /// The achievement this news needs a title for, if any.
    pub fn achievement(&self) -> Option<i64> {
        match self {
            News::Achievement { achievement_id, .. } => Some(*achievement_id),
            _ => None,
        }
    }

    /// The title and body in `lang`; `zone` is the organisation's clock
    /// (deadlines are 23:59 there), `titles` the achievements' titles.
    pub fn words(&self, lang: Lang, zone: Tz, titles: &AchievementTitles) -> (String, String) {
        match self {
            News::Achievement {
                achievement_id,
                points,
            } => {
                let title = titles.get(*achievement_id, lang).unwrap_or_default();
                (
                    lang.tr("news-achievement-title", [("title", title.into())]),
                    lang.tr("news-achievement-body", [("points", (*points).into())]),
                )
            }
            News::Reminder {
                year,
                month,
                reminder,
            } => reminder_words(lang, *year, *month, *reminder, zone),
            News::SheetFailing { name, .. } => (
                lang.tr(
                    "sources-news-failing-title",
                    [("name", name.clone().into())],
                ),
                lang.t("sources-news-failing-body"),
            ),
            News::DisputeOpened {
                sale_id, partner, ..
            } => (
                lang.t("news-dispute-opened-title"),
                lang.tr(
                    "news-dispute-opened-body",
                    [
                        ("name", partner.clone().into()),
                        ("sale", sale_id.to_string().into()),
                    ],
                ),
            ),
            News::DisputeStep {
                sale_id, status, ..
            } => (
                lang.t(match status {
                    DisputeStatus::Answered => "news-dispute-answered-title",
                    DisputeStatus::Resolved => "news-dispute-resolved-title",
                    _ => "news-dispute-rejected-title",
                }),
                lang.tr(
                    "news-dispute-step-body",
                    [("sale", sale_id.to_string().into())],
                ),
            ),
            News::Message { title, body } => (title.clone(), body.clone()),
        }
    }
}

/// A deadline reminder's title and body for (`year`, `month`).
pub fn reminder_words(
    lang: Lang,
    year: i32,
    month: u32,
    reminder: ReminderKind,
    zone: Tz,
) -> (String, String) {
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    let month_name = lang.month_name(first);
    let due = lang.tr(
        "news-reminder-due",
        [
            ("day", DEADLINE_DAY.into()),
            ("month", month_name.clone().into()),
            ("zone", zone.name().into()),
        ],
    );
    let month_arg = || ("month", month_name.clone().into());
    let title = match reminder {
        ReminderKind::ThreeDaysBefore => lang.tr("news-reminder-three-days", [month_arg()]),
        ReminderKind::OneDayBefore => lang.tr("news-reminder-one-day", [month_arg()]),
        ReminderKind::DeadlineDay => lang.tr("news-reminder-deadline-day", [month_arg()]),
        ReminderKind::Overdue => lang.tr("news-reminder-overdue", [month_arg()]),
    };
    // A year is a name: "2026", never grouped.
    let year = ("year", year.to_string().into());
    let body = match reminder {
        ReminderKind::Overdue => lang.tr(
            "news-reminder-overdue-body",
            [month_arg(), year, ("due", due.into())],
        ),
        _ => lang.tr(
            "news-reminder-body",
            [month_arg(), year, ("due", due.into())],
        ),
    };
    (title, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_round_trips_through_its_row() {
        let all = [
            News::Achievement {
                achievement_id: 7,
                points: 50,
            },
            News::Reminder {
                year: 2026,
                month: 11,
                reminder: ReminderKind::Overdue,
            },
            News::SheetFailing {
                source_id: 4,
                name: "Field sales".into(),
            },
            News::DisputeOpened {
                dispute_id: 3,
                sale_id: 9,
                partner: "Doyun".into(),
            },
            News::DisputeStep {
                dispute_id: 3,
                sale_id: 9,
                status: DisputeStatus::Resolved,
            },
            News::Message {
                title: "Hi".into(),
                body: String::new(),
            },
        ];
        for news in all {
            let (kind, params) = news.to_row();
            assert_eq!(News::from_row(kind, &params), news);
        }
        let odd = News::from_row("goal_reminder", &json!({ "year": 2026 }));
        assert_eq!(
            odd,
            News::Message {
                title: "goal_reminder".into(),
                body: String::new()
            }
        );
    }

    #[test]
    fn reminders_read_the_same_in_english_as_before_and_naturally_in_korean() {
        let seoul = chrono_tz::Asia::Seoul;
        let (title, body) = reminder_words(Lang::En, 2026, 11, ReminderKind::OneDayBefore, seoul);
        assert_eq!(title, "Set your November goals by tomorrow");
        assert_eq!(
            body,
            "Set your goal sheet for November 2026 by 23:59 on 6 November (Asia/Seoul)."
        );
        let (title, body) = reminder_words(Lang::Ko, 2026, 11, ReminderKind::OneDayBefore, seoul);
        assert_eq!(title, "11월 목표를 내일까지 설정하세요");
        assert_eq!(
            body,
            "2026년 11월 목표 설정표를 11월 6일 23:59(Asia/Seoul)까지 설정해 주세요."
        );
        let (title, _) = reminder_words(Lang::En, 2026, 1, ReminderKind::Overdue, chrono_tz::UTC);
        assert_eq!(title, "Your January goals are overdue");
    }

    #[test]
    fn achievements_say_their_points_in_each_language() {
        let news = News::Achievement {
            achievement_id: 3,
            points: 1200,
        };
        // The title comes from the achievement itself (tests/api).
        let titles = AchievementTitles::default();
        let (_, body) = news.words(Lang::Ko, chrono_tz::UTC, &titles);
        assert_eq!(body, "누적 포인트에 1,200점이 더해졌습니다.");
        let (_, body) = news.words(Lang::En, chrono_tz::UTC, &titles);
        assert_eq!(body, "1,200 points added to your total.");
    }
}
