//! Operations on users shared by the admin pages and the CLI: validation,
//! creation and edits, each one transaction with its audit entry.

use diesel::prelude::*;

use crate::db::audit::NewAuditEntry;
use crate::db::schema::{partner_tiers, partner_types, teams, users};
use crate::db::users::{NewUser, User, UserProfile};
use crate::domain::role::Role;
use crate::domain::tree::would_create_cycle;
use crate::error::{AppError, FieldErrors, on_constraint};
use crate::i18n::{Key, Msg};
use crate::input;

/// The user form as typed.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct UserForm {
    pub email: String,
    pub name: String,
    pub role: String,
    pub team_id: String,
    pub sponsor_id: String,
    pub partner_type_id: String,
    pub partner_tier_id: String,
    pub password: String,
}

impl UserForm {
    pub fn from_user(user: &User) -> Self {
        let id = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        UserForm {
            email: user.email.clone(),
            name: user.name.clone(),
            role: user.role.to_string(),
            team_id: id(user.team_id),
            sponsor_id: id(user.sponsor_id),
            partner_type_id: id(user.partner_type_id),
            partner_tier_id: id(user.partner_tier_id),
            password: String::new(),
        }
    }

    /// Checks the fields that need no database.
    pub fn profile(&self) -> Result<UserProfile, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = input::email(&mut errors, "email", &self.email);
        let name = input::required(&mut errors, "name", &self.name, 120);
        let role = self.role.parse::<Role>().unwrap_or_else(|_| {
            errors.add("role", Key("admin-user-role-unknown"));
            Role::Rep
        });
        let profile = UserProfile {
            email,
            name,
            role,
            team_id: input::optional_id(&mut errors, "team_id", &self.team_id),
            sponsor_id: input::optional_id(&mut errors, "sponsor_id", &self.sponsor_id),
            partner_type_id: input::optional_id(
                &mut errors,
                "partner_type_id",
                &self.partner_type_id,
            ),
            partner_tier_id: input::optional_id(
                &mut errors,
                "partner_tier_id",
                &self.partner_tier_id,
            ),
        };
        errors.into_result().map(|()| profile)
    }
}

const EMAIL_TAKEN: &[(&str, &str, Key)] =
    &[("users_email_key", "email", Key("admin-user-email-taken"))];

/// Checks that every reference points at something that exists.
fn check_references(conn: &mut PgConnection, profile: &UserProfile) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    if let Some(id) = profile.team_id
        && !diesel::select(diesel::dsl::exists(teams::table.find(id))).get_result::<bool>(conn)?
    {
        errors.add("team_id", Key("admin-team-missing"));
    }
    if let Some(id) = profile.sponsor_id
        && !diesel::select(diesel::dsl::exists(users::table.find(id))).get_result::<bool>(conn)?
    {
        errors.add("sponsor_id", Key("admin-user-sponsor-missing"));
    }
    if let Some(id) = profile.partner_type_id
        && !diesel::select(diesel::dsl::exists(partner_types::table.find(id)))
            .get_result::<bool>(conn)?
    {
        errors.add("partner_type_id", Key("admin-partner-type-missing"));
    }
    if let Some(id) = profile.partner_tier_id
        && !diesel::select(diesel::dsl::exists(partner_tiers::table.find(id)))
            .get_result::<bool>(conn)?
    {
        errors.add("partner_tier_id", Key("admin-partner-tier-missing"));
    }
    errors.into_result().map_err(AppError::Invalid)
}

/// Creates a user with an already hashed password.
pub fn create(
    conn: &mut PgConnection,
    actor_id: Option<i64>,
    profile: UserProfile,
    password_hash: String,
) -> Result<User, AppError> {
    conn.transaction(|conn| {
        check_references(conn, &profile)?;
        let new = NewUser {
            email: profile.email,
            name: profile.name,
            role: profile.role,
            team_id: profile.team_id,
            sponsor_id: profile.sponsor_id,
            partner_type_id: profile.partner_type_id,
            partner_tier_id: profile.partner_tier_id,
            password_hash,
        };
        let user = User::insert(conn, &new).map_err(|e| on_constraint(e, EMAIL_TAKEN))?;
        NewAuditEntry::new(
            actor_id,
            "create",
            "user",
            Some(user.id),
            format!(
                "created user {} <{}> as {}",
                user.name, user.email, user.role
            ),
        )
        .after(&user)
        .record(conn)?;
        Ok(user)
    })
}

/// Edits a user's profile; refuses a sponsor that would close a cycle.
pub fn update(
    conn: &mut PgConnection,
    actor_id: i64,
    id: i64,
    profile: UserProfile,
) -> Result<User, AppError> {
    conn.transaction(|conn| {
        User::lock_sponsor_tree(conn)?;
        let before = User::find(conn, id)?;
        check_references(conn, &profile)?;
        if profile.sponsor_id.is_some() {
            let mut lookup_error = None;
            let cycle = would_create_cycle(id, profile.sponsor_id, |n| {
                User::sponsor_of(conn, n).unwrap_or_else(|e| {
                    lookup_error = Some(e);
                    None
                })
            });
            if let Some(e) = lookup_error {
                return Err(e.into());
            }
            if cycle {
                return Err(AppError::Invalid(FieldErrors::one(
                    "sponsor_id",
                    Key("admin-user-sponsor-cycle"),
                )));
            }
        }
        if actor_id == id && profile.role != before.role {
            return Err(AppError::Invalid(FieldErrors::one(
                "role",
                Key("admin-user-own-role"),
            )));
        }
        let after =
            User::update_profile(conn, id, &profile).map_err(|e| on_constraint(e, EMAIL_TAKEN))?;
        NewAuditEntry::new(
            Some(actor_id),
            "update",
            "user",
            Some(id),
            format!("edited user {} <{}>", after.name, after.email),
        )
        .before(&before)
        .after(&after)
        .record(conn)?;
        Ok(after)
    })
}

