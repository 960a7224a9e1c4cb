//! The test harness: every test gets its own database, cloned from a
//! migrated template, and its own server on a random port.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::net::TcpListener;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use attain::db::cluster::PrivateCluster;
use attain::db::users::User;
use attain::startup::{AppConfig, Application};
use diesel::{Connection, PgConnection, RunQueryDsl};
use rand::RngCore;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub const PASSWORD: &str = "correct horse battery staple";

/// Where test databases live: the server of `DATABASE_URL`, or a private
/// cluster under the temp dir (started on first use and left running).
enum Server {
    Url(String),
    Private(PrivateCluster),
}

impl Server {
    fn database_url(&self, database: &str) -> String {
        match self {
            Server::Url(url) => {
                let (base, query) = match url.split_once('?') {
                    Some((base, query)) => (base, Some(query)),
                    None => (url.as_str(), None),
                };
                let base = base.trim_end_matches('/');
                let server = match base.rfind('/') {
                    Some(i) if base[..i].ends_with('/') => base.to_string(),
                    Some(i) => base[..i].to_string(),
                    None => base.to_string(),
                };
                match query {
                    Some(q) => format!("{server}/{database}?{q}"),
                    None => format!("{server}/{database}"),
                }
            }
            Server::Private(cluster) => cluster.database_url(database),
        }
    }
}

struct Shared {
    server: Server,
    template: String,
    password_hash: String,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let server = match std::env::var("DATABASE_URL") {
            Ok(url) if !url.trim().is_empty() => Server::Url(url),
            _ => {
                // Under the temp dir: as root, the cluster runs as `postgres`,
                // which may not reach a checkout under /root.
                let dir =
                    std::env::temp_dir().join(format!("attain-test-pg-{}", nix::unistd::geteuid()));
                Server::Private(PrivateCluster::ensure_running(&dir).expect("private PostgreSQL"))
            }
        };
        let template = format!("attain_tpl_{:016x}", migrations_hash());
        create_template(&server, &template);
        let password_hash = attain::auth::password::hash(PASSWORD).unwrap();
        Shared {
            server,
            template,
            password_hash,
        }
    })
}

fn migrations_hash() -> u64 {
    let mut hasher = DefaultHasher::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<_> = walk(&dir);
    files.sort();
    for file in files {
        file.hash(&mut hasher);
        std::fs::read(&file).unwrap().hash(&mut hasher);
    }
    hasher.finish()
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Migrates the template once; concurrent test processes wait on a lock.
fn create_template(server: &Server, template: &str) {
    let mut admin = PgConnection::establish(&server.database_url("postgres")).unwrap();
    diesel::sql_query("SELECT pg_advisory_lock(727299)")
        .execute(&mut admin)
        .unwrap();
    let exists: bool = diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(&format!(
        "EXISTS (SELECT 1 FROM pg_database WHERE datname = '{template}')"
    )))
    .get_result(&mut admin)
    .unwrap();
    if !exists {
        diesel::sql_query(format!("CREATE DATABASE {template}"))
            .execute(&mut admin)
            .unwrap();
        attain::db::migrate_url(&server.database_url(template)).unwrap();
    }
    diesel::sql_query("SELECT pg_advisory_unlock(727299)")
        .execute(&mut admin)
        .unwrap();
}

pub struct TestUser {
    pub id: i64,
    pub email: String,
    pub name: String,
}

pub struct TestApp {
    pub address: String,
    pub database: String,
    pub database_url: String,
    handle: actix_web::dev::ServerHandle,
}

/// A fresh database and a running app on a random port.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(Default::default()).await
}

/// [`spawn_app`] with a jobs configuration (a mailer, say).
pub async fn spawn_app_with(jobs: attain::jobs::JobsConfig) -> TestApp {
    spawn_fresh(jobs, false).await
}

/// [`spawn_app`] as if behind a trusted proxy: `X-Forwarded-For` names the client.
pub async fn spawn_app_behind_proxy() -> TestApp {
    spawn_fresh(Default::default(), true).await
}

