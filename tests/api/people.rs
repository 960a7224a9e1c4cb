//! A person's page: goals, trend and recent sales, for those who may read
//! the person (executives and admins anyone, a manager their subtree, a rep
//! themselves); 404 for anyone else. The drill-downs link to it.

use attain::db::goals::{Goal, NewGoal, Owner};
use attain::db::metrics::Metric;
use attain::db::organisation::Organisation;
use attain::db::partner_tiers::PartnerTierFields;
use attain::db::partner_types::PartnerTypeFields;
use rust_decimal_macros::dec;

use crate::helpers::{TestApp, TestUser, spawn_app};

/// Sales (managed by Mia) above North with Alice and Bob; Elsewhere with
/// Olga. Alice has a revenue goal and one registered sale.
struct People {
    mia: TestUser,
    alice: TestUser,
    bob: TestUser,
    olga: TestUser,
    sales: i64,
    north: i64,
    goal: i64,
    sale: i64,
}

fn add_team(app: &TestApp, name: &str, parent: Option<i64>, manager: Option<i64>) -> i64 {
    app.sub_team(name, manager, parent)
}

fn join(app: &TestApp, user: &TestUser, team: i64) {
    app.edit_user(user.id, |p| p.team_id = Some(team));
}

fn people(app: &TestApp) -> People {
    let mia = app.create_user("manager", "mia.manager@example.com");
    let alice = app.create_user("rep", "alice.north@example.com");
    let bob = app.create_user("rep", "bob.north@example.com");
    let olga = app.create_user("rep", "olga.elsewhere@example.com");
    let sales = add_team(app, "Sales", None, Some(mia.id));
    let north = add_team(app, "North", Some(sales), None);
    let elsewhere = add_team(app, "Elsewhere", None, None);
    join(app, &mia, sales);
    join(app, &alice, north);
    join(app, &bob, north);
    join(app, &olga, elsewhere);
    let mut conn = app.conn();
    let org = Organisation::get(&mut conn).unwrap();
    let today = attain::goals::progress::org_today(&org);
    let period = app.this_month();
    let revenue = Metric::find_by_key(&mut conn, "revenue")
        .unwrap()
        .unwrap()
        .id;
    let goal = Goal::insert(
        &mut conn,
        &NewGoal::new(Owner::User(alice.id), revenue, period, dec!(5000)),
    )
    .unwrap()
    .id;
    let sale = attain::sales::register(
        &mut conn,
        attain::db::sales::NewSale {
            partner_id: alice.id,
            partner_name: "Alice North".into(),
            partner_email: "alice.north@example.com".into(),
            title: "Harbour Bistro annual plan".into(),
            description: None,
            amount: dec!(1250),
            currency_code: org.currency_code.clone(),
            sales_date: today,
            category: None,
            product_type: None,
            sales_channel: "online".into(),
            order_number: "PEOPLE-1".into(),
            order_code: None,
            registered_by: Some(alice.id),
        },
    )
    .unwrap()
    .id;
    People {
        mia,
        alice,
        bob,
        olga,
        sales,
        north,
        goal,
        sale,
    }
}

