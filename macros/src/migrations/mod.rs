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
    match files(&base, &dir.value()) {
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

/// `(backend, file name, path)` of every `.sql` file under `base/<backend>/`, by name;
/// errors name the folder as written (`dir`), not the machine's path.
fn files(base: &Path, dir: &str) -> Result<Vec<(&'static str, String, PathBuf)>, String> {
    if !base.is_dir() {
        return Err(format!(
            "no folder `{dir}` beside Cargo.toml; write the migrations into it with `Api::write_migrations(\"{dir}\")`"
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
                    "migration file `{dir}/{backend}/{name}` is not named `<version>_<description>.sql`, as `sqlx migrate` names them"
                ));
            }
            out.push((backend, name, path));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_by_backend_in_order_and_misnamed_ones_refused() {
        let base = std::env::temp_dir().join(format!("resourcery-macro-{}", std::process::id()));
        std::fs::create_dir_all(base.join("postgres")).unwrap();
        std::fs::write(base.join("postgres/0002_b.sql"), "-- b").unwrap();
        std::fs::write(base.join("postgres/0001_a.sql"), "-- a").unwrap();
        std::fs::write(base.join("postgres/0001_a.down.sql"), "-- skipped").unwrap();
        let found = files(&base, "m").unwrap();
        let names: Vec<(&str, &str)> = found.iter().map(|(b, n, _)| (*b, n.as_str())).collect();
        assert_eq!(
            names,
            [("postgres", "0001_a.sql"), ("postgres", "0002_b.sql")]
        );
        std::fs::write(base.join("postgres/first.sql"), "-- misnamed").unwrap();
        let error = files(&base, "m").unwrap_err();
        let _ = std::fs::remove_dir_all(&base);
        assert_eq!(
            error,
            "migration file `m/postgres/first.sql` is not named `<version>_<description>.sql`, as `sqlx migrate` names them"
        );
        assert!(files(Path::new("/no/such/dir"), "x").is_err());
    }
}
