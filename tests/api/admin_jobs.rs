//! The admin's jobs page: the registry with each job's last run, and "Run
//! now" for admins only.

use diesel::prelude::*;

use crate::helpers::{Client, spawn_app};

async fn htmx_post(client: &Client, path: &str) -> reqwest::Response {
    let token = client.csrf_token().await;
    client
        .http
        .post(format!("{}{path}", client.address))
        .header("HX-Request", "true")
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap()
}

#[actix_web::test]
async fn the_jobs_page_lists_every_registered_job_with_its_last_run() {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "jobs.admin@example.com");
    let mut conn = app.conn();
    let job = attain::jobs::find("goal-lifecycle").unwrap();
    let ctx = attain::jobs::JobContext::at(chrono::Utc::now(), None);
    attain::jobs::run(&mut conn, job, &ctx, attain::jobs::Source::Cli).unwrap();
    let client = app.signed_in(&admin).await;

    let (status, body) = client.get_text("/admin/jobs").await;

    assert_eq!(status, 200);
    for job in attain::jobs::JOBS {
        assert!(
            body.contains(&format!("id=\"job-{}\"", job.name)),
            "{}",
            job.name
        );
        assert!(body.contains(&format!("action=\"/admin/jobs/{}/run\"", job.name)));
    }
    assert!(body.contains("Never run"), "jobs without a run say so");
    assert!(body.contains("Command line"), "who ran the lifecycle job");
    assert!(body.contains("0 goal(s) activated"), "its message");
    assert!(body.contains("Not scheduled on this server"));
}

#[actix_web::test]
async fn run_now_runs_the_job_and_answers_its_row() {
    let app = spawn_app().await;
    let admin = app.create_user("admin", "run.admin@example.com");
    let client = app.signed_in(&admin).await;

    let response = htmx_post(&client, "/admin/jobs/snapshots/run").await;

    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    assert!(body.starts_with("<tr id=\"job-snapshots\""), "{body}");
    assert!(body.contains("job-just-ran"));
    assert!(body.contains(">OK</span>"));
    assert!(body.contains("Run Admin"), "the admin who ran it: {body}");
    let mut conn = app.conn();
    let runs = attain::db::job_runs::JobRun::recent(&mut conn, "snapshots", 5).unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].source, "admin");
    assert_eq!(runs[0].run_by, Some(admin.id));
    assert_eq!(runs[0].ok, Some(true));

    // Without htmx: back to the page with the outcome as a flash.
    let response = client.post_form("/admin/jobs/snapshots/run", &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(crate::helpers::location(&response), "/admin/jobs");
    let (_, page) = client.get_text("/admin/jobs").await;
    assert!(page.contains("snapshots: "), "the flash");

    // An unknown job, and a post without the CSRF token.
    assert_eq!(
        htmx_post(&client, "/admin/jobs/nightly/run").await.status(),
        404
    );
    let response = client.post_raw("/admin/jobs/snapshots/run", &[]).await;
    assert_eq!(response.status(), 403);
    let count: i64 = attain::db::schema::job_runs::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(count, 2);
}

#[actix_web::test]
async fn only_admins_see_or_run_jobs() {
    let app = spawn_app().await;
    for role in ["rep", "manager", "executive"] {
        let user = app.create_user(role, &format!("{role}.jobs@example.com"));
        let client = app.signed_in(&user).await;
        assert_eq!(client.get("/admin/jobs").await.status(), 403, "{role}");
        let response = htmx_post(&client, "/admin/jobs/snapshots/run").await;
        assert_eq!(response.status(), 403, "{role}");
    }
    let mut conn = app.conn();
    let count: i64 = attain::db::schema::job_runs::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(count, 0, "nobody but an admin ran anything");
}
