//! One field's `#[field(...)]` options into the model, and the invariants across fields.
//! The JSON name, type classification and rules go through the pipeline `#[object]`
//! shares (`internals::field`); the rest is particular to stored resources.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Attribute, Ident};

use super::super::model::{Access, Auto, DefaultValue, Field, ScopeKind};
use super::super::parse::FieldAttrs;
use super::valid_identifier;
use crate::internals::ctxt::Ctxt;
use crate::internals::docs::doc_string;
use crate::internals::field::{self, FieldBase, Value};
use crate::internals::keyword::{FieldKw, Keywords};
use crate::internals::rules::{self, RawRule, Rules};
use crate::internals::types::Kind;

/// One field being checked: its options, and what its type turned out to be.
struct Checking<'a> {
    cx: &'a Ctxt,
    ident: &'a Ident,
    field: &'a syn::Field,
    opts: &'a FieldAttrs,
    value: &'a Value,
    /// Whether the type could be classified; checks of its kind are skipped otherwise.
    classified: bool,
}

pub(super) fn check_field(
    cx: &Ctxt,
    field: &syn::Field,
    mut opts: FieldAttrs,
    attrs: Vec<Attribute>,
    creates: bool,
) -> Option<Field> {
    let ident = field.ident.clone()?;
    let raw_rules = std::mem::take(&mut opts.rules);
    let classified = Value::classify(cx, &field.ty);
    let value = classified
        .as_ref()
        .map_or_else(|| Value::unknown(&field.ty), clone_value);
    let c = Checking {
        cx,
        ident: &ident,
        field,
        opts: &opts,
        value: &value,
        classified: classified.is_some(),
    };
    c.modes();
    let (name, column) = c.names();
    let (auto, access) = c.auto_and_access();
    c.server_values(auto);
    c.listing(access);
    c.kinds();
    let writable = matches!(access, Access::ReadWrite | Access::WriteOnly);
    let rules = c.rules(raw_rules, &name, writable);
    let default = opts
        .default
        .clone()
        .map(|(_, e)| e.map_or(DefaultValue::Trait, DefaultValue::Expr));
    if creates {
        c.value_on_create(access, auto, default.is_some());
    }
    let Value {
        inner,
        nullable,
        kind,
        item,
    } = value;
    Some(Field {
        base: FieldBase {
            doc: doc_string(&attrs),
            vis: field.vis.clone(),
            attrs,
            ty: field.ty.clone(),
            inner,
            nullable,
            kind,
            item,
            rules,
            name,
            ident,
        },
        column,
        access,
        auto,
        unique: opts.unique.is_some(),
        default,
        references: opts.references,
        filterable: opts.filterable.is_some(),
        sortable: opts.sortable.is_some(),
        state: opts.state.is_some(),
        history: opts.history.is_some() && opts.state.is_some(),
        scope: if opts.owner.is_some() {
            Some(ScopeKind::Owner)
        } else if opts.tenant.is_some() {
            Some(ScopeKind::Tenant)
        } else {
            None
        },
    })
}

fn clone_value(v: &Value) -> Value {
    Value {
        inner: v.inner.clone(),
        nullable: v.nullable,
        kind: v.kind,
        item: v.item.clone(),
    }
}

