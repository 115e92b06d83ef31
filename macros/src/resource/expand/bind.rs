//! Rows in and out: the arguments bound to the runtime's statements on insert, patch and
//! replace, applying a patch, the statements kept per type, sort keys, decoding a row and
//! serializing it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::model::{Access, Auto, Field, Resource};
use super::super::plan::{self, Assign};
use super::{id_field, lit};
use crate::internals::field::checked;
use crate::internals::types::Kind;

/// `bind_insert`, `bind_patch`, `check_patch`, `swap_patch` and `bind_replace`, in the
/// order the impl lists them; `check_patch` comes from the validation tokens.
pub(super) fn bind_methods(r: &Resource, check_patch: &TokenStream) -> TokenStream {
    let patch = format_ident!("{}Patch", r.ident);
    let id = &id_field(r).ident;
    let args = quote!(::resourcery::__private::Args);
    let bind_insert = r.fields.iter().map(|f| {
        let ident = &f.ident;
        let checked = checked(f);
        if f.nullable {
            quote!(#args::push_opt::<#checked>(__args, ::core::option::Option::as_ref(&self.#ident))?;)
        } else {
            quote!(#args::push::<#checked>(__args, &self.#ident)?;)
        }
    });
    let bind_patch = plan::update_plan(r).into_iter().map(|a| match a {
        Assign::Keep(f) => {
            let ident = &f.ident;
            quote!(#args::push_opt(__args, ::resourcery::__private::Patch::value(&__patch.#ident))?;)
        }
        Assign::Flagged(f) => {
            let ident = &f.ident;
            quote! {
                #args::push_flag(__args, ::resourcery::__private::Patch::is_present(&__patch.#ident))?;
                #args::push_opt(__args, ::resourcery::__private::Patch::value(&__patch.#ident))?;
            }
        }
        Assign::Now => quote!(#args::push(__args, __now)?;),
    });
    let swap = r.fields.iter().filter(|f| f.writable()).map(|f| {
        let ident = &f.ident;
        if f.nullable {
            quote! { __patch.#ident.swap_with_nullable(&mut self.#ident); }
        } else {
            quote! { __patch.#ident.swap_with(&mut self.#ident); }
        }
    });
    let bind_replace = plan::replace_plan(r).into_iter().map(|f| {
        let ident = &f.ident;
        let checked = checked(f);
        if f.auto == Auto::UpdatedAt {
            quote!(#args::push(__args, __now)?;)
        } else if f.nullable {
            quote!(#args::push_opt::<#checked>(__args, ::core::option::Option::as_ref(&self.#ident))?;)
        } else {
            quote!(#args::push::<#checked>(__args, &self.#ident)?;)
        }
    });
    quote! {
        fn bind_insert<'q, A: ::resourcery::__private::Args<'q>>(
            &'q self,
            __args: &mut A,
        ) -> ::core::result::Result<(), ::resourcery::__private::sqlx::error::BoxDynError> {
            #(#bind_insert)*
            ::core::result::Result::Ok(())
        }

        #[allow(unused_variables)]
        fn bind_patch<'q, A: ::resourcery::__private::Args<'q>>(
            __patch: &'q #patch,
            __now: &'q ::resourcery::__private::DateTime<::resourcery::__private::Utc>,
            __args: &mut A,
        ) -> ::core::result::Result<(), ::resourcery::__private::sqlx::error::BoxDynError> {
            #(#bind_patch)*
            ::core::result::Result::Ok(())
        }

        #check_patch

        #[allow(unused_variables)]
        fn swap_patch(&mut self, __patch: &mut #patch) {
            #(#swap)*
        }

        fn bind_replace<'q, A: ::resourcery::__private::Args<'q>>(
            &'q self,
            __now: &'q ::resourcery::__private::DateTime<::resourcery::__private::Utc>,
            __args: &mut A,
        ) -> ::core::result::Result<(), ::resourcery::__private::sqlx::error::BoxDynError> {
            #(#bind_replace)*
            #args::push(__args, &self.#id)?;
            ::core::result::Result::Ok(())
        }
    }
}

/// `from_row` and `serialize_response`: a stored row into the struct, the struct into
/// the response body (readable fields only).
pub(super) fn row_methods(r: &Resource) -> TokenStream {
    let name = lit(&r.ident.to_string());
    let decode = r.fields.iter().enumerate().map(|(i, f)| {
        let (ident, checked) = (&f.ident, checked(f));
        let get = if f.nullable {
            quote!(column_opt)
        } else {
            quote!(column)
        };
        quote!(#ident: ::resourcery::__private::RowAccess::#get::<#checked>(__row, #i)?)
    });
    let readable: Vec<&Field> = r.fields.iter().filter(|f| f.readable()).collect();
    let count = readable.len();
    let serialize = readable.iter().map(|f| {
        let (ident, json, checked) = (&f.ident, lit(&f.name), checked(f));
        let value = match (f.kind, f.nullable) {
            (Kind::Other | Kind::List, false) => quote!(::resourcery::__private::field_ref::<#checked>(&self.#ident)),
            (Kind::Other | Kind::List, true) => quote!(::resourcery::__private::field_ref_opt::<#checked>(&self.#ident)),
            (Kind::DateTimeUtc, false) => quote!(&::resourcery::__private::Rfc3339(&self.#ident)),
            (Kind::DateTimeUtc, true) => quote!(&::resourcery::__private::Rfc3339Opt(&self.#ident)),
            _ => quote!(&self.#ident),
        };
        quote!(::resourcery::__private::serde::ser::SerializeStruct::serialize_field(&mut __state, #json, #value)?;)
    });

    let sort_key = sort_key(r);
    quote! {
        fn statements() -> &'static ::resourcery::__private::Statements {
            static STATEMENTS: ::std::sync::OnceLock<::resourcery::__private::Statements> =
                ::std::sync::OnceLock::new();
            STATEMENTS.get_or_init(|| {
                ::resourcery::__private::Statements::new(&<Self as ::resourcery::__private::Resource>::META)
            })
        }

        #sort_key

        fn from_row<R: ::resourcery::__private::RowAccess>(
            __row: &R,
        ) -> ::core::result::Result<Self, ::resourcery::__private::sqlx::Error> {
            ::core::result::Result::Ok(Self { #(#decode,)* })
        }

        fn serialize_response<S: ::resourcery::__private::serde::Serializer>(
            &self,
            __serializer: S,
        ) -> ::core::result::Result<S::Ok, S::Error> {
            let mut __state = ::resourcery::__private::serde::Serializer::serialize_struct(__serializer, #name, #count)?;
            #(#serialize)*
            ::resourcery::__private::serde::ser::SerializeStruct::end(__state)
        }
    }
}

/// `Resource::sort_key`: the value of each field a list may be sorted by (the sortable
/// ones and the id), read from the row for its cursor without serializing the row.
fn sort_key(r: &Resource) -> TokenStream {
    let arms = r
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.sortable || f.access == Access::Id)
        .map(|(i, f)| {
            let ident = &f.ident;
            let checked = checked(f);
            quote!(#i => <#checked as ::resourcery::__private::FieldType>::sort_key(&self.#ident),)
        });
    quote! {
        fn sort_key(&self, __field: usize) -> ::core::option::Option<::resourcery::__private::SqlValue> {
            match __field {
                #(#arms)*
                _ => ::core::option::Option::None,
            }
        }
    }
}
