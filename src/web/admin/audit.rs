//! (filled in by the admin pages work)

use crate::web::Routes;

pub fn routes(_r: &mut Routes) {}
