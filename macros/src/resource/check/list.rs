//! Paging, sorting and filtering of the list operation: page sizes, the pagination mode
//! and the default sort over sortable fields.

use super::super::model::{Access, Field, ListConfig};
use super::super::parse::ResourceAttrs;
use crate::internals::ctxt::Ctxt;

fn positive(cx: &Ctxt, lit: Option<&syn::LitInt>, default: u64) -> u64 {
    match lit.map(syn::LitInt::base10_parse::<u64>) {
        None => default,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            cx.error_spanned_by(lit, "expected a positive integer");
            default
        }
    }
}

pub(super) fn list_config(cx: &Ctxt, attrs: &ResourceAttrs, fields: &[Field]) -> ListConfig {
    let max_limit = positive(cx, attrs.max_page_size.as_ref(), 100);
    let default_limit = positive(cx, attrs.page_size.as_ref(), 20.min(max_limit));
    if default_limit > max_limit {
        cx.error_spanned_by(
            &attrs.page_size,
            format!("`page_size` {default_limit} is larger than `max_page_size` {max_limit}"),
        );
    }
    let offset = match &attrs.pagination {
        None => false,
        Some(lit) => match lit.value().as_str() {
            "cursor" => false,
            "offset" => true,
            other => {
                cx.error_spanned_by(lit, format!("unknown pagination `{other}`; expected \"cursor\" (keyset, the default) or \"offset\""));
                false
            }
        },
    };
    if let Some(lit) = &attrs.max_offset
        && !offset
    {
        cx.error_spanned_by(
            lit,
            "`max_offset` applies to offset pagination; add `pagination = \"offset\"` or remove it",
        );
    }
    let max_offset = offset.then(|| positive(cx, attrs.max_offset.as_ref(), 10_000));
    let mut default_sort = String::new();
    if let Some(lit) = &attrs.default_sort {
        let mut seen = Vec::new();
        for part in lit.value().split(',') {
            let name = part.strip_prefix('-').unwrap_or(part);
            let field = fields.iter().find(|f| f.name == name);
            let ok = field.is_some_and(|f| f.sortable || f.access == Access::Id);
            if !ok || seen.contains(&name) {
                let sortable: Vec<String> = fields
                    .iter()
                    .filter(|f| f.sortable)
                    .map(|f| format!("`{}`", f.name))
                    .collect();
                let why = if seen.contains(&name) {
                    "is repeated"
                } else {
                    "is not a sortable field"
                };
                cx.error_spanned_by(
                    lit,
                    format!(
                        "`default_sort`: `{name}` {why}; write `-field,other` over fields marked `#[field(sortable)]` ({})",
                        if sortable.is_empty() { "none yet".to_owned() } else { sortable.join(", ") }
                    ),
                );
            }
            seen.push(name);
        }
        default_sort = lit.value();
    }
    ListConfig {
        default_limit,
        max_limit,
        default_sort,
        max_offset,
    }
}
