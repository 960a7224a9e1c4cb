//! Who is asking: password hashing, sign-in with its throttle, the typed
//! session and the role guards handlers take as extractors.

pub mod client;
pub mod extract;
pub mod password;
pub mod session;
pub mod sign_in;
pub mod tokens;

pub use extract::{
    Checked, CurrentUser, RequireAdmin, RequireCompanyReader, RequireManager, SignedIn,
};
pub use session::TypedSession;
