//! The organisation's people: user accounts (validation, creation, edits)
//! and who may see and change whose goals (ownership and managed subtrees).

pub mod access;
pub mod accounts;
pub mod catalog;
pub mod roster;
pub mod teams;
