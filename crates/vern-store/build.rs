//! `sqlx::migrate!` embeds the migration files at compile time; this makes Cargo rebuild the
//! crate when one is added or edited, which it would not notice on its own.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=keyring-migrations");
}