async fn spawn_fresh(jobs: attain::jobs::JobsConfig, trust_forwarded_for: bool) -> TestApp {
    let shared = shared();
    let mut suffix = [0u8; 6];
    rand::rng().fill_bytes(&mut suffix);
    let database = format!(
        "attain_t_{}",
        suffix
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let mut admin = PgConnection::establish(&shared.server.database_url("postgres")).unwrap();
    diesel::sql_query(format!(
        "CREATE DATABASE {database} TEMPLATE {}",
        shared.template
    ))
    .execute(&mut admin)
    .unwrap();
    let database_url = shared.server.database_url(&database);
    spawn_app_configured(database, database_url, jobs, trust_forwarded_for).await
}

/// An app on an existing database (for the two-instance tests).
pub async fn spawn_app_on(database: String, database_url: String) -> TestApp {
    spawn_app_configured(database, database_url, Default::default(), false).await
}

async fn spawn_app_configured(
    database: String,
    database_url: String,
    jobs: attain::jobs::JobsConfig,
    trust_forwarded_for: bool,
) -> TestApp {
    let pool = attain::db::pool(&database_url, 4, Duration::from_secs(3)).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut key = vec![0u8; 64];
    rand::rng().fill_bytes(&mut key);
    let app = Application::build(
        listener,
        AppConfig {
            pool,
            session_key: key,
            secure_cookies: false,
            trust_forwarded_for,
            workers: Some(1),
            jobs,
            live_database_url: Some(database_url.clone()),
        },
    )
    .unwrap();
    let port = app.port();
    let handle = app.server_handle();
    actix_web::rt::spawn(app.run_until_stopped());
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        database,
        database_url,
        handle,
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop accepting, then remove the database even if connections linger.
        let handle = self.handle.clone();
        drop(handle.stop(false));
        if let Ok(mut admin) = PgConnection::establish(&shared().server.database_url("postgres")) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.database
            ))
            .execute(&mut admin);
        }
    }
}

impl TestApp {
    /// Undoes [`TestApp::take_database_away`].
    pub fn bring_database_back(&self) {
        diesel::sql_query(format!(
            "ALTER DATABASE {} WITH ALLOW_CONNECTIONS true",
            self.database
        ))
        .execute(&mut self.admin_conn())
        .unwrap();
    }

    /// Takes the database away as an outage would: new connections are
    /// refused and the open ones are ended.
    pub fn take_database_away(&self) {
        let mut admin = self.admin_conn();
        diesel::sql_query(format!(
            "ALTER DATABASE {} WITH ALLOW_CONNECTIONS false",
            self.database
        ))
        .execute(&mut admin)
        .unwrap();
        diesel::sql_query(format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}'",
            self.database
        ))
        .execute(&mut admin)
        .unwrap();
    }

    /// A connection to the server's `postgres` database.
    pub fn admin_conn(&self) -> PgConnection {
        PgConnection::establish(&shared().server.database_url("postgres")).unwrap()
    }

    pub fn conn(&self) -> PgConnection {
        PgConnection::establish(&self.database_url).unwrap()
    }

    /// The id of the organisation's current month (created when missing).
    pub fn this_month(&self) -> i64 {
        let mut conn = self.conn();
        let org = attain::db::organisation::Organisation::get(&mut conn).unwrap();
        attain::db::periods::PeriodRow::containing(
            &mut conn,
            attain::domain::period::PeriodKind::Month,
            attain::goals::progress::org_today(&org),
            org.fiscal_year_start_month as u32,
        )
        .unwrap()
        .id
    }

    /// A user with the shared test password.
    pub fn create_user(&self, role: &str, email: &str) -> TestUser {
        let mut conn = self.conn();
        let name = email
            .split('@')
            .next()
            .unwrap()
            .split(['.', '-', '_'])
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ");
        let profile = attain::db::users::UserProfile {
            email: email.into(),
            name: name.clone(),
            role: role.parse().expect("a role"),
            team_id: None,
            sponsor_id: None,
            partner_type_id: None,
            partner_tier_id: None,
        };
        let user: User =
            attain::org::accounts::create(&mut conn, None, profile, shared().password_hash.clone())
                .unwrap_or_else(|e| panic!("creating {email}: {e:?}"));
        TestUser {
            id: user.id,
            email: user.email,
            name,
        }
    }

    pub fn client(&self) -> Client {
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            address: self.address.clone(),
        }
    }

    /// A client signed in as `user`.
    pub async fn signed_in(&self, user: &TestUser) -> Client {
        let client = self.client();
        let response = client.sign_in(&user.email, PASSWORD).await;
        assert_eq!(response.status(), 303, "sign-in of {} failed", user.email);
        client
    }
}

