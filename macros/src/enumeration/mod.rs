//! A fieldless enum stored and sent as text: `#[derive(Enum)]`, and the same impls for
//! `#[state_machine]` enums. Generates serde, sqlx (both backends) and `FieldType` impls,
//! and an OpenAPI `enum` schema from one list of wire names.

use heck::ToSnakeCase;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Attribute, Data, DeriveInput, Fields, Ident, LitStr};

use crate::internals::attr::{keyword_of, set, unknown};
use crate::internals::ctxt::Ctxt;
use crate::internals::keyword::{Keywords, VariantKw};

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let cx = Ctxt::new();
    let variants = variants(&cx, &input, &DERIVE).unwrap_or_default();
    match cx.check() {
        Some(errors) => errors,
        None => generate(&input.ident, &variants),
    }
}

/// The macro whose input is checked, as its errors name it.
pub(crate) struct Host {
    /// E.g. "`#[derive(Enum)]`".
    pub(crate) name: &'static str,
    /// A fieldless enum written for this macro, e.g. "`enum Tier { Bronze, Gold }`".
    pub(crate) example: &'static str,
}

const DERIVE: Host = Host {
    name: "`#[derive(Enum)]`",
    example: "`enum Tier { Bronze, Gold }`",
};

pub(crate) struct Variant {
    pub(crate) ident: Ident,
    /// The name in JSON and in the database: `snake_case` unless renamed.
    pub(crate) wire: String,
}

/// Whether `attr` is a `#[variant(...)]`, which the enum must lose when it is re-emitted
/// by an attribute macro (a derive's helper attributes stay).
pub(crate) fn is_variant_attr(attr: &Attribute) -> bool {
    attr.path().is_ident("variant")
}

/// The variants of a fieldless enum with their wire names, one per variant in order, even
/// where a variant has mistakes; `None` when `input` is not an enum.
pub(crate) fn variants(cx: &Ctxt, input: &DeriveInput, host: &Host) -> Option<Vec<Variant>> {
    let Data::Enum(data) = &input.data else {
        cx.error_spanned_by(
            &input.ident,
            format!(
                "{} applies to fieldless enums, e.g. {}",
                host.name, host.example
            ),
        );
        return None;
    };
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(
            &input.generics,
            format!("{} does not support generic parameters", host.name),
        );
    }
    if data.variants.is_empty() {
        cx.error_spanned_by(
            &input.ident,
            format!(
                "enum `{}` has no variants; a field of this type could hold no value",
                input.ident
            ),
        );
    }
    let mut out: Vec<Variant> = Vec::new();
    for v in &data.variants {
        if !matches!(v.fields, Fields::Unit) {
            cx.error_spanned_by(
                &v.fields,
                format!(
                    "variant `{}` has fields; {} needs fieldless variants",
                    v.ident, host.name
                ),
            );
        }
        let wire = rename(cx, &v.attrs)
            .as_ref()
            .map_or_else(|| v.ident.to_string().to_snake_case(), LitStr::value);
        if let Some(prev) = out.iter().find(|p| p.wire == wire) {
            cx.error_spanned_by(
                &v.ident,
                format!(
                    "variants `{}` and `{}` are both named `{wire}`",
                    prev.ident, v.ident
                ),
            );
        }
        out.push(Variant {
            ident: v.ident.clone(),
            wire,
        });
    }
    Some(out)
}

