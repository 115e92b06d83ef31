//! The list query model: filters, sort keys and the keyset or offset page, parsed from the
//! query string against the resource's whitelist and turned into one `SELECT` whose text
//! is assembled only from compile-time column names; every value is a bound parameter.
//!
//! Query syntax (one documented language, shown as parameters in OpenAPI):
//! `field=v` or `field[eq]=v`, `field[ne]=v`, `field[in]=a,b`, `field[lt|lte|gt|gte]=v`
//! for numbers, dates and times, `field[prefix]=v` and `field[contains]=v` for text
//! (case-sensitive, wildcards escaped), `field[null]=true|false` for nullable fields;
//! `sort=-created_at,name`; `limit` and `cursor`, or `page` and `page_size`.

use std::fmt::Write;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, OnceLock};

use sqlx::postgres::PgArguments;
use sqlx::sqlite::SqliteArguments;
use utoipa::openapi::schema::Schema;

use crate::model::SqlType;
use crate::model::{Access, FieldMeta, ResourceMeta};
use crate::problem::{Problem, ProblemType};
use crate::sql::Backend;
use crate::sql::Variant;
use crate::sql::value::SqlValue;
use cursor::{Cursor, Direction};

pub(crate) mod cursor;

/// A filter operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Op {
    Eq,
    Ne,
    In,
    Lt,
    Lte,
    Gt,
    Gte,
    Prefix,
    Contains,
    Null,
}

impl Op {
    pub(crate) const ALL: [Op; 10] = [
        Op::Eq,
        Op::Ne,
        Op::In,
        Op::Lt,
        Op::Lte,
        Op::Gt,
        Op::Gte,
        Op::Prefix,
        Op::Contains,
        Op::Null,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Ne => "ne",
            Op::In => "in",
            Op::Lt => "lt",
            Op::Lte => "lte",
            Op::Gt => "gt",
            Op::Gte => "gte",
            Op::Prefix => "prefix",
            Op::Contains => "contains",
            Op::Null => "null",
        }
    }

    /// Whether a field of this kind accepts the operator.
    pub(crate) fn allowed(self, field: &FieldPlan) -> bool {
        match self {
            Op::Eq | Op::Ne | Op::In => true,
            Op::Lt | Op::Lte | Op::Gt | Op::Gte => field.ordered,
            Op::Prefix | Op::Contains => field.text,
            Op::Null => field.meta.nullable,
        }
    }

    pub(crate) fn description(self) -> &'static str {
        match self {
            Op::Eq => "equal to",
            Op::Ne => "not equal to",
            Op::In => "one of (comma-separated)",
            Op::Lt => "less than",
            Op::Lte => "at most",
            Op::Gt => "greater than",
            Op::Gte => "at least",
            Op::Prefix => "starts with (case-sensitive)",
            Op::Contains => "contains (case-sensitive)",
            Op::Null => "`true`: is null; `false`: is not null",
        }
    }
}

/// What the list handler knows about one field, computed once at registration.
pub(crate) struct FieldPlan {
    pub(crate) meta: &'static FieldMeta,
    /// Numbers, dates and times: ordered comparisons make sense.
    pub(crate) ordered: bool,
    /// Free text (not an enum): prefix and substring matching make sense.
    pub(crate) text: bool,
    /// Allowed values, for enums.
    pub(crate) values: Option<Vec<String>>,
}

/// Per-resource list configuration, computed once at registration.
pub(crate) struct ListPlan {
    pub(crate) meta: &'static ResourceMeta,
    pub(crate) fields: Vec<FieldPlan>,
    pub(crate) id: usize,
    pub(crate) default_sort: Vec<SortKey>,
    pub(crate) secret: std::sync::Arc<[u8]>,
    /// The quoted column list every page selects, written once.
    columns: String,
    /// The default sort with the id as tiebreaker: the keys of a request without `sort`.
    default_keys: Vec<SortKey>,
    /// The canonical text of the default sort without filters, and its digest.
    default_signature: (String, String),
    /// The page statement of a request without filters or `sort`, per backend, scope
    /// variant and cursor (none, after, before), written by its first request: such pages
    /// are most of the traffic, and their text never changes.
    plain: [[[OnceLock<Arc<str>>; 3]; 3]; 2],
    /// The size of the last page body written, which the next one starts with as capacity.
    pub(crate) page_bytes: AtomicUsize,
}

