//! The `attain` command line: serve, migrate, demo, users create, jobs run,
//! totals rebuild and check.

use std::io::Read;
use std::net::TcpListener;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};

use crate::config::{DatabaseSetting, Settings};
use crate::db::cluster::{self, PrivateCluster};
use crate::startup::{AppConfig, Application};

#[derive(Parser, Debug)]
#[command(
    name = "attain",
    version,
    about = "Sales goals, quotas and partner commissions"
)]
pub struct Cli {
    /// PostgreSQL URL. Without it Attain runs its own PostgreSQL in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    database_url: Option<String>,
    /// Where the private PostgreSQL cluster and the session key live.
    #[arg(long, env = "ATTAIN_DATA_DIR", default_value = "./var", global = true)]
    data_dir: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the web application.
    Serve(ServeArgs),
    /// Apply pending database migrations.
    Migrate,
    /// Fill the demo organisation (once; a second run changes nothing).
    Demo,
    /// Manage users.
    #[command(subcommand)]
    Users(UsersCommand),
    /// Run background jobs by hand.
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// The per-person, metric and day totals kept from the metric events.
    #[command(subcommand)]
    Totals(TotalsCommand),
    /// Forecasts of goals.
    #[command(subcommand)]
    Forecast(ForecastCommand),
}

#[derive(Subcommand, Debug)]
enum ForecastCommand {
    /// Forecast every past month's personal goals as of days 7, 14 and 21
    /// and score the forecasts against what happened, beside the
    /// straight-line projection (Brier score and a calibration table).
    Backtest {
        /// Score the months that ended before this day (YYYY-MM-DD); today
        /// by default.
        #[arg(long)]
        before: Option<String>,
        /// Where the past targets come from: `goals` (the stored monthly
        /// goals) or `last-month` (each month's target is what the person
        /// sold the month before: for histories without past goals, like
        /// the pages bench's).
        #[arg(long, default_value = "goals")]
        targets: String,
        /// With `--targets last-month`: every N-th active rep (by id).
        #[arg(long, default_value_t = 1)]
        every: usize,
        /// With `--targets last-month`: only this metric (its key).
        #[arg(long)]
        metric: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum TotalsCommand {
    /// Recompute the whole totals table from the metric events.
    Rebuild,
    /// Compare the totals table with a recomputation; fails on a difference.
    Check,
}

#[derive(Subcommand, Debug)]
enum JobsCommand {
    /// Run one job now and record the run (jobs: see `crate::jobs::JOBS`).
    Run {
        /// The job (see `attain jobs run --help` for the list).
        name: String,
        /// Run as if it were this instant (RFC 3339, e.g. 2026-11-05T09:00:00Z).
        #[arg(long, conflicts_with = "date")]
        now: Option<String>,
        /// Run for this business day (YYYY-MM-DD, in the organisation's time
        /// zone): at its noon, and the day-based jobs (snapshots) take it as
        /// their day.
        #[arg(long)]
        date: Option<String>,
        #[command(flatten)]
        mail: MailArgs,
    },
}

/// Email delivery; without an SMTP URL no email is sent.
#[derive(Args, Debug)]
struct MailArgs {
    /// SMTP URL, e.g. smtps://user:pass@mail.example.com or smtp://localhost:25.
    #[arg(long, env = "ATTAIN_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// The sender of Attain's emails.
    #[arg(long, env = "ATTAIN_MAIL_FROM", default_value = crate::notify::mail::DEFAULT_FROM)]
    mail_from: String,
    /// The address people open Attain at, for the links in emails.
    #[arg(long, env = "ATTAIN_PUBLIC_URL", default_value = crate::notify::mail::DEFAULT_PUBLIC_URL)]
    public_url: String,
}

impl MailArgs {
    fn mailer(&self) -> anyhow::Result<Option<crate::notify::mail::Mailer>> {
        let url = self.public_url.trim();
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            bail!("ATTAIN_PUBLIC_URL must start with http:// or https://, not {url:?}");
        }
        let mailer =
            crate::notify::mail::Mailer::configured(self.smtp_url.as_deref(), &self.mail_from)?;
        Ok(mailer.map(|m| m.with_public_url(&self.public_url)))
    }
}

#[derive(Args, Debug)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "ATTAIN_BIND", default_value = "127.0.0.1:8080")]
    bind: String,
    /// Fill the demo organisation before serving.
    #[arg(long)]
    demo: bool,
    /// Base64 of at least 64 random bytes; generated and kept in the data dir if unset.
    #[arg(long, env = "ATTAIN_SESSION_KEY", hide_env_values = true)]
    session_key: Option<String>,
    /// Mark the session cookie Secure and send HSTS (serve behind HTTPS).
    #[arg(long, env = "ATTAIN_SECURE_COOKIES")]
    secure_cookies: bool,
    /// Attain runs behind a reverse proxy that appends the client's address
    /// to X-Forwarded-For: count sign-ins against that address, not the proxy's.
    #[arg(long, env = "ATTAIN_TRUSTED_PROXY")]
    trusted_proxy: bool,
    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "ATTAIN_WORKERS")]
    workers: Option<usize>,
    /// Seconds between runs of the background jobs; 0 turns the schedule off.
    #[arg(long, env = "ATTAIN_JOBS_EVERY", default_value_t = 300)]
    jobs_every: u64,
    #[command(flatten)]
    mail: MailArgs,
}

