//! `RESOURCERY_DEBUG=1` prints every expansion to stderr while compiling.

use proc_macro2::TokenStream;

pub(crate) fn dump(macro_name: &str, tokens: TokenStream) -> TokenStream {
    if std::env::var_os("RESOURCERY_DEBUG").is_some_and(|v| v != "0") {
        eprintln!("// ---- expansion of {macro_name} ----\n{tokens}");
    }
    tokens
}
