//! Tokens from the checked model: the user's struct, its create and patch bodies, the
//! `Resource` impl (metadata, statements kept, binding, decoding, serialization) and spanned
//! type checks. Every path is absolute through `::resourcery`, so the user's scope
//! (a shadowed `Result` or `Option`) cannot change its meaning.
//!
//! One file per concern: `bodies` (the create and patch structs and how a create body
//! becomes a row), `validate` (rules and checks of bodies and rows), `bind` (arguments,
//! statements kept, sort keys, rows in and out), `meta` (the `ResourceMeta` constant), `scope` (owner,
//! tenant and references), `imp` (the impls assembled).

mod bind;
mod bodies;
mod imp;
mod meta;
mod scope;
mod validate;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::{ItemStruct, LitStr};

use crate::internals::field::FieldBase;

use super::model::{Field, Resource};

pub(crate) fn strip_field_attrs(mut item: ItemStruct) -> ItemStruct {
    for field in item.fields.iter_mut() {
        field.attrs.retain(|a| !a.path().is_ident("field"));
    }
    item
}

fn lit(value: &str) -> LitStr {
    LitStr::new(value, Span::call_site())
}

pub(crate) fn resource(r: &Resource) -> TokenStream {
    let definition = definition(r);
    let create = bodies::create_struct(r);
    let patch = bodies::patch_struct(r);
    let marker = route_marker(r);
    let imp = imp::resource_impl(r);
    quote! {
        #definition
        #create
        #patch
        #marker
        #[doc(hidden)]
        const _: () = {
            #imp
        };
    }
}

fn definition(r: &Resource) -> TokenStream {
    let Resource {
        ident, vis, attrs, ..
    } = r;
    let fields = r.fields.iter().map(|f| {
        let FieldBase {
            ident,
            vis,
            attrs,
            ty,
            ..
        } = &f.base;
        quote!(#(#attrs)* #vis #ident: #ty)
    });
    quote! {
        #(#attrs)*
        #vis struct #ident {
            #(#fields,)*
        }
    }
}

/// Two resources with one path in one module collide on this name: a compile error at the
/// second path. Elsewhere the start-up check in `Api::into_router` reports it.
fn route_marker(r: &Resource) -> TokenStream {
    let mut encoded = String::new();
    for c in r.path.chars() {
        match c {
            '/' => encoded.push_str("_s"),
            '-' => encoded.push_str("_h"),
            '_' => encoded.push_str("_u"),
            c => encoded.push(c),
        }
    }
    let marker = syn::Ident::new(
        &format!("__resourcery_path{encoded}_is_declared_twice"),
        r.path_span,
    );
    quote_spanned! {r.path_span=>
        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code)]
        const #marker: () = ();
    }
}

/// The field of the model with the `id` option; the check made sure there is one.
fn id_field(r: &Resource) -> &Field {
    r.fields
        .iter()
        .find(|f| f.access == super::model::Access::Id)
        .expect("checked: one id")
}
