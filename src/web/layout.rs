//! What every page's frame needs: title, who is signed in, navigation by
//! role, the CSRF token and flash messages.

use std::sync::{Arc, LazyLock};

use askama::Template;

use super::cache::Kept;
use super::fragment::{Shared, Slot};
use crate::auth::TypedSession;
use crate::auth::extract::reader_lang;
use crate::auth::session::Flash;
use crate::db::organisation::Organisation;
use crate::db::users::User;
use crate::domain::role::Role;
use crate::i18n::Lang;

pub struct NavItem {
    pub href: &'static str,
    pub label: String,
}

/// Less frequent pages, behind one dropdown in the navigation bar.
pub struct NavGroup {
    pub label: String,
    pub items: Vec<NavItem>,
}

pub struct LayoutUser {
    /// Names the browser's shared live stream (one per person signed in).
    pub id: i64,
    pub name: String,
    pub initials: String,
    pub email: String,
    pub role_label: String,
}

pub struct Layout {
    pub title: String,
    /// The language the page is in (`<html lang>`, every message).
    pub lang: Lang,
    pub org_name: String,
    pub user: Option<LayoutUser>,
    pub csrf_token: String,
    pub flashes: Vec<Flash>,
    pub nav: Vec<NavItem>,
    pub nav_groups: Vec<NavGroup>,
    /// The frame's head and navigation as shared parts, for a page answered
    /// through `web::fragment` (see [`Frame`]); `None` renders them inline.
    pub frame: Option<Arc<Frame>>,
}

/// The text of a signed-in page's frame that is the same for every reader
/// of one language and role, under one title and organisation name: the
/// document head (stylesheets, scripts) and the navigation bar up to the
/// reader's own menu. Rendered and compressed once; a framed page prints a
/// [`Slot`] for each (`templates/base.html`) and is split around
/// [`Frame::parts`] ahead of its own shared parts. Only for pages without
/// a head block of their own: the kept head has none.
pub struct Frame {
    head: Arc<Shared>,
    nav: Arc<Shared>,
}

#[derive(Template)]
#[template(
    source = r#"{% include "layout/_head.html" %}{% include "layout/_scripts.html" %}"#,
    ext = "html"
)]
struct HeadFrame<'a> {
    layout: &'a Layout,
}

#[derive(Template)]
#[template(path = "layout/_nav.html")]
struct NavFrame<'a> {
    layout: &'a Layout,
}

/// What a [`Frame`] shows besides the build's asset names.
#[derive(Clone, PartialEq, Eq, Hash)]
struct FrameKey {
    lang: Lang,
    role: Role,
    title: String,
    org_name: String,
}

/// Frames kept at most: a few titles × languages × roles are used; past
/// this the table starts over (an organisation renamed many times).
const KEPT_FRAMES: usize = 256;

static FRAMES: LazyLock<Kept<FrameKey, Frame>> = LazyLock::new(|| Kept::new(KEPT_FRAMES));

impl Frame {
    /// The frame of `layout` (a signed-in reader's, with `role`), as
    /// rendered the first time it was asked for.
    fn of(layout: &Layout, role: Role) -> Result<Arc<Frame>, askama::Error> {
        let key = FrameKey {
            lang: layout.lang,
            role,
            title: layout.title.clone(),
            org_name: layout.org_name.clone(),
        };
        FRAMES.get(key, || {
            Ok(Frame {
                head: Arc::new(Shared::new(HeadFrame { layout }.render()?)),
                nav: Arc::new(Shared::new(NavFrame { layout }.render()?)),
            })
        })
    }

    pub fn head_slot(&self) -> Slot {
        Slot
    }

    pub fn nav_slot(&self) -> Slot {
        Slot
    }

    /// The parts in the order their slots come in the page.
    pub fn parts(&self) -> Vec<Arc<Shared>> {
        vec![self.head.clone(), self.nav.clone()]
    }
}

impl Layout {
    /// The shared parts of a framed layout, in slot order (none unframed):
    /// a page's own parts follow them.
    pub fn parts(&self) -> Vec<Arc<Shared>> {
        self.frame.as_ref().map(|f| f.parts()).unwrap_or_default()
    }

    /// A page for a signed-in user, in the language they read.
    pub fn for_user(
        title: impl Into<String>,
        user: &User,
        org: &Organisation,
        session: &TypedSession,
    ) -> Layout {
        let lang = reader_lang(user, org);
        Layout {
            title: title.into(),
            lang,
            org_name: org.name.clone(),
            user: Some(LayoutUser {
                id: user.id,
                name: user.name.clone(),
                initials: initials(&user.name),
                email: user.email.clone(),
                role_label: role_label(lang, user.role()),
            }),
            csrf_token: session.csrf_token(),
            flashes: session.take_flashes(),
            nav: nav_for(lang, user.role()),
            nav_groups: nav_groups_for(lang, user.role()),
            frame: None,
        }
    }

    /// A page for someone not signed in (the sign-in form).
    pub fn anonymous(title: impl Into<String>, lang: Lang, session: &TypedSession) -> Layout {
        Layout {
            title: title.into(),
            lang,
            org_name: "Attain".into(),
            user: None,
            csrf_token: session.csrf_token(),
            flashes: session.take_flashes(),
            nav: Vec::new(),
            nav_groups: Vec::new(),
            frame: None,
        }
    }

