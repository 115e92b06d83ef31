//! Rebuilds the shop when a migration file is added, so `resourcery::migrations!` sees it.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
