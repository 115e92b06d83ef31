//! Every keyword of the DSL, defined once. Parsers match against these tables and the
//! "expected one of" lists in error messages are generated from them, so the two cannot
//! drift apart.

/// A keyword and the syntax it accepts, shown in errors.
pub(crate) struct Keyword {
    pub(crate) name: &'static str,
    pub(crate) syntax: &'static str,
}

const fn kw(name: &'static str, syntax: &'static str) -> Keyword {
    Keyword { name, syntax }
}

/// `#[resource(...)]` options.
pub(crate) const RESOURCE: &[Keyword] = &[
    kw("path", "path = \"/orders\""),
    kw("table", "table = \"orders\""),
    kw("tag", "tag = \"orders\""),
    kw(
        "operations",
        "operations(create, get, list, update, delete)",
    ),
    kw("default_sort", "default_sort = \"-created_at\""),
    kw("page_size", "page_size = 20"),
    kw("max_page_size", "max_page_size = 100"),
    kw("pagination", "pagination = \"cursor\" | \"offset\""),
    kw("max_offset", "max_offset = 10000"),
    kw(
        "validate",
        "validate(custom = check_fn, custom_async = check_with_db_fn)",
    ),
    kw(
        "access",
        "access(read = public, write = roles(\"admin\"), any_owner = roles(\"staff\"))",
    ),
];

/// Keys of `#[resource(access(...))]`.
pub(crate) const ACCESS: &[Keyword] = &[
    kw("create", "create = roles(\"customer\")"),
    kw("get", "get = authenticated"),
    kw("list", "list = authenticated"),
    kw("update", "update = roles(\"staff\")"),
    kw("delete", "delete = roles(\"admin\")"),
    kw("read", "read = public"),
    kw("write", "write = roles(\"admin\")"),
    kw("all", "all = authenticated"),
    kw("any_owner", "any_owner = roles(\"staff\", \"admin\")"),
];

/// `#[endpoint(method, "/path", ...)]` options.
pub(crate) const ENDPOINT: &[Keyword] = &[
    kw("status", "status = 202"),
    kw("tag", "tag = \"Reports\""),
    kw("resource", "resource = Order"),
    kw("roles", "roles(\"staff\", \"admin\")"),
    kw("public", "public"),
    kw("deprecated", "deprecated"),
    kw("problems", "problems(RefundProblem)"),
];

/// `#[field(...)]` options.
pub(crate) const FIELD: &[Keyword] = &[
    kw("id", "id"),
    kw("read_only", "read_only"),
    kw("write_only", "write_only"),
    kw("hidden", "hidden"),
    kw("unique", "unique"),
    kw("rename", "rename = \"jsonName\""),
    kw("column", "column = \"sql_name\""),
    kw("default", "default = <expr>"),
    kw("references", "references = OtherResource"),
    kw("created_at", "created_at"),
    kw("updated_at", "updated_at"),
    kw("filterable", "filterable"),
    kw("sortable", "sortable"),
    kw("state", "state"),
    kw("history", "history"),
    kw("owner", "owner"),
    kw("tenant", "tenant"),
    kw("validate", "validate(length(min = 1, max = 80), ...)"),
];

/// Rules inside `#[field(validate(...))]`.
pub(crate) const RULE: &[Keyword] = &[
    kw("length", "length(min = 1, max = 80)"),
    kw("range", "range(min = 1, max = 10)"),
    kw("pattern", "pattern = \"^[a-z]+$\""),
    kw("email", "email"),
    kw("url", "url"),
    kw("non_empty", "non_empty"),
    kw("one_of", "one_of(\"a\", \"b\")"),
    kw("items", "items(min = 1, max = 50)"),
    kw("unique_items", "unique_items"),
    kw("custom", "custom = path::to::function"),
];

/// Options of `validate(...)` on a resource.
pub(crate) const STRUCT_RULE: &[Keyword] = &[
    kw("custom", "custom = path::to::function"),
    kw("custom_async", "custom_async = path::to::async_function"),
];

/// `#[field(...)]` options on an `#[object]` struct's fields.
pub(crate) const OBJECT_FIELD: &[Keyword] = &[
    kw("rename", "rename = \"jsonName\""),
    kw("validate", "validate(length(min = 1, max = 80), ...)"),
];

/// Operation names inside `operations(...)`.
pub(crate) const OPERATION: &[Keyword] = &[
    kw("create", "create"),
    kw("get", "get"),
    kw("list", "list"),
    kw("update", "update"),
    kw("delete", "delete"),
];

/// `#[variant(...)]` options on an enum variant.
pub(crate) const VARIANT: &[Keyword] = &[kw("rename", "rename = \"wire-name\"")];

/// "expected one of `a`, `b`, `c`" (or "expected `a`") for a table.
pub(crate) fn expected_one_of(table: &[Keyword]) -> String {
    let names: Vec<String> = table.iter().map(|k| format!("`{}`", k.name)).collect();
    match names.as_slice() {
        [one] => format!("expected {one}"),
        _ => format!("expected one of {}", names.join(", ")),
    }
}

/// The keyword named `name` in `table`.
pub(crate) fn lookup(table: &'static [Keyword], name: &str) -> Option<&'static Keyword> {
    table.iter().find(|k| k.name == name)
}

/// `#[problem(...)]` options on a variant of a `#[derive(Problem)]` enum.
pub(crate) const PROBLEM: &[Keyword] = &[
    kw("status", "status = 409"),
    kw("slug", "slug = \"already-refunded\""),
    kw("title", "title = \"Order already refunded\""),
    kw(
        "detail",
        "detail = \"order {order} was refunded on {when}\"",
    ),
];

/// `#[state_machine(...)]` options.
pub(crate) const STATE_MACHINE: &[Keyword] = &[kw(
    "transition",
    "transition(confirm, from(Pending), to = Confirmed)",
)];

/// Options of `transition(action, ...)`, after its action name.
pub(crate) const TRANSITION: &[Keyword] = &[
    kw("from", "from(Pending, Confirmed)"),
    kw("to", "to = Confirmed"),
    kw("roles", "roles(\"staff\", \"admin\")"),
    kw("guard", "guard = path::to::guard_fn"),
    kw("after", "after = path::to::after_fn"),
    kw("body", "body = CancelRequest"),
];

/// `#[state(...)]` options on a variant of a `#[state_machine]` enum.
pub(crate) const STATE: &[Keyword] = &[kw("initial", "initial"), kw("terminal", "terminal")];
