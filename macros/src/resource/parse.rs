//! Attribute syntax into raw options, each kept with the span of its keyword. Unknown and
//! repeated options are recorded in the context and parsing goes on, so one build shows
//! every mistake.

use proc_macro2::{Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Ident, LitInt, LitStr, Token};

use crate::internals::attr::{flag, keyword_of, set, unknown};
use crate::internals::ctxt::Ctxt;
use crate::internals::field;
use crate::internals::keyword::{
    self, AccessKw, AllowKw, ContractKw, EnvelopeKw, FieldKw, Keywords, OperationKw, ResourceKw,
    StructRuleKw,
};
use crate::internals::rules::RawRule;

/// Options of `#[resource(...)]`.
#[derive(Default)]
pub(crate) struct ResourceAttrs {
    pub(crate) path: Option<LitStr>,
    pub(crate) table: Option<LitStr>,
    pub(crate) tag: Option<LitStr>,
    /// `operations(...)`: the span inside the parentheses and each operation named.
    pub(crate) operations: Option<(Span, Vec<(Ident, OperationKw)>)>,
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
    /// `envelope(items = "...")`.
    pub(crate) envelope_items: Option<LitStr>,
    /// `envelope(page = "...")`.
    pub(crate) envelope_page: Option<LitStr>,
    /// `contract = skip` or `contract(skip)`, where it was written.
    pub(crate) contract_skip: Option<Span>,
    /// `contract(ids(list = "..."))`: operation ids that differ from the default ones.
    pub(crate) contract_ids: Vec<(Ident, OperationKw, LitStr)>,
}

/// One entry of `access(...)`: `create = roles("admin")`, `read = public`,
/// `any_owner = roles("staff")`.
pub(crate) struct AccessRule {
    /// The key as written: an operation, `read`, `write`, `all` or `any_owner`.
    pub(crate) key: Ident,
    pub(crate) kw: AccessKw,
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

pub(crate) fn resource_attrs(cx: &Ctxt, tokens: TokenStream) -> ResourceAttrs {
    let mut attrs = ResourceAttrs::default();
    let parser = syn::meta::parser(|meta| {
        let Some(kw) = keyword_of::<ResourceKw>(&meta) else {
            return unknown(cx, &meta, "resource option", ResourceKw::ALL);
        };
        let a = &mut attrs;
        match kw {
            // #[resource(path = "/orders")]
            ResourceKw::Path => set(cx, &mut a.path, meta.value()?.parse()?, &meta.path),
            // #[resource(table = "orders")]
            ResourceKw::Table => set(cx, &mut a.table, meta.value()?.parse()?, &meta.path),
            // #[resource(tag = "orders")]
            ResourceKw::Tag => set(cx, &mut a.tag, meta.value()?.parse()?, &meta.path),
            // #[resource(default_sort = "-created_at")]
            ResourceKw::DefaultSort => {
                set(cx, &mut a.default_sort, meta.value()?.parse()?, &meta.path);
            }
            // #[resource(page_size = 20)]
            ResourceKw::PageSize => set(cx, &mut a.page_size, meta.value()?.parse()?, &meta.path),
            // #[resource(max_page_size = 100)]
            ResourceKw::MaxPageSize => {
                set(cx, &mut a.max_page_size, meta.value()?.parse()?, &meta.path);
            }
            // #[resource(pagination = "offset")]
            ResourceKw::Pagination => {
                set(cx, &mut a.pagination, meta.value()?.parse()?, &meta.path);
            }
            // #[resource(max_offset = 10000)]
            ResourceKw::MaxOffset => {
                set(cx, &mut a.max_offset, meta.value()?.parse()?, &meta.path);
            }
            // #[resource(access(create = roles("customer"), read = authenticated))]
            ResourceKw::Access => meta.parse_nested_meta(|inner| access_rule(cx, a, &inner))?,
            // #[resource(validate(custom = check_order, custom_async = customer_is_active))]
            ResourceKw::Validate => meta.parse_nested_meta(|inner| {
                let Some(kw) = keyword_of::<StructRuleKw>(&inner) else {
                    return unknown(cx, &inner, "struct-level rule", StructRuleKw::ALL);
                };
                let slot = match kw {
                    StructRuleKw::Custom => &mut a.custom,
                    StructRuleKw::CustomAsync => &mut a.custom_async,
                };
                set(cx, slot, inner.value()?.parse()?, &inner.path);
                Ok(())
            })?,
            // #[resource(operations(create, get, list, update, delete))]
            ResourceKw::Operations => operations(cx, a, &meta)?,
            // #[resource(envelope(items = "data", page = "pagination"))]
            ResourceKw::Envelope => meta.parse_nested_meta(|inner| {
                let Some(kw) = keyword_of::<EnvelopeKw>(&inner) else {
                    return unknown(cx, &inner, "envelope member", EnvelopeKw::ALL);
                };
                let slot = match kw {
                    EnvelopeKw::Items => &mut a.envelope_items,
                    EnvelopeKw::Page => &mut a.envelope_page,
                };
                set(cx, slot, inner.value()?.parse()?, &inner.path);
                Ok(())
            })?,
            // #[resource(contract = skip)] or #[resource(contract(ids(list = "x"), skip))]
            ResourceKw::Contract => contract(cx, a, &meta)?,
        }
        Ok(())
    });
    if let Err(e) = syn::parse::Parser::parse2(parser, tokens) {
        cx.syn_error(e);
    }
    attrs
}

/// `contract = skip`, or `contract(ids(list = "listAllOrders"), skip)`.
fn contract(
    cx: &Ctxt,
    attrs: &mut ResourceAttrs,
    meta: &syn::meta::ParseNestedMeta<'_>,
) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        let value: Ident = meta.value()?.parse()?;
        if value == "skip" {
            set(cx, &mut attrs.contract_skip, value.span(), &meta.path);
        } else {
            cx.error_spanned_by(
                &value,
                "expected `contract = skip`, or `contract(ids(list = \"listAllOrders\"))`",
            );
        }
        return Ok(());
    }
    meta.parse_nested_meta(|inner| {
        let Some(kw) = keyword_of::<ContractKw>(&inner) else {
            return unknown(cx, &inner, "contract option", ContractKw::ALL);
        };
        match kw {
            ContractKw::Skip => {
                let span = inner.path.span();
                set(cx, &mut attrs.contract_skip, span, &inner.path);
            }
            // ids(create = "placeOrder", list = "listAllOrders")
            ContractKw::Ids => inner.parse_nested_meta(|id| {
                let Some(op) = keyword_of::<OperationKw>(&id) else {
                    return unknown(cx, &id, "operation", OperationKw::ALL);
                };
                let ident = id
                    .path
                    .get_ident()
                    .cloned()
                    .expect("a keyword is an identifier");
                let value: LitStr = id.value()?.parse()?;
                if attrs.contract_ids.iter().any(|(_, o, _)| *o == op) {
                    cx.error_spanned_by(
                        &ident,
                        format!("the id of `{ident}` is given more than once"),
                    );
                } else {
                    attrs.contract_ids.push((ident, op, value));
                }
                Ok(())
            })?,
        }
        Ok(())
    })
}

