//! Invariants across options and fields, turning parsed attributes into the model. Every
//! violation is recorded with the span of the token to fix. Options of the resource here;
//! fields in `field`, access in `access`, the list operation in `list`.

use heck::{ToSnakeCase, ToUpperCamelCase};
use syn::{Fields, ItemStruct};

use super::model::{ContractOpts, Envelope, Op, Resource};
use super::parse::{ResourceAttrs, field_attrs};
use crate::internals::ctxt::Ctxt;
use crate::internals::docs::doc_string;
use crate::internals::keyword::{self, Keywords, OperationKw};

mod access;
mod field;
mod list;

/// SQL identifiers are quoted but still restricted, so no name can break out of the quotes.
pub(super) fn valid_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 63
}

fn check_path_ok(value: &str) -> bool {
    value.starts_with('/')
        && value.split('/').skip(1).all(|s| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

fn check_path(cx: &Ctxt, path: &syn::LitStr) -> String {
    let value = path.value();
    if !check_path_ok(&value) {
        cx.error_spanned_by(
            path,
            format!(
                "invalid resource path `{value}`: write it as `/segment` or `/a/b`, with letters, digits, `-` and `_`, no trailing slash and no `{{param}}`"
            ),
        );
    }
    value
}

pub(crate) fn resource(cx: &Ctxt, attrs: ResourceAttrs, item: &ItemStruct) -> Option<Resource> {
    if !item.generics.params.is_empty() {
        cx.error_spanned_by(
            &item.generics,
            "`#[resource]` does not support generic parameters or lifetimes",
        );
    }
    let named = match &item.fields {
        Fields::Named(named) => named,
        _ => {
            cx.error_spanned_by(
                &item.ident,
                "`#[resource]` needs a struct with named fields, e.g. `struct Order { #[field(id)] id: Uuid, ... }`",
            );
            return None;
        }
    };

    let ident = &item.ident;
    let (path, path_span) = match &attrs.path {
        Some(lit) => (check_path(cx, lit), lit.span()),
        None => (
            format!(
                "/{}",
                plural(&ident.to_string().to_snake_case().replace('_', "-"))
            ),
            ident.span(),
        ),
    };
    let last_segment = path.rsplit('/').next().unwrap_or_default().to_owned();
    let table = match &attrs.table {
        Some(lit) => {
            let table = lit.value();
            if !valid_identifier(&table) {
                cx.error_spanned_by(
                    lit,
                    format!("invalid table name `{table}`: use letters, digits and `_`"),
                );
            }
            table
        }
        None => {
            let table = last_segment.to_snake_case();
            // An invalid path is reported already; its table name would only repeat it.
            if !valid_identifier(&table)
                && attrs
                    .path
                    .as_ref()
                    .is_none_or(|p| check_path_ok(&p.value()))
            {
                cx.error_at(path_span, format!("the table name `{table}` derived from the path is not valid; set `table = \"...\"`"));
            }
            table
        }
    };
    let tag = attrs
        .tag
        .as_ref()
        .map_or_else(|| last_segment.clone(), syn::LitStr::value);
    let operations = operations(cx, &attrs);

    let mut fields = Vec::new();
    for field in &named.named {
        let (field_opts, rest) = field_attrs(cx, &field.attrs);
        if let Some(f) = field::check_field(
            cx,
            field,
            field_opts,
            rest,
            operations.contains(&Op::Create),
        ) {
            fields.push(f);
        }
    }
    field::check_fields(cx, ident, &fields);
    for f in &fields {
        // PostgreSQL truncates identifiers past 63 bytes, which would hide the field a
        // constraint violation belongs to.
        if table.len() + f.column.len() + 10 > 63 {
            cx.error_spanned_by(
                &f.ident,
                format!("table `{table}` and column `{}` are too long together for constraint and index names (at most 53 characters); shorten one", f.column),
            );
        }
    }
    let list = list::list_config(cx, &attrs, &fields);
    let access = access::access(cx, &attrs, &operations, &fields);
    let plural = last_segment.to_upper_camel_case();
    let contract = contract_opts(cx, &attrs, &ident.to_string(), &plural);
    let envelope = envelope(cx, &attrs);
    let mut spans = super::model::Spans {
        max_page_size: attrs.max_page_size.as_ref().map(syn::LitInt::span),
        access: access.spans,
        ..Default::default()
    };
    if let Some((_, idents)) = &attrs.operations {
        for (ident, kw) in idents {
            spans.operations[Op::from_keyword(*kw).index()] = Some(ident.span());
        }
    }

    Some(Resource {
        ident: ident.clone(),
        vis: item.vis.clone(),
        attrs: item.attrs.clone(),
        doc: doc_string(&item.attrs),
        path,
        path_span,
        table,
        tag,
        plural,
        operations,
        fields,
        list,
        custom: attrs.custom,
        custom_async: attrs.custom_async,
        access,
        envelope,
        contract,
        spans,
    })
}

/// `contract(...)`: skip, and each operation's id (the written one, else `createOrder`,
/// `getOrder`, `listOrders`, `updateOrder`, `deleteOrder`).
fn contract_opts(cx: &Ctxt, attrs: &ResourceAttrs, name: &str, plural: &str) -> ContractOpts {
    let mut ids = [
        format!("create{name}"),
        format!("get{name}"),
        format!("list{plural}"),
        format!("update{name}"),
        format!("delete{name}"),
    ];
    let mut id_spans = [None; 5];
    for (ident, kw, value) in &attrs.contract_ids {
        let id = value.value();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
        {
            cx.error_spanned_by(
                value,
                format!("operation id `{id}` is not valid: use letters, digits, `_`, `.` and `-`"),
            );
            continue;
        }
        let op = Op::from_keyword(*kw);
        if !attrs
            .operations
            .as_ref()
            .is_none_or(|(_, ops)| ops.iter().any(|(_, k)| k == kw))
        {
            cx.error_spanned_by(ident, format!("`{ident}` is not an operation of this resource; remove its id or add it to `operations(...)`"));
        }
        ids[op.index()] = id;
        id_spans[op.index()] = Some(value.span());
    }
    ContractOpts {
        skip: attrs.contract_skip.is_some(),
        ids,
        id_spans,
    }
}

/// The list body's member names: `envelope(...)`, else `resourcery.toml`'s `[list]`, else
/// `items` and `page`.
fn envelope(cx: &Ctxt, attrs: &ResourceAttrs) -> Envelope {
    let crate_wide = match crate::contract::settings() {
        Ok(Some(config)) => config.envelope,
        Ok(None) => crate::contract::config::Envelope::default(),
        Err(e) => {
            cx.error_at(proc_macro2::Span::call_site(), e);
            crate::contract::config::Envelope::default()
        }
    };
    let pick = |written: &Option<syn::LitStr>, toml: Option<String>, default: &str| {
        let name = written
            .as_ref()
            .map(syn::LitStr::value)
            .or(toml)
            .unwrap_or_else(|| default.to_owned());
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            let message = format!(
                "list envelope member `{name}` is not valid: use letters, digits, `_` and `-`"
            );
            match written {
                Some(lit) => cx.error_spanned_by(lit, message),
                None => cx.error_at(proc_macro2::Span::call_site(), message),
            }
        }
        name
    };
    let items = pick(&attrs.envelope_items, crate_wide.items, "items");
    let page = pick(&attrs.envelope_page, crate_wide.page, "page");
    if items == page {
        cx.error_at(
            attrs.envelope_page.as_ref().map_or_else(proc_macro2::Span::call_site, syn::LitStr::span),
            format!("the list envelope's members are both named `{items}`; give `items` and `page` different names"),
        );
    }
    Envelope {
        items,
        page,
        span: attrs
            .envelope_items
            .as_ref()
            .or(attrs.envelope_page.as_ref())
            .map(syn::LitStr::span),
    }
}

/// English plural of the last path word, for default paths: `category` -> `categories`.
fn plural(word: &str) -> String {
    let vowel_before_y =
        word.len() > 1 && word[..word.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if word.ends_with('y') && !vowel_before_y {
        format!("{}ies", &word[..word.len() - 1])
    } else if word.ends_with(['s', 'x', 'z']) || word.ends_with("ch") || word.ends_with("sh") {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

fn operations(cx: &Ctxt, attrs: &ResourceAttrs) -> Vec<Op> {
    let Some((span, idents)) = &attrs.operations else {
        return Op::ALL.to_vec();
    };
    let mut ops = Vec::new();
    for (ident, kw) in idents {
        let op = Op::from_keyword(*kw);
        if ops.contains(&op) {
            cx.error_spanned_by(
                ident,
                format!("operation `{ident}` is listed more than once"),
            );
        } else {
            ops.push(op);
        }
    }
    if idents.is_empty() {
        cx.error_at(
            *span,
            format!(
                "`operations()` is empty; list at least one of {}, or leave it out for all five",
                keyword::names(OperationKw::ALL)
            ),
        );
    }
    ops
}
