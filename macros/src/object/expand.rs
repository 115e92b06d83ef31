//! Tokens for an `#[object]`: the struct with serde derives, its `Validate` impl and its
//! `FieldType` impl (a JSON column, an object schema carrying every rule).

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::LitStr;

use super::Object;
use crate::internals::field::{checked, member_check, rules_decl, rules_ref};
use crate::internals::types::Kind;

fn lit(value: &str) -> LitStr {
    LitStr::new(value, Span::call_site())
}

pub(crate) fn object(o: &Object) -> TokenStream {
    let Object {
        ident, vis, attrs, ..
    } = o;
    let fields = o.fields.iter().map(|f| {
        let (ident, vis, attrs, ty) = (&f.ident, &f.vis, &f.attrs, &f.ty);
        let json = lit(&f.name);
        let default = f.nullable.then(|| quote!(default,));
        quote! {
            #(#attrs)*
            #[serde(#default rename = #json)]
            #vis #ident: #ty
        }
    });
    let consts = o
        .fields
        .iter()
        .filter_map(rules_decl)
        .map(|(name, slice)| quote!(const #name: &[::resourcery::__private::Rule] = #slice;));
    let checks = o.fields.iter().filter_map(|f| {
        let check = member_check(f)?;
        let field = &f.ident;
        Some(if f.nullable {
            quote!(if let ::core::option::Option::Some(__value) = &self.#field { #check })
        } else {
            quote!({ let __value = &self.#field; #check })
        })
    });
    let schema_fields = o.fields.iter().map(|f| {
        let checked = checked(f);
        let (name, doc, nullable) = (lit(&f.name), lit(&f.doc), f.nullable);
        let rules = rules_ref(f);
        quote! {
            ::resourcery::__private::ObjectField {
                name: #name,
                schema: <#checked as ::resourcery::__private::FieldType>::schema,
                nullable: #nullable,
                rules: #rules,
                doc: #doc,
            }
        }
    });
    let members = o.fields.iter().map(|f| {
        let name = lit(&f.name);
        let kind = match f.kind {
            Kind::Int(_) | Kind::Float => quote!(Number),
            Kind::Bool => quote!(Bool),
            _ => quote!(Text),
        };
        quote!(#name => ::core::option::Option::Some(::resourcery::__private::ParamKind::#kind),)
    });
    let doc = lit(&o.doc);
    quote! {
        #[derive(::resourcery::__private::serde::Serialize, ::resourcery::__private::serde::Deserialize)]
        #[serde(crate = "::resourcery::__private::serde", deny_unknown_fields)]
        #(#attrs)*
        #vis struct #ident {
            #(#fields,)*
        }

        #[doc(hidden)]
        const _: () = {
            #(#consts)*

            #[automatically_derived]
            impl ::resourcery::__private::Validate for #ident {
                #[allow(unused_variables)]
                fn validate_at(
                    &self,
                    __root: &::resourcery::__private::Pointer<'_>,
                    __out: &mut ::resourcery::__private::Violations,
                ) {
                    #(#checks)*
                }
            }

            #[automatically_derived]
            impl ::resourcery::__private::TransitionBody for #ident {}

            ::resourcery::__private::field_reply!(#ident);

            #[automatically_derived]
            impl ::resourcery::__private::QueryParams for #ident {
                fn member(__name: &::core::primitive::str) -> ::core::option::Option<::resourcery::__private::ParamKind> {
                    match __name {
                        #(#members)*
                        _ => ::core::option::Option::None,
                    }
                }
            }

            #[automatically_derived]
            impl ::resourcery::__private::FieldType for #ident {
                const SQL_TYPE: ::resourcery::__private::SqlType = ::resourcery::__private::SqlType::Json;

                fn schema() -> ::resourcery::__private::utoipa::openapi::schema::Schema {
                    ::resourcery::__private::object_schema(#doc, &[#(#schema_fields),*])
                }

                fn check_nested(
                    &self,
                    __at: &::resourcery::__private::Pointer<'_>,
                    __out: &mut ::resourcery::__private::Violations,
                ) {
                    ::resourcery::__private::Validate::validate_at(self, __at, __out);
                }

                ::resourcery::__private::json_storage!();
            }
        };
    }
}