/// A browser-like HTTP client: keeps cookies, does not follow redirects.
pub struct Client {
    pub http: reqwest::Client,
    pub address: String,
}

impl Client {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap()
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// `path` asked for gzip, as a browser does: the answer must come
    /// gzipped, 200, and is returned unzipped.
    pub async fn get_gunzipped(&self, path: &str) -> String {
        use std::io::Read;
        let response = self
            .http
            .get(format!("{}{path}", self.address))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(
            response
                .headers()
                .get("content-encoding")
                .and_then(|v| v.to_str().ok()),
            Some("gzip")
        );
        let body = response.bytes().await.unwrap();
        let mut html = String::new();
        flate2::read::GzDecoder::new(&body[..])
            .read_to_string(&mut html)
            .expect("one valid gzip stream");
        html
    }

    /// `path` as htmx asks for it (`HX-Request`): the fragment's text.
    pub async fn get_fragment(&self, path: &str) -> String {
        self.http
            .get(format!("{}{path}", self.address))
            .header("HX-Request", "true")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// The CSRF token of the current session, read from a page's form.
    pub async fn csrf_token(&self) -> String {
        for path in ["/account/password", "/login"] {
            let (status, body) = self.get_text(path).await;
            if status == 200
                && let Some(token) = extract_csrf(&body)
            {
                return token;
            }
        }
        panic!("no page offered a CSRF token");
    }

    /// POSTs a form with the session's CSRF token added.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf_token().await;
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf_token", &token));
        self.post_raw(path, &form).await
    }

    /// POSTs a form exactly as given (no token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(format!("{}{path}", self.address))
            .form(fields)
            .send()
            .await
            .unwrap()
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_form("/login", &[("email", email), ("password", password)])
            .await
    }
}

pub fn extract_csrf(body: &str) -> Option<String> {
    let document = scraper::Html::parse_document(body);
    let selector = scraper::Selector::parse(r#"input[name="csrf_token"]"#).unwrap();
    document
        .select(&selector)
        .next()
        .and_then(|e| e.value().attr("value"))
        .map(str::to_owned)
}

pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// An API client that carries no cookie, only the bearer token.
pub struct Api {
    pub http: reqwest::Client,
    pub address: String,
    pub token: String,
}

impl Api {
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.address))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        let value = serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("{path} answered {status} with non-JSON: {text}"));
        (status, value)
    }
    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::GET, path, None).await
    }
    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::POST, path, Some(body)).await
    }
    pub async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::PUT, path, Some(body)).await
    }
}

/// Asks for a token the way a browser-side script would: with the session's
/// CSRF token (a call without any cookie is covered separately).
pub async fn request_token(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    let client = app.client();
    let csrf = client.csrf_token().await;
    client
        .http
        .post(format!("{}/api/v1/auth/token", app.address))
        .header("X-CSRF-Token", csrf)
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap()
}

pub async fn api_for(app: &TestApp, user: &TestUser) -> Api {
    let response = request_token(app, &user.email, PASSWORD).await;
    assert_eq!(response.status(), 200, "token for {}", user.email);
    let body: Value = response.json().await.unwrap();
    Api {
        http: reqwest::Client::new(),
        address: app.address.clone(),
        token: body["token"].as_str().unwrap().to_string(),
    }
}
