//! Helpers every attribute parser shares: finding a keyword of a grammar, reporting an
//! unknown or repeated one, flags, and skipping a bad value so parsing can go on.

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Expr, Token};

use super::ctxt::Ctxt;
use super::keyword::{self, Keyword, Keywords};

/// Stores `value` unless the option was already given, in which case the second
/// occurrence is the error.
pub(crate) fn set<T>(cx: &Ctxt, slot: &mut Option<T>, value: T, keyword: &syn::Path) {
    if slot.is_some() {
        let name = keyword
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        cx.error_spanned_by(keyword, format!("`{name}` is given more than once"));
    } else {
        *slot = Some(value);
    }
}

/// Consumes whatever follows a keyword so parsing can continue after an error.
pub(crate) fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        content.parse::<TokenStream>()?;
    }
    Ok(())
}

/// Whether `meta` is followed by an empty `()`, which `parse_nested_meta` refuses; the
/// parentheses are consumed.
pub(crate) fn empty_parens(meta: &ParseNestedMeta<'_>) -> syn::Result<bool> {
    let fork = meta.input.fork();
    let content;
    syn::parenthesized!(content in fork);
    if content.is_empty() {
        let _content;
        syn::parenthesized!(_content in meta.input);
        return Ok(true);
    }
    Ok(false)
}

/// Reports an option missing from `table`, listing the table.
pub(crate) fn unknown(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    what: &str,
    table: &[Keyword],
) -> syn::Result<()> {
    let name = meta
        .path
        .get_ident()
        .map_or_else(|| "?".into(), ToString::to_string);
    cx.error_spanned_by(
        &meta.path,
        format!(
            "unknown {what} `{name}`; {}",
            keyword::expected_one_of(table)
        ),
    );
    skip_value(meta)
}

/// Sets a flag keyword, which must stand alone: `unique`, not `unique = true`.
pub(crate) fn flag(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    kw: impl Keywords,
    slot: &mut Option<Span>,
) -> syn::Result<()> {
    if takes_no_value(cx, meta, kw)? {
        set(cx, slot, meta.path.span(), &meta.path);
    }
    Ok(())
}

/// Whether the flag `kw` stands alone; when a value follows, reports it and skips it.
pub(crate) fn takes_no_value(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    kw: impl Keywords,
) -> syn::Result<bool> {
    if meta.input.peek(Token![=]) || meta.input.peek(syn::token::Paren) {
        cx.error_spanned_by(
            &meta.path,
            format!("`{}` takes no value; write `{}`", kw.name(), kw.syntax()),
        );
        skip_value(meta)?;
        return Ok(false);
    }
    Ok(true)
}

/// The keyword of grammar `K` that `meta` starts with.
pub(crate) fn keyword_of<K: Keywords>(meta: &ParseNestedMeta<'_>) -> Option<K> {
    meta.path
        .get_ident()
        .and_then(|i| K::from_name(&i.to_string()))
}
