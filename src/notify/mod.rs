//! Telling people: the SMTP transport, and the in-app notifications that
//! also go out by email.

pub mod email;
pub mod mail;
pub mod news;
