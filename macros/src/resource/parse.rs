//! Attribute syntax into raw options, each kept with the span of its keyword. Unknown and
//! repeated options are recorded in the context and parsing goes on, so one build shows
//! every mistake.

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Ident, LitInt, LitStr, Token};

use crate::internals::ctxt::Ctxt;
use crate::internals::keyword::{self, Keyword};
use crate::internals::rules::{self, RawRule};

/// Options of `#[resource(...)]`.
#[derive(Default)]
pub(crate) struct ResourceAttrs {
    pub(crate) path: Option<LitStr>,
    pub(crate) table: Option<LitStr>,
    pub(crate) tag: Option<LitStr>,
    pub(crate) operations: Option<(Span, Vec<Ident>)>,
    pub(crate) default_sort: Option<LitStr>,
    pub(crate) page_size: Option<LitInt>,
    pub(crate) max_page_size: Option<LitInt>,
    pub(crate) pagination: Option<LitStr>,
    pub(crate) max_offset: Option<LitInt>,
    /// `validate(custom = f)`: the struct-level rule.
    pub(crate) custom: Option<syn::Path>,
    /// `validate(custom_async = f)`: the rule with database access.
    pub(crate) custom_async: Option<syn::Path>,
    /// `access(...)`: who may take each operation.
    pub(crate) access: Vec<AccessRule>,
}

/// One entry of `access(...)`: `create = roles("admin")`, `read = public`,
/// `any_owner = roles("staff")`.
pub(crate) struct AccessRule {
    /// The key as written: an operation, `read`, `write`, `all` or `any_owner`.
    pub(crate) key: Ident,
    pub(crate) allow: Allow,
}

/// Who an access rule admits.
#[derive(Clone)]
pub(crate) enum Allow {
    /// `public`: anyone, with or without a token.
    Public(Span),
    /// `authenticated`: any verified principal.
    Authenticated(Span),
    /// `roles("a", "b")`: a principal holding one of these roles.
    Roles(Span, Vec<LitStr>),
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
    pub(crate) state: Option<Span>,
    pub(crate) history: Option<Span>,
    pub(crate) owner: Option<Span>,
    pub(crate) tenant: Option<Span>,
    pub(crate) updated_at: Option<Span>,
    pub(crate) filterable: Option<Span>,
    pub(crate) sortable: Option<Span>,
    pub(crate) rename: Option<LitStr>,
    pub(crate) column: Option<LitStr>,
    pub(crate) default: Option<(Span, Option<Expr>)>,
    pub(crate) references: Option<syn::Path>,
    pub(crate) rules: Vec<RawRule>,
}

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
    kw: &Keyword,
    slot: &mut Option<Span>,
) -> syn::Result<()> {
    if meta.input.peek(Token![=]) || meta.input.peek(syn::token::Paren) {
        cx.error_spanned_by(
            &meta.path,
            format!("`{}` takes no value; write `{}`", kw.name, kw.syntax),
        );
        return skip_value(meta);
    }
    set(cx, slot, meta.path.span(), &meta.path);
    Ok(())
}

pub(crate) fn keyword_of(
    meta: &ParseNestedMeta<'_>,
    table: &'static [Keyword],
) -> Option<&'static Keyword> {
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
            // #[resource(default_sort = "-created_at")]
            "default_sort" => set(
                cx,
                &mut attrs.default_sort,
                meta.value()?.parse()?,
                &meta.path,
            ),
            // #[resource(page_size = 20)]
            "page_size" => set(cx, &mut attrs.page_size, meta.value()?.parse()?, &meta.path),
            // #[resource(max_page_size = 100)]
            "max_page_size" => set(
                cx,
                &mut attrs.max_page_size,
                meta.value()?.parse()?,
                &meta.path,
            ),
            // #[resource(pagination = "offset")]
            "pagination" => set(
                cx,
                &mut attrs.pagination,
                meta.value()?.parse()?,
                &meta.path,
            ),
            // #[resource(max_offset = 10000)]
            "max_offset" => set(
                cx,
                &mut attrs.max_offset,
                meta.value()?.parse()?,
                &meta.path,
            ),
            // #[resource(access(create = roles("customer"), read = authenticated))]
            "access" => meta.parse_nested_meta(|inner| {
                let Some(key) = keyword_of(&inner, keyword::ACCESS) else {
                    return unknown(cx, &inner, "access key", keyword::ACCESS);
                };
                let ident = inner
                    .path
                    .get_ident()
                    .cloned()
                    .expect("a keyword is an identifier");
                let value = inner.value()?;
                let Some(allow) = parse_allow(cx, value, key)? else {
                    return Ok(());
                };
                attrs.access.push(AccessRule { key: ident, allow });
                Ok(())
            })?,
            // #[resource(validate(custom = check_order, custom_async = customer_is_active))]
            "validate" => meta.parse_nested_meta(|inner| {
                let Some(kw) = keyword_of(&inner, keyword::STRUCT_RULE) else {
                    return unknown(cx, &inner, "struct-level rule", keyword::STRUCT_RULE);
                };
                let slot = if kw.name == "custom" {
                    &mut attrs.custom
                } else {
                    &mut attrs.custom_async
                };
                set(cx, slot, inner.value()?.parse()?, &inner.path);
                Ok(())
            })?,
            // #[resource(operations(create, get, list, update, delete))]
            _ => {
                // Parsed by hand so that an empty list reaches the check with its message.
                let content;
                syn::parenthesized!(content in meta.input);
                let names = Punctuated::<Ident, Token![,]>::parse_terminated(&content)?;
                let mut ops = Vec::new();
                for ident in names {
                    if keyword::lookup(keyword::OPERATION, &ident.to_string()).is_some() {
                        ops.push(ident);
                    } else {
                        cx.error_spanned_by(
                            &ident,
                            format!(
                                "unknown operation `{ident}`; {}",
                                keyword::expected_one_of(keyword::OPERATION)
                            ),
                        );
                    }
                }
                set(cx, &mut attrs.operations, (content.span(), ops), &meta.path);
            }
        }
        Ok(())
    });
    if let Err(e) = syn::parse::Parser::parse2(parser, tokens) {
        cx.syn_error(e);
    }
    attrs
}