#[derive(Subcommand, Debug)]
enum UsersCommand {
    /// Create a user; the password is read from standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// rep, manager, admin or executive
        #[arg(long)]
        role: String,
        /// Team name or id.
        #[arg(long)]
        team: Option<String>,
        /// Read the password from standard input (required).
        #[arg(long)]
        password_stdin: bool,
    },
}

/// The database every command uses: `DATABASE_URL`, or the private cluster
/// (reused when running, started for this command when not).
pub struct Database {
    pub url: String,
    pub cluster: Option<PrivateCluster>,
}

impl Database {
    pub fn open(settings: &Settings) -> anyhow::Result<Database> {
        match &settings.database {
            DatabaseSetting::Url(url) => Ok(Database {
                url: url.clone(),
                cluster: None,
            }),
            DatabaseSetting::Private => {
                let cluster = PrivateCluster::ensure_running(&settings.data_dir)?;
                Ok(Database {
                    url: cluster.database_url(cluster::DATABASE),
                    cluster: Some(cluster),
                })
            }
        }
    }

    /// Stops the private cluster if this command started it.
    pub fn close(self) -> anyhow::Result<()> {
        if let Some(cluster) = self.cluster {
            cluster.stop_if_started_here()?;
        }
        Ok(())
    }
}

pub async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let settings = Settings::new(cli.database_url.clone(), cli.data_dir.clone());
    let database = Database::open(&settings)?;
    let result = match cli.command {
        Command::Serve(args) => serve(&settings, &database, args).await,
        Command::Migrate => crate::db::migrate_url(&database.url).map(|()| {
            println!("Migrations applied.");
        }),
        Command::Demo => demo(&database.url),
        Command::Users(UsersCommand::Create {
            email,
            name,
            role,
            team,
            password_stdin,
        }) => create_user(&database.url, email, name, role, team, password_stdin),
        Command::Jobs(JobsCommand::Run {
            name,
            now,
            date,
            mail,
        }) => run_job(&database.url, &name, now.as_deref(), date.as_deref(), &mail),
        Command::Totals(command) => totals(&database.url, command),
        Command::Forecast(ForecastCommand::Backtest {
            before,
            targets,
            every,
            metric,
        }) => {
            let targets = match targets.as_str() {
                "goals" => crate::goals::forecast::backtest::Targets::Goals,
                "last-month" => {
                    crate::goals::forecast::backtest::Targets::LastMonth { every, metric }
                }
                other => bail!("--targets is goals or last-month, not {other:?}"),
            };
            backtest(&database.url, before.as_deref(), &targets)
        }
    };
    let closed = database.close();
    result.and(closed)
}

async fn serve(settings: &Settings, database: &Database, args: ServeArgs) -> anyhow::Result<()> {
    crate::db::migrate_url(&database.url)?;
    if args.demo {
        demo(&database.url)?;
    }
    let pool = crate::db::pool(
        &database.url,
        settings.pool_size,
        std::time::Duration::from_secs(settings.pool_timeout_secs),
    )?;
    let session_key = crate::config::session_key(args.session_key.as_deref(), &settings.data_dir)?;
    let mailer = args.mail.mailer()?;
    let listener =
        TcpListener::bind(&args.bind).with_context(|| format!("cannot listen on {}", args.bind))?;
    let address = listener.local_addr()?;
    let app = Application::build(
        listener,
        AppConfig {
            pool: pool.clone(),
            session_key,
            secure_cookies: args.secure_cookies,
            trust_forwarded_for: args.trusted_proxy,
            workers: args.workers,
            jobs: crate::jobs::JobsConfig {
                every: (args.jobs_every > 0)
                    .then(|| std::time::Duration::from_secs(args.jobs_every)),
                mailer: mailer.clone(),
                fetch: Default::default(),
            },
            live_database_url: Some(database.url.clone()),
        },
    )?;
    match &database.cluster {
        Some(cluster) => println!(
            "Database: private PostgreSQL in {} ({})",
            settings.data_dir.display(),
            if cluster.started_here() {
                "started"
            } else {
                "already running"
            }
        ),
        None => println!("Database: DATABASE_URL"),
    }
    println!("Attain is running at http://{address}/  (Ctrl-C to stop)");
    if args.demo {
        println!("Demo sign-ins (password: {}):", crate::demo::DEMO_PASSWORD);
        for (role, email) in crate::demo::demo_sign_ins() {
            println!("  {role:<10} {email}");
        }
    }
    let schedule = (args.jobs_every > 0).then(|| {
        crate::jobs::schedule::Schedule::start(
            pool,
            std::time::Duration::from_secs(args.jobs_every),
            mailer,
        )
    });
    let served = app.run_until_stopped().await;
    if let Some(schedule) = schedule {
        schedule.stop().await;
    }
    served?;
    println!("Attain stopped.");
    Ok(())
}

