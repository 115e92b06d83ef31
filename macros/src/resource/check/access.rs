//! `access(...)` into who may take each operation: group keys expanded, every operation
//! given at most once, deny by default.

use super::super::model::{AccessModel, Allow, Field, Op, ScopeKind};
use super::super::parse::{self, AccessRule, ResourceAttrs};
use crate::internals::ctxt::Ctxt;
use crate::internals::keyword::AccessKw;

/// `access(...)` into one rule per operation: keys for groups (`read`, `write`, `all`)
/// expand to their operations, an operation named twice is an error, and an operation
/// without a rule needs an authenticated principal (deny by default).
pub(super) fn access(
    cx: &Ctxt,
    attrs: &ResourceAttrs,
    ops: &[Op],
    fields: &[Field],
) -> AccessModel {
    let mut model = AccessModel {
        ops: std::array::from_fn(|_| Allow::Authenticated),
        any_owner: Vec::new(),
        spans: [None; 5],
    };
    let mut given: [Option<String>; 5] = Default::default();
    let scoped = fields.iter().find(|f| f.scope.is_some());
    for rule in &attrs.access {
        let key = rule.key.to_string();
        let (allow, span) = allow(cx, &key, &rule.allow);
        let one = |op: Op| {
            if !ops.contains(&op) {
                cx.error_spanned_by(&rule.key, format!("`{key}` is not an operation of this resource; remove it or add it to `operations(...)`"));
            }
            vec![op]
        };
        let covered: Vec<Op> = match rule.kw {
            // access(read = public)
            AccessKw::Read => vec![Op::Get, Op::List],
            // access(write = roles("admin"))
            AccessKw::Write => vec![Op::Create, Op::Update, Op::Delete],
            // access(all = authenticated)
            AccessKw::All => Op::ALL.to_vec(),
            // access(create = roles("customer")), get, list, update, delete
            AccessKw::Create => one(Op::Create),
            AccessKw::Get => one(Op::Get),
            AccessKw::List => one(Op::List),
            AccessKw::Update => one(Op::Update),
            AccessKw::Delete => one(Op::Delete),
            // access(any_owner = roles("staff"))
            AccessKw::AnyOwner => {
                any_owner(cx, &mut model, rule, allow, span, fields);
                continue;
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
                        op.name()
                    ),
                );
                continue;
            }
            given[i] = Some(key.clone());
            model.ops[i] = allow.clone();
            model.spans[i] = Some(rule.key.span());
        }
    }
    model
}

/// The value of the access key `key`, its roles checked, and where it was written.
fn allow(cx: &Ctxt, key: &str, allow: &parse::Allow) -> (Allow, proc_macro2::Span) {
    match allow {
        parse::Allow::Public(s) => (Allow::Public, *s),
        parse::Allow::Authenticated(s) => (Allow::Authenticated, *s),
        parse::Allow::Roles(s, roles) => {
            if roles.is_empty() {
                cx.error_at(*s, format!("`{key} = roles()` names no role; list at least one, or write `authenticated`"));
            }
            for role in roles {
                if role.value().trim().is_empty() || role.value().contains(char::is_whitespace) {
                    cx.error_spanned_by(role, "a role is a non-empty word without spaces");
                }
            }
            (
                Allow::Roles(roles.iter().map(syn::LitStr::value).collect()),
                *s,
            )
        }
    }
}

/// `any_owner = roles(...)`: the roles that see every owner's rows, on a resource with an
/// owner field.
fn any_owner(
    cx: &Ctxt,
    model: &mut AccessModel,
    rule: &AccessRule,
    allow: Allow,
    span: proc_macro2::Span,
    fields: &[Field],
) {
    match allow {
        Allow::Roles(roles) => model.any_owner = roles,
        Allow::Public | Allow::Authenticated => cx.error_at(span, "`any_owner` names the roles that see every owner's rows: write `any_owner = roles(\"staff\")`"),
    }
    if !fields.iter().any(|f| f.scope == Some(ScopeKind::Owner)) {
        cx.error_spanned_by(
            &rule.key,
            "`any_owner` needs an owner field; mark one `#[field(owner)]` or remove it",
        );
    }
}
