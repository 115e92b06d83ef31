//! `#[derive(Enum)]`: a fieldless enum stored and sent as text. Generates serde, sqlx
//! (both backends) and `FieldType` impls, and an OpenAPI `enum` schema from one list of
//! wire names.

use heck::ToSnakeCase;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr};

use crate::internals::ctxt::Ctxt;
use crate::internals::keyword;

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let cx = Ctxt::new();
    let variants = variants(&cx, &input);
    match cx.check() {
        Some(errors) => errors,
        None => generate(&input, &variants),
    }
}

struct Variant {
    ident: syn::Ident,
    wire: String,
}

fn variants(cx: &Ctxt, input: &DeriveInput) -> Vec<Variant> {
    let Data::Enum(data) = &input.data else {
        cx.error_spanned_by(
            &input.ident,
            "`#[derive(Enum)]` applies to fieldless enums, e.g. `enum Tier { Bronze, Gold }`",
        );
        return Vec::new();
    };
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(
            &input.generics,
            "`#[derive(Enum)]` does not support generic parameters",
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
                    "variant `{}` has fields; `#[derive(Enum)]` needs fieldless variants",
                    v.ident
                ),
            );
        }
        let mut rename: Option<LitStr> = None;
        for attr in v.attrs.iter().filter(|a| a.path().is_ident("variant")) {
            let result = attr.parse_nested_meta(|meta| {
                // #[variant(rename = "wire-name")]
                if meta.path.is_ident("rename") {
                    let value: LitStr = meta.value()?.parse()?;
                    if rename.is_some() {
                        cx.error_spanned_by(&meta.path, "`rename` is given more than once");
                    } else {
                        rename = Some(value);
                    }
                    Ok(())
                } else {
                    let name = meta
                        .path
                        .get_ident()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    Err(meta.error(format!(
                        "unknown variant option `{name}`; {}",
                        keyword::expected_one_of(keyword::VARIANT)
                    )))
                }
            });
            if let Err(e) = result {
                cx.syn_error(e);
            }
        }
        let wire = rename
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
    out
}

fn generate(input: &DeriveInput, variants: &[Variant]) -> TokenStream {
    let ident = &input.ident;
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
                const __RESOURCERY_NAMES: &'static [&'static str] = &[#(#wires),*];

                fn __resourcery_as_str(&self) -> &'static str {
                    match self { #(Self::#idents => #wires,)* }
                }

                fn __resourcery_from_str(__value: &str) -> ::core::option::Option<Self> {
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
                        fn visit_str<E: #p::serde::de::Error>(self, __value: &str) -> ::core::result::Result<#ident, E> {
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
                    <&str as #p::sqlx::Type<#p::sqlx::Sqlite>>::type_info()
                }
                fn compatible(__ty: &<#p::sqlx::Sqlite as #p::sqlx::Database>::TypeInfo) -> bool {
                    <&str as #p::sqlx::Type<#p::sqlx::Sqlite>>::compatible(__ty)
                }
            }

            #[automatically_derived]
            impl #p::sqlx::Type<#p::sqlx::Postgres> for #ident {
                fn type_info() -> <#p::sqlx::Postgres as #p::sqlx::Database>::TypeInfo {
                    <&str as #p::sqlx::Type<#p::sqlx::Postgres>>::type_info()
                }
                fn compatible(__ty: &<#p::sqlx::Postgres as #p::sqlx::Database>::TypeInfo) -> bool {
                    <&str as #p::sqlx::Type<#p::sqlx::Postgres>>::compatible(__ty)
                }
            }

            #[automatically_derived]
            impl<'q> #p::sqlx::Encode<'q, #p::sqlx::Sqlite> for #ident {
                fn encode_by_ref(
                    &self,
                    __buf: &mut <#p::sqlx::Sqlite as #p::sqlx::Database>::ArgumentBuffer<'q>,
                ) -> ::core::result::Result<#p::sqlx::encode::IsNull, #p::sqlx::error::BoxDynError> {
                    <&'q str as #p::sqlx::Encode<'q, #p::sqlx::Sqlite>>::encode(self.__resourcery_as_str(), __buf)
                }
            }

            #[automatically_derived]
            impl<'q> #p::sqlx::Encode<'q, #p::sqlx::Postgres> for #ident {
                fn encode_by_ref(
                    &self,
                    __buf: &mut <#p::sqlx::Postgres as #p::sqlx::Database>::ArgumentBuffer<'q>,
                ) -> ::core::result::Result<#p::sqlx::encode::IsNull, #p::sqlx::error::BoxDynError> {
                    <&str as #p::sqlx::Encode<'q, #p::sqlx::Postgres>>::encode(self.__resourcery_as_str(), __buf)
                }
            }

            #[automatically_derived]
            impl<'r> #p::sqlx::Decode<'r, #p::sqlx::Sqlite> for #ident {
                fn decode(
                    __value: <#p::sqlx::Sqlite as #p::sqlx::Database>::ValueRef<'r>,
                ) -> ::core::result::Result<Self, #p::sqlx::error::BoxDynError> {
                    let __text = <&str as #p::sqlx::Decode<'r, #p::sqlx::Sqlite>>::decode(__value)?;
                    #ident::__resourcery_from_str(__text)
                        .ok_or_else(|| ::std::format!("`{}` is not a {} __value", __text, #name).into())
                }
            }

            #[automatically_derived]
            impl<'r> #p::sqlx::Decode<'r, #p::sqlx::Postgres> for #ident {
                fn decode(
                    __value: <#p::sqlx::Postgres as #p::sqlx::Database>::ValueRef<'r>,
                ) -> ::core::result::Result<Self, #p::sqlx::error::BoxDynError> {
                    let __text = <&str as #p::sqlx::Decode<'r, #p::sqlx::Postgres>>::decode(__value)?;
                    #ident::__resourcery_from_str(__text)
                        .ok_or_else(|| ::std::format!("`{}` is not a {} __value", __text, #name).into())
                }
            }

            #[automatically_derived]
            impl ::resourcery::FieldType for #ident {
                const SQL_TYPE: ::resourcery::SqlType = ::resourcery::SqlType::Text;
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
        };
    }
}
