//! Validation tokens: the constants of field rules, the checks of create and patch
//! bodies, the member-by-member diagnosis of a body that does not decode, and the
//! struct-level `custom` rules.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use super::super::model::{Field, Resource};
use super::lit;
use crate::internals::field::{checked, member_check, rules_decl};

/// The constants holding each field's rules.
pub(super) fn rule_consts(r: &Resource) -> TokenStream {
    let consts = r
        .fields
        .iter()
        .filter_map(|f| rules_decl(f))
        .map(|(name, slice)| {
            quote! {
                #[allow(clippy::approx_constant)]
                const #name: &[::resourcery::__private::Rule] = #slice;
            }
        });
    quote!(#(#consts)*)
}

/// Checks of the writable fields present in a body: `access` turns a field ident into a
/// pattern binding `__value: &T` when the field carries a value.
pub(super) fn body_checks(
    r: &Resource,
    access: impl Fn(&Field) -> TokenStream,
) -> Vec<TokenStream> {
    r.fields
        .iter()
        .filter(|f| f.writable())
        .filter_map(|f| {
            let check = member_check(f)?;
            let bind = access(f);
            Some(quote! {
                #bind {
                    #check
                }
            })
        })
        .collect()
}

pub(super) fn violation(f: &Field, code: &str, message: &str) -> TokenStream {
    let pointer = lit(&format!(
        "/{}",
        f.name.replace('~', "~0").replace('/', "~1")
    ));
    let code = lit(code);
    let message = lit(message);
    quote!(::resourcery::__private::Violation::new(#pointer, #code, #message))
}

/// `check_patch`: nulls in non-nullable members, and the rules of the members present.
pub(super) fn check_patch(r: &Resource) -> TokenStream {
    let patch = format_ident!("{}Patch", r.ident);
    let not_null = r
        .fields
        .iter()
        .filter(|f| f.writable() && !f.nullable)
        .map(|f| {
            let ident = &f.ident;
            let v = violation(f, "not_null", &format!("`{}` cannot be null", f.name));
            quote! {
                if let ::resourcery::__private::Patch::Null = __patch.#ident {
                    __out.push(#v);
                }
            }
        });
    let patch_checks = body_checks(r, |f| {
        let ident = &f.ident;
        quote!(if let ::resourcery::__private::Patch::Value(__value) = &__patch.#ident)
    });
    quote! {
        #[allow(unused_variables)]
        fn check_patch(__patch: &#patch, __out: &mut ::resourcery::__private::Violations) {
            let __root = ::resourcery::__private::Pointer::ROOT;
            #(#not_null)*
            #(#patch_checks)*
        }
    }
}

/// `check_row` and `check_with_db` from `validate(custom = ..., custom_async = ...)`.
pub(super) fn custom_rules(r: &Resource) -> TokenStream {
    let check_row = r.custom.as_ref().map(|path| {
        quote_spanned! {path.span()=>
            fn check_row(&self, __out: &mut ::resourcery::__private::Violations) {
                let __rule: fn(&Self, &mut ::resourcery::__private::Violations) = #path;
                __rule(self, __out);
            }
        }
    });
    let check_with_db = r.custom_async.as_ref().map(|path| {
        quote_spanned! {path.span()=>
            fn check_with_db<'__a>(
                &'__a self,
                __db: &'__a ::resourcery::__private::Db,
                __out: &'__a mut ::resourcery::__private::Violations,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<(), ::resourcery::__private::Problem>,
            > + ::core::marker::Send + '__a {
                #path(self, __db, __out)
            }
        }
    });
    quote! {
        #check_row
        #check_with_db
    }
}

/// `diagnose_create` or `diagnose_patch`: when a body does not decode as a whole, each
/// member is decoded on its own, so one response reports every bad member, and the rules
/// of the members that do decode.
pub(super) fn diagnose(r: &Resource, create: bool) -> TokenStream {
    let name = if create {
        format_ident!("diagnose_create")
    } else {
        format_ident!("diagnose_patch")
    };
    let p = quote!(::resourcery::__private);
    let writable: Vec<&Field> = r.fields.iter().filter(|f| f.writable()).collect();
    let names = writable.iter().map(|f| lit(&f.name));
    let known = if writable.is_empty() {
        quote!(false)
    } else {
        quote!(::core::matches!(__key.as_str(), #(#names)|*))
    };
    let members = writable.iter().map(|f| {
        let json = lit(&f.name);
        let checked = checked(f);
        let required = create && !f.nullable && f.default.is_none();
        let missing = if required {
            quote!(#p::missing_member(&__at, #json, __out);)
        } else {
            quote!()
        };
        let null = if f.nullable {
            quote!()
        } else {
            quote!(#p::null_member(&__at, #json, __out);)
        };
        let check = member_check(f).map(|check| {
            quote! {
                let __value = &__decoded;
                #check
            }
        });
        quote! {
            {
                let __at = __root.key(#json);
                match __map.get(#json) {
                    ::core::option::Option::None => { #missing }
                    ::core::option::Option::Some(#p::serde_json::Value::Null) => { #null }
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) =
                            #p::decode_member::<#checked>(__member, &__at, &<Self as ::resourcery::__private::Resource>::META, __out)
                        {
                            #check
                        }
                    }
                }
            }
        }
    });
    quote! {
        #[allow(unused_variables)]
        fn #name(__body: &#p::serde_json::Value, __out: &mut ::resourcery::__private::Violations) {
            let ::core::option::Option::Some(__map) = __body.as_object() else {
                return;
            };
            let __root = ::resourcery::__private::Pointer::ROOT;
            for __key in __map.keys() {
                if !(#known) {
                    #p::unknown_member(__key, &<Self as ::resourcery::__private::Resource>::META, __out);
                }
            }
            #(#members)*
        }
    }
}
