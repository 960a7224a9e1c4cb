//! The demo organisation (filled in by the demo work).

pub const DEMO_PASSWORD: &str = "attain-demo-2026";

pub fn demo_sign_ins() -> Vec<(&'static str, String)> {
    Vec::new()
}

pub fn seed(_conn: &mut diesel::PgConnection) -> anyhow::Result<bool> {
    Ok(false)
}