impl ListPlan {
    pub(crate) fn new(meta: &'static ResourceMeta, secret: std::sync::Arc<[u8]>) -> ListPlan {
        let fields: Vec<FieldPlan> = meta
            .fields
            .iter()
            .map(|f| {
                let values = match (f.schema)() {
                    Schema::Object(o) => o.enum_values.map(|vs| {
                        vs.into_iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect::<Vec<_>>()
                    }),
                    _ => None,
                };
                let ordered = matches!(
                    f.sql_type,
                    SqlType::SmallInt
                        | SqlType::Int
                        | SqlType::BigInt
                        | SqlType::Real
                        | SqlType::Double
                        | SqlType::Timestamp
                        | SqlType::Date
                );
                let text = f.sql_type == SqlType::Text && values.is_none();
                FieldPlan {
                    meta: f,
                    ordered,
                    text,
                    values,
                }
            })
            .collect();
        let id = meta
            .fields
            .iter()
            .position(|f| f.access == Access::Id)
            .unwrap_or(0);
        let mut plan = ListPlan {
            meta,
            fields,
            columns: meta.column_list(),
            id,
            default_sort: Vec::new(),
            secret,
            default_keys: Vec::new(),
            default_signature: (String::new(), String::new()),
            plain: Default::default(),
            page_bytes: AtomicUsize::new(0),
        };
        // Checked at compile time; a failure here would be a macro bug, so fall back to id.
        plan.default_sort = plan.parse_sort(meta.list.default_sort).unwrap_or_default();
        plan.default_keys = plan.with_tiebreaker(plan.default_sort.clone());
        let canonical = plan.canonical(&plan.default_keys, &[]);
        let digest = cursor::digest(&canonical);
        plan.default_signature = (canonical, digest);
        plan
    }

    /// `keys` with the id appended unless they name it, so the order is total. The
    /// tiebreaker runs the same way as the last key, so `-x` means `-x,-id`: one direction
    /// throughout, a plain row comparison, and the `(x, id)` index read backwards.
    fn with_tiebreaker(&self, mut keys: Vec<SortKey>) -> Vec<SortKey> {
        if !keys.iter().any(|k| k.field == self.id) {
            let desc = keys.last().is_some_and(|k| k.desc);
            keys.push(SortKey {
                field: self.id,
                desc,
            });
        }
        keys
    }

    /// The text a cursor is bound to: the sort keys, then the filters in sorted order.
    fn canonical(&self, keys: &[SortKey], filters: &[Filter]) -> String {
        let mut text = String::with_capacity(64);
        for k in keys {
            let _ = write!(
                text,
                "{}{},",
                if k.desc { "-" } else { "" },
                self.fields[k.field].meta.name
            );
        }
        for f in filters {
            let _ = write!(text, "&{}", f.canonical);
        }
        text
    }

    fn field(&self, name: &str) -> Option<(usize, &FieldPlan)> {
        self.fields
            .iter()
            .enumerate()
            .find(|(_, f)| f.meta.name == name && f.meta.access.readable())
    }

    fn parse_sort(&self, raw: &str) -> Result<Vec<SortKey>, Problem> {
        let mut keys: Vec<SortKey> = Vec::new();
        for part in raw.split(',').filter(|p| !p.is_empty()) {
            let (desc, name) = match part.strip_prefix('-') {
                Some(name) => (true, name),
                None => (false, part.strip_prefix('+').unwrap_or(part)),
            };
            let sortable: Vec<&str> = self
                .fields
                .iter()
                .filter(|f| f.meta.sortable)
                .map(|f| f.meta.name)
                .collect();
            let field = match self.field(name) {
                Some((i, f)) if f.meta.sortable || i == self.id => i,
                _ => {
                    return Err(param_problem(
                        "sort",
                        format!(
                            "cannot sort by `{name}`; sortable fields: {}",
                            list_or_none(&sortable)
                        ),
                    ));
                }
            };
            if keys.iter().any(|k| k.field == field) {
                return Err(param_problem(
                    "sort",
                    format!("`{name}` appears more than once in `sort`"),
                ));
            }
            keys.push(SortKey { field, desc });
        }
        Ok(keys)
    }
}