/// The value of an access key: `public`, `authenticated` or `roles("a", ...)`; `None`
/// after reporting anything else.
fn parse_allow(
    cx: &Ctxt,
    input: syn::parse::ParseStream<'_>,
    key: &Keyword,
) -> syn::Result<Option<Allow>> {
    let expr: Expr = input.parse()?;
    let wrong = |span: &dyn quote::ToTokens| {
        cx.error_spanned_by(
            span,
            format!(
                "`{}` takes `public`, `authenticated` or `roles(\"...\")`, e.g. `{}`",
                key.name, key.syntax
            ),
        );
    };
    match &expr {
        Expr::Path(p) if p.path.is_ident("public") => Ok(Some(Allow::Public(p.span()))),
        Expr::Path(p) if p.path.is_ident("authenticated") => {
            Ok(Some(Allow::Authenticated(p.span())))
        }
        Expr::Call(call) if matches!(&*call.func, Expr::Path(f) if f.path.is_ident("roles")) => {
            let mut roles = Vec::new();
            for arg in &call.args {
                match arg {
                    Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(lit),
                        ..
                    }) => roles.push(lit.clone()),
                    other => {
                        cx.error_spanned_by(
                            other,
                            "a role is a string literal: `roles(\"staff\")`",
                        );
                        return Ok(None);
                    }
                }
            }
            Ok(Some(Allow::Roles(call.span(), roles)))
        }
        other => {
            wrong(other);
            Ok(None)
        }
    }
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
                "id" => flag(cx, &meta, kw, &mut out.id),
                // #[field(read_only)]
                "read_only" => flag(cx, &meta, kw, &mut out.read_only),
                // #[field(write_only)]
                "write_only" => flag(cx, &meta, kw, &mut out.write_only),
                // #[field(hidden)]
                "hidden" => flag(cx, &meta, kw, &mut out.hidden),
                // #[field(unique)]
                "unique" => flag(cx, &meta, kw, &mut out.unique),
                // #[field(created_at)]
                "created_at" => flag(cx, &meta, kw, &mut out.created_at),
                // #[field(updated_at)]
                "updated_at" => flag(cx, &meta, kw, &mut out.updated_at),
                // #[field(filterable)]
                "filterable" => flag(cx, &meta, kw, &mut out.filterable),
                // #[field(sortable)]
                "sortable" => flag(cx, &meta, kw, &mut out.sortable),
                // #[field(state)]
                "state" => flag(cx, &meta, kw, &mut out.state),
                // #[field(state, history)]
                "history" => flag(cx, &meta, kw, &mut out.history),
                // #[field(owner)]
                "owner" => flag(cx, &meta, kw, &mut out.owner),
                // #[field(tenant)]
                "tenant" => flag(cx, &meta, kw, &mut out.tenant),
                // #[field(rename = "displayName")]
                "rename" => {
                    set(cx, &mut out.rename, meta.value()?.parse()?, &meta.path);
                    Ok(())
                }
                // #[field(column = "display_name")]
                "column" => {
                    set(cx, &mut out.column, meta.value()?.parse()?, &meta.path);
                    Ok(())
                }
                // #[field(default)] or #[field(default = 1)]
                "default" => {
                    let expr = if meta.input.peek(Token![=]) {
                        Some(meta.value()?.parse()?)
                    } else {
                        None
                    };
                    set(cx, &mut out.default, (meta.path.span(), expr), &meta.path);
                    Ok(())
                }
                // #[field(validate(length(min = 1, max = 80), email))]
                "validate" => {
                    out.rules.extend(rules::parse(cx, &meta)?);
                    Ok(())
                }
                // #[field(references = Customer)]
                _ => {
                    set(cx, &mut out.references, meta.value()?.parse()?, &meta.path);
                    Ok(())
                }
            }
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    (out, rest)
}
