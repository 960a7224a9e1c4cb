//! The audit log page: who changed what, newest first, optionally narrowed
//! to one kind of entity.

use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use crate::auth::RequireAdmin;
use crate::db::DbPool;
use crate::db::audit::{self, AuditRow};
use crate::i18n::Lang;
use crate::web::error::AppError;
use crate::web::format::Fmt;
use crate::web::layout::Layout;
use crate::web::{Routes, db};

pub fn routes(r: &mut Routes) {
    r.get("/admin/audit", index);
}

/// The most entries one page shows.
const LIMIT: i64 = 200;

/// A kind of entity the log records, and where its admin pages live.
struct Kind {
    entity: &'static str,
    singular: &'static str,
    plural: &'static str,
    path: &'static str,
}

const KINDS: [Kind; 5] = [
    Kind {
        entity: "user",
        singular: "admin-audit-entity-user",
        plural: "admin-audit-filter-user",
        path: "/admin/users",
    },
    Kind {
        entity: "team",
        singular: "admin-audit-entity-team",
        plural: "admin-audit-filter-team",
        path: "/admin/teams",
    },
    Kind {
        entity: "partner_type",
        singular: "admin-audit-entity-partner-type",
        plural: "admin-audit-filter-partner-type",
        path: "/admin/partner-types",
    },
    Kind {
        entity: "partner_tier",
        singular: "admin-audit-entity-partner-tier",
        plural: "admin-audit-filter-partner-tier",
        path: "/admin/partner-tiers",
    },
    Kind {
        entity: "organisation",
        singular: "admin-audit-entity-organisation",
        plural: "admin-audit-filter-organisation",
        path: "/admin/organisation",
    },
];

fn kind(entity: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.entity == entity)
}

#[derive(Deserialize)]
struct AuditQuery {
    entity: Option<String>,
}

pub struct AuditLine {
    /// In the organisation's time zone.
    pub when: String,
    pub when_iso: String,
    pub who: String,
    pub action: String,
    pub entity: String,
    pub href: Option<String>,
    pub summary: String,
}

impl AuditLine {
    fn new(row: AuditRow, f: &Fmt) -> AuditLine {
        let lang = f.lang;
        let kind = kind(&row.entity);
        let label = kind.map_or(row.entity.clone(), |k| lang.t(k.singular));
        let entity = match row.entity_id {
            Some(id) => format!("{label} #{id}"),
            None => label,
        };
        let href = kind.map(|k| match row.entity_id {
            Some(id) if k.entity != "organisation" => format!("{}/{id}", k.path),
            _ => k.path.to_string(),
        });
        AuditLine {
            when: f.instant(row.created_at),
            when_iso: row.created_at.to_rfc3339(),
            who: row
                .actor_name
                .unwrap_or_else(|| lang.t("admin-audit-system")),
            action: action_label(lang, row.action),
            entity,
            href,
            summary: row.summary,
        }
    }
}

/// One link of the filter bar; an empty `entity` means everything.
/// The recorded action in the reader's words, when it is one of the
/// common ones; others show as recorded.
fn action_label(lang: Lang, action: String) -> String {
    let key = match action.as_str() {
        "create" => "admin-audit-action-create",
        "update" => "admin-audit-action-update",
        "move" => "admin-audit-action-move",
        "activate" => "admin-audit-action-activate",
        "deactivate" => "admin-audit-action-deactivate",
        _ => return action,
    };
    lang.t(key)
}

pub struct Filter {
    pub entity: &'static str,
    pub label: String,
    pub current: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/audit.html")]
struct AuditTemplate {
    layout: Layout,
    lang: Lang,
    lines: Vec<AuditLine>,
    filters: Vec<Filter>,
    time_zone: String,
    truncated: bool,
}

async fn index(
    pool: web::Data<DbPool>,
    admin: RequireAdmin,
    query: web::Query<AuditQuery>,
) -> Result<AuditTemplate, AppError> {
    // An unknown entity shows everything: an old or hand-made link is no error.
    let entity = query.entity.as_deref().and_then(kind).map(|k| k.entity);
    let rows = db(&pool, move |conn| Ok(audit::recent(conn, entity, LIMIT)?)).await?;
    let zone = crate::web::format::zone(&admin.org);
    let lang = admin.lang();
    let f = admin.fmt();
    let all = Filter {
        entity: "",
        label: lang.t("admin-audit-filter-all"),
        current: entity.is_none(),
    };
    let filters = std::iter::once(all)
        .chain(KINDS.iter().map(|k| Filter {
            entity: k.entity,
            label: lang.t(k.plural),
            current: entity == Some(k.entity),
        }))
        .collect();
    let page = AuditTemplate {
        layout: admin.layout_t("nav-audit"),
        lang,
        truncated: rows.len() as i64 >= LIMIT,
        lines: rows
            .into_iter()
            .map(|row| AuditLine::new(row, &f))
            .collect(),
        filters,
        time_zone: zone.name().to_string(),
    };
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(zone: &str) -> Fmt {
        Fmt::new(Lang::En, &crate::db::organisation::test_org("USD", 2, zone))
    }

    fn row(entity: &str, entity_id: Option<i64>) -> AuditRow {
        AuditRow {
            id: 1,
            actor_name: None,
            action: "update".into(),
            entity: entity.into(),
            entity_id,
            summary: "edited something".into(),
            created_at: "2026-01-31T23:30:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn a_line_links_to_its_entity_in_the_organisations_time() {
        let line = AuditLine::new(row("partner_tier", Some(7)), &fmt("Asia/Seoul"));
        assert_eq!(line.when, "1 Feb 2026, 08:30");
        assert_eq!(line.who, "System");
        assert_eq!(line.entity, "Partner tier #7");
        assert_eq!(line.href.as_deref(), Some("/admin/partner-tiers/7"));
    }

    #[test]
    fn unknown_entities_show_as_recorded_without_a_link() {
        let line = AuditLine::new(row("sale", Some(3)), &fmt("UTC"));
        assert_eq!((line.entity.as_str(), line.href), ("sale #3", None));
        let org = AuditLine::new(row("organisation", None), &fmt("UTC"));
        assert_eq!(org.href.as_deref(), Some("/admin/organisation"));
    }
}
