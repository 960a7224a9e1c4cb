//! Pure business rules: no Diesel, no actix.

pub mod achievement;
pub mod attainment;
pub mod benchmark;
pub mod bonus;
pub mod business_date;
pub mod commission;
pub mod correction;
pub mod currency;
pub mod deadline;
pub mod dispute;
pub mod forecast;
pub mod lang;
pub mod lifecycle;
pub mod number;
pub mod owner;
pub mod payout;
pub mod period;
pub mod period_query;
pub mod recommend;
pub mod role;
pub mod sale_status;
pub mod sheet_outcome;
pub mod target;
pub mod tree;
pub mod trend;
pub mod yearly;