impl Checking<'_> {
    /// At most one access mode; `created_at`/`updated_at` imply read-only.
    fn modes(&self) {
        let (opts, ident) = (self.opts, self.ident);
        let modes: Vec<(FieldKw, Span)> = [
            (FieldKw::Id, opts.id),
            (FieldKw::ReadOnly, opts.read_only),
            (FieldKw::WriteOnly, opts.write_only),
            (FieldKw::Hidden, opts.hidden),
            (FieldKw::CreatedAt, opts.created_at),
            (FieldKw::UpdatedAt, opts.updated_at),
            (FieldKw::State, opts.state),
            (FieldKw::Owner, opts.owner),
            (FieldKw::Tenant, opts.tenant),
        ]
        .into_iter()
        .filter_map(|(n, s)| s.map(|s| (n, s)))
        .collect();
        let compatible = |a, b| {
            matches!(
                (a, b),
                (FieldKw::ReadOnly, FieldKw::CreatedAt | FieldKw::UpdatedAt)
            )
        };
        for pair in modes.windows(2) {
            let ((a, _), (b, span)) = (pair[0], pair[1]);
            if !compatible(a, b) {
                let (a, b) = (a.name(), b.name());
                self.cx.error_at(
                    span,
                    format!("field `{ident}` cannot be both `{a}` and `{b}`; choose one"),
                );
            }
        }
    }

    /// The JSON name and the column.
    fn names(&self) -> (String, String) {
        let (cx, opts, ident) = (self.cx, self.opts, self.ident);
        let name = field::json_name(ident, opts.rename.as_ref());
        if let Some(lit) = &opts.rename
            && name.is_empty()
        {
            cx.error_spanned_by(lit, "`rename` needs a non-empty name");
        }
        let column = match &opts.column {
            Some(lit) => {
                let column = lit.value();
                if !valid_identifier(&column) {
                    cx.error_spanned_by(
                        lit,
                        format!("invalid column name `{column}`: use letters, digits and `_`"),
                    );
                }
                column
            }
            None => ident.to_string().trim_start_matches("r#").to_owned(),
        };
        (name, column)
    }

    /// Which timestamp the server maintains, if any, and who reads and writes the field.
    fn auto_and_access(&self) -> (Auto, Access) {
        let (opts, ident, v) = (self.opts, self.ident, self.value);
        let named_timestamp = opts.read_only.is_some()
            && v.kind == Kind::DateTimeUtc
            && !v.nullable
            && (ident == "created_at" || ident == "updated_at");
        let auto = if opts.updated_at.is_some() || (named_timestamp && ident == "updated_at") {
            Auto::UpdatedAt
        } else if opts.created_at.is_some() || named_timestamp {
            Auto::CreatedAt
        } else {
            Auto::None
        };
        let access = if opts.id.is_some() {
            Access::Id
        } else if opts.hidden.is_some() {
            Access::Hidden
        } else if opts.write_only.is_some() {
            Access::WriteOnly
        } else if opts.read_only.is_some()
            || auto != Auto::None
            || opts.state.is_some()
            || opts.owner.is_some()
            || opts.tenant.is_some()
        {
            Access::ReadOnly
        } else {
            Access::ReadWrite
        };
        (auto, access)
    }

    /// Ids and timestamps: their types, and no `default` or `unique` the server overrides.
    fn server_values(&self, auto: Auto) {
        let (cx, opts, ident) = (self.cx, self.opts, self.ident);
        let (kind, nullable) = (self.value.kind, self.value.nullable);
        if opts.id.is_some() && self.classified && (kind != Kind::Uuid || nullable) {
            cx.error_at(
                self.field.ty.span(),
                format!("the `id` field `{ident}` must have type `Uuid`: ids are generated by the server as UUIDv7"),
            );
        }
        if auto != Auto::None && self.classified && (kind != Kind::DateTimeUtc || nullable) {
            let which = if auto == Auto::CreatedAt {
                "created_at"
            } else {
                "updated_at"
            };
            cx.error_at(
                self.field.ty.span(),
                format!("`{which}` field `{ident}` must have type `DateTime<Utc>`"),
            );
        }
        for (span, what) in [
            (opts.id, "an `id` field"),
            (
                opts.created_at.or(opts.updated_at),
                "a server-maintained timestamp",
            ),
        ] {
            let Some(_) = span else { continue };
            if let Some((s, _)) = &opts.default {
                cx.error_at(
                    *s,
                    format!("`default` does not apply to {what}: the server sets its value"),
                );
            }
            if let Some(s) = opts.unique.filter(|_| opts.id.is_some()) {
                cx.error_at(s, "`unique` is implied for the `id` field; remove it");
            }
        }
        if let Some((s, _)) = &opts.default
            && auto != Auto::None
            && opts.created_at.or(opts.updated_at).is_none()
        {
            cx.error_at(*s, format!("`default` does not apply to `{ident}`: a read-only `DateTime<Utc>` field with this name is a server-maintained timestamp"));
        }
    }

    /// `sortable` and `filterable` only on readable fields of a comparable type.
    fn listing(&self, access: Access) {
        let (cx, opts, ident) = (self.cx, self.opts, self.ident);
        let (kind, nullable) = (self.value.kind, self.value.nullable);
        for (flag, kw) in [
            (opts.sortable, FieldKw::Sortable),
            (opts.filterable, FieldKw::Filterable),
        ] {
            let Some(span) = flag else { continue };
            let what = kw.name();
            if matches!(access, Access::Hidden | Access::WriteOnly) {
                cx.error_at(
                    span,
                    format!(
                        "`{what}` on `{ident}` would reveal a field clients cannot read; remove it"
                    ),
                );
            } else if self.classified && matches!(kind, Kind::Json | Kind::List) {
                cx.error_at(
                    span,
                    format!(
                        "`{ident}` holds {}, which cannot be {what}",
                        if kind == Kind::List {
                            "a list"
                        } else {
                            "arbitrary JSON"
                        }
                    ),
                );
            } else if kw == FieldKw::Sortable && nullable {
                cx.error_at(
                    span,
                    format!("`{ident}` is nullable and cannot be sortable: SQLite and PostgreSQL order NULLs differently and keyset cursors need a total order; make it non-nullable"),
                );
            }
        }
    }

    /// The types `references`, `state`, `owner` and `tenant` need, and what they exclude.
    fn kinds(&self) {
        let (cx, opts, ident) = (self.cx, self.opts, self.ident);
        let (kind, nullable) = (self.value.kind, self.value.nullable);
        if let Some(path) = &opts.references
            && self.classified
            && kind != Kind::Uuid
        {
            cx.error_spanned_by(
                path,
                format!("`references` needs a `Uuid` field, but `{ident}` is not one"),
            );
        }
        if let Some(span) = opts.state
            && self.classified
            && (kind != Kind::Other || nullable)
        {
            cx.error_at(
                span,
                format!("the state field `{ident}` needs a `#[state_machine]` enum type (not `Option`), e.g. `pub status: OrderStatus`"),
            );
        }
        for (span, what) in [(opts.owner, "owner"), (opts.tenant, "tenant")] {
            if span.is_none() {
                continue;
            }
            if self.classified && (!matches!(kind, Kind::Text | Kind::Uuid) || nullable) {
                cx.error_at(
                    self.field.ty.span(),
                    format!("the {what} field `{ident}` must be `String` or `Uuid` (not `Option`): it holds the principal's {}", if what == "owner" { "subject" } else { "tenant" }),
                );
            }
            if let Some((s, _)) = &opts.default {
                cx.error_at(*s, format!("`default` does not apply to the {what} field `{ident}`: it is set from the principal"));
            }
        }
        if let (None, Some(span)) = (opts.state, opts.history) {
            cx.error_at(
                span,
                format!("`history` records the transitions of a state field, and `{ident}` is not one; add `state` or remove `history`"),
            );
        }
        if let (Some(_), Some((s, _))) = (opts.state, &opts.default) {
            cx.error_at(
                *s,
                format!("`default` does not apply to the state field `{ident}`: it starts in the machine's initial state"),
            );
        }
    }

    /// The field's rules, checked against its type; rules on a field clients cannot write
    /// would never run.
    fn rules(&self, raw: Vec<RawRule>, name: &str, writable: bool) -> Rules {
        let (cx, ident) = (self.cx, self.ident);
        if let Some(first) = raw.first().filter(|_| !writable) {
            cx.error_at(
                first.span(),
                format!("`validate` on `{ident}` would never run: clients cannot write this field"),
            );
        }
        if self.classified && writable {
            rules::check(
                cx,
                raw,
                name,
                self.value.kind,
                self.value.item.as_ref().map(|(_, k)| *k),
            )
        } else {
            Rules::default()
        }
    }

    /// A field the client cannot send still needs a value when a row is created.
    fn value_on_create(&self, access: Access, auto: Auto, has_default: bool) {
        let (opts, ident) = (self.opts, self.ident);
        if matches!(access, Access::ReadOnly | Access::Hidden)
            && auto == Auto::None
            && opts.state.is_none()
            && opts.owner.is_none()
            && opts.tenant.is_none()
            && !self.value.nullable
            && !has_default
        {
            let message = if access == Access::Hidden {
                format!(
                    "hidden field `{ident}` has no value when a row is created: make it `Option<...>` or give it `default = ...`"
                )
            } else {
                format!(
                    "read-only field `{ident}` has no value when a row is created: make it `Option<...>`, give it `default = ...`, or mark a `DateTime<Utc>` field `created_at`/`updated_at`"
                )
            };
            self.cx.error_spanned_by(ident, message);
        }
    }
}

