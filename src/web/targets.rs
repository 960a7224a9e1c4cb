//! Dynamic target pages for managers and admins: the target calculator
//! (htmx: the breakdown follows the factors as they change, and the result
//! saves onto the person's goal) and the people's own factors (personal
//! adjustment, team factor by hand). The calendar factors (seasonal,
//! market) are an admin page under `web::admin::target_factors`.

mod calculator;
mod people;
pub mod view;

use super::Routes;

pub fn routes(r: &mut Routes) {
    r.get("/targets/calculator", calculator::page)
        .post("/targets/calculator", calculator::submit)
        .post("/targets/calculator/recommended", calculator::accept)
        .get("/targets/calculator/breakdown", calculator::breakdown)
        .get("/targets/factors", people::page)
        .post("/targets/factors/{user}", people::save);
}
