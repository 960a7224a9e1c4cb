//! Who a goal belongs to, by kind: a person, a team (and everyone in its
//! subtree) or the whole company.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OwnerKind {
    User,
    Team,
    Company,
}

impl OwnerKind {
    pub const ALL: [OwnerKind; 3] = [OwnerKind::User, OwnerKind::Team, OwnerKind::Company];

    /// The stored name: "user", "team" or "company".
    pub fn as_str(self) -> &'static str {
        match self {
            OwnerKind::User => "user",
            OwnerKind::Team => "team",
            OwnerKind::Company => "company",
        }
    }
}

impl fmt::Display for OwnerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of [`OwnerKind::as_str`].
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown owner kind")]
pub struct UnknownOwnerKind;

impl FromStr for OwnerKind {
    type Err = UnknownOwnerKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OwnerKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(UnknownOwnerKind)
    }
}
