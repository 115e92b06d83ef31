//! The field pipeline `#[resource]` and `#[object]` share: `rename` and `validate(...)`
//! parsed, the JSON name, the type classified and its rules checked against it, and the
//! tokens that validate a field and describe its rules in the schema.

use proc_macro2::TokenStream;
use quote::quote;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Ident, LitStr, Type, Visibility};

use super::attr::set;
use super::ctxt::Ctxt;
use super::rules::{self, RawRule, Rules, Site};
use super::types::{self, Kind, classify};

// #[field(rename = "displayName")]
pub(crate) fn rename(
    cx: &Ctxt,
    slot: &mut Option<LitStr>,
    meta: &ParseNestedMeta<'_>,
) -> syn::Result<()> {
    set(cx, slot, meta.value()?.parse()?, &meta.path);
    Ok(())
}

// #[field(validate(length(min = 1, max = 80), email))]
pub(crate) fn validate(
    cx: &Ctxt,
    out: &mut Vec<RawRule>,
    meta: &ParseNestedMeta<'_>,
) -> syn::Result<()> {
    out.extend(rules::parse(cx, meta)?);
    Ok(())
}

/// The JSON name of a field: its `rename`, else its identifier without `r#`.
pub(crate) fn json_name(ident: &Ident, rename: Option<&LitStr>) -> String {
    rename.map_or_else(
        || ident.to_string().trim_start_matches("r#").to_owned(),
        LitStr::value,
    )
}

/// A field's type, classified: what validation, storage and the schema go by.
pub(crate) struct Value {
    /// The type without `Option`.
    pub(crate) inner: Type,
    pub(crate) nullable: bool,
    pub(crate) kind: Kind,
    /// For a list, its item type and kind.
    pub(crate) item: Option<(Type, Kind)>,
}

impl Value {
    /// Classifies `ty`; `None`, with the error recorded, when its shape is not supported.
    pub(crate) fn classify(cx: &Ctxt, ty: &Type) -> Option<Value> {
        match classify(ty) {
            Ok(c) => Some(Value {
                inner: c.inner.clone(),
                nullable: c.nullable,
                kind: c.kind,
                item: c.item.map(|(t, k)| (t.clone(), k)),
            }),
            Err(e) => {
                cx.syn_error(e);
                None
            }
        }
    }

    /// What a field whose type could not be classified is taken as, so checks go on.
    pub(crate) fn unknown(ty: &Type) -> Value {
        Value {
            inner: ty.clone(),
            nullable: false,
            kind: Kind::Other,
            item: None,
        }
    }
}

/// What `#[resource]` and `#[object]` fields have in common: the field as written, its
/// JSON name, doc and value type, and its checked rules. A resource's field adds storage
/// and access to it (and dereferences to it); an object's field is just this.
pub(crate) struct FieldBase {
    pub(crate) ident: Ident,
    pub(crate) vis: Visibility,
    /// Attributes other than `#[field]`, re-emitted on the struct.
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) ty: Type,
    /// The type without `Option`.
    pub(crate) inner: Type,
    pub(crate) nullable: bool,
    pub(crate) kind: Kind,
    /// For a list, its item type and kind.
    pub(crate) item: Option<(Type, Kind)>,
    /// The JSON name.
    pub(crate) name: String,
    pub(crate) doc: String,
    pub(crate) rules: Rules,
}

/// The value type as generated code names it, with spanned checks of its shape.
pub(crate) fn checked(f: &FieldBase) -> TokenStream {
    types::checked(&f.inner, f.kind, f.item.as_ref())
}

/// The name of the constant holding the field's rules.
pub(crate) fn rules_const(f: &FieldBase) -> Ident {
    rules::const_name(&f.ident)
}

/// The field's rules as its metadata and schema read them: the constant, or `&[]`.
pub(crate) fn rules_ref(f: &FieldBase) -> TokenStream {
    if f.rules.is_empty() {
        quote!(&[])
    } else {
        let name = rules_const(f);
        quote!(#name)
    }
}

/// The constant of a field's rules and its `&[Rule]` value; `None` without rules.
pub(crate) fn rules_decl(f: &FieldBase) -> Option<(Ident, TokenStream)> {
    (!f.rules.is_empty()).then(|| (rules_const(f), rules::slice(&f.rules, f.kind)))
}

/// Statements checking the field's value, bound to `__value`, at its member of `__root`:
/// its rules, nested rules and custom functions; `None` when there is nothing to check.
pub(crate) fn member_check(f: &FieldBase) -> Option<TokenStream> {
    let name = rules_const(f);
    let site = Site {
        rules: &f.rules,
        rules_const: &name,
        kind: f.kind,
        item: f.item.as_ref().map(|(_, k)| *k),
        ty: checked(f),
    };
    site.member(&f.name)
}
