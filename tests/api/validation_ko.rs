//! A Korean reader's refused forms: 422, the field messages in Korean, and
//! nothing written.

use diesel::prelude::*;

use attain::db::schema::{approval_rules, audit_log, users};
use attain::db::users::User;
use attain::i18n::Lang;

use crate::helpers::{TestApp, spawn_app};

async fn korean_admin(app: &TestApp) -> crate::helpers::Client {
    let admin = app.create_user("admin", "admin@example.com");
    User::set_language(&mut app.conn(), admin.id, Some(Lang::Ko)).unwrap();
    app.signed_in(&admin).await
}

/// Rows in the tables these forms write, and the audit log.
fn written(app: &TestApp) -> (i64, i64, String) {
    let conn = &mut app.conn();
    let users: i64 = users::table.count().get_result(conn).unwrap();
    let audits: i64 = audit_log::table.count().get_result(conn).unwrap();
    let limits: Vec<(rust_decimal::Decimal, rust_decimal::Decimal)> = approval_rules::table
        .select((
            approval_rules::auto_confirm_limit,
            approval_rules::manager_approval_limit,
        ))
        .load(conn)
        .unwrap();
    (users, audits, format!("{limits:?}"))
}

#[actix_web::test]
async fn a_korean_admin_reads_refusals_in_korean_and_nothing_is_written() {
    let app = spawn_app().await;
    let client = korean_admin(&app).await;
    let before = written(&app);

    let response = client
        .post_form(
            "/admin/users",
            &[
                ("email", "new.rep@example.com"),
                ("name", "   "),
                ("role", "rep"),
                ("password", "a long enough password"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("필수 입력 항목입니다."), "{page}");
    assert!(!page.contains("This field is required."));
    assert!(page.contains("새 사용자"));

    let response = client
        .post_form(
            "/admin/approval-rules",
            &[
                ("auto_confirm_limit", "-1"),
                ("manager_approval_limit", "많이"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("0 이상이어야 합니다."), "{page}");
    assert!(
        page.contains("1500 또는 1,500.50처럼 숫자만 입력하세요."),
        "{page}"
    );
    assert!(!page.contains("Must be at least"));
    assert!(!page.contains("Enter a plain number"));

    assert_eq!(written(&app), before);
}
