//! Rules written out: the static `&[Rule]` a field's rules compile into, and the calls
//! that enforce them on a value.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::Lit;
use syn::spanned::Spanned;

use super::{Num, NumLit, Rule, Rules};
use crate::internals::types::Kind;

fn opt<T: quote::ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

fn number_tokens(n: &NumLit, integer_field: bool) -> TokenStream {
    match n.value {
        Num::Int(v) if integer_field => {
            let v = i64::try_from(v).unwrap_or_default();
            quote!(::resourcery::__private::Number::Int(#v))
        }
        _ => {
            let v = n.value.as_f64();
            quote!(::resourcery::__private::Number::Float(#v))
        }
    }
}

/// The `&[Rule]` expression of a field's rules.
pub(crate) fn slice(rules: &Rules, kind: Kind) -> TokenStream {
    slice_of(&rules.rules, kind)
}

fn slice_of(rules: &[Rule], kind: Kind) -> TokenStream {
    let integer = matches!(kind, Kind::Int(_));
    let items = rules.iter().map(|rule| match rule {
        Rule::Length { min, max } => {
            let (min, max) = (opt(*min), opt(*max));
            quote!(::resourcery::__private::Rule::Length { min: #min, max: #max })
        }
        Rule::Items { min, max } => {
            let (min, max) = (opt(*min), opt(*max));
            quote!(::resourcery::__private::Rule::Items { min: #min, max: #max })
        }
        Rule::Range { min, max } => {
            let bound = |b: &Option<(NumLit, bool)>| {
                opt(b.as_ref().map(|(n, exclusive)| {
                    let value = number_tokens(n, integer);
                    quote!(::resourcery::__private::Bound { value: #value, exclusive: #exclusive })
                }))
            };
            let (min, max) = (bound(min), bound(max));
            quote!(::resourcery::__private::Rule::Range { min: #min, max: #max })
        }
        Rule::Pattern(source) => quote! {
            ::resourcery::__private::Rule::Pattern {
                source: #source,
                regex: || {
                    static __REGEX: ::std::sync::LazyLock<::resourcery::__private::regex::Regex> =
                        ::std::sync::LazyLock::new(|| {
                            ::resourcery::__private::regex::Regex::new(#source)
                                .expect("the pattern was checked at compile time")
                        });
                    &__REGEX
                },
            }
        },
        Rule::Email => quote!(::resourcery::__private::Rule::Email),
        Rule::Url => quote!(::resourcery::__private::Rule::Url),
        Rule::NonEmpty => quote!(::resourcery::__private::Rule::NonEmpty),
        Rule::UniqueItems => quote!(::resourcery::__private::Rule::UniqueItems),
        Rule::OneOf(values) => {
            let values = values.iter().map(|v| match v {
                Lit::Str(s) => quote!(::resourcery::__private::Literal::Str(#s)),
                Lit::Int(i) => {
                    let n: i64 = i.base10_parse().unwrap_or_default();
                    quote!(::resourcery::__private::Literal::Int(#n))
                }
                _ => quote!(),
            });
            quote!(::resourcery::__private::Rule::OneOf(&[#(#values),*]))
        }
        Rule::Custom(path) => {
            let name = quote!(#path).to_string().replace(' ', "");
            quote!(::resourcery::__private::Rule::Custom(#name))
        }
        Rule::Each(inner, item) => {
            let inner = slice_of(inner, *item);
            quote!(::resourcery::__private::Rule::Each(#inner))
        }
    });
    quote!(&[#(#items),*])
}

/// Statements checking the value `value` (an expression of type `&ty`) of a field whose
/// rules are the constant `rules`, at the pointer `at`; violations go to `__out`.
/// `None` when there is nothing to check.
pub(crate) struct Site<'a> {
    pub(crate) rules: &'a Rules,
    pub(crate) rules_const: &'a syn::Ident,
    pub(crate) kind: Kind,
    /// For a list, its items' kind.
    pub(crate) item: Option<Kind>,
    /// The value type, as generated code names it.
    pub(crate) ty: TokenStream,
}

impl Site<'_> {
    /// Whether the value has anything to check: its own rules or nested ones.
    pub(crate) fn checks(&self) -> bool {
        !self.rules.is_empty() || self.nested()
    }

    fn nested(&self) -> bool {
        self.kind == Kind::Other
            || (self.kind == Kind::List && matches!(self.item, Some(Kind::Other | Kind::List)))
    }

    /// Statements checking the member `json` of the value at `__root`, bound to
    /// `__value`; `None` when there is nothing to check.
    pub(crate) fn member(&self, json: &str) -> Option<TokenStream> {
        self.checks()
            .then(|| self.check(&quote!(__value), &quote!(&__root.key(#json))))
    }

    /// Statements checking `value` at `at`.
    pub(crate) fn check(&self, value: &TokenStream, at: &TokenStream) -> TokenStream {
        let rules = self.rules_const;
        let p = quote!(::resourcery::__private);
        let own = if self
            .rules
            .rules
            .iter()
            .any(|r| !matches!(r, Rule::Custom(_)))
        {
            match self.kind {
                Kind::Text => quote!(#p::text(#value, #rules, #at, __out);),
                Kind::Int(_) => {
                    quote!(#p::int(::core::primitive::i64::from(*#value), #rules, #at, __out);)
                }
                Kind::Float => {
                    quote!(#p::float(::core::primitive::f64::from(*#value), #rules, #at, __out);)
                }
                Kind::List => {
                    let unique = self
                        .rules
                        .rules
                        .iter()
                        .any(|r| matches!(r, Rule::UniqueItems))
                        .then(|| quote!(#p::unique_items(#value, #at, __out);));
                    let each = self.rules.rules.iter().find_map(|r| match r {
                        Rule::Each(_, item) => Some(*item),
                        _ => None,
                    });
                    let each = each.map(|item| {
                        let call = match item {
                            Kind::Text => quote!(#p::text(__item, __inner, &__at, __out)),
                            Kind::Int(_) => quote!(#p::int(::core::primitive::i64::from(*__item), __inner, &__at, __out)),
                            _ => quote!(#p::float(::core::primitive::f64::from(*__item), __inner, &__at, __out)),
                        };
                        quote! {
                            let __inner = #p::each_rules(#rules);
                            let __list = #at;
                            for (__i, __item) in #value.iter().enumerate() {
                                let __at = __list.index(__i);
                                #call;
                            }
                        }
                    });
                    quote! {
                        #p::items(#value.len(), #rules, #at, __out);
                        #unique
                        #each
                    }
                }
                _ => quote!(),
            }
        } else {
            quote!()
        };
        let nested = self
            .nested()
            .then(|| quote!(::resourcery::__private::FieldType::check_nested(#value, #at, __out);));
        let ty = &self.ty;
        // Text and lists are passed as `&str` and `&[T]`, as clippy would have them written.
        let arg = if matches!(self.kind, Kind::Text | Kind::List) {
            quote!(<#ty as ::core::ops::Deref>::Target)
        } else {
            quote!(#ty)
        };
        let customs = self.rules.rules.iter().filter_map(|r| match r {
            Rule::Custom(path) => Some(quote_spanned! {path.span()=>
                let __rule: fn(&#arg) -> ::core::result::Result<(), ::resourcery::__private::Invalid> = #path;
                #p::custom(__rule(#value), #at, __out);
            }),
            _ => None,
        });
        quote! {
            #own
            #nested
            #(#customs)*
        }
    }
}

/// The name of the constant holding a field's rules.
pub(crate) fn const_name(field: &syn::Ident) -> syn::Ident {
    quote::format_ident!(
        "__RULES_{}",
        field.to_string().trim_start_matches("r#").to_uppercase()
    )
}
