//! API bearer tokens, as the edge names them: issued and checked by
//! [`crate::auth::tokens`].

pub use crate::auth::tokens::{LIFETIME_DAYS, authenticate, digest, generate, issue};