fn list_or_none(names: &[&str]) -> String {
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}

pub(crate) fn param_problem(parameter: &str, detail: String) -> Problem {
    Problem::new(ProblemType::MALFORMED_REQUEST)
        .detail(detail)
        .with("parameter", parameter)
}

/// One `ORDER BY` key; the id is always the last one, so the order is total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SortKey {
    pub(crate) field: usize,
    pub(crate) desc: bool,
}

/// One parsed filter.
#[derive(Debug, Clone)]
pub(crate) struct Filter {
    pub(crate) field: usize,
    pub(crate) op: Op,
    pub(crate) values: Vec<SqlValue>,
    /// `field[null]=true`.
    pub(crate) is_null: bool,
    /// The parameter as sent, for the cursor's filter signature.
    pub(crate) canonical: String,
}

/// How the page is chosen.
#[derive(Debug)]
pub(crate) enum Window {
    Keyset {
        limit: usize,
        cursor: Option<Cursor>,
    },
    Offset {
        page: u64,
        page_size: u64,
    },
}

/// A parsed, checked list request.
#[derive(Debug)]
pub(crate) struct ListQuery {
    pub(crate) filters: Vec<Filter>,
    pub(crate) sort: Vec<SortKey>,
    pub(crate) window: Window,
    /// Digest of the canonical text of sort and filters, which a cursor is bound to
    /// (`cursor::digest`), computed once per request.
    pub(crate) signature: String,
    /// The caller's owner and tenant predicates (`access::Scope::predicates`).
    pub(crate) scope: Vec<(&'static str, SqlValue)>,
    /// Which predicates those are.
    pub(crate) variant: Variant,
}

impl ListQuery {
    /// Limits the query to what `scope` may read.
    pub(crate) fn scope_to(&mut self, scope: Vec<(&'static str, SqlValue)>, variant: Variant) {
        self.scope = scope;
        self.variant = variant;
    }
}

/// Parses the query string of a list request.
pub(crate) fn parse(plan: &ListPlan, query: &str) -> Result<ListQuery, Problem> {
    let list = &plan.meta.list;
    let offset_mode = list.max_offset.is_some();
    let mut filters = Vec::new();
    let mut sort = None;
    let (mut limit, mut cursor_text, mut page, mut page_size) = (None, None, None, None);
    let once = |slot: &Option<String>, name: &str| {
        if slot.is_some() {
            Err(param_problem(
                name,
                format!("`{name}` is given more than once"),
            ))
        } else {
            Ok(())
        }
    };
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        let (key, value) = (key.into_owned(), value.into_owned());
        // PostgreSQL text cannot hold NUL; refuse it on both backends alike.
        if key.contains('\0') || value.contains('\0') {
            return Err(param_problem(
                &key.replace('\0', "\\0"),
                "query parameters cannot contain the NUL character (%00)".to_owned(),
            ));
        }
        match key.as_str() {
            "limit" if !offset_mode => {
                once(&limit, "limit")?;
                limit = Some(value);
            }
            "cursor" if !offset_mode => {
                once(&cursor_text, "cursor")?;
                cursor_text = Some(value);
            }
            "page" if offset_mode => {
                once(&page, "page")?;
                page = Some(value);
            }
            "page_size" if offset_mode => {
                once(&page_size, "page_size")?;
                page_size = Some(value);
            }
            "sort" => {
                once(&sort, "sort")?;
                sort = Some(value);
            }
            _ => filters.push(parse_filter(plan, &key, &value)?),
        }
    }
    let keys = match sort.as_deref() {
        Some(raw) if !raw.is_empty() => plan.with_tiebreaker(plan.parse_sort(raw)?),
        _ => plan.default_keys.clone(),
    };
    filters.sort_by(|a, b| a.canonical.cmp(&b.canonical));
    let canonical = plan.canonical(&keys, &filters);
    // Most requests use the default sort and no filters: their digest is known already.
    let signature = if canonical == plan.default_signature.0 {
        plan.default_signature.1.clone()
    } else {
        cursor::digest(&canonical)
    };
    let number =
        |name: &str, raw: &Option<String>, default: u64, max: u64| -> Result<u64, Problem> {
            match raw {
                None => Ok(default),
                Some(text) => text
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| {
                        param_problem(
                            name,
                            format!("`{name}` must be an integer from 1 to {max}, not `{text}`"),
                        )
                    }),
            }
        };
    let window = match list.max_offset {
        None => {
            let limit = number(
                "limit",
                &limit,
                list.default_limit as u64,
                list.max_limit as u64,
            )? as usize;
            let cursor = match cursor_text {
                Some(text) => Some(cursor::decode(plan, &text, &signature, &keys)?),
                None => None,
            };
            Window::Keyset { limit, cursor }
        }
        Some(max_offset) => {
            let page_size = number(
                "page_size",
                &page_size,
                list.default_limit as u64,
                list.max_limit as u64,
            )?;
            let page = number("page", &page, 1, u64::MAX)?;
            if (page - 1).saturating_mul(page_size) > max_offset {
                return Err(param_problem(
                    "page",
                    format!(
                        "pages start at most {max_offset} items in; narrow the filters instead"
                    ),
                ));
            }
            Window::Offset { page, page_size }
        }
    };
    Ok(ListQuery {
        filters,
        sort: keys,
        window,
        signature,
        scope: Vec::new(),
        variant: Variant::Unscoped,
    })
}

