//! Classifies a field's Rust type. Most types are checked by the `FieldType` bound in the
//! expansion; this catches the ones that can never work with a message that says what to
//! use instead, and recognises the types some options require.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{GenericArgument, PathArguments, Type};

/// What the macro needs to know about a field type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Uuid,
    DateTimeUtc,
    /// `serde_json::Value`: cannot be ordered or compared.
    Json,
    /// `String`.
    Text,
    /// `i16`, `i32` or `i64`, by width in bits.
    Int(u8),
    /// `f32` or `f64`.
    Float,
    /// `bool`.
    Bool,
    /// `NaiveDate`.
    Date,
    /// `Vec<T>`, stored as a JSON array.
    List,
    /// Anything else that may implement `FieldType` (a derived enum, an `#[object]`); the
    /// expansion checks it once, at the field's type.
    Other,
}

impl Kind {
    /// How rule errors name the kind.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Kind::Uuid => "a Uuid",
            Kind::DateTimeUtc => "a DateTime<Utc>",
            Kind::Json => "arbitrary JSON",
            Kind::Text => "text",
            Kind::Int(_) => "an integer",
            Kind::Float => "a float",
            Kind::Bool => "a bool",
            Kind::Date => "a date",
            Kind::List => "a list",
            Kind::Other => "a custom type",
        }
    }
}

/// A field type with its `Option` peeled off.
pub(crate) struct Classified<'a> {
    pub(crate) inner: &'a Type,
    pub(crate) nullable: bool,
    pub(crate) kind: Kind,
    /// For a list, its item type and kind.
    pub(crate) item: Option<(&'a Type, Kind)>,
}

const SUPPORTED: &str = "String, bool, i16, i32, i64, f32, f64, Uuid, DateTime<Utc>, NaiveDate, serde_json::Value, a `#[derive(resourcery::Enum)]` enum, an `#[resourcery::object]` struct, Vec of one of these, or Option of one of these";

fn single_generic(args: &PathArguments) -> Option<&Type> {
    match args {
        PathArguments::AngleBracketed(a) if a.args.len() == 1 => match a.args.first() {
            Some(GenericArgument::Type(t)) => Some(t),
            _ => None,
        },
        _ => None,
    }
}

fn unsupported(ty: &Type, why: &str) -> syn::Error {
    let shown = quote::quote!(#ty).to_string().replace(' ', "");
    syn::Error::new_spanned(
        ty,
        format!("unsupported field type `{shown}`: {why}; supported: {SUPPORTED}"),
    )
}

/// Classifies `ty`, or explains why it can never be a field type.
pub(crate) fn classify(ty: &Type) -> Result<Classified<'_>, syn::Error> {
    classify_inner(ty, false)
}

fn classify_inner(ty: &Type, nullable: bool) -> Result<Classified<'_>, syn::Error> {
    let path = match ty {
        Type::Path(p) if p.qself.is_none() => &p.path,
        Type::Group(g) => return classify_inner(&g.elem, nullable),
        Type::Reference(_) => {
            return Err(unsupported(
                ty,
                "references cannot be stored; use an owned type",
            ));
        }
        Type::Tuple(_) | Type::Array(_) | Type::Slice(_) => {
            return Err(unsupported(
                ty,
                "tuples, arrays and slices are not supported; use serde_json::Value",
            ));
        }
        _ => return Err(unsupported(ty, "this kind of type is not supported")),
    };
    let last = path
        .segments
        .last()
        .ok_or_else(|| unsupported(ty, "empty path"))?;
    let name = last.ident.to_string();
    if name == "Option" {
        let inner = single_generic(&last.arguments)
            .ok_or_else(|| unsupported(ty, "`Option` needs one type argument"))?;
        if let Type::Path(p) = inner
            && p.path.segments.last().is_some_and(|s| s.ident == "Option")
        {
            return Err(unsupported(
                ty,
                "`Option<Option<T>>` is ambiguous; use one `Option`",
            ));
        }
        return classify_inner(inner, true);
    }
    let why = match name.as_str() {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => {
            Some("SQL has no unsigned integers; use i16, i32 or i64")
        }
        "i8" => Some("use i16"),
        "i128" | "isize" => Some("use i64"),
        "char" | "str" => Some("use String"),
        "HashMap" | "BTreeMap" | "HashSet" | "BTreeSet" | "VecDeque" => {
            Some("use `Vec<T>` for a list, or serde_json::Value")
        }
        "Box" | "Rc" | "Arc" | "Cow" | "RefCell" | "Cell" => {
            Some("use the owned value type directly")
        }
        "NaiveDateTime" => Some("store instants as DateTime<Utc>"),
        _ => None,
    };
    if let Some(why) = why {
        return Err(unsupported(ty, why));
    }
    if name == "Vec" {
        let item = single_generic(&last.arguments)
            .ok_or_else(|| unsupported(ty, "`Vec` needs one type argument"))?;
        let classified = classify_inner(item, false)?;
        if classified.nullable {
            return Err(unsupported(
                ty,
                "list items cannot be null; use `Vec<T>` with non-null items",
            ));
        }
        return Ok(Classified {
            inner: ty,
            nullable,
            kind: Kind::List,
            item: Some((item, classified.kind)),
        });
    }
    let bare = last.arguments.is_empty();
    let kind = match name.as_str() {
        "Uuid" if bare => Kind::Uuid,
        "DateTime" => match single_generic(&last.arguments) {
            Some(Type::Path(tz)) if tz.path.segments.last().is_some_and(|s| s.ident == "Utc") => {
                Kind::DateTimeUtc
            }
            _ => {
                return Err(unsupported(
                    ty,
                    "instants are stored in UTC; use DateTime<Utc>",
                ));
            }
        },
        "String" if bare => Kind::Text,
        "i16" if bare => Kind::Int(16),
        "i32" if bare => Kind::Int(32),
        "i64" if bare => Kind::Int(64),
        "f32" | "f64" if bare => Kind::Float,
        "bool" if bare => Kind::Bool,
        "NaiveDate" if bare => Kind::Date,
        "Value" | "JsonValue" if bare => Kind::Json,
        _ if !bare => {
            return Err(unsupported(ty, "generic types are not supported"));
        }
        _ => Kind::Other,
    };
    Ok(Classified {
        inner: ty,
        nullable,
        kind,
        item: None,
    })
}

/// A field's value type as generated code names it. A type the macro does not know is
/// written `<T as Checked>::Type`, spanned at `T`, so the first error an unsupported type
/// causes is the `FieldType` message at the field rather than a serde bound inside the
/// expansion.
pub(crate) fn checked(inner: &Type, kind: Kind, item: Option<&(Type, Kind)>) -> TokenStream {
    match (kind, item) {
        (Kind::Other, _) => {
            quote_spanned!(inner.span()=> <#inner as ::resourcery::__private::Checked>::Type)
        }
        (Kind::List, Some((item, Kind::Other))) => {
            let item =
                quote_spanned!(item.span()=> <#item as ::resourcery::__private::Checked>::Type);
            quote!(::std::vec::Vec<#item>)
        }
        _ => quote!(#inner),
    }
}
