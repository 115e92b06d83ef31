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

use crate::model::SqlType;
use crate::model::{Access, FieldMeta, ResourceMeta};
use crate::problem::{Problem, ProblemType};
use crate::sql::Backend;
use crate::sql::Variant;
pub(crate) use crate::sql::list::Statement;
use crate::sql::list::{Bounds, Page};
pub(crate) use crate::sql::list::{Filter, Op, SortKey};
use crate::sql::value::SqlValue;
use cursor::{Cursor, Direction};

pub(crate) mod cursor;

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
    /// The cursor tag's HMAC, keyed once with the API's cursor secret; each cursor
    /// clones it rather than deriving the key again (two SHA-256 blocks per call).
    pub(crate) mac: Arc<cursor::CursorKey>,
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
    pub(crate) fn new(meta: &'static ResourceMeta, key: Arc<cursor::CursorKey>) -> ListPlan {
        let fields: Vec<FieldPlan> = meta
            .fields
            .iter()
            .map(|f| {
                let values = f
                    .values
                    .map(|vs| vs.iter().map(|v| (*v).to_owned()).collect::<Vec<_>>());
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
            id,
            default_sort: Vec::new(),
            mac: key,
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
        for part in raw.split(',') {
            if part.is_empty() {
                let detail = if raw.is_empty() {
                    "`sort` is empty; leave it out for the default order".to_owned()
                } else {
                    format!("`sort` has an empty entry in `{raw}`")
                };
                return Err(param_problem("sort", detail));
            }
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

/// The most filter terms one list request may have: each is a predicate of the statement,
/// and SQLite refuses expressions deeper than 1,000 terms (a 500 before this limit).
pub(crate) const MAX_FILTERS: usize = 32;

/// The most values one `field[in]` may list.
pub(crate) const MAX_IN_VALUES: usize = 100;

/// A query value that is a non-negative integer written in digits only: `+5`, ` 5` and
/// `5.0` are not how the document writes an integer, so they are refused rather than read
/// as 5. `None` also when it does not fit `T`.
pub(crate) fn unsigned<T: std::str::FromStr>(text: &str) -> Option<T> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
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
            _ => {
                if filters.len() == MAX_FILTERS {
                    return Err(param_problem(
                        &key,
                        format!("a list takes at most {MAX_FILTERS} filters; `{key}` is one more"),
                    ));
                }
                filters.push(parse_filter(plan, &key, &value)?);
            }
        }
    }
    let keys = match sort.as_deref() {
        Some(raw) => plan.with_tiebreaker(plan.parse_sort(raw)?),
        None => plan.default_keys.clone(),
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
                Some(text) => unsigned::<u64>(text)
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
    if op == Op::In && parts.len() > MAX_IN_VALUES {
        return Err(param_problem(
            key,
            format!("`{key}` takes at most {MAX_IN_VALUES} values"),
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

/// The request as the statement layer takes it.
fn page<'q>(query: &'q ListQuery) -> Page<'q> {
    let bounds = match &query.window {
        Window::Keyset { limit, cursor } => Bounds::Keyset {
            from: cursor.as_ref().map(|c| (&c.keys[..], c.direction)),
            limit: *limit as u64,
        },
        Window::Offset { page, page_size } => Bounds::Offset {
            offset: (page - 1) * page_size,
            page_size: *page_size,
        },
    };
    Page {
        scope: &query.scope,
        filters: &query.filters,
        sort: &query.sort,
        bounds,
    }
}

/// The page statement: written by the statement layer, or kept from an earlier request
/// when it is a plain one (no filters, the default sort, keyset pages), whose text never
/// changes.
pub(crate) fn select(plan: &ListPlan, backend: Backend, query: &ListQuery) -> Statement {
    let slot = plain_slot(plan, backend, query);
    if let Some(text) = slot.and_then(OnceLock::get) {
        let values = plain_values(query);
        debug_assert_eq!(
            values,
            crate::sql::list::page(plan.meta, backend, &page(query)).values
        );
        return Statement::kept(text.clone(), values);
    }
    let st = crate::sql::list::page(plan.meta, backend, &page(query));
    if let Some(slot) = slot {
        let _ = slot.set(st.shared_text());
    }
    st
}

/// `SELECT COUNT(*)` under the same filters, for offset pagination's totals.
pub(crate) fn count(plan: &ListPlan, backend: Backend, query: &ListQuery) -> Statement {
    crate::sql::list::count(plan.meta, backend, &page(query))
}

/// Where the text of `query`'s page statement is kept, if it is a plain one.
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
    Some(&plan.plain[backend.index()][query.variant as usize][cursor])
}

/// The values a plain page statement binds, in the order the statement layer binds them:
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SqlType;

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