fn parse_filter(plan: &ListPlan, key: &str, value: &str) -> Result<Filter, Problem> {
    let (name, op_name) = match key.split_once('[') {
        Some((name, rest)) => match rest.strip_suffix(']') {
            Some(op) => (name, op),
            None => {
                return Err(param_problem(
                    key,
                    format!("malformed filter `{key}`; write `field[op]=value`"),
                ));
            }
        },
        None => (key, "eq"),
    };
    let filterable: Vec<&str> = plan
        .fields
        .iter()
        .filter(|f| f.meta.filterable)
        .map(|f| f.meta.name)
        .collect();
    let Some((index, field)) = plan.field(name).filter(|(_, f)| f.meta.filterable) else {
        let accepted = if plan.meta.list.max_offset.is_some() {
            "page, page_size, sort"
        } else {
            "limit, cursor, sort"
        };
        return Err(param_problem(
            key,
            format!(
                "unknown query parameter `{key}`; accepted: {accepted}, and filters on {}",
                list_or_none(&filterable)
            ),
        ));
    };
    let op = Op::ALL
        .into_iter()
        .find(|o| o.name() == op_name && o.allowed(field))
        .ok_or_else(|| {
            let allowed: Vec<&str> = Op::ALL
                .iter()
                .filter(|o| o.allowed(field))
                .map(|o| o.name())
                .collect();
            param_problem(
                key,
                format!(
                    "`{name}` cannot be filtered with `{op_name}`; allowed: {}",
                    allowed.join(", ")
                ),
            )
        })?;
    let canonical = format!("{name}[{}]={value}", op.name());
    if op == Op::Null {
        let is_null = match value {
            "true" => true,
            "false" => false,
            _ => {
                return Err(param_problem(
                    key,
                    format!("`{key}` takes `true` or `false`, not `{value}`"),
                ));
            }
        };
        return Ok(Filter {
            field: index,
            op,
            values: Vec::new(),
            is_null,
            canonical,
        });
    }
    let parts: Vec<&str> = if op == Op::In {
        value.split(',').collect()
    } else {
        vec![value]
    };
    if op == Op::In && parts.len() > 100 {
        return Err(param_problem(
            key,
            format!("`{key}` takes at most 100 values"),
        ));
    }
    let mut values = Vec::with_capacity(parts.len());
    for part in parts {
        if let Some(allowed) = &field.values
            && !allowed.iter().any(|a| a == part)
        {
            return Err(param_problem(
                key,
                format!(
                    "`{part}` is not a {name} value; expected one of {}",
                    allowed.join(", ")
                ),
            ));
        }
        let parsed = SqlValue::parse(field.meta.sql_type, part).ok_or_else(|| {
            param_problem(
                key,
                format!(
                    "`{part}` is not a valid value for `{name}` ({})",
                    type_name(field.meta.sql_type)
                ),
            )
        })?;
        values.push(parsed);
    }
    Ok(Filter {
        field: index,
        op,
        values,
        is_null: false,
        canonical,
    })
}

