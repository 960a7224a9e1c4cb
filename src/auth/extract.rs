//! Role guards as extractors: `CurrentUser` for anyone signed in, then one
//! wrapper per role rule. A handler's signature says who may call it.

use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};

use super::TypedSession;
use crate::db::DbPool;
use crate::db::organisation::Organisation;
use crate::db::users::User;
use crate::domain::role::Role;
use crate::web::error::AppError;
use crate::web::layout::Layout;

/// The signed-in, active user whose session was issued after their last
/// sign-out, deactivation or password change; plus the organisation.
pub struct CurrentUser {
    pub user: User,
    pub org: Organisation,
    pub session: TypedSession,
}

impl CurrentUser {
    pub fn role(&self) -> Role {
        self.user.role()
    }

    pub fn layout(&self, title: impl Into<String>) -> Layout {
        Layout::for_user(title, &self.user, &self.org, &self.session)
    }
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let session = TypedSession(req.get_session());
        let pool = req.app_data::<web::Data<DbPool>>().cloned();
        Box::pin(async move {
            let pool = pool.ok_or_else(|| AppError::Internal(anyhow::anyhow!("no pool")))?;
            let Some((user_id, issued_at)) = session.user().ok().flatten() else {
                return Err(AppError::Unauthenticated);
            };
            let found = crate::web::db(&pool, move |conn| {
                Ok(User::find_with_organisation(conn, user_id)?)
            })
            .await?;
            match found {
                Some((user, org))
                    if user.active
                        && issued_at.timestamp_micros()
                            >= user.sessions_valid_after.timestamp_micros() =>
                {
                    Ok(CurrentUser { user, org, session })
                }
                _ => {
                    session.sign_out();
                    Err(AppError::Unauthenticated)
                }
            }
        })
    }
}

macro_rules! role_guard {
    ($(#[$doc:meta])* $name:ident, $allowed:expr) => {
        $(#[$doc])*
        pub struct $name(pub CurrentUser);

        impl Deref for $name {
            type Target = CurrentUser;
            fn deref(&self) -> &CurrentUser {
                &self.0
            }
        }

        impl FromRequest for $name {
            type Error = AppError;
            type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

            fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
                let current = CurrentUser::from_request(req, payload);
                Box::pin(async move {
                    let current = current.await?;
                    let allowed: fn(Role) -> bool = $allowed;
                    if allowed(current.role()) {
                        Ok($name(current))
                    } else {
                        Err(AppError::Forbidden)
                    }
                })
            }
        }
    };
}

role_guard!(
    /// Managers and admins.
    RequireManager,
    Role::can_manage
);
role_guard!(
    /// Admins only.
    RequireAdmin,
    Role::is_admin
);
role_guard!(
    /// Executives and admins: company-wide reading.
    RequireCompanyReader,
    Role::can_read_company
);
