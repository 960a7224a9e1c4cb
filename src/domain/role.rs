//! The four roles and what each may do at the coarse level of page access.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Rep,
    Manager,
    Admin,
    Executive,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Rep, Role::Manager, Role::Admin, Role::Executive];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Rep => "rep",
            Role::Manager => "manager",
            Role::Admin => "admin",
            Role::Executive => "executive",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Rep => "Sales rep",
            Role::Manager => "Manager",
            Role::Admin => "Administrator",
            Role::Executive => "Executive",
        }
    }

    /// Managers run their teams; admins may do whatever a manager may.
    pub fn can_manage(self) -> bool {
        matches!(self, Role::Manager | Role::Admin)
    }

    pub fn is_admin(self) -> bool {
        self == Role::Admin
    }

    /// Company-wide read access: executives and admins.
    pub fn can_read_company(self) -> bool {
        matches!(self, Role::Executive | Role::Admin)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct UnknownRole;

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim().to_ascii_lowercase())
            .ok_or(UnknownRole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_parses_back_from_its_name() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert_eq!(" Admin ".parse::<Role>(), Ok(Role::Admin));
        assert_eq!("owner".parse::<Role>(), Err(UnknownRole));
    }

    #[test]
    fn only_managers_and_admins_manage() {
        let managing: Vec<Role> = Role::ALL.into_iter().filter(|r| r.can_manage()).collect();
        assert_eq!(managing, vec![Role::Manager, Role::Admin]);
    }
}
