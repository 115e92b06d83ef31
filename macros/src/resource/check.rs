//! Invariants across options and fields, turning parsed attributes into the model. Every
//! violation is recorded with the span of the token to fix.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Fields, ItemStruct};

use super::model::{
    Access, AccessModel, Allow, Auto, DefaultValue, Field, ListConfig, Op, Resource, ScopeKind,
};
use super::parse::{self, FieldAttrs, ResourceAttrs, field_attrs};
use crate::internals::ctxt::Ctxt;
use crate::internals::docs::doc_string;
use crate::internals::rules::{self, Rules};
use crate::internals::types::{Kind, classify};

/// SQL identifiers are quoted but still restricted, so no name can break out of the quotes.
fn valid_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 63
}

fn check_path_ok(value: &str) -> bool {
    value.starts_with('/')
        && value.split('/').skip(1).all(|s| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

fn check_path(cx: &Ctxt, path: &syn::LitStr) -> String {
    let value = path.value();
    if !check_path_ok(&value) {
        cx.error_spanned_by(
            path,
            format!(
                "invalid resource path `{value}`: write it as `/segment` or `/a/b`, with letters, digits, `-` and `_`, no trailing slash and no `{{param}}`"
            ),
        );
    }
    value
}

pub(crate) fn resource(cx: &Ctxt, attrs: ResourceAttrs, item: &ItemStruct) -> Option<Resource> {
    if !item.generics.params.is_empty() {
        cx.error_spanned_by(
            &item.generics,
            "`#[resource]` does not support generic parameters or lifetimes",
        );
    }
    let named = match &item.fields {
        Fields::Named(named) => named,
        _ => {
            cx.error_spanned_by(
                &item.ident,
                "`#[resource]` needs a struct with named fields, e.g. `struct Order { #[field(id)] id: Uuid, ... }`",
            );
            return None;
        }
    };

    let ident = &item.ident;
    let (path, path_span) = match &attrs.path {
        Some(lit) => (check_path(cx, lit), lit.span()),
        None => (
            format!(
                "/{}",
                plural(&ident.to_string().to_snake_case().replace('_', "-"))
            ),
            ident.span(),
        ),
    };
    let last_segment = path.rsplit('/').next().unwrap_or_default().to_owned();
    let table = match &attrs.table {
        Some(lit) => {
            let table = lit.value();
            if !valid_identifier(&table) {
                cx.error_spanned_by(
                    lit,
                    format!("invalid table name `{table}`: use letters, digits and `_`"),
                );
            }
            table
        }
        None => {
            let table = last_segment.to_snake_case();
            // An invalid path is reported already; its table name would only repeat it.
            if !valid_identifier(&table)
                && attrs
                    .path
                    .as_ref()
                    .is_none_or(|p| check_path_ok(&p.value()))
            {
                cx.error_at(path_span, format!("the table name `{table}` derived from the path is not valid; set `table = \"...\"`"));
            }
            table
        }
    };
    let tag = attrs
        .tag
        .as_ref()
        .map_or_else(|| last_segment.clone(), syn::LitStr::value);
    let operations = operations(cx, &attrs);

    let mut fields = Vec::new();
    for field in &named.named {
        let (field_opts, rest) = field_attrs(cx, &field.attrs);
        if let Some(f) = check_field(
            cx,
            field,
            field_opts,
            rest,
            operations.contains(&Op::Create),
        ) {
            fields.push(f);
        }
    }
    check_fields(cx, ident, &fields);
    for f in &fields {
        // PostgreSQL truncates identifiers past 63 bytes, which would hide the field a
        // constraint violation belongs to.
        if table.len() + f.column.len() + 10 > 63 {
            cx.error_spanned_by(
                &f.ident,
                format!("table `{table}` and column `{}` are too long together for constraint and index names (at most 53 characters); shorten one", f.column),
            );
        }
    }
    let list = list_config(cx, &attrs, &fields);
    let access = access(cx, &attrs, &operations, &fields);

    Some(Resource {
        ident: ident.clone(),
        vis: item.vis.clone(),
        attrs: item.attrs.clone(),
        doc: doc_string(&item.attrs),
        path,
        path_span,
        table,
        tag,
        plural: last_segment.to_upper_camel_case(),
        operations,
        fields,
        list,
        custom: attrs.custom,
        custom_async: attrs.custom_async,
        access,
    })
}

/// `access(...)` into one rule per operation: keys for groups (`read`, `write`, `all`)
/// expand to their operations, an operation named twice is an error, and an operation
/// without a rule needs an authenticated principal (deny by default).
fn access(cx: &Ctxt, attrs: &ResourceAttrs, ops: &[Op], fields: &[Field]) -> AccessModel {
    let mut model = AccessModel {
        ops: std::array::from_fn(|_| Allow::Authenticated),
        any_owner: Vec::new(),
    };
    let mut given: [Option<String>; 5] = Default::default();
    let scoped = fields.iter().find(|f| f.scope.is_some());
    for rule in &attrs.access {
        let key = rule.key.to_string();
        let (allow, span) = match &rule.allow {
            parse::Allow::Public(s) => (Allow::Public, *s),
            parse::Allow::Authenticated(s) => (Allow::Authenticated, *s),
            parse::Allow::Roles(s, roles) => {
                if roles.is_empty() {
                    cx.error_at(*s, format!("`{key} = roles()` names no role; list at least one, or write `authenticated`"));
                }
                for role in roles {
                    if role.value().trim().is_empty() || role.value().contains(char::is_whitespace)
                    {
                        cx.error_spanned_by(role, "a role is a non-empty word without spaces");
                    }
                }
                (
                    Allow::Roles(roles.iter().map(syn::LitStr::value).collect()),
                    *s,
                )
            }
        };
        if key == "any_owner" {
            match allow {
                Allow::Roles(roles) => model.any_owner = roles,
                _ => cx.error_at(span, "`any_owner` names the roles that see every owner's rows: write `any_owner = roles(\"staff\")`"),
            }
            if !fields.iter().any(|f| f.scope == Some(ScopeKind::Owner)) {
                cx.error_spanned_by(
                    &rule.key,
                    "`any_owner` needs an owner field; mark one `#[field(owner)]` or remove it",
                );
            }
            continue;
        }
        let covered: Vec<Op> = match key.as_str() {
            "read" => vec![Op::Get, Op::List],
            "write" => vec![Op::Create, Op::Update, Op::Delete],
            "all" => Op::ALL.to_vec(),
            one => {
                let op = Op::from_name(one).unwrap_or(Op::Get);
                if !ops.contains(&op) {
                    cx.error_spanned_by(&rule.key, format!("`{one}` is not an operation of this resource; remove it or add it to `operations(...)`"));
                }
                vec![op]
            }
        };
        if let (Allow::Public, Some(field)) = (&allow, scoped) {
            cx.error_at(span, format!("`{key} = public` cannot apply: rows are scoped by `{}`, and an anonymous caller has no {} to scope by; write `authenticated` or roles", field.ident, if field.scope == Some(ScopeKind::Owner) { "identity" } else { "tenant" }));
        }
        for op in covered {
            let i = Op::ALL.iter().position(|o| *o == op).unwrap_or(0);
            if let Some(first) = &given[i] {
                cx.error_spanned_by(
                    &rule.key,
                    format!(
                        "the access of `{}` is already given by `{first}`; keep one",
                        op_name(op)
                    ),
                );
                continue;
            }
            given[i] = Some(key.clone());
            model.ops[i] = allow.clone();
        }
    }
    model
}

fn op_name(op: Op) -> &'static str {
    match op {
        Op::Create => "create",
        Op::Get => "get",
        Op::List => "list",
        Op::Update => "update",
        Op::Delete => "delete",
    }
}

/// English plural of the last path word, for default paths: `category` -> `categories`.
fn plural(word: &str) -> String {
    let vowel_before_y =
        word.len() > 1 && word[..word.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if word.ends_with('y') && !vowel_before_y {
        format!("{}ies", &word[..word.len() - 1])
    } else if word.ends_with(['s', 'x', 'z']) || word.ends_with("ch") || word.ends_with("sh") {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

fn positive(cx: &Ctxt, lit: Option<&syn::LitInt>, default: u64) -> u64 {
    match lit.map(syn::LitInt::base10_parse::<u64>) {
        None => default,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            cx.error_spanned_by(lit, "expected a positive integer");
            default
        }
    }
}

fn list_config(cx: &Ctxt, attrs: &ResourceAttrs, fields: &[Field]) -> ListConfig {
    let max_limit = positive(cx, attrs.max_page_size.as_ref(), 100);
    let default_limit = positive(cx, attrs.page_size.as_ref(), 20.min(max_limit));
    if default_limit > max_limit {
        cx.error_spanned_by(
            &attrs.page_size,
            format!("`page_size` {default_limit} is larger than `max_page_size` {max_limit}"),
        );
    }
    let offset = match &attrs.pagination {
        None => false,
        Some(lit) => match lit.value().as_str() {
            "cursor" => false,
            "offset" => true,
            other => {
                cx.error_spanned_by(lit, format!("unknown pagination `{other}`; expected \"cursor\" (keyset, the default) or \"offset\""));
                false
            }
        },
    };
    if let Some(lit) = &attrs.max_offset
        && !offset
    {
        cx.error_spanned_by(
            lit,
            "`max_offset` applies to offset pagination; add `pagination = \"offset\"` or remove it",
        );
    }
    let max_offset = offset.then(|| positive(cx, attrs.max_offset.as_ref(), 10_000));
    let mut default_sort = String::new();
    if let Some(lit) = &attrs.default_sort {
        let mut seen = Vec::new();
        for part in lit.value().split(',') {
            let name = part.strip_prefix('-').unwrap_or(part);
            let field = fields.iter().find(|f| f.name == name);
            let ok = field.is_some_and(|f| f.sortable || f.access == Access::Id);
            if !ok || seen.contains(&name) {
                let sortable: Vec<String> = fields
                    .iter()
                    .filter(|f| f.sortable)
                    .map(|f| format!("`{}`", f.name))
                    .collect();
                let why = if seen.contains(&name) {
                    "is repeated"
                } else {
                    "is not a sortable field"
                };
                cx.error_spanned_by(
                    lit,
                    format!(
                        "`default_sort`: `{name}` {why}; write `-field,other` over fields marked `#[field(sortable)]` ({})",
                        if sortable.is_empty() { "none yet".to_owned() } else { sortable.join(", ") }
                    ),
                );
            }
            seen.push(name);
        }
        default_sort = lit.value();
    }
    ListConfig {
        default_limit,
        max_limit,
        default_sort,
        max_offset,
    }
}

fn operations(cx: &Ctxt, attrs: &ResourceAttrs) -> Vec<Op> {
    let Some((span, idents)) = &attrs.operations else {
        return Op::ALL.to_vec();
    };
    let mut ops = Vec::new();
    for ident in idents {
        let Some(op) = Op::from_name(&ident.to_string()) else {
            continue;
        };
        if ops.contains(&op) {
            cx.error_spanned_by(
                ident,
                format!("operation `{ident}` is listed more than once"),
            );
        } else {
            ops.push(op);
        }
    }
    if idents.is_empty() {
        cx.error_at(*span, "`operations()` is empty; list at least one of `create`, `get`, `list`, `update`, `delete`, or leave it out for all five");
    }
    ops
}

fn check_field(
    cx: &Ctxt,
    field: &syn::Field,
    opts: FieldAttrs,
    attrs: Vec<syn::Attribute>,
    creates: bool,
) -> Option<Field> {
    let ident = field.ident.clone()?;
    let classified = match classify(&field.ty) {
        Ok(c) => Some(c),
        Err(e) => {
            cx.syn_error(e);
            None
        }
    };

    // At most one access mode; `created_at`/`updated_at` imply read-only.
    let modes: Vec<(&str, Span)> = [
        ("id", opts.id),
        ("read_only", opts.read_only),
        ("write_only", opts.write_only),
        ("hidden", opts.hidden),
        ("created_at", opts.created_at),
        ("updated_at", opts.updated_at),
        ("state", opts.state),
        ("owner", opts.owner),
        ("tenant", opts.tenant),
    ]
    .into_iter()
    .filter_map(|(n, s)| s.map(|s| (n, s)))
    .collect();
    let compatible =
        |a: &str, b: &str| matches!((a, b), ("read_only", "created_at" | "updated_at"));
    for pair in modes.windows(2) {
        let ((a, _), (b, span)) = (pair[0], pair[1]);
        if !compatible(a, b) {
            cx.error_at(
                span,
                format!("field `{ident}` cannot be both `{a}` and `{b}`; choose one"),
            );
        }
    }

    let name = opts.rename.as_ref().map_or_else(
        || ident.to_string().trim_start_matches("r#").to_owned(),
        syn::LitStr::value,
    );
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

    let (inner, nullable, kind) = match &classified {
        Some(c) => (c.inner.clone(), c.nullable, c.kind),
        None => (field.ty.clone(), false, Kind::Other),
    };
    let item = classified
        .as_ref()
        .and_then(|c| c.item.map(|(t, k)| (t.clone(), k)));

    let named_timestamp = opts.read_only.is_some()
        && kind == Kind::DateTimeUtc
        && !nullable
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

    if opts.id.is_some() && classified.is_some() && (kind != Kind::Uuid || nullable) {
        cx.error_at(
            field.ty.span(),
            format!("the `id` field `{ident}` must have type `Uuid`: ids are generated by the server as UUIDv7"),
        );
    }
    if auto != Auto::None && classified.is_some() && (kind != Kind::DateTimeUtc || nullable) {
        let which = if auto == Auto::CreatedAt {
            "created_at"
        } else {
            "updated_at"
        };
        cx.error_at(
            field.ty.span(),
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
    for (flag, what) in [(opts.sortable, "sortable"), (opts.filterable, "filterable")] {
        let Some(span) = flag else { continue };
        if matches!(access, Access::Hidden | Access::WriteOnly) {
            cx.error_at(
                span,
                format!(
                    "`{what}` on `{ident}` would reveal a field clients cannot read; remove it"
                ),
            );
        } else if classified.is_some() && matches!(kind, Kind::Json | Kind::List) {
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
        } else if what == "sortable" && nullable {
            cx.error_at(
                span,
                format!("`{ident}` is nullable and cannot be sortable: SQLite and PostgreSQL order NULLs differently and keyset cursors need a total order; make it non-nullable"),
            );
        }
    }
    if let Some(path) = &opts.references
        && classified.is_some()
        && kind != Kind::Uuid
    {
        cx.error_spanned_by(
            path,
            format!("`references` needs a `Uuid` field, but `{ident}` is not one"),
        );
    }
    if let Some(span) = opts.state
        && classified.is_some()
        && (kind != Kind::Other || nullable)
    {
        cx.error_at(
            span,
            format!("the state field `{ident}` needs a `#[state_machine]` enum type (not `Option`), e.g. `pub status: OrderStatus`"),
        );
    }
    for (span, what) in [(opts.owner, "owner"), (opts.tenant, "tenant")] {
        let Some(span) = span else { continue };
        if classified.is_some() && (!matches!(kind, Kind::Text | Kind::Uuid) || nullable) {
            cx.error_at(
                field.ty.span(),
                format!("the {what} field `{ident}` must be `String` or `Uuid` (not `Option`): it holds the principal's {}", if what == "owner" { "subject" } else { "tenant" }),
            );
        }
        if let Some((s, _)) = &opts.default {
            cx.error_at(*s, format!("`default` does not apply to the {what} field `{ident}`: it is set from the principal"));
        }
        let _ = span;
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
    let writable = matches!(access, Access::ReadWrite | Access::WriteOnly);
    if let Some(first) = opts.rules.first().filter(|_| !writable) {
        cx.error_at(
            first.span(),
            format!("`validate` on `{ident}` would never run: clients cannot write this field"),
        );
    }
    let rules = if classified.is_some() && writable {
        rules::check(cx, opts.rules, &name, kind)
    } else {
        Rules::default()
    };
    let default = opts
        .default
        .map(|(_, e)| e.map_or(DefaultValue::Trait, DefaultValue::Expr));
    // A field the client cannot send still needs a value when a row is created.
    if creates
        && matches!(access, Access::ReadOnly | Access::Hidden)
        && auto == Auto::None
        && opts.state.is_none()
        && opts.owner.is_none()
        && opts.tenant.is_none()
        && !nullable
        && default.is_none()
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
        cx.error_spanned_by(&ident, message);
    }

    Some(Field {
        doc: doc_string(&attrs),
        ident,
        vis: field.vis.clone(),
        attrs,
        ty: field.ty.clone(),
        inner,
        nullable,
        kind,
        item,
        rules,
        name,
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

fn check_fields(cx: &Ctxt, ident: &syn::Ident, fields: &[Field]) {
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
