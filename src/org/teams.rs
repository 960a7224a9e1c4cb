//! Teams: the choices a team may make (parent, manager) and each change to
//! the tree as one transaction with its audit entry.

pub mod changes;
pub mod choices;