    /// The frame of an error page, which must render without the session or
    /// the database.
    pub fn bare(title: impl Into<String>, lang: Lang) -> Layout {
        Layout {
            title: title.into(),
            lang,
            org_name: "Attain".into(),
            user: None,
            csrf_token: String::new(),
            flashes: Vec::new(),
            nav: Vec::new(),
            nav_groups: Vec::new(),
            frame: None,
        }
    }
}

/// The language of someone not (yet) known: what they chose on the sign-in
/// page, else what their browser asks for.
pub fn visitor_lang(req: &actix_web::HttpRequest) -> Lang {
    use actix_session::SessionExt;
    TypedSession(req.get_session())
        .chosen_lang()
        .unwrap_or_else(|| {
            let header = req
                .headers()
                .get(actix_web::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            crate::i18n::negotiate(header)
        })
}

/// "Sales rep", "영업 담당자".
pub fn role_label(lang: Lang, role: Role) -> String {
    lang.t(match role {
        Role::Rep => "role-rep",
        Role::Manager => "role-manager",
        Role::Admin => "role-admin",
        Role::Executive => "role-executive",
    })
}

/// The dashboard each role lands on.
pub fn home_for(role: Role) -> &'static str {
    match role {
        Role::Rep => "/dashboard",
        Role::Manager => "/manager",
        Role::Admin => "/admin",
        Role::Executive => "/executive",
    }
}

/// The pages used every day, always in view.
fn nav_for(lang: Lang, role: Role) -> Vec<NavItem> {
    let item = |href, key| NavItem {
        href,
        label: lang.t(key),
    };
    let mut nav = vec![item(home_for(role), "nav-dashboard")];
    match role {
        Role::Rep => nav.extend([
            item("/my-goals", "nav-my-goals"),
            item("/leaderboard", "nav-leaderboard"),
            item("/yearly", "nav-yearly"),
            item("/achievements", "nav-achievements"),
            item("/sales", "nav-my-sales"),
            item("/commissions", "nav-commissions"),
        ]),
        Role::Manager => nav.extend([
            item("/dashboard", "nav-my-progress"),
            item("/team/quotas", "nav-quotas"),
            item("/targets/calculator", "nav-targets"),
            item("/leaderboard", "nav-leaderboard"),
            item("/approvals", "nav-approvals"),
            item("/approvals/goals", "nav-goal-approvals"),
        ]),
        Role::Executive => nav.extend([
            item("/leaderboard", "nav-leaderboard"),
            item("/achievements/feed", "nav-achievements"),
        ]),
        Role::Admin => nav.extend([
            item("/executive", "nav-company"),
            item("/team/quotas", "nav-quotas"),
            item("/targets/calculator", "nav-targets"),
            item("/leaderboard", "nav-leaderboard"),
            item("/approvals", "nav-approvals"),
            item("/approvals/goals", "nav-goal-approvals"),
        ]),
    }
    nav
}

/// The rest, grouped into dropdowns so the bar stays one row.
fn nav_groups_for(lang: Lang, role: Role) -> Vec<NavGroup> {
    let item = |href, key| NavItem {
        href,
        label: lang.t(key),
    };
    let reports = || NavGroup {
        label: lang.t("nav-reports"),
        items: vec![
            item("/compliance", "nav-compliance"),
            item("/achievements/feed", "nav-achievements"),
            item("/sales/kpis", "nav-kpis"),
            item("/import", "nav-import"),
        ],
    };
    match role {
        Role::Rep | Role::Executive => Vec::new(),
        Role::Manager => vec![reports()],
        Role::Admin => vec![
            reports(),
            NavGroup {
                label: lang.t("nav-plans"),
                items: vec![
                    item("/admin/commission-plan", "nav-commission-plan"),
                    item("/admin/approval-rules", "nav-approval-rules"),
                    item("/admin/payouts", "nav-payouts"),
                    item("/admin/disputes", "nav-disputes"),
                    item("/admin/bonus-schedules", "nav-bonus-schedules"),
                    item("/admin/promotions", "nav-promotions"),
                    item("/admin/target-factors", "nav-target-factors"),
                    item("/admin/seasonal-weights", "nav-seasonal-weights"),
                ],
            },
            NavGroup {
                label: lang.t("nav-setup"),
                items: vec![
                    item("/admin/users", "nav-users"),
                    item("/admin/teams", "nav-teams"),
                    item("/admin/partner-types", "nav-partner-types"),
                    item("/admin/partner-tiers", "nav-partner-tiers"),
                    item("/admin/periods", "nav-periods"),
                    item("/admin/metrics", "nav-metrics"),
                    item("/admin/organisation", "nav-organisation"),
                    item("/admin/audit", "nav-audit"),
                    item("/admin/sheet-sources", "nav-sheet-sources"),
                    item("/admin/jobs", "nav-jobs"),
                ],
            },
        ],
    }
}