fn type_name(ty: SqlType) -> &'static str {
    match ty {
        SqlType::Bool => "true or false",
        SqlType::SmallInt | SqlType::Int | SqlType::BigInt => "an integer",
        SqlType::Real | SqlType::Double => "a number",
        SqlType::Text => "text",
        SqlType::Uuid => "a UUID",
        SqlType::Timestamp => "an RFC 3339 date-time",
        SqlType::Date => "a date YYYY-MM-DD",
        SqlType::Json => "JSON",
    }
}

/// Escapes the wildcard characters of the backend's pattern language.
fn pattern(backend: Backend, text: &str, prefix: bool) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    match backend {
        // GLOB is case-sensitive, like PostgreSQL's LIKE; `[x]` matches `x` literally.
        Backend::Sqlite => {
            if !prefix {
                out.push('*');
            }
            for c in text.chars() {
                match c {
                    '*' | '?' | '[' => {
                        out.push('[');
                        out.push(c);
                        out.push(']');
                    }
                    c => out.push(c),
                }
            }
            out.push('*');
        }
        Backend::Postgres => {
            if !prefix {
                out.push('%');
            }
            for c in text.chars() {
                if matches!(c, '%' | '_' | '\\') {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('%');
        }
    }
    out
}

/// A statement under construction: text from checked names, values bound in order.
pub(crate) struct Statement {
    backend: Backend,
    sql: String,
    /// The text, when it was written before ([`ListPlan::plain`]) and `sql` is empty.
    cached: Option<Arc<str>>,
    pub(crate) values: Vec<SqlValue>,
}

impl Statement {
    fn new(backend: Backend) -> Self {
        Statement {
            backend,
            sql: String::with_capacity(256),
            cached: None,
            values: Vec::new(),
        }
    }

    /// The SQL text.
    pub(crate) fn text(&self) -> &str {
        self.cached.as_deref().unwrap_or(&self.sql)
    }

    fn bind(&mut self, value: SqlValue) {
        self.values.push(value);
        self.backend
            .write_placeholder(&mut self.sql, self.values.len());
    }

    pub(crate) fn sqlite_args(&self) -> Result<SqliteArguments<'_>, sqlx::error::BoxDynError> {
        let mut args = SqliteArguments::default();
        for v in &self.values {
            v.bind_sqlite(&mut args)?;
        }
        Ok(args)
    }

    pub(crate) fn pg_args(&self) -> Result<PgArguments, sqlx::error::BoxDynError> {
        let mut args = PgArguments::default();
        for v in &self.values {
            v.bind_pg(&mut args)?;
        }
        Ok(args)
    }
}

fn column(plan: &ListPlan, field: usize) -> &'static str {
    plan.fields[field].meta.column
}

/// A sort key as SQL. Text is ordered bytewise on PostgreSQL too (`COLLATE "C"`, matching
/// the sort index), so both backends page text in the same order as SQLite's default.
fn sort_expr(plan: &ListPlan, backend: Backend, field: usize) -> String {
    let meta = plan.fields[field].meta;
    if backend == Backend::Postgres && meta.sql_type == SqlType::Text {
        format!("\"{}\" COLLATE \"C\"", meta.column)
    } else {
        format!("\"{}\"", meta.column)
    }
}

