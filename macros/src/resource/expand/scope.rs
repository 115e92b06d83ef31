//! Scoping by owner and tenant: setting the scope fields from the principal, and the
//! references a client chose, whose targets must belong to the same tenant.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::model::{Field, Resource, ScopeKind};
use super::lit;

/// `assign_scope`, for a resource with an owner or tenant field.
pub(super) fn assign_scope(r: &Resource) -> TokenStream {
    let scope_field = |kind: ScopeKind| r.fields.iter().find(|f| f.scope == Some(kind));
    let assign_scope = (scope_field(ScopeKind::Owner).is_some()
        || scope_field(ScopeKind::Tenant).is_some())
    .then(|| {
        let set = |kind: ScopeKind, var: TokenStream| {
            scope_field(kind).map(|f| {
                let (ident, inner) = (&f.ident, &f.inner);
                quote! {
                    if let ::core::option::Option::Some(__v) = #var {
                        self.#ident = <#inner as ::resourcery::__private::ScopeKey>::from_scope(__v);
                    }
                }
            })
        };
        let owner = set(ScopeKind::Owner, quote!(__owner));
        let tenant = set(ScopeKind::Tenant, quote!(__tenant));
        quote! {
            fn assign_scope(
                &mut self,
                __owner: ::core::option::Option<&::resourcery::__private::ScopeValue>,
                __tenant: ::core::option::Option<&::resourcery::__private::ScopeValue>,
            ) {
                let _ = (&__owner, &__tenant);
                #owner
                #tenant
            }
        }
    });
    quote!(#assign_scope)
}

/// `reference_ids` and `patch_reference_ids`, for a resource with references a client
/// may set.
pub(super) fn reference_ids(r: &Resource) -> TokenStream {
    // The references a client chose, for the tenant check of their targets.
    let client_refs: Vec<&Field> = r
        .fields
        .iter()
        .filter(|f| f.references.is_some() && f.writable())
        .collect();
    let reference_ids = (!client_refs.is_empty()).then(|| {
        let row = client_refs.iter().map(|f| {
            let (ident, name) = (&f.ident, lit(&f.name));
            if f.nullable {
                quote!(if let ::core::option::Option::Some(__v) = self.#ident { __out.push((#name, __v)); })
            } else {
                quote!(__out.push((#name, self.#ident));)
            }
        });
        let patch = client_refs.iter().map(|f| {
            let (ident, name) = (&f.ident, lit(&f.name));
            quote!(if let ::resourcery::__private::Patch::Value(__v) = &__patch.#ident { __out.push((#name, *__v)); })
        });
        quote! {
            fn reference_ids(&self) -> ::std::vec::Vec<(&'static str, ::resourcery::__private::Uuid)> {
                let mut __out = ::std::vec::Vec::new();
                #(#row)*
                __out
            }
            fn patch_reference_ids(__patch: &Self::Patch) -> ::std::vec::Vec<(&'static str, ::resourcery::__private::Uuid)> {
                let mut __out = ::std::vec::Vec::new();
                #(#patch)*
                __out
            }
        }
    });
    quote!(#reference_ids)
}