/// "Ana María Kim" → "AK": first and last initials for the avatar.
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = words.first().and_then(|w| w.chars().next());
    let last = words
        .get(1..)
        .and_then(|rest| rest.last())
        .and_then(|w| w.chars().next());
    first
        .into_iter()
        .chain(last)
        .flat_map(char::to_uppercase)
        .collect()
}

/// One choice of a `<select>`.
pub struct SelectOption {
    pub value: String,
    pub label: String,
}

impl SelectOption {
    pub fn new(value: impl ToString, label: impl Into<String>) -> Self {
        SelectOption {
            value: value.to_string(),
            label: label.into(),
        }
    }
}

impl crate::auth::CurrentUser {
    /// The frame of a page for this person.
    pub fn layout(&self, title: impl Into<String>) -> Layout {
        Layout::for_user(title, &self.user, &self.org, &self.session)
    }

    /// The frame of a page titled by the catalog message `key`.
    pub fn layout_t(&self, key: &str) -> Layout {
        Layout::for_user(self.lang().t(key), &self.user, &self.org, &self.session)
    }

    /// [`Self::layout_t`] with its head and navigation as kept parts
    /// ([`Frame`]): the page must be answered through `web::fragment`,
    /// split around [`Layout::parts`] followed by its own parts.
    pub fn framed_layout_t(&self, key: &str) -> Result<Layout, askama::Error> {
        let mut layout = self.layout_t(key);
        layout.frame = Some(Frame::of(&layout, self.user.role())?);
        Ok(layout)
    }
}

#[cfg(test)]
mod tests {
    use askama::Template;

    use super::{Frame, Layout, LayoutUser, initials, nav_for, nav_groups_for, role_label};
    use crate::auth::session::{Flash, FlashLevel};
    use crate::domain::role::Role;
    use crate::i18n::Lang;
    use crate::web::fragment::{Page, Shared, Slot};

    #[derive(Template)]
    #[template(
        source = r#"{% extends "base.html" %}{% block content %}<p>{{ own_slot|safe }}</p>{% endblock %}"#,
        ext = "html"
    )]
    struct Probe {
        layout: Layout,
        own_slot: Slot,
    }

    fn layout(lang: Lang, role: Role, flashes: Vec<Flash>) -> Layout {
        Layout {
            title: "Leaderboard".into(),
            lang,
            org_name: "Hanbit <Sales>".into(),
            user: Some(LayoutUser {
                id: 42,
                name: "박지훈".into(),
                initials: "박".into(),
                email: "jihoon@example.test".into(),
                role_label: role_label(lang, role),
            }),
            csrf_token: "token-of-this-reader".into(),
            flashes,
            nav: nav_for(lang, role),
            nav_groups: nav_groups_for(lang, role),
            frame: None,
        }
    }

    /// A framed page, its kept head and navigation spliced back in, reads
    /// exactly as the same page rendered whole, for every role and
    /// language, with the page's own shared part after the frame's.
    #[test]
    fn a_framed_page_reads_as_the_page_rendered_whole() {
        for lang in Lang::ALL {
            for role in Role::ALL {
                let flashes = vec![Flash {
                    level: FlashLevel::Success,
                    message: "Saved.".into(),
                }];
                let mine = std::sync::Arc::new(Shared::new("<b>shared</b>".into()));
                let whole = Probe {
                    layout: layout(lang, role, flashes.clone()),
                    own_slot: Slot,
                }
                .render()
                .unwrap();
                let whole = Page::split(whole, mine.clone()).html();
                let mut framed = layout(lang, role, flashes);
                framed.frame = Some(Frame::of(&framed, role).unwrap());
                let mut parts = framed.parts();
                parts.push(mine);
                let rendered = Probe {
                    layout: framed,
                    own_slot: Slot,
                }
                .render()
                .unwrap();
                assert_eq!(Page::split_all(rendered, parts).html(), whole);
                assert!(whole.contains("token-of-this-reader"));
                assert!(whole.contains("<b>shared</b>"));
                assert!(whole.contains("Hanbit &#60;Sales&#62;"), "{whole}");
            }
        }
    }

    /// The kept frame holds nothing of its reader: their name, address and
    /// CSRF token stay in the page's own pieces.
    #[test]
    fn the_kept_frame_holds_nothing_of_its_reader() {
        let mut framed = layout(Lang::Ko, Role::Manager, Vec::new());
        let frame = Frame::of(&framed, Role::Manager).unwrap();
        framed.frame = Some(frame.clone());
        let kept: String = frame
            .parts()
            .iter()
            .map(|p| {
                let page = Page::split(Slot.to_string(), p.clone());
                page.html()
            })
            .collect();
        for own in [
            "박지훈",
            "jihoon@example.test",
            "token-of-this-reader",
            "data-live-user",
        ] {
            assert!(!kept.contains(own), "{own} in the kept frame");
        }
        assert!(kept.contains("/approvals"), "the manager's navigation");
    }

    #[test]
    fn initials_take_the_first_and_last_word() {
        assert_eq!(initials("Ana María Kim"), "AK");
        assert_eq!(initials("prince"), "P");
        assert_eq!(initials(""), "");
    }
}
