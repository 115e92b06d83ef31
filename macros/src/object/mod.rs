//! `#[object]`: a struct nested in resources (a field, or the items of a `Vec` field) and
//! usable as a validated request body. Parse -> check here, tokens in `expand`.
//!
//! It derives serde itself, so the JSON names that violations point at are the ones the
//! macro knows, and implements `Validate` and `FieldType` (stored as JSON) from the same
//! `#[field(validate(...))]` rules that its schema documents.

mod expand;

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Attribute, Fields, Ident, ItemStruct, Visibility};

use crate::internals::attr::{keyword_of, unknown};
use crate::internals::ctxt::Ctxt;
use crate::internals::docs::doc_string;
use crate::internals::field::{self, Value};
use crate::internals::keyword::{Keywords, ObjectFieldKw};
use crate::internals::rules::{self, RawRule, Rules};

pub(crate) struct Object {
    pub(crate) ident: Ident,
    pub(crate) vis: Visibility,
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) doc: String,
    pub(crate) fields: Vec<Field>,
}

pub(crate) use crate::internals::field::FieldBase as Field;

pub(crate) fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item: ItemStruct = match syn::parse2(item.clone()) {
        Ok(item) => item,
        Err(_) => {
            let error = syn::Error::new(
                proc_macro2::Span::call_site(),
                "`#[object]` applies to a struct with named fields, e.g. `pub struct OrderLine { ... }`",
            )
            .to_compile_error();
            return quote!(#error #item);
        }
    };
    let cx = Ctxt::new();
    if !attr.is_empty() {
        cx.error_spanned_by(
            &attr,
            "`#[object]` takes no options; put `#[field(...)]` on the fields",
        );
    }
    let model = check(&cx, &item);
    match (cx.check(), model) {
        (None, Some(model)) => expand::object(&model),
        (errors, _) => {
            let clean = crate::resource::expand::strip_field_attrs(item);
            quote!(#errors #clean)
        }
    }
}

fn check(cx: &Ctxt, item: &ItemStruct) -> Option<Object> {
    if !item.generics.params.is_empty() {
        cx.error_spanned_by(
            &item.generics,
            "`#[object]` does not support generic parameters or lifetimes",
        );
    }
    let Fields::Named(named) = &item.fields else {
        cx.error_spanned_by(
            &item.ident,
            "`#[object]` needs a struct with named fields, e.g. `struct OrderLine { sku: String, quantity: i32 }`",
        );
        return None;
    };
    let mut fields: Vec<Field> = Vec::new();
    for field in &named.named {
        let ident = field.ident.clone()?;
        let (rename, raw, attrs) = field_attrs(cx, &field.attrs);
        let name = field::json_name(&ident, rename.as_ref());
        if let Some(prev) = fields.iter().find(|f| f.name == name) {
            cx.error_spanned_by(
                &ident,
                format!(
                    "field `{ident}` uses the JSON name `{name}`, already used by `{}`",
                    prev.ident
                ),
            );
        }
        let (
            Value {
                inner,
                nullable,
                kind,
                item,
            },
            rules,
        ) = match Value::classify(cx, &field.ty) {
            Some(value) => {
                let rules = rules::check(
                    cx,
                    raw,
                    &name,
                    value.kind,
                    value.item.as_ref().map(|(_, k)| *k),
                );
                (value, rules)
            }
            None => (Value::unknown(&field.ty), Rules::default()),
        };
        fields.push(Field {
            doc: doc_string(&attrs),
            ident,
            vis: field.vis.clone(),
            attrs,
            ty: field.ty.clone(),
            inner,
            nullable,
            kind,
            item,
            name,
            rules,
        });
    }
    Some(Object {
        ident: item.ident.clone(),
        vis: item.vis.clone(),
        attrs: item.attrs.clone(),
        doc: doc_string(&item.attrs),
        fields,
    })
}

/// `#[field(rename = "...", validate(...))]` on an object's field: the keywords of
/// [`ObjectFieldKw`], parsed like those of a resource's field.
fn field_attrs(
    cx: &Ctxt,
    attrs: &[Attribute],
) -> (Option<syn::LitStr>, Vec<RawRule>, Vec<Attribute>) {
    let (mut rename, mut rules, mut rest) = (None, Vec::new(), Vec::new());
    for attr in attrs {
        if !attr.path().is_ident("field") {
            rest.push(attr.clone());
            continue;
        }
        let result = attr.parse_nested_meta(|meta| {
            let Some(kw) = keyword_of::<ObjectFieldKw>(&meta) else {
                return unknown(cx, &meta, "`#[object]` field option", ObjectFieldKw::ALL);
            };
            match kw {
                // #[field(rename = "unitPrice")]
                ObjectFieldKw::Rename => field::rename(cx, &mut rename, &meta),
                // #[field(validate(range(min = 1)))]
                ObjectFieldKw::Validate => field::validate(cx, &mut rules, &meta),
            }
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    (rename, rules, rest)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    #[test]
    fn expansion_of_an_object() {
        crate::resource::tests::compare_snapshot(
            "object_with_rules",
            super::expand(
                quote!(),
                quote! {
                    /// A line.
                    #[derive(Debug)]
                    pub struct Line {
                        #[field(rename = "productId")]
                        pub product_id: Uuid,
                        #[field(validate(range(min = 1, max = 99)))]
                        pub quantity: i32,
                        #[field(validate(email))]
                        pub contact: Option<String>,
                        pub parts: Vec<Part>,
                    }
                },
            ),
        );
    }
}
