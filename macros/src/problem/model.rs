//! The checked model of a `#[derive(Problem)]` enum: what expansion reads, never the raw
//! attributes.

use proc_macro2::Span;
use syn::{Generics, Ident, LitStr, Type};

pub(crate) struct Problem<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) generics: &'a Generics,
    pub(crate) variants: Vec<Variant>,
}

pub(crate) struct Variant {
    pub(crate) ident: Ident,
    pub(crate) fields: Fields,
    pub(crate) kind: Kind,
    /// Where the slug was written, for errors about two variants sharing it.
    pub(crate) slug_span: Span,
    pub(crate) detail: Option<Detail>,
}

pub(crate) enum Fields {
    Unit,
    /// Each becomes an extension member named after the field.
    Named(Vec<Member>),
    /// Only reachable from `detail`, by position; `true` where the detail uses it.
    Tuple(Vec<bool>),
}

pub(crate) struct Member {
    pub(crate) ident: Ident,
    /// The member name: the field name without `r#`.
    pub(crate) name: String,
    pub(crate) ty: Type,
}

pub(crate) enum Kind {
    /// A built-in type reused by slug: `resourcery::ProblemType::<constant>`.
    Builtin {
        slug: String,
        status: u16,
        constant: Ident,
    },
    Custom {
        slug: String,
        status: u16,
        title: String,
        description: String,
    },
}

impl Kind {
    pub(crate) fn slug(&self) -> &str {
        match self {
            Kind::Builtin { slug, .. } | Kind::Custom { slug, .. } => slug,
        }
    }

    pub(crate) fn status(&self) -> u16 {
        match self {
            Kind::Builtin { status, .. } | Kind::Custom { status, .. } => *status,
        }
    }

    /// The title when the user wrote it; built-in titles live in the runtime.
    pub(crate) fn title(&self) -> Option<&str> {
        match self {
            Kind::Builtin { .. } => None,
            Kind::Custom { title, .. } => Some(title),
        }
    }
}

pub(crate) enum Detail {
    /// The variant's doc comment, the same for every occurrence.
    Text(String),
    /// `detail = "..."` rewritten so every placeholder names `__f{position}`, with the
    /// positions of the fields it uses, each once.
    Format {
        template: LitStr,
        fields: Vec<usize>,
    },
}
