//! The demo organisation reads Korean: every page each demo role may open
//! (the GET pages of the role × route table) is in Korean, and none shows a
//! phrase of the English catalog. Before sign-in, the browser's
//! `Accept-Language` picks the language; the account menu switches it.

use std::collections::BTreeSet;
use std::path::PathBuf;

use attain::demo::{DEMO_PASSWORD, demo_sign_ins};
use fluent_syntax::ast::{Entry, Pattern, PatternElement};
use scraper::{Html, Node};

use crate::helpers::spawn_app;
use crate::phone::{demo_fixtures, is_page};
use crate::routes::{ROLES, TABLE, concrete};

fn catalog_texts(lang: &str) -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(lang);
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let resource = fluent_syntax::parser::parse(source.as_str()).unwrap();
        for entry in resource.body {
            if let Entry::Message(message) = entry {
                let patterns = message
                    .value
                    .iter()
                    .chain(message.attributes.iter().map(|a| &a.value));
                for pattern in patterns {
                    fragments(pattern, &mut texts);
                }
            }
        }
    }
    texts
}

/// The literal runs of a message between its placeholders (a selector's
/// variants included), whitespace collapsed.
fn fragments(pattern: &Pattern<&str>, out: &mut Vec<String>) {
    let mut run = String::new();
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => run.push_str(value),
            PatternElement::Placeable { expression } => {
                out.push(collapse(&run));
                run.clear();
                if let fluent_syntax::ast::Expression::Select { variants, .. } = expression {
                    for variant in variants {
                        fragments(&variant.value, out);
                    }
                }
            }
        }
    }
    out.push(collapse(&run));
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// English phrases a Korean page must not show: the English catalog's
/// literal runs of two words or more that no Korean message also uses
/// ("Attain", "KPI", "CSV" and the like are shared).
fn english_phrases() -> BTreeSet<String> {
    let korean = catalog_texts("ko").join("\n");
    catalog_texts("en")
        .into_iter()
        .map(|f| f.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|f| {
            f.split_whitespace()
                .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
                .count()
                >= 2
        })
        .filter(|f| !korean.contains(f.as_str()))
        .collect()
}