fn demo(url: &str) -> anyhow::Result<()> {
    use diesel::Connection;
    crate::db::migrate_url(url)?;
    let mut conn = diesel::PgConnection::establish(url)?;
    match crate::demo::seed(&mut conn)? {
        true => println!("Demo organisation created."),
        false => println!("Demo organisation already present; nothing changed."),
    }
    Ok(())
}

fn totals(url: &str, command: TotalsCommand) -> anyhow::Result<()> {
    use diesel::Connection;
    crate::db::migrate_url(url)?;
    let mut conn = diesel::PgConnection::establish(url)?;
    match command {
        TotalsCommand::Rebuild => {
            let rows = crate::db::totals::rebuild(&mut conn)?;
            println!("Totals rebuilt from the metric events: {rows} rows.");
        }
        TotalsCommand::Check => {
            const SHOWN: i64 = 20;
            let differences = crate::db::totals::differences(&mut conn, SHOWN)?;
            if !differences.is_empty() {
                for d in &differences {
                    println!(
                        "user {} metric {} on {} ({}): stored {:?} ({:?} events), recomputed {:?} ({:?} events)",
                        d.user_id,
                        d.metric_id,
                        d.day,
                        d.source,
                        d.stored,
                        d.stored_events,
                        d.recomputed,
                        d.recomputed_events
                    );
                }
                bail!(
                    "the totals differ from the metric events (first {SHOWN} shown); run `attain totals rebuild`"
                );
            }
            println!("Totals match the metric events.");
        }
    }
    Ok(())
}

fn backtest(
    url: &str,
    before: Option<&str>,
    targets: &crate::goals::forecast::backtest::Targets,
) -> anyhow::Result<()> {
    use diesel::Connection;
    let today = match before {
        Some(day) => chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .with_context(|| format!("{day:?} is not a date (YYYY-MM-DD)"))?,
        None => chrono::Utc::now().date_naive(),
    };
    let mut conn = diesel::PgConnection::establish(url)?;
    let started = std::time::Instant::now();
    let report = crate::goals::forecast::backtest::run_with(&mut conn, today, targets)?;
    print!("{}", report.table());
    println!("\n({} ms)", started.elapsed().as_millis());
    Ok(())
}

fn run_job(
    url: &str,
    name: &str,
    now: Option<&str>,
    date: Option<&str>,
    mail: &MailArgs,
) -> anyhow::Result<()> {
    use diesel::Connection;
    let Some(job) = crate::jobs::find(name) else {
        bail!("no job named {name:?}; jobs: {}", crate::jobs::names());
    };
    let now = match now {
        Some(text) => chrono::DateTime::parse_from_rfc3339(text)
            .with_context(|| format!("--now must be an RFC 3339 instant, not {text:?}"))?
            .with_timezone(&chrono::Utc),
        None => chrono::Utc::now(),
    };
    let date = date
        .map(|text| {
            chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .with_context(|| format!("--date must be a date like 2026-11-15, not {text:?}"))
        })
        .transpose()?;
    let mut ctx = crate::jobs::JobContext::at(now, mail.mailer()?);
    crate::db::migrate_url(url)?;
    let mut conn = diesel::PgConnection::establish(url)?;
    if let Some(date) = date {
        let org = crate::db::organisation::Organisation::get(&mut conn)?;
        let tz: chrono_tz::Tz = org.time_zone.parse().unwrap_or(chrono_tz::UTC);
        ctx.now = crate::domain::period::noon(date, tz);
        ctx.date = Some(date);
    }
    let run = crate::jobs::run(&mut conn, job, &ctx, crate::jobs::Source::Cli)?;
    println!(
        "{}: {} ({} ms)",
        job.name,
        run.message.unwrap_or_default(),
        run.duration_ms.unwrap_or(0)
    );
    Ok(())
}

fn create_user(
    url: &str,
    email: String,
    name: String,
    role: String,
    team: Option<String>,
    password_stdin: bool,
) -> anyhow::Result<()> {
    use diesel::Connection;
    if !password_stdin {
        bail!("pass --password-stdin and write the password to standard input");
    }
    let mut password = String::new();
    std::io::stdin().read_to_string(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']).to_string();
    crate::db::migrate_url(url)?;
    let mut conn = diesel::PgConnection::establish(url)?;
    let user = crate::org::accounts::create_from_cli(
        &mut conn,
        &email,
        &name,
        &role,
        team.as_deref(),
        &password,
    )?;
    println!("Created {} <{}> as {}.", user.name, user.email, user.role);
    Ok(())
}
