//! Fixtures written through the same services the admin pages call (team
//! changes, user edits, approval limits, the partner catalogue, the
//! organisation settings), so a test's world obeys the rules a real one
//! does. Raw SQL is left to tests that need a state the services refuse on
//! purpose (old rows, clock changes, triggers).

use attain::db::organisation::{Organisation, OrganisationChanges};
use attain::db::partner_tiers::{PartnerTier, PartnerTierFields};
use attain::db::partner_types::{PartnerType, PartnerTypeFields};
use attain::db::teams::{Team, TeamFields};
use attain::db::users::{User, UserProfile};
use diesel::PgConnection;
use rust_decimal::Decimal;

use crate::helpers::TestApp;

impl TestApp {
    /// Who fixture changes are recorded as: the first admin, else the
    /// first user (the services audit every change under an actor).
    fn fixture_actor(&self, conn: &mut PgConnection) -> i64 {
        self.fixture_actor_other_than(conn, None)
    }

    /// [`Self::fixture_actor`], leaving out `user` (nobody may deactivate
    /// themselves).
    fn fixture_actor_other_than(&self, conn: &mut PgConnection, user: Option<i64>) -> i64 {
        use attain::db::schema::users;
        use diesel::prelude::*;
        let ids: Vec<i64> = users::table
            .select(users::id)
            .order((users::role.ne("admin"), users::id))
            .load(conn)
            .unwrap();
        ids.into_iter()
            .find(|&id| Some(id) != user)
            .expect("a fixture change needs a user to record it under")
    }

    /// A top-level team, created as an admin creates one.
    pub fn team(&self, name: &str, manager: Option<i64>) -> i64 {
        self.sub_team(name, manager, None)
    }

    /// A team under `parent` (top level when `None`).
    pub fn sub_team(&self, name: &str, manager: Option<i64>, parent: Option<i64>) -> i64 {
        let mut conn = self.conn();
        let actor = self.fixture_actor(&mut conn);
        let fields = TeamFields {
            name: name.into(),
            parent_id: parent,
            manager_id: manager,
        };
        let team: Team = attain::org::teams::changes::save(&mut conn, actor, None, fields)
            .unwrap_or_else(|e| panic!("creating team {name}: {e:?}"));
        team.id
    }

    /// A team named `name` managed by `manager`, with `members` (the manager
    /// included if listed) moved into it; returns its id.
    pub fn team_of(&self, name: &str, manager: i64, members: &[i64]) -> i64 {
        let team = self.team(name, Some(manager));
        for &member in members {
            self.edit_user(member, |p| p.team_id = Some(team));
        }
        team
    }

    /// Edits a user's profile (team, sponsor, partner type and tier, …) as
    /// the admin's user form does.
    pub fn edit_user(&self, id: i64, change: impl FnOnce(&mut UserProfile)) {
        let mut conn = self.conn();
        let actor = self.fixture_actor(&mut conn);
        let user = User::find(&mut conn, id).unwrap();
        let mut profile = UserProfile {
            email: user.email,
            name: user.name,
            role: user.role,
            team_id: user.team_id,
            sponsor_id: user.sponsor_id,
            partner_type_id: user.partner_type_id,
            partner_tier_id: user.partner_tier_id,
        };
        change(&mut profile);
        attain::org::accounts::update(&mut conn, actor, id, profile)
            .unwrap_or_else(|e| panic!("editing user {id}: {e:?}"));
    }

    /// Sets the sale approval limits as the admin's settings page does.
    pub fn approval_limits(&self, auto_confirm: Decimal, manager_approval: Decimal) {
        let mut conn = self.conn();
        let actor = self.fixture_actor(&mut conn);
        attain::sales::settings::save_limits(&mut conn, auto_confirm, manager_approval, actor)
            .unwrap_or_else(|e| panic!("setting the approval limits: {e:?}"));
    }

    /// A partner type in the admin's catalogue.
    pub fn partner_type(&self, fields: PartnerTypeFields) -> i64 {
        let mut conn = self.conn();
        let actor = self.fixture_actor(&mut conn);
        let code = fields.code.clone();
        let kind: PartnerType = attain::org::catalog::save(&mut conn, actor, None, fields)
            .unwrap_or_else(|e| panic!("creating partner type {code}: {e:?}"));
        kind.id
    }

    /// A partner tier in the admin's catalogue.
    pub fn partner_tier(&self, fields: PartnerTierFields) -> i64 {
        let mut conn = self.conn();
        let actor = self.fixture_actor(&mut conn);
        let code = fields.code.clone();
        let tier: PartnerTier = attain::org::catalog::save(&mut conn, actor, None, fields)
            .unwrap_or_else(|e| panic!("creating partner tier {code}: {e:?}"));
        tier.id
    }

    /// Edits the organisation settings as the admin's settings page does.
    pub fn edit_organisation(&self, change: impl FnOnce(&mut OrganisationChanges)) {
        let mut conn = self.conn();
        let actor = self.fixture_actor(&mut conn);
        let org = Organisation::get(&mut conn).unwrap();
        let mut changes = OrganisationChanges {
            name: org.name,
            currency_code: org.currency_code,
            currency_minor_unit: org.currency_minor_unit,
            time_zone: org.time_zone,
            fiscal_year_start_month: org.fiscal_year_start_month,
            language: org.language,
        };
        change(&mut changes);
        attain::org::accounts::update_organisation(&mut conn, actor, &changes)
            .unwrap_or_else(|e| panic!("editing the organisation: {e:?}"));
    }
}

impl TestApp {
    /// Deactivates a user as the admin's user page does (their sessions end).
    pub fn deactivate_user(&self, id: i64) {
        let mut conn = self.conn();
        let actor = self.fixture_actor_other_than(&mut conn, Some(id));
        attain::org::accounts::set_active(&mut conn, actor, id, false)
            .unwrap_or_else(|e| panic!("deactivating user {id}: {e:?}"));
    }
}