/// What a person reads on the page: the text of `<body>` (scripts and
/// styles aside) and the labels only assistive technology or a tooltip
/// shows (`aria-label`, `title`, `placeholder`). Records kept as they were
/// written, marked `translate="no"` (the audit log's summaries), are not
/// the page's words.
fn visible_text(html: &str) -> String {
    let document = Html::parse_document(html);
    let mut out = Vec::new();
    for node in document.tree.nodes() {
        match node.value() {
            Node::Text(text) => {
                let hidden = node.ancestors().any(|a| {
                    a.value().as_element().is_some_and(|e| {
                        matches!(e.name(), "script" | "style" | "title" | "head")
                            || e.attr("translate") == Some("no")
                    })
                });
                if !hidden {
                    out.push(text.to_string());
                }
            }
            Node::Element(element) => {
                for name in ["aria-label", "title", "placeholder"] {
                    if let Some(value) = element.attr(name) {
                        out.push(value.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    collapse(&out.join(" "))
}

fn english_in(text: &str, phrases: &BTreeSet<String>) -> Vec<String> {
    phrases
        .iter()
        .filter(|p| text.contains(p.as_str()))
        .cloned()
        .collect()
}

#[actix_web::test]
async fn every_page_of_every_demo_role_reads_in_korean() {
    let app = spawn_app().await;
    assert!(attain::demo::seed(&mut app.conn()).unwrap());
    let fixtures = demo_fixtures(&app);
    let phrases = english_phrases();
    assert!(phrases.len() > 50, "only {} English phrases", phrases.len());

    let mut failures = Vec::new();
    let mut opened = 0;
    for (role, email) in demo_sign_ins() {
        let column = ROLES.iter().position(|r| *r == role).unwrap();
        let client = app.client();
        let response = client.sign_in(&email, DEMO_PASSWORD).await;
        assert_eq!(response.status(), 303, "{role} signs in");
        for (method, path, expected) in TABLE {
            if *method != "GET" || expected[column] != 200 || !is_page(path) {
                continue;
            }
            let url = concrete(path, &fixtures);
            let (status, html) = client.get_text(&url).await;
            opened += 1;
            if status != 200 {
                failures.push(format!("{role} {url}: {status}"));
                continue;
            }
            if !html.contains("<html lang=\"ko\"") {
                failures.push(format!("{role} {url}: not marked lang=\"ko\""));
            }
            let english = english_in(&visible_text(&html), &phrases);
            if !english.is_empty() {
                failures.push(format!("{role} {url}: {english:?}"));
            }
        }
    }
    assert!(opened >= 60, "the walk opened only {opened} pages");
    assert!(
        failures.is_empty(),
        "{} English leaks in {opened} Korean pages:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[actix_web::test]
async fn before_sign_in_the_browser_language_decides_and_the_switch_keeps_the_page() {
    let app = spawn_app().await;
    let sign_in_page = |accept: &'static str| {
        let (client, address) = (app.client(), app.address.clone());
        async move {
            let response = client
                .http
                .get(format!("{address}/login"))
                .header("Accept-Language", accept)
                .send()
                .await
                .unwrap();
            response.text().await.unwrap()
        }
    };
    let korean = sign_in_page("ko-KR,ko;q=0.9,en;q=0.5").await;
    assert!(korean.contains("<html lang=\"ko\""));
    assert!(korean.contains("Attain 로그인"), "{korean}");
    let english = sign_in_page("en-US,en;q=0.9").await;
    assert!(english.contains("<html lang=\"en\""));
    assert!(english.contains("Sign in to Attain"));

    // A signed-in person's choice is kept on their account, and the switch
    // answers with the page it was clicked on.
    let rep = app.create_user("rep", "switcher@example.com");
    let client = app.signed_in(&rep).await;
    let token = client.csrf_token().await;
    let response = client
        .http
        .post(format!("{}/language", app.address))
        .header("Referer", format!("{}/leaderboard?metric=1", app.address))
        .form(&[("csrf_token", token.as_str()), ("language", "ko")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(crate::helpers::location(&response), "/leaderboard?metric=1");
    let stored = attain::db::users::User::find(&mut app.conn(), rep.id)
        .unwrap()
        .language;
    assert_eq!(stored, Some(attain::i18n::Lang::Ko));
    let (_, page) = client.get_text("/dashboard").await;
    assert!(page.contains("<html lang=\"ko\""));
    assert!(page.contains("대시보드"));
    // An unknown language is refused, and nothing changes.
    let response = client.post_form("/language", &[("language", "xx")]).await;
    assert_eq!(response.status(), 400);
    let stored = attain::db::users::User::find(&mut app.conn(), rep.id)
        .unwrap()
        .language;
    assert_eq!(stored, Some(attain::i18n::Lang::Ko));
}

/// The demo rep reads Korean; one click in the account menu shows the same
/// page in English, and one more brings Korean back.
#[actix_web::test]
async fn the_korean_demo_rep_switches_to_english_and_back_in_a_real_browser() {
    use fantoccini::Locator;

    use crate::browser::{Driver, browser, screenshot, sign_in_with};

    let app = spawn_app().await;
    assert!(attain::demo::seed(&mut app.conn()).unwrap());
    let (_, email) = demo_sign_ins()
        .into_iter()
        .find(|(role, _)| *role == "rep")
        .unwrap();
    let driver = Driver::start();
    let browser = browser(&driver).await;
    sign_in_with(&browser, &app.address, &email, DEMO_PASSWORD).await;

    let text = |css: &'static str| {
        let browser = browser.clone();
        async move {
            browser
                .find(Locator::Css(css))
                .await
                .unwrap_or_else(|e| panic!("{css}: {e}"))
                .text()
                .await
                .unwrap()
        }
    };
    let lang = || {
        let browser = browser.clone();
        async move {
            browser
                .execute("return document.documentElement.lang;", vec![])
                .await
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let switch = || {
        let browser = browser.clone();
        async move {
            // The old page has a user menu too: wait for the other language.
            let want = browser
                .execute("return document.documentElement.lang;", vec![])
                .await
                .unwrap()
                .as_str()
                .map(|now| if now == "ko" { "en" } else { "ko" })
                .unwrap()
                .to_string();
            browser
                .find(Locator::Css(".user-menu summary"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            browser
                .find(Locator::Css(".user-menu .language-switch button"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            for _ in 0..50 {
                let now = browser
                    .execute("return document.documentElement.lang;", vec![])
                    .await
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string));
                if now.as_deref() == Some(want.as_str()) {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
        }
    };

    // Korean, as the organisation reads.
    assert_eq!(lang().await, "ko");
    assert!(
        text("main h1").await.starts_with("안녕하세요"),
        "{}",
        text("main h1").await
    );
    assert!(text(".quota-card .quota-days").await.contains("일 남음"));
    screenshot(&browser, "ko-dashboard").await;

    // English, on the same page.
    switch().await;
    assert_eq!(lang().await, "en");
    assert!(
        browser
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/dashboard")
    );
    assert!(
        text("main h1").await.starts_with("Hello, "),
        "{}",
        text("main h1").await
    );
    assert!(text(".quota-card .quota-days").await.contains("remaining"));
    browser
        .goto(&format!("{}/leaderboard", app.address))
        .await
        .unwrap();
    assert_eq!(text("main h1").await, "Leaderboard");

    // And back to Korean, still on the leaderboard.
    switch().await;
    assert_eq!(lang().await, "ko");
    assert!(
        browser
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/leaderboard")
    );
    assert_eq!(text("main h1").await, "순위표");
    screenshot(&browser, "ko-leaderboard").await;
    browser
        .goto(&format!("{}/dashboard", app.address))
        .await
        .unwrap();
    assert!(text("main h1").await.starts_with("안녕하세요"));
    browser.close().await.unwrap();
}