fn push_filters(plan: &ListPlan, query: &ListQuery, st: &mut Statement) -> bool {
    let mut first = true;
    // The owner and tenant predicates come first: they are part of every statement.
    for (column, value) in &query.scope {
        st.sql.push_str(if first { " WHERE " } else { " AND " });
        first = false;
        let _ = write!(st.sql, "\"{column}\" = ");
        st.bind(value.clone());
    }
    for f in &query.filters {
        st.sql.push_str(if first { " WHERE " } else { " AND " });
        first = false;
        let col = column(plan, f.field);
        let _ = write!(st.sql, "\"{col}\"");
        match f.op {
            Op::Null => st.sql.push_str(if f.is_null {
                " IS NULL"
            } else {
                " IS NOT NULL"
            }),
            Op::In | Op::Eq | Op::Ne if f.values.len() == 1 => {
                st.sql.push_str(if f.op == Op::Ne { " <> " } else { " = " });
                st.bind(f.values[0].clone());
            }
            Op::In | Op::Eq | Op::Ne => {
                st.sql.push_str(" IN (");
                for (i, v) in f.values.iter().enumerate() {
                    if i > 0 {
                        st.sql.push_str(", ");
                    }
                    st.bind(v.clone());
                }
                st.sql.push(')');
            }
            Op::Lt | Op::Lte | Op::Gt | Op::Gte => {
                st.sql.push_str(match f.op {
                    Op::Lt => " < ",
                    Op::Lte => " <= ",
                    Op::Gt => " > ",
                    _ => " >= ",
                });
                st.bind(f.values[0].clone());
            }
            Op::Prefix | Op::Contains => {
                let SqlValue::Text(text) = &f.values[0] else {
                    continue;
                };
                let pat = pattern(st.backend, text, f.op == Op::Prefix);
                st.sql.push_str(if st.backend == Backend::Sqlite {
                    " GLOB "
                } else {
                    " LIKE "
                });
                st.bind(SqlValue::Text(pat));
                if st.backend == Backend::Postgres {
                    st.sql.push_str(" ESCAPE '\\'");
                }
            }
        }
    }
    !first
}

/// `(a, b, id) > (?, ?, ?)` when every key runs the same way (one index range on both
/// backends), else the expanded `a > ? OR (a = ? AND (b < ? OR ...))` form.
fn push_keyset(
    plan: &ListPlan,
    keys: &[SortKey],
    values: &[SqlValue],
    after: bool,
    st: &mut Statement,
) {
    let uniform = keys.iter().all(|k| k.desc == keys[0].desc);
    // Moving forward through an ascending key means larger values, and so on.
    let larger = |k: &SortKey| k.desc != after;
    if uniform {
        let cols: Vec<String> = keys
            .iter()
            .map(|k| sort_expr(plan, st.backend, k.field))
            .collect();
        let _ = write!(
            st.sql,
            "({}) {} (",
            cols.join(", "),
            if larger(&keys[0]) { ">" } else { "<" }
        );
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                st.sql.push_str(", ");
            }
            st.bind(v.clone());
        }
        st.sql.push(')');
        return;
    }
    st.sql.push('(');
    for i in 0..keys.len() {
        if i > 0 {
            st.sql.push_str(" OR ");
        }
        st.sql.push('(');
        for (j, key) in keys.iter().enumerate().take(i) {
            let _ = write!(st.sql, "{} = ", sort_expr(plan, st.backend, key.field));
            st.bind(values[j].clone());
            st.sql.push_str(" AND ");
        }
        let key = &keys[i];
        let _ = write!(
            st.sql,
            "{} {} ",
            sort_expr(plan, st.backend, key.field),
            if larger(key) { ">" } else { "<" }
        );
        st.bind(values[i].clone());
        st.sql.push(')');
    }
    st.sql.push(')');
}

/// The page statement: filters, keyset or offset, order, and one row more than the page so
/// the handler knows whether another page follows.
pub(crate) fn select(plan: &ListPlan, backend: Backend, query: &ListQuery) -> Statement {
    let slot = plain_slot(plan, backend, query);
    if let Some(text) = slot.and_then(OnceLock::get) {
        let values = plain_values(query);
        debug_assert_eq!(values, write_select(plan, backend, query).values);
        return Statement {
            backend,
            sql: String::new(),
            cached: Some(text.clone()),
            values,
        };
    }
    let st = write_select(plan, backend, query);
    if let Some(slot) = slot {
        let _ = slot.set(Arc::from(st.sql.as_str()));
    }
    st
}

