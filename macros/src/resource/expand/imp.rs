//! The impls of a resource assembled: `ReplyBody`, and `Resource` from the pieces the
//! other files write, in the order the trait lists them.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::model::Resource;
use super::{bind, bodies, id_field, meta, scope, validate};

pub(super) fn resource_impl(r: &Resource) -> TokenStream {
    let ident = &r.ident;
    let create = format_ident!("{}Create", ident);
    let patch = format_ident!("{}Patch", ident);
    let id = &id_field(r).ident;
    let rule_consts = validate::rule_consts(r);
    let meta = meta::meta_const(r);
    let transition_steps = meta::transition_steps(r);
    let assign_scope = scope::assign_scope(r);
    let reference_ids = scope::reference_ids(r);
    let from_create = bodies::from_create(r);
    let binds = bind::bind_methods(r, &validate::check_patch(r));
    let custom_rules = validate::custom_rules(r);
    let diagnose_create = validate::diagnose(r, true);
    let diagnose_patch = validate::diagnose(r, false);
    let rows = bind::row_methods(r);
    quote! {
        #rule_consts

        #[automatically_derived]
        impl ::resourcery::__private::ReplyBody for #ident {
            fn reply_schema() -> ::resourcery::__private::utoipa::openapi::RefOr<
                ::resourcery::__private::utoipa::openapi::schema::Schema,
            > {
                ::resourcery::__private::resource_schema::<Self>()
            }
            fn serialize_reply<S: ::resourcery::__private::serde::Serializer>(
                &self,
                __serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                <Self as ::resourcery::__private::Resource>::serialize_response(self, __serializer)
            }
            fn location(&self) -> ::core::option::Option<::std::string::String> {
                ::core::option::Option::Some(::resourcery::__private::resource_location(self))
            }
        }

        #[automatically_derived]
        impl ::resourcery::__private::Resource for #ident {
            type Create = #create;
            type Patch = #patch;

            #meta

            #transition_steps

            #assign_scope

            #reference_ids

            #from_create

            fn id(&self) -> ::resourcery::__private::Uuid {
                self.#id
            }

            #binds

            #custom_rules
            #diagnose_create
            #diagnose_patch

            #rows
        }
    }
}