#[actix_web::test]
async fn an_executive_opens_anyone_from_the_drill_down_and_sees_goals_trend_and_sales() {
    let app = spawn_app().await;
    let p = people(&app);
    let executive = app.create_user("executive", "eve.exec@example.com");
    let exec = app.signed_in(&executive).await;

    let (status, body) = exec.get_text(&format!("/company/teams/{}", p.north)).await;
    assert_eq!(status, 200);
    let link = format!(r#"href="/people/{}""#, p.alice.id);
    assert!(
        body.contains(&link),
        "the member's name links to their page"
    );

    // Alice is a Gold distributor; Bob has no partner type or tier.
    let distributor = app.partner_type(PartnerTypeFields {
        code: "distributor".into(),
        name: "Distributor".into(),
        min_monthly_sales: dec!(1000),
        min_deal_count: 1,
    });
    let gold = app.partner_tier(PartnerTierFields {
        code: "gold".into(),
        name: "Gold".into(),
        rank: 3,
        target_multiplier: dec!(1.5),
    });
    app.edit_user(p.alice.id, |u| {
        u.partner_type_id = Some(distributor);
        u.partner_tier_id = Some(gold);
    });
    let _conn = app.conn();

    let (status, body) = exec.get_text(&format!("/people/{}", p.alice.id)).await;
    assert_eq!(status, 200);
    assert!(body.contains("<h1>Alice North"));
    assert!(
        body.contains("Sales rep · North · Distributor · Gold"),
        "role, team, partner type and tier under the name"
    );
    let (status, bob) = exec.get_text(&format!("/people/{}", p.bob.id)).await;
    assert_eq!(status, 200);
    assert!(
        bob.contains("Sales rep · North</p>"),
        "no partner facts for Bob"
    );
    assert!(
        body.contains(&format!(r#"href="/goals/{}""#, p.goal)),
        "goal card"
    );
    assert!(body.contains(r#"id="trend""#), "trend chart");
    assert!(body.contains("<svg") && body.contains(r#"role="img""#));
    assert!(
        body.contains("Harbour Bistro annual plan")
            && body.contains(&format!(r#"href="/sales/{}""#, p.sale)),
        "recent sale"
    );
    // Company › Sales › North › Alice North, each a link but the last.
    let crumbs = scraper::Html::parse_document(&body);
    let selector = scraper::Selector::parse(r#"nav[aria-label="breadcrumb"] a"#).unwrap();
    let hrefs: Vec<String> = crumbs
        .select(&selector)
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        hrefs,
        vec![
            "/executive".to_string(),
            format!("/company/teams/{}", p.sales),
            format!("/company/teams/{}", p.north),
        ]
    );
    assert!(!body.contains("← Dashboard"));

    // The person's goal leads back to the person, not to a dashboard.
    let (status, goal_page) = exec.get_text(&format!("/goals/{}", p.goal)).await;
    assert_eq!(status, 200);
    assert!(goal_page.contains(&format!(
        r#"<a href="/people/{}">← Alice North</a>"#,
        p.alice.id
    )));

    let (status, _) = exec.get_text(&format!("/people/{}", p.olga.id)).await;
    assert_eq!(status, 200, "executives read everyone");
    let (status, board) = exec
        .get_text("/leaderboard?scope=company&metric=revenue")
        .await;
    assert_eq!(status, 200);
    assert!(
        board.contains(&link),
        "leaderboard names link for executives"
    );
    let alice = app.signed_in(&p.alice).await;
    let (_, board) = alice
        .get_text("/leaderboard?scope=company&metric=revenue")
        .await;
    assert!(board.contains(&link), "a rep's own row links to their page");
    let (status, _) = exec.get_text("/people/987654").await;
    assert_eq!(status, 404);
}

#[actix_web::test]
async fn a_manager_opens_people_of_their_subtree_and_gets_404_outside_it() {
    let app = spawn_app().await;
    let p = people(&app);
    let mia = app.signed_in(&p.mia).await;
    for person in [&p.alice, &p.bob, &p.mia] {
        let (status, body) = mia.get_text(&format!("/people/{}", person.id)).await;
        assert_eq!(status, 200, "{}", person.name);
        assert!(body.contains(&person.name));
    }
    let (status, body) = mia.get_text(&format!("/people/{}", p.alice.id)).await;
    assert_eq!(status, 200);
    assert!(body.contains(&format!(r#"href="/manager?team={}""#, p.north)));
    let (status, body) = mia.get_text(&format!("/people/{}", p.olga.id)).await;
    assert_eq!(status, 404, "outside the subtree reads as not found");
    assert!(!body.contains("Olga"));

    let (status, body) = mia.get_text(&format!("/manager?team={}", p.north)).await;
    assert_eq!(status, 200);
    assert!(body.contains(&format!(r#"href="/people/{}""#, p.bob.id)));
    let (status, body) = mia.get_text("/compliance").await;
    assert_eq!(status, 200);
    assert!(
        body.contains(&format!(r#"href="/people/{}""#, p.alice.id)),
        "the goal-sheet compliance list links its reps"
    );
}

#[actix_web::test]
async fn a_rep_opens_only_their_own_page() {
    let app = spawn_app().await;
    let p = people(&app);
    let alice = app.signed_in(&p.alice).await;
    let (status, body) = alice.get_text(&format!("/people/{}", p.alice.id)).await;
    assert_eq!(status, 200);
    assert!(body.contains("Harbour Bistro annual plan"));
    for other in [&p.bob, &p.olga, &p.mia] {
        let (status, _) = alice.get_text(&format!("/people/{}", other.id)).await;
        assert_eq!(status, 404, "{}", other.name);
    }
    let response = app.client().get(&format!("/people/{}", p.alice.id)).await;
    assert_eq!(response.status(), 303, "visitors sign in first");
}
