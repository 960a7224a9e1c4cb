//! Domain enums stored as TEXT (`db::text_enum`): each value is written as
//! its stored name and read back as itself; a name the enum does not know
//! is a deserialization error, never a default.

use diesel::IntoSql;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::result::Error;
use diesel::sql_types::Text;

use attain::db::schema::users;
use attain::db::users::User;
use attain::domain::lifecycle::Status;
use attain::domain::number::Unit;
use attain::domain::owner::OwnerKind;
use attain::domain::payout::PayoutStatus;
use attain::domain::period::PeriodKind;
use attain::domain::role::Role;
use attain::domain::sale_status::SaleStatus;

use crate::helpers::spawn_app;

/// Every value of each enum binds as its name and loads back as itself.
macro_rules! round_trips {
    ($conn:expr, $($ty:ty),*) => {$(
        for value in <$ty>::ALL {
            let text: String = diesel::select(value.into_sql::<Text>()).get_result($conn).unwrap();
            assert_eq!(text, value.as_str());
            let back: $ty = diesel::select(value.into_sql::<Text>()).get_result($conn).unwrap();
            assert_eq!(back, value);
            let unknown = diesel::select(sql::<Text>("'unknown'")).get_result::<$ty>($conn);
            assert!(matches!(unknown, Err(Error::DeserializationError(_))), "{unknown:?}");
        }
    )*};
}

#[actix_web::test]
async fn every_enum_value_round_trips_and_an_unknown_name_is_an_error() {
    let app = spawn_app().await;
    let conn = &mut app.conn();
    round_trips!(
        conn,
        Role,
        PeriodKind,
        Unit,
        OwnerKind,
        Status,
        SaleStatus,
        PayoutStatus
    );
}

#[actix_web::test]
async fn a_role_filters_and_loads_as_the_enum_and_is_stored_as_its_name() {
    let app = spawn_app().await;
    let manager = app.create_user("manager", "mia.manager@example.com");
    let rep = app.create_user("rep", "rae.rep@example.com");
    let conn = &mut app.conn();
    let managers: Vec<User> = users::table
        .filter(users::id.eq_any([manager.id, rep.id]))
        .filter(users::role.eq(Role::Manager))
        .select(User::as_select())
        .load(conn)
        .unwrap();
    assert_eq!(managers.len(), 1);
    assert_eq!(managers[0].id, manager.id);
    assert_eq!(managers[0].role, Role::Manager);
    let stored: String = users::table
        .find(rep.id)
        .select(users::role)
        .first(conn)
        .unwrap();
    assert_eq!(stored, "rep");
}
