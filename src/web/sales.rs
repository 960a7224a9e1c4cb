//! (in progress)

use super::Routes;

pub fn routes(_r: &mut Routes) {}