/// Activates or deactivates a user; deactivation ends their sessions.
pub fn set_active(
    conn: &mut PgConnection,
    actor_id: i64,
    id: i64,
    active: bool,
) -> Result<User, AppError> {
    if actor_id == id && !active {
        return Err(AppError::Conflict(Msg::new("admin-user-deactivate-self")));
    }
    conn.transaction(|conn| {
        let before = User::find(conn, id)?;
        let after = User::set_active(conn, id, active)?;
        NewAuditEntry::new(
            Some(actor_id),
            if active { "activate" } else { "deactivate" },
            "user",
            Some(id),
            format!(
                "{} user {} <{}>",
                if active { "activated" } else { "deactivated" },
                after.name,
                after.email
            ),
        )
        .before(&before)
        .after(&after)
        .record(conn)?;
        Ok(after)
    })
}

/// `attain users create`: the same checks as the admin form.
pub fn create_from_cli(
    conn: &mut PgConnection,
    email: &str,
    name: &str,
    role: &str,
    team: Option<&str>,
    password: &str,
) -> anyhow::Result<User> {
    let team_id = match team {
        None => String::new(),
        Some(team) => {
            let found: Option<i64> = match team.parse::<i64>() {
                Ok(id) => teams::table
                    .find(id)
                    .select(teams::id)
                    .first(conn)
                    .optional()?,
                Err(_) => teams::table
                    .filter(crate::db::lower(teams::name).eq(team.trim().to_lowercase()))
                    .select(teams::id)
                    .first(conn)
                    .optional()?,
            };
            found
                .ok_or_else(|| anyhow::anyhow!("no team named {team:?}"))?
                .to_string()
        }
    };
    let form = UserForm {
        email: email.into(),
        name: name.into(),
        role: role.into(),
        team_id,
        ..UserForm::default()
    };
    let password_errors = validate_new_password(password, password);
    let profile = form.profile().map_err(describe)?;
    password_errors.into_result().map_err(describe)?;
    let hash = crate::auth::password::hash(password)?;
    create(conn, None, profile, hash).map_err(|e| match e {
        AppError::Invalid(errors) => describe(errors),
        other => anyhow::anyhow!("{other}"),
    })
}

fn describe(errors: FieldErrors) -> anyhow::Error {
    anyhow::anyhow!("{}", errors.describe())
}

/// The shortest password anyone may choose.
pub const MIN_PASSWORD_LEN: usize = 10;

/// A new password and its confirmation, as typed.
pub fn validate_new_password(new: &str, confirm: &str) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if new.chars().count() < MIN_PASSWORD_LEN {
        errors.add(
            "new",
            Msg::new("account-password-too-short").arg("min", MIN_PASSWORD_LEN.to_string()),
        );
    } else if new.len() > 1024 {
        errors.add("new", input::too_long(1024));
    }
    if new != confirm {
        errors.add("confirm", Key("account-password-mismatch"));
    }
    errors
}

/// A new password hash for the user, with its audit entry, in one
/// transaction; every session ends. Returns the new "valid after" instant.
pub fn change_password(
    conn: &mut PgConnection,
    id: i64,
    hash: &str,
) -> Result<chrono::DateTime<chrono::Utc>, AppError> {
    conn.transaction(|conn| {
        let after = User::set_password(conn, id, hash)?;
        NewAuditEntry::new(
            Some(id),
            "password_changed",
            "user",
            Some(id),
            "changed their password",
        )
        .record(conn)?;
        Ok(after)
    })
}

/// Turns the user's notification emails on or off, with its audit entry.
pub fn set_email_notifications(
    conn: &mut PgConnection,
    id: i64,
    wanted: bool,
) -> Result<(), AppError> {
    conn.transaction(|conn| {
        User::set_email_notifications(conn, id, wanted)?;
        NewAuditEntry::new(
            Some(id),
            "update",
            "user",
            Some(id),
            if wanted {
                "turned notification emails on"
            } else {
                "turned notification emails off"
            },
        )
        .record(conn)?;
        Ok(())
    })
}

/// Saves the organisation settings with their audit entry.
pub fn update_organisation(
    conn: &mut PgConnection,
    actor: i64,
    changes: &crate::db::organisation::OrganisationChanges,
) -> Result<(), AppError> {
    use crate::db::organisation::Organisation;
    conn.transaction(|conn| {
        let before = Organisation::get(conn)?;
        let after = Organisation::update(conn, changes)?;
        NewAuditEntry::new(
            Some(actor),
            "update",
            "organisation",
            None,
            "edited the organisation settings",
        )
        .before(&before)
        .after(&after)
        .record(conn)?;
        Ok(())
    })
}
