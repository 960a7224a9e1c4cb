//! Pure business rules: no Diesel, no actix.

pub mod currency;
pub mod role;
pub mod tree;
