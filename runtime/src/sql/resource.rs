//! The fixed statements of a resource, derived from its field metadata: insert, get, lock,
//! update, replace and delete, its transitions and its history, each rendered once per
//! backend and scope variant when the resource is first used and kept.
//!
//! Scoping is a predicate like any other (DESIGN.md decision 6): the owner and tenant
//! conditions are appended to the same `filter` list as the id, so get, update, delete,
//! lock, replace and transitions carry them alike and bind them after their own values.

use super::statement::{Delete, Expr, Insert, Pred, Render, Select, Source, Update};
use super::{Backend, Variant};
use crate::model::state::TransitionMeta;
use crate::model::{Access, Auto, FieldMeta, ResourceMeta};

/// One statement in each scope variant, by variant and backend index.
#[derive(Debug)]
pub(crate) struct Scoped([[String; 2]; 3]);

impl Scoped {
    /// `build(filter)` in each variant of `meta`, where `filter` is the id condition, then
    /// the variant's scope conditions.
    fn new<S: Render>(
        meta: &ResourceMeta,
        first: Vec<Pred<'static>>,
        build: impl Fn(Vec<Pred<'static>>) -> S,
    ) -> Scoped {
        let variant = |v: Variant| {
            let mut filter = first.clone();
            filter.extend(scope_columns(meta, v).into_iter().map(Pred::eq));
            let statement = build(filter);
            [
                statement.render(Backend::Sqlite),
                statement.render(Backend::Postgres),
            ]
        };
        Scoped([
            variant(Variant::Unscoped),
            variant(Variant::Tenant),
            variant(Variant::Owner),
        ])
    }

    pub(crate) fn get(&self, variant: Variant, backend: usize) -> &str {
        &self.0[variant as usize][backend]
    }
}

/// The columns a variant adds conditions on, in binding order: the tenant, then the owner.
pub(crate) fn scope_columns(meta: &ResourceMeta, variant: Variant) -> Vec<&'static str> {
    let column = |name: Option<&'static str>| name.and_then(|n| meta.field(n)).map(|f| f.column);
    match variant {
        Variant::Unscoped => Vec::new(),
        Variant::Tenant => column(meta.tenant).into_iter().collect(),
        Variant::Owner => column(meta.tenant)
            .into_iter()
            .chain(column(meta.owner))
            .collect(),
    }
}