/// One entry of `access(...)`: `create = roles("customer")`.
fn access_rule(
    cx: &Ctxt,
    attrs: &mut ResourceAttrs,
    inner: &syn::meta::ParseNestedMeta<'_>,
) -> syn::Result<()> {
    let Some(kw) = keyword_of::<AccessKw>(inner) else {
        return unknown(cx, inner, "access key", AccessKw::ALL);
    };
    let ident = inner
        .path
        .get_ident()
        .cloned()
        .expect("a keyword is an identifier");
    let value = inner.value()?;
    let Some(allow) = parse_allow(cx, value, kw)? else {
        return Ok(());
    };
    attrs.access.push(AccessRule {
        key: ident,
        kw,
        allow,
    });
    Ok(())
}

/// `operations(create, get, ...)`, parsed by hand so that an empty list reaches the check
/// with its message.
fn operations(
    cx: &Ctxt,
    attrs: &mut ResourceAttrs,
    meta: &syn::meta::ParseNestedMeta<'_>,
) -> syn::Result<()> {
    let content;
    syn::parenthesized!(content in meta.input);
    let names = Punctuated::<Ident, Token![,]>::parse_terminated(&content)?;
    let mut ops = Vec::new();
    for ident in names {
        if let Some(kw) = OperationKw::from_name(&ident.to_string()) {
            ops.push((ident, kw));
        } else {
            cx.error_spanned_by(
                &ident,
                format!(
                    "unknown operation `{ident}`; {}",
                    keyword::expected_one_of(OperationKw::ALL)
                ),
            );
        }
    }
    set(cx, &mut attrs.operations, (content.span(), ops), &meta.path);
    Ok(())
}