/// Where the text of `query`'s page statement is kept, if it is a plain one: no filters,
/// the default sort, keyset pages.
fn plain_slot<'p>(
    plan: &'p ListPlan,
    backend: Backend,
    query: &ListQuery,
) -> Option<&'p OnceLock<Arc<str>>> {
    let Window::Keyset { cursor, .. } = &query.window else {
        return None;
    };
    if !query.filters.is_empty() || query.sort != plan.default_keys {
        return None;
    }
    let cursor = match cursor {
        None => 0,
        Some(c) if c.direction == Direction::After => 1,
        Some(_) => 2,
    };
    let backend = match backend {
        Backend::Sqlite => 0,
        Backend::Postgres => 1,
    };
    Some(&plan.plain[backend][query.variant as usize][cursor])
}

/// The values a plain page statement binds, in the order [`write_select`] binds them:
/// the scope's, the cursor's keys, the limit.
fn plain_values(query: &ListQuery) -> Vec<SqlValue> {
    let Window::Keyset { limit, cursor } = &query.window else {
        return Vec::new();
    };
    let keys = cursor.as_ref().map_or(&[][..], |c| &c.keys[..]);
    let mut values = Vec::with_capacity(query.scope.len() + keys.len() + 1);
    values.extend(query.scope.iter().map(|(_, v)| v.clone()));
    values.extend(keys.iter().cloned());
    values.push(SqlValue::Int(*limit as i64 + 1));
    values
}

fn write_select(plan: &ListPlan, backend: Backend, query: &ListQuery) -> Statement {
    let mut st = Statement::new(backend);
    let _ = write!(
        st.sql,
        "SELECT {} FROM \"{}\"",
        plan.columns, plan.meta.table
    );
    let has_where = push_filters(plan, query, &mut st);
    let mut reverse = false;
    let limit;
    match &query.window {
        Window::Keyset { limit: l, cursor } => {
            limit = *l as i64 + 1;
            if let Some(c) = cursor {
                st.sql.push_str(if has_where { " AND " } else { " WHERE " });
                reverse = c.direction == Direction::Before;
                push_keyset(plan, &query.sort, &c.keys, !reverse, &mut st);
            }
        }
        Window::Offset { page_size, .. } => limit = *page_size as i64 + 1,
    }
    st.sql.push_str(" ORDER BY ");
    for (i, k) in query.sort.iter().enumerate() {
        if i > 0 {
            st.sql.push_str(", ");
        }
        let _ = write!(
            st.sql,
            "{} {}",
            sort_expr(plan, backend, k.field),
            if k.desc != reverse { "DESC" } else { "ASC" }
        );
    }
    st.sql.push_str(" LIMIT ");
    st.bind(SqlValue::Int(limit));
    if let Window::Offset { page, page_size } = &query.window {
        st.sql.push_str(" OFFSET ");
        st.bind(SqlValue::Int(((page - 1) * page_size) as i64));
    }
    st
}

/// `SELECT COUNT(*)` under the same filters, for offset pagination's totals.
pub(crate) fn count(plan: &ListPlan, backend: Backend, query: &ListQuery) -> Statement {
    let mut st = Statement::new(backend);
    let _ = write!(st.sql, "SELECT COUNT(*) FROM \"{}\"", plan.meta.table);
    push_filters(plan, query, &mut st);
    st
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_escape_wildcards_on_both_backends() {
        assert_eq!(
            pattern(Backend::Postgres, "50%_off\\", true),
            "50\\%\\_off\\\\%"
        );
        assert_eq!(pattern(Backend::Postgres, "a", false), "%a%");
        assert_eq!(pattern(Backend::Sqlite, "a*b?[c", true), "a[*]b[?][[]c*");
        assert_eq!(pattern(Backend::Sqlite, "x", false), "*x*");
    }

    #[test]
    fn values_parse_by_type_and_reject_garbage() {
        assert_eq!(SqlValue::parse(SqlType::SmallInt, "40000"), None);
        assert_eq!(SqlValue::parse(SqlType::Int, "-3"), Some(SqlValue::Int(-3)));
        assert_eq!(SqlValue::parse(SqlType::Double, "NaN"), None);
        assert_eq!(SqlValue::parse(SqlType::Bool, "yes"), None);
        assert!(SqlValue::parse(SqlType::Timestamp, "2026-01-01T00:00:00+02:00").is_some());
        assert_eq!(SqlValue::parse(SqlType::Date, "2026-02-30"), None);
    }
}
