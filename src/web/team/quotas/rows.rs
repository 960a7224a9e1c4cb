//! A grid row and the totals row as the templates show them: the cells as
//! typed or stored, and what a save left (saved, unchanged, refused).

use super::*;

/// One input of the grid.
pub struct Cell {
    pub metric_id: i64,
    pub value: String,
    pub error: Option<String>,
    /// "Revenue quota of Kim Min-jun", for screen readers.
    pub label: String,
    /// "Revenue (KRW)": the column heading, shown beside the input where the
    /// grid is laid out as one card per row (narrow screens).
    pub caption: String,
}

/// One row of the grid: a member's quotas or a team's own targets.
pub struct Row {
    /// "user" or "team": the form field that names the owner.
    pub kind: &'static str,
    pub owner_id: i64,
    pub name: String,
    pub detail: String,
    pub cells: Vec<Cell>,
    /// Why the row cannot be edited by this viewer, if it cannot.
    pub locked: Option<String>,
    pub state: RowState,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RowState {
    Idle,
    Saved,
    Unchanged,
    Invalid,
}

impl Row {
    pub fn dom_id(&self) -> String {
        format!("quota-{}-{}", self.kind, self.owner_id)
    }
    pub fn saved(&self) -> bool {
        self.state == RowState::Saved
    }
    pub fn unchanged(&self) -> bool {
        self.state == RowState::Unchanged
    }
    pub fn invalid(&self) -> bool {
        self.state == RowState::Invalid
    }
}

/// The members' sum and the gap to the team target per metric.
pub struct Totals {
    pub gaps: Vec<GapLine>,
    /// Rendered as an out-of-band swap (after a row save).
    pub oob: bool,
}

impl Totals {
    pub fn any_relevant(&self) -> bool {
        self.gaps.iter().any(|g| g.relevant)
    }
}
