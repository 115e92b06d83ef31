//! Attribute syntax into raw options, each kept with the span of its keyword. Unknown and
//! repeated options are recorded in the context and parsing goes on, so one build shows
//! every mistake.

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Ident, LitStr, Token};

use crate::internals::ctxt::Ctxt;
use crate::internals::keyword::{self, Keyword};

/// Options of `#[resource(...)]`.
#[derive(Default)]
pub(crate) struct ResourceAttrs {
    pub(crate) path: Option<LitStr>,
    pub(crate) table: Option<LitStr>,
    pub(crate) tag: Option<LitStr>,
    pub(crate) operations: Option<(Span, Vec<Ident>)>,
}

/// Options of one field's `#[field(...)]` attributes.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub(crate) id: Option<Span>,
    pub(crate) read_only: Option<Span>,
    pub(crate) write_only: Option<Span>,
    pub(crate) hidden: Option<Span>,
    pub(crate) unique: Option<Span>,
    pub(crate) created_at: Option<Span>,
    pub(crate) updated_at: Option<Span>,
    pub(crate) rename: Option<LitStr>,
    pub(crate) column: Option<LitStr>,
    pub(crate) default: Option<(Span, Option<Expr>)>,
    pub(crate) references: Option<syn::Path>,
}

/// Stores `value` unless the option was already given, in which case the second
/// occurrence is the error.
fn set<T>(cx: &Ctxt, slot: &mut Option<T>, value: T, keyword: &syn::Path) {
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

/// Consumes whatever follows an unknown keyword so parsing can continue.
fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _content;
        syn::parenthesized!(_content in meta.input);
    }
    Ok(())
}

/// Reports an option missing from `table`, listing the table.
fn unknown(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    what: &str,
    table: &[Keyword],
) -> syn::Result<()> {
    let name = meta
        .path
        .get_ident()
        .map(ToString::to_string)
        .unwrap_or_else(|| "?".into());
    cx.error_spanned_by(
        &meta.path,
        format!(
            "unknown {what} `{name}`; {}",
            keyword::expected_one_of(table)
        ),
    );
    skip_value(meta)
}

/// A flag keyword must stand alone: `unique`, not `unique = true`.
fn flag(meta: &ParseNestedMeta<'_>, kw: &Keyword) -> syn::Result<Span> {
    if meta.input.peek(Token![=]) || meta.input.peek(syn::token::Paren) {
        return Err(meta.error(format!(
            "`{}` takes no value; write `{}`",
            kw.name, kw.syntax
        )));
    }
    Ok(meta.path.span())
}

fn keyword_of(meta: &ParseNestedMeta<'_>, table: &'static [Keyword]) -> Option<&'static Keyword> {
    meta.path
        .get_ident()
        .and_then(|i| keyword::lookup(table, &i.to_string()))
}

pub(crate) fn resource_attrs(cx: &Ctxt, tokens: TokenStream) -> ResourceAttrs {
    let mut attrs = ResourceAttrs::default();
    let parser = syn::meta::parser(|meta| {
        let Some(kw) = keyword_of(&meta, keyword::RESOURCE) else {
            return unknown(cx, &meta, "resource option", keyword::RESOURCE);
        };
        match kw.name {
            // #[resource(path = "/orders")]
            "path" => set(cx, &mut attrs.path, meta.value()?.parse()?, &meta.path),
            // #[resource(table = "orders")]
            "table" => set(cx, &mut attrs.table, meta.value()?.parse()?, &meta.path),
            // #[resource(tag = "orders")]
            "tag" => set(cx, &mut attrs.tag, meta.value()?.parse()?, &meta.path),
            // #[resource(operations(create, get, list, update, delete))]
            _ => {
                let mut ops = Vec::new();
                meta.parse_nested_meta(|op| {
                    match op.path.get_ident() {
                        Some(ident)
                            if keyword::lookup(keyword::OPERATION, &ident.to_string())
                                .is_some() =>
                        {
                            ops.push(ident.clone());
                        }
                        _ => {
                            unknown(cx, &op, "operation", keyword::OPERATION)?;
                        }
                    }
                    Ok(())
                })?;
                set(
                    cx,
                    &mut attrs.operations,
                    (meta.path.span(), ops),
                    &meta.path,
                );
            }
        }
        Ok(())
    });
    if let Err(e) = syn::parse::Parser::parse2(parser, tokens) {
        cx.syn_error(e);
    }
    attrs
}

/// Parses every `#[field(...)]` among `attrs` and returns the others untouched.
pub(crate) fn field_attrs(cx: &Ctxt, attrs: &[Attribute]) -> (FieldAttrs, Vec<Attribute>) {
    let mut out = FieldAttrs::default();
    let mut rest = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("field") {
            rest.push(attr.clone());
            continue;
        }
        let result = attr.parse_nested_meta(|meta| {
            let Some(kw) = keyword_of(&meta, keyword::FIELD) else {
                return unknown(cx, &meta, "field option", keyword::FIELD);
            };
            match kw.name {
                // #[field(id)]
                "id" => set(cx, &mut out.id, flag(&meta, kw)?, &meta.path),
                // #[field(read_only)]
                "read_only" => set(cx, &mut out.read_only, flag(&meta, kw)?, &meta.path),
                // #[field(write_only)]
                "write_only" => set(cx, &mut out.write_only, flag(&meta, kw)?, &meta.path),
                // #[field(hidden)]
                "hidden" => set(cx, &mut out.hidden, flag(&meta, kw)?, &meta.path),
                // #[field(unique)]
                "unique" => set(cx, &mut out.unique, flag(&meta, kw)?, &meta.path),
                // #[field(created_at)]
                "created_at" => set(cx, &mut out.created_at, flag(&meta, kw)?, &meta.path),
                // #[field(updated_at)]
                "updated_at" => set(cx, &mut out.updated_at, flag(&meta, kw)?, &meta.path),
                // #[field(rename = "displayName")]
                "rename" => set(cx, &mut out.rename, meta.value()?.parse()?, &meta.path),
                // #[field(column = "display_name")]
                "column" => set(cx, &mut out.column, meta.value()?.parse()?, &meta.path),
                // #[field(default)] or #[field(default = 1)]
                "default" => {
                    let expr = if meta.input.peek(Token![=]) {
                        Some(meta.value()?.parse()?)
                    } else {
                        None
                    };
                    set(cx, &mut out.default, (meta.path.span(), expr), &meta.path);
                }
                // #[field(references = Customer)]
                _ => set(cx, &mut out.references, meta.value()?.parse()?, &meta.path),
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    (out, rest)
}
