//! What every page's frame needs: title, who is signed in, navigation by
//! role, the CSRF token and flash messages.

use crate::auth::TypedSession;
use crate::auth::session::Flash;
use crate::db::organisation::Organisation;
use crate::db::users::User;
use crate::domain::role::Role;

pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
}

/// Less frequent pages, behind one dropdown in the navigation bar.
pub struct NavGroup {
    pub label: &'static str,
    pub items: Vec<NavItem>,
}

pub struct LayoutUser {
    /// Names the browser's shared live stream (one per person signed in).
    pub id: i64,
    pub name: String,
    pub initials: String,
    pub email: String,
    pub role_label: &'static str,
}

pub struct Layout {
    pub title: String,
    pub org_name: String,
    pub user: Option<LayoutUser>,
    pub csrf_token: String,
    pub flashes: Vec<Flash>,
    pub nav: Vec<NavItem>,
    pub nav_groups: Vec<NavGroup>,
}

impl Layout {
    /// A page for a signed-in user.
    pub fn for_user(
        title: impl Into<String>,
        user: &User,
        org: &Organisation,
        session: &TypedSession,
    ) -> Layout {
        Layout {
            title: title.into(),
            org_name: org.name.clone(),
            user: Some(LayoutUser {
                id: user.id,
                name: user.name.clone(),
                initials: initials(&user.name),
                email: user.email.clone(),
                role_label: user.role().label(),
            }),
            csrf_token: session.csrf_token(),
            flashes: session.take_flashes(),
            nav: nav_for(user.role()),
            nav_groups: nav_groups_for(user.role()),
        }
    }

    /// A page for someone not signed in (the sign-in form).
    pub fn anonymous(title: impl Into<String>, session: &TypedSession) -> Layout {
        Layout {
            title: title.into(),
            org_name: "Attain".into(),
            user: None,
            csrf_token: session.csrf_token(),
            flashes: session.take_flashes(),
            nav: Vec::new(),
            nav_groups: Vec::new(),
        }
    }

    /// The frame of an error page, which must render without the session or
    /// the database.
    pub fn bare(title: impl Into<String>) -> Layout {
        Layout {
            title: title.into(),
            org_name: "Attain".into(),
            user: None,
            csrf_token: String::new(),
            flashes: Vec::new(),
            nav: Vec::new(),
            nav_groups: Vec::new(),
        }
    }
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
fn nav_for(role: Role) -> Vec<NavItem> {
    let item = |href, label| NavItem { href, label };
    let mut nav = vec![item(home_for(role), "Dashboard")];
    match role {
        Role::Rep => nav.extend([
            item("/my-goals", "My goals"),
            item("/leaderboard", "Leaderboard"),
            item("/yearly", "Yearly goals"),
            item("/achievements", "Achievements"),
            item("/sales", "My sales"),
            item("/commissions", "Commissions"),
        ]),
        Role::Manager => nav.extend([
            item("/dashboard", "My progress"),
            item("/team/quotas", "Quotas"),
            item("/targets/calculator", "Targets"),
            item("/leaderboard", "Leaderboard"),
            item("/approvals", "Approvals"),
            item("/approvals/goals", "Goal approvals"),
        ]),
        Role::Executive => nav.extend([
            item("/leaderboard", "Leaderboard"),
            item("/achievements/feed", "Achievements"),
        ]),
        Role::Admin => nav.extend([
            item("/executive", "Company"),
            item("/team/quotas", "Quotas"),
            item("/targets/calculator", "Targets"),
            item("/leaderboard", "Leaderboard"),
            item("/approvals", "Approvals"),
            item("/approvals/goals", "Goal approvals"),
        ]),
    }
    nav
}

/// The rest, grouped into dropdowns so the bar stays one row.
fn nav_groups_for(role: Role) -> Vec<NavGroup> {
    let item = |href, label| NavItem { href, label };
    let reports = || NavGroup {
        label: "Reports",
        items: vec![
            item("/compliance", "Goal-sheet compliance"),
            item("/achievements/feed", "Achievements"),
            item("/sales/kpis", "Sales KPIs"),
            item("/import", "Import activities"),
        ],
    };
    match role {
        Role::Rep | Role::Executive => Vec::new(),
        Role::Manager => vec![reports()],
        Role::Admin => vec![
            reports(),
            NavGroup {
                label: "Plans",
                items: vec![
                    item("/admin/commission-plan", "Commission plan"),
                    item("/admin/approval-rules", "Approval rules"),
                    item("/admin/bonus-schedules", "Bonus schedules"),
                    item("/admin/promotions", "Tier promotions"),
                    item("/admin/target-factors", "Seasonal & market factors"),
                    item("/admin/seasonal-weights", "Seasonal weights"),
                ],
            },
            NavGroup {
                label: "Setup",
                items: vec![
                    item("/admin/users", "Users"),
                    item("/admin/teams", "Teams"),
                    item("/admin/partner-types", "Partner types"),
                    item("/admin/partner-tiers", "Partner tiers"),
                    item("/admin/periods", "Periods"),
                    item("/admin/metrics", "Metrics"),
                    item("/admin/organisation", "Organisation"),
                    item("/admin/audit", "Audit log"),
                    item("/admin/jobs", "Jobs"),
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
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_take_the_first_and_last_word() {
        assert_eq!(initials("Ana María Kim"), "AK");
        assert_eq!(initials("prince"), "P");
        assert_eq!(initials(""), "");
    }
}
