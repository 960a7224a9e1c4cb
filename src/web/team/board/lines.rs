//! The rows of the team and company tables: the gap between a team's
//! target and its members' quotas, one line per holder, the columns and
//! their sort.

use super::*;

/// The gap between a team's target and its members' quotas on one metric.
pub struct GapLine {
    pub metric: String,
    pub sentence: String,
    /// "₩3,000,000 short", for a table cell.
    pub compact: String,
    /// gap-short | gap-over | gap-even | gap-none
    pub tone: &'static str,
    pub members_total: String,
    pub detail: String,
    /// There is a team target or at least one member quota to compare.
    pub relevant: bool,
}

/// One row of a standing table: a person or a team, a figure per metric.
pub struct Line {
    pub id: i64,
    pub name: String,
    pub detail: String,
    pub figures: Vec<Figure>,
    pub overall: Option<Decimal>,
    pub overall_text: String,
    pub overall_tone: &'static str,
    pub highlight: bool,
    /// Indentation in a tree of teams.
    pub depth: usize,
    /// Where the name links to, if anywhere.
    pub href: Option<String>,
}

impl Line {
    pub fn new(
        ledger: &Ledger,
        roster: &Roster,
        holder: Holder,
        name: String,
        detail: String,
    ) -> Line {
        let overall = ledger.overall(roster, holder);
        Line {
            id: match holder {
                Holder::User(id) | Holder::Team(id) => id,
                Holder::Company => 0,
            },
            name,
            detail,
            figures: ledger
                .metrics
                .iter()
                .map(|m| ledger.figure(roster, holder, m))
                .collect(),
            overall,
            overall_text: ledger.fmt.percent(overall),
            overall_tone: overall_tone(overall, &ledger.span, ledger.today),
            highlight: false,
            depth: 0,
            href: None,
        }
    }
}

/// A metric column of a standing table, with its sort link.
pub struct Column {
    pub id: i64,
    pub name: String,
    pub sort_key: String,
    pub sorted: bool,
}

impl Column {
    pub fn list(metrics: &[Metric], sort: Sort, fmt: &Fmt) -> Vec<Column> {
        metrics
            .iter()
            .map(|m| Column {
                id: m.id,
                name: fmt.metric(&m.key, &m.name),
                sort_key: Sort::Metric(m.id).key(),
                sorted: sort == Sort::Metric(m.id),
            })
            .collect()
    }
}

/// How a standing table is ordered: `name`, `overall` (attainment, highest
/// first) or `m<metric id>` (that metric's attainment).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    Name,
    Overall,
    Metric(i64),
}

impl Sort {
    pub fn parse(text: Option<&str>) -> Sort {
        match text {
            Some("overall") => Sort::Overall,
            Some(t) => t
                .strip_prefix('m')
                .and_then(|id| id.parse().ok())
                .map_or(Sort::Name, Sort::Metric),
            None => Sort::Name,
        }
    }

    pub fn key(self) -> String {
        match self {
            Sort::Name => "name".into(),
            Sort::Overall => "overall".into(),
            Sort::Metric(id) => format!("m{id}"),
        }
    }

    /// Orders lines; attainment sorts put lines without one last.
    pub fn apply(self, lines: &mut [Line], metrics: &[Metric]) {
        let column = match self {
            Sort::Metric(id) => metrics.iter().position(|m| m.id == id),
            _ => None,
        };
        let value = |line: &Line| match (self, column) {
            (Sort::Overall, _) => line.overall,
            (Sort::Metric(_), Some(i)) => line.figures[i].percent,
            _ => None,
        };
        lines.sort_by(|a, b| match self {
            Sort::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            _ => value(b)
                .is_some()
                .cmp(&value(a).is_some())
                .then(value(b).cmp(&value(a)))
                .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase())),
        });
    }
}
