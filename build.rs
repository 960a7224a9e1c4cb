// Rebuild when a migration or a catalog changes: both are embedded into
// the binary.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=locales");
}