/// The `rename` of a variant's `#[variant(...)]` attributes.
fn rename(cx: &Ctxt, attrs: &[Attribute]) -> Option<LitStr> {
    let mut rename: Option<LitStr> = None;
    for attr in attrs.iter().filter(|a| is_variant_attr(a)) {
        let result = attr.parse_nested_meta(|meta| {
            let Some(kw) = keyword_of::<VariantKw>(&meta) else {
                return unknown(cx, &meta, "variant option", VariantKw::ALL);
            };
            match kw {
                // #[variant(rename = "wire-name")]
                VariantKw::Rename => set(cx, &mut rename, meta.value()?.parse()?, &meta.path),
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    rename
}

/// serde, sqlx and `FieldType` impls for a checked fieldless enum.
pub(crate) fn generate(ident: &Ident, variants: &[Variant]) -> TokenStream {
    let name = LitStr::new(&ident.to_string(), Span::call_site());
    let idents: Vec<_> = variants.iter().map(|v| &v.ident).collect();
    let wires: Vec<LitStr> = variants
        .iter()
        .map(|v| LitStr::new(&v.wire, Span::call_site()))
        .collect();
    let p = quote!(::resourcery::__private);
    quote! {
        #[doc(hidden)]
        const _: () = {
            impl #ident {
                const __RESOURCERY_NAMES: &'static [&'static ::core::primitive::str] = &[#(#wires),*];

                fn __resourcery_as_str(&self) -> &'static ::core::primitive::str {
                    match self { #(Self::#idents => #wires,)* }
                }

                fn __resourcery_from_str(__value: &::core::primitive::str) -> ::core::option::Option<Self> {
                    match __value {
                        #(#wires => ::core::option::Option::Some(Self::#idents),)*
                        _ => ::core::option::Option::None,
                    }
                }
            }

            #[automatically_derived]
            impl #p::serde::Serialize for #ident {
                fn serialize<S: #p::serde::Serializer>(&self, __serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    __serializer.serialize_str(self.__resourcery_as_str())
                }
            }

            #[automatically_derived]
            impl<'de> #p::serde::Deserialize<'de> for #ident {
                fn deserialize<D: #p::serde::Deserializer<'de>>(__deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    struct Visitor;
                    impl<'de> #p::serde::de::Visitor<'de> for Visitor {
                        type Value = #ident;
                        fn expecting(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                            __f.write_str(::core::concat!("a ", #name, " name"))
                        }
                        fn visit_str<E: #p::serde::de::Error>(self, __value: &::core::primitive::str) -> ::core::result::Result<#ident, E> {
                            #ident::__resourcery_from_str(__value)
                                .ok_or_else(|| E::unknown_variant(__value, #ident::__RESOURCERY_NAMES))
                        }
                    }
                    __deserializer.deserialize_str(Visitor)
                }
            }

            #[automatically_derived]
            impl #p::sqlx::Type<#p::sqlx::Sqlite> for #ident {
                fn type_info() -> <#p::sqlx::Sqlite as #p::sqlx::Database>::TypeInfo {
                    <&::core::primitive::str as #p::sqlx::Type<#p::sqlx::Sqlite>>::type_info()
                }
                fn compatible(__ty: &<#p::sqlx::Sqlite as #p::sqlx::Database>::TypeInfo) -> bool {
                    <&::core::primitive::str as #p::sqlx::Type<#p::sqlx::Sqlite>>::compatible(__ty)
                }
            }

            #[automatically_derived]
            impl #p::sqlx::Type<#p::sqlx::Postgres> for #ident {
                fn type_info() -> <#p::sqlx::Postgres as #p::sqlx::Database>::TypeInfo {
                    <&::core::primitive::str as #p::sqlx::Type<#p::sqlx::Postgres>>::type_info()
                }
                fn compatible(__ty: &<#p::sqlx::Postgres as #p::sqlx::Database>::TypeInfo) -> bool {
                    <&::core::primitive::str as #p::sqlx::Type<#p::sqlx::Postgres>>::compatible(__ty)
                }
            }

            #[automatically_derived]
            impl<'q> #p::sqlx::Encode<'q, #p::sqlx::Sqlite> for #ident {
                fn encode_by_ref(
                    &self,
                    __buf: &mut <#p::sqlx::Sqlite as #p::sqlx::Database>::ArgumentBuffer<'q>,
                ) -> ::core::result::Result<#p::sqlx::encode::IsNull, #p::sqlx::error::BoxDynError> {
                    <&'q ::core::primitive::str as #p::sqlx::Encode<'q, #p::sqlx::Sqlite>>::encode(self.__resourcery_as_str(), __buf)
                }
            }

            #[automatically_derived]
            impl<'q> #p::sqlx::Encode<'q, #p::sqlx::Postgres> for #ident {
                fn encode_by_ref(
                    &self,
                    __buf: &mut <#p::sqlx::Postgres as #p::sqlx::Database>::ArgumentBuffer<'q>,
                ) -> ::core::result::Result<#p::sqlx::encode::IsNull, #p::sqlx::error::BoxDynError> {
                    <&::core::primitive::str as #p::sqlx::Encode<'q, #p::sqlx::Postgres>>::encode(self.__resourcery_as_str(), __buf)
                }
            }

            #[automatically_derived]
            impl<'r> #p::sqlx::Decode<'r, #p::sqlx::Sqlite> for #ident {
                fn decode(
                    __value: <#p::sqlx::Sqlite as #p::sqlx::Database>::ValueRef<'r>,
                ) -> ::core::result::Result<Self, #p::sqlx::error::BoxDynError> {
                    let __text = <&::core::primitive::str as #p::sqlx::Decode<'r, #p::sqlx::Sqlite>>::decode(__value)?;
                    #ident::__resourcery_from_str(__text)
                        .ok_or_else(|| ::std::format!("`{}` is not a {} value", __text, #name).into())
                }
            }

            #[automatically_derived]
            impl<'r> #p::sqlx::Decode<'r, #p::sqlx::Postgres> for #ident {
                fn decode(
                    __value: <#p::sqlx::Postgres as #p::sqlx::Database>::ValueRef<'r>,
                ) -> ::core::result::Result<Self, #p::sqlx::error::BoxDynError> {
                    let __text = <&::core::primitive::str as #p::sqlx::Decode<'r, #p::sqlx::Postgres>>::decode(__value)?;
                    #ident::__resourcery_from_str(__text)
                        .ok_or_else(|| ::std::format!("`{}` is not a {} value", __text, #name).into())
                }
            }

            #[automatically_derived]
            impl ::resourcery::__private::FieldType for #ident {
                const SQL_TYPE: ::resourcery::__private::SqlType = ::resourcery::__private::SqlType::Text;
                const VALUES: ::core::option::Option<&'static [&'static ::core::primitive::str]> =
                    ::core::option::Option::Some(#ident::__RESOURCERY_NAMES);
                fn sort_key(&self) -> ::core::option::Option<#p::SqlValue> {
                    ::core::option::Option::Some(#p::SqlValue::Text(
                        ::std::string::ToString::to_string(self.__resourcery_as_str()),
                    ))
                }
                fn schema() -> #p::utoipa::openapi::schema::Schema {
                    #p::utoipa::openapi::schema::Schema::Object(
                        #p::utoipa::openapi::schema::ObjectBuilder::new()
                            .schema_type(#p::utoipa::openapi::schema::Type::String)
                            .enum_values(::core::option::Option::Some(#ident::__RESOURCERY_NAMES.iter().copied()))
                            .build(),
                    )
                }
                ::resourcery::__private::native_storage!();
            }

            ::resourcery::__private::field_reply!(#ident);
        };
    }
}
