//! Role guards as extractors: `CurrentUser` for anyone signed in, then one
//! wrapper per role rule. A handler's signature says who may call it.

use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use super::TypedSession;
use crate::db::DbPool;
use crate::db::epoch::Epoch;
use crate::db::organisation::Organisation;
use crate::db::users::User;
use crate::domain::lang::Lang;
use crate::domain::role::Role;
use crate::error::AppError;

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

    /// The language this person reads: their own choice, else the
    /// organisation's.
    pub fn lang(&self) -> Lang {
        reader_lang(&self.user, &self.org)
    }
}

/// The language `user` reads: their own choice, else the organisation's.
pub fn reader_lang(user: &User, org: &Organisation) -> Lang {
    user.language.unwrap_or(org.language)
}

/// The person a request was answered for, kept in the request's extensions
/// by [`CurrentUser`] for `web::framed_errors`.
#[derive(Clone)]
pub struct FrameUser {
    pub user: User,
    pub org: Organisation,
}

/// A session that names a user, not yet checked against the database: for
/// a hot page that looks the user up ([`SignedIn::check`]) in the same
/// database call as the rest of its reading, then [`SignedIn::accept`]s
/// the result before using anything it read. Any other handler takes
/// [`CurrentUser`], which does both in its own database call.
pub struct SignedIn {
    pub session: TypedSession,
    user_id: i64,
    issued_at: chrono::DateTime<chrono::Utc>,
}

/// What [`SignedIn::check`] found: the user and organisation, when the
/// session still stands.
pub struct Checked(Option<(User, Organisation)>);

/// What [`SignedIn::check_at_epoch`] found: the user and organisation, and
/// the change epoch read in the same statement.
pub struct CheckedAt {
    pub checked: Checked,
    /// `None` only when the user was not found.
    pub epoch: Option<Epoch>,
}

impl Checked {
    /// The user and organisation, when the session still stands.
    pub fn found(&self) -> Option<(&User, &Organisation)> {
        self.0.as_ref().map(|(user, org)| (user, org))
    }
}

impl SignedIn {
    fn of(req: &HttpRequest) -> Result<SignedIn, AppError> {
        let session = TypedSession(req.get_session());
        let Some((user_id, issued_at)) = session.user().ok().flatten() else {
            return Err(AppError::Unauthenticated);
        };
        Ok(SignedIn {
            session,
            user_id,
            issued_at,
        })
    }

    /// What [`SignedIn::check`] needs, to take into a database call (the
    /// session itself stays on the request's thread).
    pub fn ids(&self) -> (i64, chrono::DateTime<chrono::Utc>) {
        (self.user_id, self.issued_at)
    }

    /// The session's user, if they are active and the session was issued
    /// after their last sign-out, deactivation or password change.
    pub fn check(
        conn: &mut diesel::PgConnection,
        user_id: i64,
        issued_at: chrono::DateTime<chrono::Utc>,
    ) -> diesel::QueryResult<Checked> {
        let found = User::find_with_organisation(conn, user_id)?;
        Ok(Checked(found.filter(|(user, _)| stands(user, issued_at))))
    }

    /// [`SignedIn::check`], with the change epoch (`db::epoch`) read in
    /// the same statement: the one statement of a page whose figures are
    /// kept per epoch (`web::cache`).
    pub fn check_at_epoch(
        conn: &mut diesel::PgConnection,
        user_id: i64,
        issued_at: chrono::DateTime<chrono::Utc>,
    ) -> diesel::QueryResult<CheckedAt> {
        let found = User::find_with_organisation_and_epoch(conn, user_id)?;
        let epoch = found.as_ref().map(|(_, _, epoch)| *epoch);
        let found = found
            .map(|(user, org, _)| (user, org))
            .filter(|(user, _)| stands(user, issued_at));
        Ok(CheckedAt {
            checked: Checked(found),
            epoch,
        })
    }

    /// Checks the session's user and runs `read` for them in the same
    /// database call: one trip to the pool instead of two on the pages
    /// read most. `read` runs only for a user whose session stands, and
    /// may refuse them (a role rule) with its own error. It is given the
    /// change epoch the check read, for figures kept per epoch.
    pub async fn load<T, F>(self, pool: &DbPool, read: F) -> Result<(CurrentUser, T), AppError>
    where
        F: FnOnce(&mut diesel::PgConnection, &User, &Organisation, Epoch) -> Result<T, AppError>
            + Send
            + 'static,
        T: Send + 'static,
    {
        let (user_id, issued_at) = self.ids();
        let (checked, read) = crate::db::run(pool, move |conn| {
            let CheckedAt { checked, epoch } = SignedIn::check_at_epoch(conn, user_id, issued_at)?;
            let read = match (checked.found(), epoch) {
                (Some((me, org)), Some(epoch)) => Some(read(conn, me, org, epoch)),
                _ => None,
            };
            Ok((checked, read))
        })
        .await?;
        let current = self.accept(checked)?;
        match read {
            Some(read) => Ok((current, read?)),
            None => Err(AppError::Unauthenticated),
        }
    }

    /// The signed-in user, or (the session no longer standing) signed out
    /// and 401.
    pub fn accept(self, checked: Checked) -> Result<CurrentUser, AppError> {
        match checked.0 {
            Some((user, org)) => Ok(CurrentUser {
                user,
                org,
                session: self.session,
            }),
            None => {
                self.session.sign_out();
                Err(AppError::Unauthenticated)
            }
        }
    }
}

/// Whether a session issued at `issued_at` still stands for `user`: they
/// are active and have not signed out, been deactivated or changed their
/// password since.
fn stands(user: &User, issued_at: chrono::DateTime<chrono::Utc>) -> bool {
    user.active && issued_at.timestamp_micros() >= user.sessions_valid_after.timestamp_micros()
}

impl FromRequest for SignedIn {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(SignedIn::of(req))
    }
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let signed_in = SignedIn::of(req);
        let pool = req.app_data::<web::Data<DbPool>>().cloned();
        let req = req.clone();
        Box::pin(async move {
            let pool = pool.ok_or_else(|| AppError::Internal(anyhow::anyhow!("no pool")))?;
            let signed_in = signed_in?;
            let (user_id, issued_at) = signed_in.ids();
            let checked = crate::db::run(&pool, move |conn| {
                Ok(SignedIn::check(conn, user_id, issued_at)?)
            })
            .await?;
            let current = signed_in.accept(checked)?;
            // An error page answered later in this request is drawn in the
            // person's frame without looking them up again.
            req.extensions_mut().insert(FrameUser {
                user: current.user.clone(),
                org: current.org.clone(),
            });
            Ok(current)
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
