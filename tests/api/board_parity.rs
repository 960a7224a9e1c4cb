//! The leaderboard page and the API's leaderboard are one ranking: for
//! every scope the page offers (my team, the company, each partner tier),
//! every active metric and every demo role, the page's rows and the API's
//! entries name the same people in the same order with the same ranks and
//! figures.

use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::Value;

use attain::db::metrics::Metric;
use attain::db::organisation::Organisation;
use attain::db::partner_tiers::PartnerTier;
use attain::web::format::Fmt;

use crate::helpers::{Api, request_token, spawn_app};

/// A row as either side shows it: rank, name, attainment, actual, target,
/// vs quota (the figures as the page formats them).
type Row = (u32, String, String, String, String, String);

/// The text between `start` and the next `end` after `from`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<(&'a str, usize)> {
    let at = text.find(start)? + start.len();
    let stop = at + text[at..].find(end)?;
    Some((&text[at..stop], stop))
}

/// Undoes the page's HTML escaping of a name.
fn unescape(text: &str) -> String {
    text.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A tag's inner text with the tags inside it taken out.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    unescape(out.trim())
}

/// The board's rows, parsed from the page (`None` when it shows none).
fn page_rows(html: &str) -> Vec<Row> {
    let Some((body, _)) = between(html, "<tbody>", "</tbody>") else {
        assert!(
            html.contains("data-empty"),
            "neither rows nor empty: {html}"
        );
        return Vec::new();
    };
    let mut rows = Vec::new();
    for chunk in body.split("<span class=\"rank\">").skip(1) {
        let rank: u32 = chunk[..chunk.find('<').unwrap()].parse().unwrap();
        let (name, _) = between(chunk, "<span class=\"board-name\">", "</span>").unwrap();
        let (attainment, _) = between(chunk, "board-attainment\">", "</td>").unwrap();
        let (attainment, _) = between(attainment, "<span>", "</span>").unwrap();
        let (actual, at) = between(chunk, "<td class=\"num\">", "</td>").unwrap();
        let (target, _) = between(&chunk[at..], "<td class=\"num muted\">", "</td>").unwrap();
        let (vs, _) = between(chunk, "<td class=\"num vs vs-", "</td>").unwrap();
        let vs = &vs[vs.find('>').unwrap() + 1..];
        rows.push((
            rank,
            strip_tags(name),
            attainment.to_string(),
            actual.to_string(),
            target.to_string(),
            unescape(vs),
        ));
    }
    rows
}

fn decimal(value: &Value) -> Decimal {
    value.as_str().map_or_else(
        || value.to_string().parse().unwrap(),
        |s| s.parse().unwrap(),
    )
}

/// The API's entries, formatted as the page formats its figures (the demo
/// people read the organisation's language).
fn api_rows(body: &Value, unit: attain::domain::number::Unit, org: &Organisation) -> Vec<Row> {
    let f = Fmt::new(org.language, org);
    body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let percent =
                (!row["attainment_percent"].is_null()).then(|| decimal(&row["attainment_percent"]));
            (
                row["rank"].as_u64().unwrap() as u32,
                row["name"].as_str().unwrap().to_string(),
                f.percent(percent),
                f.value(decimal(&row["current_value"]), unit),
                f.value(decimal(&row["target_value"]), unit),
                f.signed(decimal(&row["vs_quota"]), unit),
            )
        })
        .collect()
}

#[actix_web::test]
async fn the_page_and_the_api_rank_every_scope_alike_for_every_role() {
    let app = spawn_app().await;
    assert!(attain::demo::seed(&mut app.conn()).unwrap());
    let (org, metrics, tiers) = {
        let mut conn = app.conn();
        (
            Organisation::get(&mut conn).unwrap(),
            Metric::all(&mut conn).unwrap(),
            PartnerTier::all(&mut conn).unwrap(),
        )
    };
    let period = app.this_month();
    let mut scopes = vec!["team".to_string(), "company".to_string()];
    scopes.extend(
        tiers
            .iter()
            .filter(|t| t.active)
            .map(|t| format!("tier:{}", t.id)),
    );
    let mut compared = 0;
    let mut nonempty = 0;
    for (role, email) in attain::demo::demo_sign_ins() {
        let client = app.client();
        let signed = client.sign_in(&email, attain::demo::DEMO_PASSWORD).await;
        assert_eq!(signed.status(), 303, "{role} signs in");
        let response = request_token(&app, &email, attain::demo::DEMO_PASSWORD).await;
        assert_eq!(response.status(), 200, "{role} gets a token");
        let token: Value = response.json().await.unwrap();
        let api = Api {
            http: reqwest::Client::new(),
            address: app.address.clone(),
            token: token["token"].as_str().unwrap().to_string(),
        };
        for metric in metrics.iter().filter(|m| m.active) {
            for scope in &scopes {
                let (status, html) = client
                    .get_text(&format!(
                        "/leaderboard?period={period}&metric={}&scope={scope}&all=1",
                        metric.key
                    ))
                    .await;
                assert_eq!(status, 200, "{role} {scope} {} page", metric.key);
                let page = page_rows(&html);
                let (status, body) = api
                    .get(&format!(
                        "/api/v1/quotas/leaderboard?period_id={period}&metric_type={}&scope={scope}",
                        metric.key
                    ))
                    .await;
                let what = format!("{role} {scope} {}", metric.key);
                if status == StatusCode::UNPROCESSABLE_ENTITY {
                    // Only "my team" of someone in no team and running none.
                    assert_eq!(scope, "team", "{what}: {body}");
                    assert!(page.is_empty(), "{what}: the page shows nobody either");
                    continue;
                }
                assert_eq!(status, StatusCode::OK, "{what}: {body}");
                assert_eq!(body["scope"], scope.as_str(), "{what}");
                let entries = api_rows(&body, metric.unit, &org);
                assert_eq!(page, entries, "{what}");
                compared += 1;
                if !page.is_empty() {
                    nonempty += 1;
                }
            }
        }
    }
    assert!(compared >= 4 * 2, "every role compared at least two scopes");
    assert!(nonempty >= 4, "the demo boards have people on them");
}
