//! The admin-kept reference lists (partner types and partner tiers): the
//! change rules every kind shares. Each change is one transaction with its
//! audit entry; a unique code or rank taken by another entry is a message
//! on its field.

use diesel::{Connection, PgConnection, QueryResult};
use serde::Serialize;

use crate::db::audit::NewAuditEntry;
use crate::db::partner_tiers::{PartnerTier, PartnerTierFields};
use crate::db::partner_types::{PartnerType, PartnerTypeFields};
use crate::error::{AppError, on_constraint};
use crate::i18n::Key;

/// What the shared rules need from one kind of entry.
pub trait Entry: Serialize + Send + Sized + 'static {
    /// The validated fields that are written.
    type Fields: Send + 'static;
    /// The audit log's entity name.
    const ENTITY: &'static str;
    /// "partner type", for titles and messages.
    const NOUN: &'static str;
    /// Unique constraints, as `on_constraint` takes them.
    const UNIQUE: &'static [(&'static str, &'static str, Key)];

    fn find(conn: &mut PgConnection, id: i64) -> QueryResult<Self>;
    fn insert(conn: &mut PgConnection, fields: &Self::Fields) -> QueryResult<Self>;
    fn update(conn: &mut PgConnection, id: i64, fields: &Self::Fields) -> QueryResult<Self>;
    fn set_active(conn: &mut PgConnection, id: i64, active: bool) -> QueryResult<Self>;
    fn id(&self) -> i64;
    fn name(&self) -> &str;
    fn is_active(&self) -> bool;
}

/// Creates (`id` is `None`) or edits an entry, with its audit entry.
pub fn save<T: Entry>(
    conn: &mut PgConnection,
    actor: i64,
    id: Option<i64>,
    fields: T::Fields,
) -> Result<T, AppError> {
    conn.transaction(|conn| {
        let before = id.map(|id| T::find(conn, id)).transpose()?;
        let written = match id {
            Some(id) => T::update(conn, id, &fields),
            None => T::insert(conn, &fields),
        };
        let after = written.map_err(|e| on_constraint(e, T::UNIQUE))?;
        let (action, summary) = match &before {
            None => ("create", format!("created {} {}", T::NOUN, after.name())),
            Some(b) if b.name() != after.name() => {
                let (old, new) = (b.name(), after.name());
                ("update", format!("renamed {} {old} to {new}", T::NOUN))
            }
            Some(_) => ("update", format!("edited {} {}", T::NOUN, after.name())),
        };
        let mut entry =
            NewAuditEntry::new(Some(actor), action, T::ENTITY, Some(after.id()), summary);
        if let Some(before) = &before {
            entry = entry.before(before);
        }
        entry.after(&after).record(conn)?;
        Ok(after)
    })
}

/// Deactivates or activates an entry; asking for the state it is in changes
/// nothing. Users keep a deactivated entry; it is only no longer offered for
/// new choices.
pub fn set_active<T: Entry>(
    conn: &mut PgConnection,
    actor: i64,
    id: i64,
    active: bool,
) -> Result<T, AppError> {
    conn.transaction(|conn| {
        let before = T::find(conn, id)?;
        if before.is_active() == active {
            return Ok(before);
        }
        let after = T::set_active(conn, id, active)?;
        let (action, verb) = if active {
            ("activate", "activated")
        } else {
            ("deactivate", "deactivated")
        };
        let summary = format!("{verb} {} {}", T::NOUN, after.name());
        NewAuditEntry::new(Some(actor), action, T::ENTITY, Some(id), summary)
            .before(&before)
            .after(&after)
            .record(conn)?;
        Ok(after)
    })
}

impl Entry for PartnerType {
    type Fields = PartnerTypeFields;
    const ENTITY: &'static str = "partner_type";
    const NOUN: &'static str = "partner type";
    const UNIQUE: &'static [(&'static str, &'static str, Key)] = &[(
        "partner_types_code_key",
        "code",
        Key("admin-partner-type-code-taken"),
    )];

    fn find(conn: &mut PgConnection, id: i64) -> QueryResult<Self> {
        PartnerType::find(conn, id)
    }
    fn insert(conn: &mut PgConnection, fields: &PartnerTypeFields) -> QueryResult<Self> {
        PartnerType::insert(conn, fields)
    }
    fn update(conn: &mut PgConnection, id: i64, fields: &PartnerTypeFields) -> QueryResult<Self> {
        PartnerType::update(conn, id, fields)
    }
    fn set_active(conn: &mut PgConnection, id: i64, active: bool) -> QueryResult<Self> {
        PartnerType::set_active(conn, id, active)
    }
    fn id(&self) -> i64 {
        self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn is_active(&self) -> bool {
        self.active
    }
}

impl Entry for PartnerTier {
    type Fields = PartnerTierFields;
    const ENTITY: &'static str = "partner_tier";
    const NOUN: &'static str = "partner tier";
    const UNIQUE: &'static [(&'static str, &'static str, Key)] = &[
        (
            "partner_tiers_code_key",
            "code",
            Key("admin-partner-tier-code-taken"),
        ),
        (
            "partner_tiers_rank_key",
            "rank",
            Key("admin-partner-tier-rank-taken"),
        ),
    ];

    fn find(conn: &mut PgConnection, id: i64) -> QueryResult<Self> {
        PartnerTier::find(conn, id)
    }
    fn insert(conn: &mut PgConnection, fields: &PartnerTierFields) -> QueryResult<Self> {
        PartnerTier::insert(conn, fields)
    }
    fn update(conn: &mut PgConnection, id: i64, fields: &PartnerTierFields) -> QueryResult<Self> {
        PartnerTier::update(conn, id, fields)
    }
    fn set_active(conn: &mut PgConnection, id: i64, active: bool) -> QueryResult<Self> {
        PartnerTier::set_active(conn, id, active)
    }
    fn id(&self) -> i64 {
        self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn is_active(&self) -> bool {
        self.active
    }
}
