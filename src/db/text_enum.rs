//! Domain enums stored as TEXT: each column holds the enum's `as_str` name
//! (a CHECK constraint admits only those), and Diesel reads and writes the
//! enum itself. The impls are written here, not derived, because `domain/`
//! knows nothing of Diesel.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::expression::AsExpression;
use diesel::pg::{Pg, PgValue};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::{Nullable, SingleValue, Text};

use crate::domain::dispute::DisputeStatus;
use crate::domain::lang::Lang;
use crate::domain::lifecycle::Status;
use crate::domain::number::Unit;
use crate::domain::owner::OwnerKind;
use crate::domain::payout::PayoutStatus;
use crate::domain::period::PeriodKind;
use crate::domain::role::Role;
use crate::domain::sale_status::SaleStatus;

/// Maps an enum with `ALL` and `as_str(self) -> &'static str` to `Text`:
/// binds go out as the name (`users::role.eq(Role::Admin)`, `Insertable`
/// and `AsChangeset` fields), and a loaded name that is none of `ALL` is a
/// deserialization error.
macro_rules! text_enum {
    // A bind is the name as a `&'static str` bind, for the value and a
    // reference to it.
    (@expression $ty:ty, $st:ty) => {
        impl AsExpression<$st> for $ty {
            type Expression = <&'static str as AsExpression<$st>>::Expression;

            fn as_expression(self) -> Self::Expression {
                <&'static str as AsExpression<$st>>::as_expression(self.as_str())
            }
        }

        impl AsExpression<$st> for &$ty {
            type Expression = <&'static str as AsExpression<$st>>::Expression;

            fn as_expression(self) -> Self::Expression {
                <&'static str as AsExpression<$st>>::as_expression(self.as_str())
            }
        }
    };

    ($($ty:ty => $what:literal),* $(,)?) => {$(
        impl FromSql<Text, Pg> for $ty {
            fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
                let name = std::str::from_utf8(value.as_bytes())?;
                <$ty>::ALL
                    .into_iter()
                    .find(|v| v.as_str() == name)
                    .ok_or_else(|| format!(concat!("unknown ", $what, " {:?}"), name).into())
            }
        }

        impl ToSql<Text, Pg> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                <str as ToSql<Text, Pg>>::to_sql(self.as_str(), out)
            }
        }

        impl ToSql<Nullable<Text>, Pg> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                <Self as ToSql<Text, Pg>>::to_sql(self, out)
            }
        }

        /// A loaded value is the enum itself (what `FromSqlRow` derives to).
        impl<ST, DB> Queryable<ST, DB> for $ty
        where
            DB: Backend,
            ST: SingleValue,
            Self: FromSql<ST, DB>,
        {
            type Row = Self;

            fn build(row: Self) -> deserialize::Result<Self> {
                Ok(row)
            }
        }

        text_enum!(@expression $ty, Text);
        text_enum!(@expression $ty, Nullable<Text>);
    )*};

}

text_enum! {
    Role => "role",
    PeriodKind => "period kind",
    Unit => "unit",
    OwnerKind => "goal owner kind",
    Status => "goal status",
    SaleStatus => "sale status",
    Lang => "language",
    PayoutStatus => "payout status",
    DisputeStatus => "dispute status",
}
