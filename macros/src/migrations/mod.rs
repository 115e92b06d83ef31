//! `migrations!("dir")`: the migration files of both backends compiled into the binary.
//!
//! Each file is pulled in with `include_str!`, so editing one rebuilds the crate; a new
//! file needs a rebuild (a build script with `cargo:rerun-if-changed=<dir>` does it), the
//! same limit `sqlx::migrate!` has on stable Rust.

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::quote;
use syn::LitStr;

/// The folders read, in the names `resourcery::Migrations` knows.
const BACKENDS: [&str; 2] = ["sqlite", "postgres"];

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let dir: LitStr = match syn::parse2(input) {
        Ok(dir) => dir,
        Err(e) => {
            return syn::Error::new(
                e.span(),
                "expected the migrations folder, relative to Cargo.toml: `migrations!(\"migrations\")`",
            )
            .to_compile_error();
        }
    };
    let root = std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(PathBuf::new, PathBuf::from);
    let base = root.join(dir.value());
    match files(&base) {
        Ok(files) => {
            let entries = files.iter().map(|(backend, name, path)| {
                let path = path.display().to_string();
                quote! { (#backend, #name, ::core::include_str!(#path)) }
            });
            quote! {
                ::resourcery::Migrations::__embedded(&[#(#entries),*])
            }
        }
        Err(message) => syn::Error::new(dir.span(), message).to_compile_error(),
    }
}

/// `(backend, file name, path)` of every `.sql` file under `base/<backend>/`, by name.
fn files(base: &Path) -> Result<Vec<(&'static str, String, PathBuf)>, String> {
    if !base.is_dir() {
        return Err(format!(
            "no migrations folder at {}; write one with `Api::write_migrations`",
            base.display()
        ));
    }
    let mut out = Vec::new();
    for backend in BACKENDS {
        let folder = base.join(backend);
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        let mut found: Vec<(String, PathBuf)> = entries
            .flatten()
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
            .filter(|(name, _)| name.ends_with(".sql") && !name.ends_with(".down.sql"))
            .collect();
        found.sort();
        for (name, path) in found {
            let parsed = name
                .split_once('_')
                .is_some_and(|(v, _)| v.parse::<i64>().is_ok());
            if !parsed {
                return Err(format!(
                    "migration file {} is not named `<version>_<description>.sql`",
                    path.display()
                ));
            }
            out.push((backend, name, path));
        }
    }
    Ok(out)
}
