//! Invariants of a `#[derive(Problem)]` enum, turning its attributes into the model. Every
//! violation is recorded with the span of the token to fix.

use heck::ToKebabCase;
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::{Data, DeriveInput, LitStr};

use super::builtin;
use super::detail::{self, Segment};
use super::model::{Detail, Fields, Kind, Member, Problem, Variant};
use super::parse::{ProblemAttrs, is_problem, variant_attrs};
use crate::internals::ctxt::Ctxt;
use crate::internals::docs::doc_string;

/// Members every problem has (RFC 9457 §3.1); an extension must not reuse their names.
const STANDARD_MEMBERS: &[&str] = &["type", "title", "status", "detail", "instance"];

pub(crate) fn problem<'a>(cx: &Ctxt, input: &'a DeriveInput) -> Option<Problem<'a>> {
    for attr in input.attrs.iter().filter(|a| is_problem(a)) {
        cx.error_spanned_by(
            attr,
            "`#[problem(...)]` goes on each variant, not on the enum",
        );
    }
    let Data::Enum(data) = &input.data else {
        cx.error_spanned_by(
            &input.ident,
            "`#[derive(Problem)]` applies to enums, one variant per kind of error, e.g. `enum RefundError { #[problem(status = 409, slug = \"already-refunded\", title = \"Order already refunded\")] AlreadyRefunded }`",
        );
        return None;
    };
    let mut variants: Vec<Variant> = Vec::new();
    for v in &data.variants {
        let attrs = variant_attrs(cx, &v.attrs);
        let Some(variant) = variant(cx, v, attrs) else {
            continue;
        };
        // One slug names one problem type (RFC 9457 §3.1.1): variants may share a slug
        // only when they agree on what it means.
        if let Some(prev) = variants
            .iter()
            .find(|p| p.kind.slug() == variant.kind.slug())
            && (prev.kind.status() != variant.kind.status()
                || prev.kind.title() != variant.kind.title())
        {
            cx.error_at(
                variant.slug_span,
                format!(
                    "variants `{}` and `{}` both use slug `{}` but with a different status or title; a slug names one problem type, so give `{}` a slug of its own or the same status and title",
                    prev.ident,
                    variant.ident,
                    variant.kind.slug(),
                    variant.ident
                ),
            );
        }
        variants.push(variant);
    }
    Some(Problem {
        ident: &input.ident,
        generics: &input.generics,
        variants,
    })
}

fn variant(cx: &Ctxt, v: &syn::Variant, attrs: ProblemAttrs) -> Option<Variant> {
    let suggested = v.ident.to_string().to_kebab_case();
    let Some(attr) = &attrs.attr else {
        cx.error_spanned_by(
            &v.ident,
            format!(
                "variant `{}` has no `#[problem(...)]`; every variant is a problem type and needs its status, slug and title, e.g. `#[problem(status = 409, slug = \"{suggested}\", title = \"...\")]`",
                v.ident
            ),
        );
        return None;
    };
    let mut fields = fields(cx, v);

    let status = match &attrs.status {
        Some(lit) => match lit.base10_parse::<u16>() {
            Ok(status @ 400..=599) => Some(status),
            _ => {
                cx.error_spanned_by(
                    lit,
                    format!(
                        "status `{lit}` is not an error status; a problem is sent with a status in 400..=599 (4xx: the client's fault, 5xx: the server's)"
                    ),
                );
                None
            }
        },
        None => {
            cx.error_spanned_by(
                attr,
                format!(
                    "`#[problem]` on `{}` needs `status = ...`, the HTTP status sent with it (400..=599)",
                    v.ident
                ),
            );
            None
        }
    };

    let Some(slug_lit) = &attrs.slug else {
        cx.error_spanned_by(
            attr,
            format!(
                "`#[problem]` on `{}` needs `slug = \"...\"`, the stable name clients see at the end of the problem's `type`, e.g. `slug = \"{suggested}\"`",
                v.ident
            ),
        );
        return None;
    };
    let slug = slug_lit.value();
    if !is_kebab(&slug) {
        let fix = slug.to_kebab_case();
        let fix = if is_kebab(&fix) { fix } else { suggested };
        cx.error_spanned_by(
            slug_lit,
            format!(
                "slug `{slug}` is not kebab-case; use lowercase letters and digits joined by single `-`, starting with a letter, e.g. `{fix}`"
            ),
        );
    } else if slug == builtin::RESERVED {
        cx.error_spanned_by(
            slug_lit,
            format!(
                "slug `{slug}` is reserved for HTTP errors without a more specific problem type; choose another"
            ),
        );
    }

    let doc = doc_string(&v.attrs);
    let kind = if let Some(b) = builtin::lookup(&slug) {
        if let (Some(status), Some(lit)) = (status, &attrs.status)
            && status != b.status
        {
            cx.error_spanned_by(
                lit,
                format!(
                    "slug `{slug}` is a built-in problem type with status {}; write `status = {}` or choose a slug of your own",
                    b.status, b.status
                ),
            );
        }
        if let Some(title) = &attrs.title {
            cx.error_spanned_by(
                title,
                format!(
                    "slug `{slug}` is a built-in problem type, whose title is fixed (`ProblemType::{}.title`); remove `title` or choose a slug of your own",
                    b.constant
                ),
            );
        }
        Kind::Builtin {
            slug,
            status: b.status,
            constant: syn::Ident::new(b.constant, Span::call_site()),
        }
    } else {
        let title = match &attrs.title {
            Some(lit) if lit.value().trim().is_empty() => {
                cx.error_spanned_by(lit, "`title` must not be empty");
                String::new()
            }
            Some(lit) => lit.value(),
            None => {
                cx.error_spanned_by(
                    attr,
                    format!(
                        "`#[problem]` on `{}` needs `title = \"...\"`, a short summary that is the same for every occurrence (RFC 9457 §3.1.3); only a built-in slug such as `not-found` takes its title from the registry",
                        v.ident
                    ),
                );
                String::new()
            }
        };
        let description = if doc.is_empty() {
            title.clone()
        } else {
            doc.clone()
        };
        Kind::Custom {
            slug,
            status: status.unwrap_or(500),
            title,
            description,
        }
    };

    let detail = match &attrs.detail {
        Some(lit) => template(cx, v, lit, &mut fields),
        None => (!doc.is_empty()).then_some(Detail::Text(doc)),
    };
    Some(Variant {
        ident: v.ident.clone(),
        fields,
        kind,
        slug_span: slug_lit.span(),
        detail,
    })
}

