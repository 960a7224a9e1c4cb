//! (in progress)

use crate::web::Routes;

pub fn routes(_r: &mut Routes) {}
