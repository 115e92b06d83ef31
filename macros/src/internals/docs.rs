//! Doc comments, which become OpenAPI descriptions, and where an item is declared.

/// The `///` lines of an item, joined, with the single leading space rustdoc adds removed.
pub(crate) fn doc_string(attrs: &[syn::Attribute]) -> String {
    let mut lines = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("doc") {
            continue;
        }
        if let syn::Meta::NameValue(nv) = &attr.meta
            && let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &nv.value
        {
            let line = s.value();
            lines.push(line.strip_prefix(' ').map(str::to_owned).unwrap_or(line));
        }
    }
    lines.join("\n").trim().to_owned()
}

/// `file:line` of the item at `span`, as the runtime's reports show where it is declared.
pub(crate) fn declared(span: proc_macro2::Span) -> proc_macro2::TokenStream {
    quote::quote_spanned!(span=> ::core::concat!(::core::file!(), ":", ::core::line!()))
}