/// The value of an access key: `public`, `authenticated` or `roles("a", ...)`; `None`
/// after reporting anything else.
fn parse_allow(
    cx: &Ctxt,
    input: syn::parse::ParseStream<'_>,
    key: AccessKw,
) -> syn::Result<Option<Allow>> {
    let expr: Expr = input.parse()?;
    let wrong = |span: &dyn quote::ToTokens| {
        cx.error_spanned_by(
            span,
            format!(
                "`{}` takes {}, e.g. `{}`",
                key.name(),
                keyword::either_syntax(AllowKw::ALL),
                key.syntax()
            ),
        );
        Ok(None)
    };
    let allow_kw = |path: &syn::Path| {
        path.get_ident()
            .and_then(|i| AllowKw::from_name(&i.to_string()))
    };
    let call = match &expr {
        Expr::Path(p) => {
            return match allow_kw(&p.path) {
                // access(read = public)
                Some(AllowKw::Public) => Ok(Some(Allow::Public(p.span()))),
                // access(read = authenticated)
                Some(AllowKw::Authenticated) => Ok(Some(Allow::Authenticated(p.span()))),
                Some(AllowKw::Roles) | None => wrong(&expr),
            };
        }
        Expr::Call(call) => match &*call.func {
            Expr::Path(f) => match allow_kw(&f.path) {
                // access(write = roles("admin"))
                Some(AllowKw::Roles) => call,
                Some(AllowKw::Public | AllowKw::Authenticated) | None => return wrong(&expr),
            },
            _ => return wrong(&expr),
        },
        other => return wrong(other),
    };
    let mut roles = Vec::new();
    for arg in &call.args {
        match arg {
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(lit),
                ..
            }) => roles.push(lit.clone()),
            other => {
                cx.error_spanned_by(other, "a role is a string literal: `roles(\"staff\")`");
                return Ok(None);
            }
        }
    }
    Ok(Some(Allow::Roles(call.span(), roles)))
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
            let Some(kw) = keyword_of::<FieldKw>(&meta) else {
                return unknown(cx, &meta, "field option", FieldKw::ALL);
            };
            field_option(cx, &mut out, &meta, kw)
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    (out, rest)
}

fn field_option(
    cx: &Ctxt,
    out: &mut FieldAttrs,
    meta: &syn::meta::ParseNestedMeta<'_>,
    kw: FieldKw,
) -> syn::Result<()> {
    match kw {
        // #[field(id)]
        FieldKw::Id => flag(cx, meta, kw, &mut out.id),
        // #[field(read_only)]
        FieldKw::ReadOnly => flag(cx, meta, kw, &mut out.read_only),
        // #[field(write_only)]
        FieldKw::WriteOnly => flag(cx, meta, kw, &mut out.write_only),
        // #[field(hidden)]
        FieldKw::Hidden => flag(cx, meta, kw, &mut out.hidden),
        // #[field(unique)]
        FieldKw::Unique => flag(cx, meta, kw, &mut out.unique),
        // #[field(created_at)]
        FieldKw::CreatedAt => flag(cx, meta, kw, &mut out.created_at),
        // #[field(updated_at)]
        FieldKw::UpdatedAt => flag(cx, meta, kw, &mut out.updated_at),
        // #[field(filterable)]
        FieldKw::Filterable => flag(cx, meta, kw, &mut out.filterable),
        // #[field(sortable)]
        FieldKw::Sortable => flag(cx, meta, kw, &mut out.sortable),
        // #[field(state)]
        FieldKw::State => flag(cx, meta, kw, &mut out.state),
        // #[field(state, history)]
        FieldKw::History => flag(cx, meta, kw, &mut out.history),
        // #[field(owner)]
        FieldKw::Owner => flag(cx, meta, kw, &mut out.owner),
        // #[field(tenant)]
        FieldKw::Tenant => flag(cx, meta, kw, &mut out.tenant),
        // #[field(rename = "displayName")]
        FieldKw::Rename => field::rename(cx, &mut out.rename, meta),
        // #[field(column = "display_name")]
        FieldKw::Column => {
            set(cx, &mut out.column, meta.value()?.parse()?, &meta.path);
            Ok(())
        }
        // #[field(default)] or #[field(default = 1)]
        FieldKw::Default => {
            let expr = if meta.input.peek(Token![=]) {
                Some(meta.value()?.parse()?)
            } else {
                None
            };
            set(cx, &mut out.default, (meta.path.span(), expr), &meta.path);
            Ok(())
        }
        // #[field(validate(length(min = 1, max = 80), email))]
        FieldKw::Validate => field::validate(cx, &mut out.rules, meta),
        // #[field(references = Customer)]
        FieldKw::References => {
            set(cx, &mut out.references, meta.value()?.parse()?, &meta.path);
            Ok(())
        }
    }
}