/// What one assignment of the partial `UPDATE` binds, in order; the generated
/// `bind_patch` follows the same plan.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Assign {
    /// Non-nullable: `col = COALESCE(?, col)`; binds the value or NULL when absent.
    Keep(&'static FieldMeta),
    /// Nullable: `col = CASE WHEN ? THEN ? ELSE col END`; binds "was it sent" and the value.
    Flagged(&'static FieldMeta),
    /// `updated_at`: `col = ?`; binds the current time.
    Now(&'static FieldMeta),
}

/// The assignments of a partial update: the writable fields, then the update times.
pub(crate) fn update_plan(meta: &'static ResourceMeta) -> Vec<Assign> {
    let writes = meta.fields.iter().filter(|f| f.access.writable()).map(|f| {
        if f.nullable {
            Assign::Flagged(f)
        } else {
            Assign::Keep(f)
        }
    });
    writes.chain(stamps(meta).map(Assign::Now)).collect()
}

/// The columns a full replace sets, in order: the writable ones, then the update times;
/// the generated `bind_replace` binds them in this order, then the id.
pub(crate) fn replace_plan(meta: &'static ResourceMeta) -> Vec<&'static FieldMeta> {
    let writes = meta.fields.iter().filter(|f| f.access.writable());
    writes.chain(stamps(meta)).collect()
}

fn stamps(meta: &'static ResourceMeta) -> impl Iterator<Item = &'static FieldMeta> {
    meta.fields.iter().filter(|f| f.auto == Auto::UpdatedAt)
}

/// The id column (the macro checks there is exactly one).
pub(crate) fn id_column(meta: &ResourceMeta) -> &'static str {
    meta.fields
        .iter()
        .find(|f| f.access == Access::Id)
        .map_or("id", |f| f.column)
}

/// Every column, in field order: what each statement selects or returns.
fn all_columns(meta: &ResourceMeta) -> Vec<Expr<'static>> {
    meta.fields.iter().map(|f| Expr::Column(f.column)).collect()
}

/// Assignments, or `id = id` when there are none: a statement that changes nothing but
/// still matches, locks and returns the row.
fn or_identity(
    mut set: Vec<(&'static str, Expr<'static>)>,
    id: &'static str,
) -> Vec<(&'static str, Expr<'static>)> {
    if set.is_empty() {
        set.push((id, Expr::Column(id)));
    }
    set
}

/// The fixed statements of one resource.
#[derive(Debug)]
pub struct Statements {
    /// `INSERT` of every column, by backend index.
    pub(crate) insert: [String; 2],
    /// `SELECT` one row by id.
    pub(crate) get: Scoped,
    /// `SELECT` one row by id, locking it for the rest of the transaction.
    pub(crate) lock: Scoped,
    /// `UPDATE ... RETURNING` of the writable columns, each kept when not sent.
    pub(crate) update: Scoped,
    /// `UPDATE ... RETURNING` setting every writable column from a merged row.
    pub(crate) replace: Scoped,
    /// `DELETE` by id.
    pub(crate) delete: Scoped,
    /// `SELECT 1` of a row of a tenant's resource, for each client-written reference to
    /// one: `(field, target, [sqlite, postgres])`.
    pub(crate) references: Vec<TenantReference>,
}

/// A `references` field a client writes whose target belongs to tenants: the row it names
/// must be in the caller's tenant, or the reference would cross tenants.
#[derive(Debug)]
pub(crate) struct TenantReference {
    pub(crate) field: &'static str,
    pub(crate) target: &'static ResourceMeta,
    /// `SELECT 1 FROM target WHERE id = ? AND tenant = ?`, by backend index.
    pub(crate) exists: [String; 2],
}

impl Statements {
    /// The text of one statement, for tests that compare it with SQL written by hand:
    /// `name` is `insert`, `get`, `lock`, `update`, `replace` or `delete`; `scope` is 0
    /// (unscoped), 1 (the tenant's rows) or 2 (the tenant's rows of one owner).
    #[doc(hidden)]
    pub fn text(&self, name: &str, scope: usize, backend: Backend) -> Option<&str> {
        let variant = [Variant::Unscoped, Variant::Tenant, Variant::Owner]
            .get(scope)
            .copied()?;
        let scoped = match name {
            "insert" => return Some(&self.insert[backend.index()]),
            "get" => &self.get,
            "lock" => &self.lock,
            "update" => &self.update,
            "replace" => &self.replace,
            "delete" => &self.delete,
            _ => return None,
        };
        Some(scoped.get(variant, backend.index()))
    }

    /// Renders every statement of `meta` for both backends and every scope variant.
    #[doc(hidden)]
    pub fn new(meta: &'static ResourceMeta) -> Statements {
        let table = meta.table;
        let id = id_column(meta);
        let by_id = || vec![Pred::eq(id)];
        let insert = Insert {
            table,
            columns: meta.fields.iter().map(|f| f.column).collect(),
            source: Source::Values,
        };
        let select = |filter: Vec<Pred<'static>>, lock: bool| Select {
            columns: all_columns(meta),
            from: table,
            filter,
            lock,
            ..Select::default()
        };
        let update_set: Vec<(&'static str, Expr<'static>)> = update_plan(meta)
            .into_iter()
            .map(|assign| match assign {
                Assign::Keep(f) => (
                    f.column,
                    Expr::Coalesce(Box::new(Expr::Param), Box::new(Expr::Column(f.column))),
                ),
                Assign::Flagged(f) => (
                    f.column,
                    Expr::Case(
                        Box::new(Expr::Param),
                        Box::new(Expr::Param),
                        Box::new(Expr::Column(f.column)),
                    ),
                ),
                Assign::Now(f) => (f.column, Expr::Param),
            })
            .collect();
        let update_set = or_identity(update_set, id);
        let replace_set = or_identity(
            replace_plan(meta)
                .into_iter()
                .map(|f| (f.column, Expr::Param))
                .collect(),
            id,
        );
        let update = |set: &Vec<(&'static str, Expr<'static>)>, filter| Update {
            table,
            set: set.clone(),
            filter,
            returning: all_columns(meta),
        };
        Statements {
            insert: [
                insert.render(Backend::Sqlite),
                insert.render(Backend::Postgres),
            ],
            get: Scoped::new(meta, by_id(), |f| select(f, false)),
            lock: Scoped::new(meta, by_id(), |f| select(f, true)),
            update: Scoped::new(meta, by_id(), |f| update(&update_set, f)),
            replace: Scoped::new(meta, by_id(), |f| update(&replace_set, f)),
            delete: Scoped::new(meta, by_id(), |filter| Delete {
                table,
                filter,
                returning: Vec::new(),
            }),
            references: tenant_references(meta),
        }
    }
}

fn tenant_references(meta: &'static ResourceMeta) -> Vec<TenantReference> {
    meta.fields
        .iter()
        .filter(|f| f.access.writable())
        .filter_map(|f| {
            let target = (f.references?)();
            let tenant = target.field(target.tenant?)?.column;
            let exists = Select {
                columns: vec![Expr::Int(1)],
                from: target.table,
                filter: vec![Pred::eq(id_column(target)), Pred::eq(tenant)],
                ..Select::default()
            };
            Some(TenantReference {
                field: f.name,
                target,
                exists: [
                    exists.render(Backend::Sqlite),
                    exists.render(Backend::Postgres),
                ],
            })
        })
        .collect()
}

/// The statements of one transition: the conditional update and the read of the current
/// state that explains a refusal.
pub(crate) struct TransitionStatements {
    /// `UPDATE ... SET state = ?, updated_at = ? WHERE id = ? AND state IN (sources)
    /// [scope] RETURNING ...`: atomic, so concurrent requests cannot both win.
    pub(crate) update: Scoped,
    /// `SELECT state` by id.
    pub(crate) current: Scoped,
    /// How many update times the update sets after the state.
    pub(crate) stamps: usize,
}

/// The statements of `transition` on `meta`, whose state is stored in `state`.
pub(crate) fn transition(
    meta: &'static ResourceMeta,
    state: &'static FieldMeta,
    transition: &TransitionMeta,
) -> TransitionStatements {
    let id = id_column(meta);
    let mut set = vec![(state.column, Expr::Param)];
    set.extend(stamps(meta).map(|f| (f.column, Expr::Param)));
    let stamps = set.len() - 1;
    let first = vec![
        Pred::eq(id),
        Pred::In(Expr::Column(state.column), transition.from.len()),
    ];
    TransitionStatements {
        update: Scoped::new(meta, first, |filter| Update {
            table: meta.table,
            set: set.clone(),
            filter,
            returning: all_columns(meta),
        }),
        current: Scoped::new(meta, vec![Pred::eq(id)], |filter| Select {
            columns: vec![Expr::Column(state.column)],
            from: meta.table,
            filter,
            ..Select::default()
        }),
        stamps,
    }
}

/// The columns of a history entry, in the order the insert binds them (`seq` is numbered
/// by the statement itself).
const HISTORY_COLUMNS: [&str; 9] = [
    "id",
    "subject_id",
    "seq",
    "action",
    "from_state",
    "to_state",
    "body",
    "actor",
    "at",
];

/// The statements of a resource's transition history, by backend index: the insert that
/// numbers an entry after the row's last one, and one page of a row's entries after a
/// number.
pub(crate) fn history(meta: &ResourceMeta) -> ([String; 2], [String; 2]) {
    let table = super::history_table(meta);
    let table = table.as_str();
    let insert = Insert {
        table,
        columns: HISTORY_COLUMNS.to_vec(),
        source: Source::Select(Box::new(Select {
            columns: HISTORY_COLUMNS
                .iter()
                .map(|c| match *c {
                    "seq" => Expr::next_number("seq"),
                    _ => Expr::Param,
                })
                .collect(),
            from: table,
            filter: vec![Pred::eq("subject_id")],
            ..Select::default()
        })),
    };
    let list = Select {
        columns: HISTORY_COLUMNS[2..]
            .iter()
            .map(|c| Expr::Column(c))
            .collect(),
        from: table,
        filter: vec![
            Pred::eq("subject_id"),
            Pred::Cmp(Expr::Column("seq"), super::statement::Cmp::Gt, Expr::Param),
        ],
        order: vec![super::statement::Order {
            expr: Expr::Column("seq"),
            desc: false,
        }],
        limit: true,
        ..Select::default()
    };
    (
        [
            insert.render(Backend::Sqlite),
            insert.render(Backend::Postgres),
        ],
        [list.render(Backend::Sqlite), list.render(Backend::Postgres)],
    )
}
