//! Building and running the HTTP server: middleware, static files, routes.
//! `Application::build` binds the listener (port 0 works in tests) and
//! exposes the bound port.

use std::net::TcpListener;

use actix_htmx::HtmxMiddleware;
use actix_session::SessionMiddleware;
use actix_session::config::{CookieContentSecurity, PersistentSession};
use actix_session::storage::CookieSessionStore;
use actix_web::body::MessageBody;
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::middleware::{DefaultHeaders, Next, from_fn};
use actix_web::{App, HttpMessage, HttpServer, web};
use tracing_actix_web::TracingLogger;

use actix_web::error::{InternalError, UrlencodedError};

use crate::db::DbPool;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::web::error::htmx_error_in;
use crate::web::hardening::{Hardening, MAX_FORM_BYTES, harden, too_large};

pub struct AppConfig {
    pub pool: DbPool,
    pub session_key: Vec<u8>,
    /// Set the cookie's Secure flag and send HSTS (when served over HTTPS).
    pub secure_cookies: bool,
    /// Read the client address from `X-Forwarded-For` (last entry): only
    /// behind a proxy that sets it (`--trusted-proxy`).
    pub trust_forwarded_for: bool,
    pub workers: Option<usize>,
    /// The schedule's interval and the mailer, for the admin's jobs page.
    pub jobs: crate::jobs::JobsConfig,
    /// The database to LISTEN on for live updates from every instance
    /// (`crate::live`); `None` leaves open pages without live updates.
    pub live_database_url: Option<String>,
}

pub struct Application {
    port: u16,
    server: Server,
    live: crate::live::Live,
    live_database_url: Option<String>,
    /// The pool and mailer for the notification courier, when SMTP is set.
    courier: Option<(DbPool, crate::notify::mail::Mailer)>,
}

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
                   form-action 'self'; frame-ancestors 'none'";

impl Application {
    pub fn build(listener: TcpListener, config: AppConfig) -> anyhow::Result<Application> {
        let port = listener.local_addr()?.port();
        let key = Key::try_from(config.session_key.as_slice())
            .map_err(|e| anyhow::anyhow!("session key: {e}"))?;
        let courier = config
            .jobs
            .mailer
            .clone()
            .map(|mailer| (config.pool.clone(), mailer));
        let pool = web::Data::new(config.pool);
        let caches = web::Data::new(crate::web::cache::Caches::default());
        let jobs = web::Data::new(config.jobs);
        let live = crate::live::Live::default();
        let live_data = web::Data::new(live.clone());
        let secure = config.secure_cookies;
        // One gate per server: the bound on argon2's memory is per process.
        let gate = web::Data::new(crate::auth::password::HashGate::for_cores());
        let proxy = web::Data::new(crate::auth::client::ProxyTrust {
            trust_forwarded_for: config.trust_forwarded_for,
        });
        let hardening = web::Data::new(Hardening { hsts: secure });
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(pool.clone())
                .app_data(caches.clone())
                .app_data(jobs.clone())
                .app_data(live_data.clone())
                .app_data(gate.clone())
                .app_data(proxy.clone())
                .app_data(hardening.clone())
                .app_data(
                    web::FormConfig::default()
                        .limit(MAX_FORM_BYTES)
                        .error_handler(|err, _| match err {
                            UrlencodedError::Overflow { .. } => {
                                InternalError::from_response(err, too_large()).into()
                            }
                            err => AppError::BadRequest(
                                Msg::new("admin-form-unreadable").arg("error", err.to_string()),
                            )
                            .into(),
                        }),
                )
                .app_data(web::QueryConfig::default().error_handler(|err, _| {
                    AppError::BadRequest(
                        Msg::new("error-address-invalid").arg("error", err.to_string()),
                    )
                    .into()
                }))
                .app_data(
                    web::PathConfig::default().error_handler(|_, _| AppError::NotFound.into()),
                )
                // The front-end files, embedded at build time (`web::assets`).
                .service(
                    web::resource("/static/{tail:.*}")
                        .route(web::get().to(crate::web::assets::serve))
                        .route(web::head().to(crate::web::assets::serve)),
                )
                .configure(crate::web::configure)
                .default_service(web::to(|req: actix_web::HttpRequest| async move {
                    crate::api::fallback::answer(&req).ok_or(AppError::NotFound)
                }))
                .wrap(HtmxMiddleware)
                .wrap(from_fn(crate::web::csrf::guard))
                .wrap(from_fn(htmx_errors))
                .wrap(from_fn(crate::web::framed_errors::framed_errors))
                .wrap(
                    SessionMiddleware::builder(CookieSessionStore::default(), key.clone())
                        .cookie_name("attain".into())
                        .cookie_content_security(CookieContentSecurity::Private)
                        .cookie_secure(secure)
                        .cookie_http_only(true)
                        .cookie_same_site(SameSite::Lax)
                        .session_lifecycle(
                            PersistentSession::default()
                                .session_ttl(actix_web::cookie::time::Duration::days(14)),
                        )
                        .build(),
                )
                .wrap(
                    DefaultHeaders::new()
                        .add(("Content-Security-Policy", CSP))
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("X-Frame-Options", "DENY"))
                        .add(("Referrer-Policy", "same-origin")),
                )
                .wrap(from_fn(crate::web::compress::compress))
                .wrap(from_fn(harden))
                .wrap(TracingLogger::default())
        })
        // Without it, an answer the dispatcher writes in two pieces (its
        // head, then a body that was not ready yet) waits for the client's
        // delayed ACK of the first (Nagle): 20–40 ms on a kept-alive
        // connection.
        .tcp_nodelay(true)
        .listen(listener)?;
        // Our own signal handling: on Ctrl-C or SIGTERM the open live
        // streams end first, then the graceful shutdown has nothing to
        // wait for but requests in flight.
        server = server.shutdown_signal(shutdown_signal(live.clone()));
        if let Some(workers) = config.workers {
            server = server.workers(workers);
        }
        crate::auth::password::warm_up();
        Ok(Application {
            port,
            server: server.run(),
            live,
            live_database_url: config.live_database_url,
            courier,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn server_handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGINT/SIGTERM (actix's signal handling) or a stop call,
    /// listening for live updates meanwhile and, with SMTP configured,
    /// emailing new notifications.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        if let Some(url) = self.live_database_url {
            self.live.listen(url);
        }
        if let Some((pool, mailer)) = self.courier {
            crate::notify::email::Courier::start(pool, mailer, &self.live);
        }
        self.server.await
    }
}

/// Resolves on SIGINT or SIGTERM, after closing the live streams.
async fn shutdown_signal(live: crate::live::Live) {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut terminate) => {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
        }
        Err(error) => {
            tracing::warn!(%error, "cannot watch SIGTERM; stopping on Ctrl-C only");
            let _ = tokio::signal::ctrl_c().await;
        }
    }
    tracing::info!("stopping: closing live streams, finishing requests in flight");
    live.close();
}

/// htmx requests get errors as a toast partial instead of a full page.
async fn htmx_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let is_htmx = req.headers().contains_key("hx-request");
    let res = next.call(req).await?;
    if is_htmx
        && let Some(error) = res.response().error()
        && let Some(app_error) = error.as_error::<AppError>()
    {
        let request = res.request();
        let lang = match request
            .extensions()
            .get::<crate::auth::extract::FrameUser>()
        {
            Some(found) => crate::auth::extract::reader_lang(&found.user, &found.org),
            None => crate::web::layout::visitor_lang(request),
        };
        let response = htmx_error_in(app_error, lang);
        return Ok(res.into_response(response));
    }
    Ok(res.map_into_boxed_body())
}