/// `already-refunded`, `error-2`: what RFC 9457 §3.1.1 URIs read best with.
fn is_kebab(slug: &str) -> bool {
    slug.starts_with(|c: char| c.is_ascii_lowercase())
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn fields(cx: &Ctxt, v: &syn::Variant) -> Fields {
    for field in &v.fields {
        for attr in field.attrs.iter().filter(|a| is_problem(a)) {
            cx.error_spanned_by(
                attr,
                "`#[problem(...)]` goes on the variant, not on its fields",
            );
        }
    }
    match &v.fields {
        syn::Fields::Unit => Fields::Unit,
        syn::Fields::Unnamed(unnamed) => Fields::Tuple(vec![false; unnamed.unnamed.len()]),
        syn::Fields::Named(named) => Fields::Named(
            named
                .named
                .iter()
                .filter_map(|f| {
                    let ident = f.ident.clone()?;
                    let name = ident.unraw().to_string();
                    if STANDARD_MEMBERS.contains(&name.as_str()) {
                        cx.error_spanned_by(
                            &ident,
                            format!(
                                "field `{name}` of `{}` would be sent as an extension member `{name}`, but RFC 9457 §3.1 defines `{name}` for every problem; rename the field",
                                v.ident
                            ),
                        );
                    }
                    Some(Member {
                        ident,
                        name,
                        ty: f.ty.clone(),
                    })
                })
                .collect(),
        ),
    }
}

/// Resolves each placeholder of `detail = "..."` to a field of the variant and rewrites
/// it to the name the expansion passes that field under.
fn template(cx: &Ctxt, v: &syn::Variant, lit: &LitStr, fields: &mut Fields) -> Option<Detail> {
    let value = lit.value();
    let segments = match detail::scan(&value) {
        Ok(segments) => segments,
        Err(message) => {
            cx.error_spanned_by(lit, format!("invalid `detail`: {message}"));
            return None;
        }
    };
    let variant = &v.ident;
    let mut used: Vec<usize> = Vec::new();
    let mut ok = true;
    for segment in &segments {
        let Segment::Placeholder { name, spec } = segment else {
            continue;
        };
        if spec.contains('$') {
            cx.error_spanned_by(
                lit,
                format!("`{{{name}:{spec}}}` in `detail`: width and precision arguments (`$`) are not supported"),
            );
            ok = false;
            continue;
        }
        let position = match fields {
            _ if name.is_empty() => Err(match fields {
                Fields::Tuple(_) => {
                    "`{}` in `detail` names no field; write its position, e.g. `{0}`".to_owned()
                }
                _ => "`{}` in `detail` names no field; write its name, e.g. `{order}`".to_owned(),
            }),
            Fields::Unit => Err(format!(
                "`{{{name}}}` in `detail`: variant `{variant}` has no fields; give it a field or remove the placeholder"
            )),
            Fields::Tuple(flags) => match name.parse::<usize>() {
                Ok(index) if index < flags.len() => Ok(index),
                Ok(index) => Err(format!(
                    "`{{{index}}}` in `detail`: variant `{variant}` has {} field{}, numbered from 0",
                    flags.len(),
                    if flags.len() == 1 { "" } else { "s" }
                )),
                Err(_) => Err(format!(
                    "`{{{name}}}` in `detail`: variant `{variant}` is a tuple variant, whose fields have no names; refer to them by position, e.g. `{{0}}`"
                )),
            },
            Fields::Named(members) => match members.iter().position(|m| m.name == *name) {
                Some(index) => Ok(index),
                None if name.parse::<usize>().is_ok() => Err(format!(
                    "`{{{name}}}` in `detail`: variant `{variant}` has named fields; refer to them by name, e.g. `{{{}}}`",
                    members.first().map_or("field", |m| m.name.as_str())
                )),
                None => Err(format!(
                    "`{{{name}}}` in `detail`: variant `{variant}` has no field `{name}`; {}",
                    if members.is_empty() {
                        "it has no fields".to_owned()
                    } else {
                        let names: Vec<String> =
                            members.iter().map(|m| format!("`{}`", m.name)).collect();
                        format!("its fields are {}", names.join(", "))
                    }
                )),
            },
        };
        match position {
            Ok(index) => {
                if !used.contains(&index) {
                    used.push(index);
                }
                if let Fields::Tuple(flags) = fields {
                    flags[index] = true;
                }
            }
            Err(message) => {
                cx.error_spanned_by(lit, message);
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    // Resolution succeeded for every placeholder, so each name maps to a position.
    let rewritten = detail::rewrite(&segments, |name| {
        let index = match fields {
            Fields::Named(members) => members.iter().position(|m| m.name == name),
            _ => name.parse().ok(),
        };
        format!("__f{}", index.unwrap_or_default())
    });
    Some(Detail::Format {
        template: LitStr::new(&rewritten, lit.span()),
        fields: used,
    })
}