pub(super) fn check_fields(cx: &Ctxt, ident: &syn::Ident, fields: &[Field]) {
    let ids: Vec<&Field> = fields.iter().filter(|f| f.access == Access::Id).collect();
    match ids.as_slice() {
        [] => cx.error_spanned_by(
            ident,
            format!("resource `{ident}` has no id field; add `#[field(id)] pub id: Uuid` as its primary key"),
        ),
        [_] => {}
        [_, rest @ ..] => {
            for f in rest {
                cx.error_spanned_by(&f.ident, format!("resource `{ident}` has more than one `id` field; keep exactly one"));
            }
        }
    }
    for kind in [ScopeKind::Owner, ScopeKind::Tenant] {
        let marked: Vec<&Field> = fields.iter().filter(|f| f.scope == Some(kind)).collect();
        let word = if kind == ScopeKind::Owner {
            "owner"
        } else {
            "tenant"
        };
        for extra in marked.iter().skip(1) {
            cx.error_spanned_by(
                &extra.ident,
                format!(
                    "resource `{ident}` has more than one {word} field (`{}` and `{}`); keep one",
                    marked[0].ident, extra.ident
                ),
            );
        }
    }
    let states: Vec<&Field> = fields.iter().filter(|f| f.state).collect();
    for extra in states.iter().skip(1) {
        cx.error_spanned_by(
            &extra.ident,
            format!(
                "resource `{ident}` has more than one state field (`{}` and `{}`); keep one",
                states[0].ident, extra.ident
            ),
        );
    }
    for (i, f) in fields.iter().enumerate() {
        if let Some(prev) = fields[..i].iter().find(|p| p.name == f.name) {
            cx.error_spanned_by(
                &f.ident,
                format!(
                    "field `{}` uses the JSON name `{}`, already used by `{}`",
                    f.ident, f.name, prev.ident
                ),
            );
        }
        if let Some(prev) = fields[..i].iter().find(|p| p.column == f.column) {
            cx.error_spanned_by(
                &f.ident,
                format!(
                    "field `{}` uses the column `{}`, already used by `{}`",
                    f.ident, f.column, prev.ident
                ),
            );
        }
    }
}
