//! Every keyword of the DSL, defined once. Each attribute grammar is one enum generated
//! by [`keywords!`] from its table: parsers match on the enum without a `_` arm, so a
//! keyword added to a table without its parse branch does not compile, and the "expected
//! one of" lists in error messages are generated from the same tables.

/// A keyword and the syntax it accepts, shown in errors.
pub(crate) struct Keyword {
    pub(crate) name: &'static str,
    pub(crate) syntax: &'static str,
}

/// The keywords of one attribute grammar, as an enum.
pub(crate) trait Keywords: Copy + 'static {
    /// Every keyword, in the order of the table (and of the enum's variants).
    const ALL: &'static [Keyword];

    /// The keyword written as `name`.
    fn from_name(name: &str) -> Option<Self>;

    /// Its entry in [`Self::ALL`].
    fn keyword(self) -> &'static Keyword;

    /// The keyword as written.
    fn name(self) -> &'static str {
        self.keyword().name
    }

    /// The syntax it accepts, e.g. `status = 409`.
    fn syntax(self) -> &'static str {
        self.keyword().syntax
    }
}

/// Declares one grammar: `enum $Enum { Variant = "name" => "syntax", ... }` becomes the
/// enum and its [`Keywords`] impl, whose table lists the keywords in the order written.
macro_rules! keywords {
    ($(
        $(#[$doc:meta])*
        enum $Enum:ident {
            $($Variant:ident = $name:literal => $syntax:expr,)+
        }
    )*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub(crate) enum $Enum {
            $($Variant,)+
        }

        impl Keywords for $Enum {
            const ALL: &'static [Keyword] = &[$(Keyword { name: $name, syntax: $syntax },)+];

            fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($name => Some(Self::$Variant),)+
                    _ => None,
                }
            }

            fn keyword(self) -> &'static Keyword {
                // The variants are declared in the order of the table.
                &Self::ALL[self as usize]
            }
        }
    )*};
}

keywords! {
    /// `#[resource(...)]` options.
    enum ResourceKw {
        Path = "path" => "path = \"/orders\"",
        Table = "table" => "table = \"orders\"",
        Tag = "tag" => "tag = \"orders\"",
        Operations = "operations" => "operations(create, get, list, update, delete)",
        DefaultSort = "default_sort" => "default_sort = \"-created_at\"",
        PageSize = "page_size" => "page_size = 20",
        MaxPageSize = "max_page_size" => "max_page_size = 100",
        Pagination = "pagination" => "pagination = \"cursor\" | \"offset\"",
        MaxOffset = "max_offset" => "max_offset = 10000",
        Validate = "validate" => "validate(custom = check_fn, custom_async = check_with_db_fn)",
        Access = "access" => "access(read = public, write = roles(\"admin\"), any_owner = roles(\"staff\"))",
        Envelope = "envelope" => "envelope(items = \"data\", page = \"pagination\")",
        Contract = "contract" => "contract(ids(list = \"listAllOrders\")) or contract = skip",
    }

    /// Options of `#[resource(contract(...))]`.
    enum ContractKw {
        Ids = "ids" => "ids(create = \"placeOrder\", list = \"listAllOrders\")",
        Skip = "skip" => "skip",
    }

    /// Members of `#[resource(envelope(...))]`: the list body's member names.
    enum EnvelopeKw {
        Items = "items" => "items = \"data\"",
        Page = "page" => "page = \"pagination\"",
    }

    /// Keys of `#[resource(access(...))]`.
    enum AccessKw {
        Create = "create" => "create = roles(\"customer\")",
        Get = "get" => "get = authenticated",
        List = "list" => "list = authenticated",
        Update = "update" => "update = roles(\"staff\")",
        Delete = "delete" => "delete = roles(\"admin\")",
        Read = "read" => "read = public",
        Write = "write" => "write = roles(\"admin\")",
        All = "all" => "all = authenticated",
        AnyOwner = "any_owner" => "any_owner = roles(\"staff\", \"admin\")",
    }

    /// Values of an access key: who it admits.
    enum AllowKw {
        Public = "public" => "public",
        Authenticated = "authenticated" => "authenticated",
        Roles = "roles" => "roles(\"...\")",
    }

    /// Operation names inside `operations(...)`.
    enum OperationKw {
        Create = "create" => "create",
        Get = "get" => "get",
        List = "list" => "list",
        Update = "update" => "update",
        Delete = "delete" => "delete",
    }

    /// Options of `validate(...)` on a resource.
    enum StructRuleKw {
        Custom = "custom" => "custom = path::to::function",
        CustomAsync = "custom_async" => "custom_async = path::to::async_function",
    }

    /// `#[field(...)]` options.
    enum FieldKw {
        Id = "id" => "id",
        ReadOnly = "read_only" => "read_only",
        WriteOnly = "write_only" => "write_only",
        Hidden = "hidden" => "hidden",
        Unique = "unique" => "unique",
        Rename = "rename" => "rename = \"jsonName\"",
        Column = "column" => "column = \"sql_name\"",
        Default = "default" => "default = <expr>",
        References = "references" => "references = OtherResource",
        CreatedAt = "created_at" => "created_at",
        UpdatedAt = "updated_at" => "updated_at",
        Filterable = "filterable" => "filterable",
        Sortable = "sortable" => "sortable",
        State = "state" => "state",
        History = "history" => "history",
        Owner = "owner" => "owner",
        Tenant = "tenant" => "tenant",
        Validate = "validate" => "validate(length(min = 1, max = 80), ...)",
    }

    /// `#[field(...)]` options on an `#[object]` struct's fields.
    enum ObjectFieldKw {
        Rename = "rename" => "rename = \"jsonName\"",
        Validate = "validate" => "validate(length(min = 1, max = 80), ...)",
    }

    /// Rules inside `#[field(validate(...))]`.
    enum RuleKw {
        Length = "length" => "length(min = 1, max = 80)",
        Range = "range" => "range(min = 1, max = 10)",
        Pattern = "pattern" => "pattern = \"^[a-z]+$\"",
        Email = "email" => "email",
        Url = "url" => "url",
        NonEmpty = "non_empty" => "non_empty",
        OneOf = "one_of" => "one_of(\"a\", \"b\")",
        Items = "items" => "items(min = 1, max = 50)",
        UniqueItems = "unique_items" => "unique_items",
        Each = "each" => "each(length(min = 1, max = 30))",
        Custom = "custom" => "custom = path::to::function",
    }

    /// Bounds inside `length(...)` and `items(...)`.
    enum CountKw {
        Min = "min" => "min = <integer>",
        Max = "max" => "max = <integer>",
    }

    /// Bounds inside `range(...)`.
    enum RangeKw {
        Min = "min" => "min = 1",
        Max = "max" => "max = 10",
        ExclusiveMin = "exclusive_min" => "exclusive_min = 0.0",
        ExclusiveMax = "exclusive_max" => "exclusive_max = 1.0",
    }

    /// `#[endpoint(method, "/path", ...)]` options.
    enum EndpointKw {
        Status = "status" => "status = 202",
        Tag = "tag" => "tag = \"Reports\"",
        Resource = "resource" => "resource = Order",
        Roles = "roles" => "roles(\"staff\", \"admin\")",
        Public = "public" => "public",
        Deprecated = "deprecated" => "deprecated",
        Problems = "problems" => "problems(RefundProblem)",
        OperationId = "operation_id" => "operation_id = \"refundOrder\"",
    }

    /// The method of `#[endpoint(method, "/path")]`.
    enum MethodKw {
        Get = "get" => "get",
        Post = "post" => "post",
        Put = "put" => "put",
        Patch = "patch" => "patch",
        Delete = "delete" => "delete",
    }

    /// `#[variant(...)]` options on an enum variant.
    enum VariantKw {
        Rename = "rename" => "rename = \"wire-name\"",
    }

    /// `#[problem(...)]` options on a variant of a `#[derive(Problem)]` enum.
    enum ProblemKw {
        Status = "status" => "status = 409",
        Slug = "slug" => "slug = \"already-refunded\"",
        Title = "title" => "title = \"Order already refunded\"",
        Detail = "detail" => "detail = \"order {order} was refunded on {when}\"",
    }

    /// `#[state_machine(...)]` options.
    enum MachineKw {
        Transition = "transition" => "transition(confirm, from(Pending), to = Confirmed)",
    }

    /// Options of `transition(action, ...)`, after its action name.
    enum TransitionKw {
        From = "from" => "from(Pending, Confirmed)",
        To = "to" => "to = Confirmed",
        Roles = "roles" => "roles(\"staff\", \"admin\")",
        Guard = "guard" => "guard = path::to::guard_fn",
        After = "after" => "after = path::to::after_fn",
        Body = "body" => "body = CancelRequest",
    }

    /// `#[state(...)]` options on a variant of a `#[state_machine]` enum.
    enum StateKw {
        Initial = "initial" => "initial",
        Terminal = "terminal" => "terminal",
    }
}

/// "expected one of `a`, `b`, `c`" (or "expected `a`") for a table.
pub(crate) fn expected_one_of(table: &[Keyword]) -> String {
    match table {
        [_] => format!("expected {}", names(table)),
        _ => format!("expected one of {}", names(table)),
    }
}

/// "`a`, `b`, `c`": the names of a table.
pub(crate) fn names(table: &[Keyword]) -> String {
    let names: Vec<String> = table.iter().map(|k| format!("`{}`", k.name)).collect();
    names.join(", ")
}

/// "`a`, `b` or `c`": the names of a table.
pub(crate) fn either_name(table: &[Keyword]) -> String {
    or_list(table.iter().map(|k| k.name))
}

/// "`a = 1`, `b(...)` or `c`": the syntax of each keyword of a table.
pub(crate) fn either_syntax(table: &[Keyword]) -> String {
    or_list(table.iter().map(|k| k.syntax))
}

fn or_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.map(|i| format!("`{i}`")).collect();
    match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_keyword_names_its_variant_and_back() {
        fn round_trip<K: Keywords + PartialEq + std::fmt::Debug>() {
            for (i, k) in K::ALL.iter().enumerate() {
                let kw = K::from_name(k.name).expect("listed");
                assert_eq!(kw.name(), k.name);
                assert_eq!(kw.syntax(), K::ALL[i].syntax);
            }
        }
        round_trip::<ResourceKw>();
        round_trip::<AccessKw>();
        round_trip::<AllowKw>();
        round_trip::<OperationKw>();
        round_trip::<StructRuleKw>();
        round_trip::<FieldKw>();
        round_trip::<ObjectFieldKw>();
        round_trip::<RuleKw>();
        round_trip::<CountKw>();
        round_trip::<RangeKw>();
        round_trip::<EndpointKw>();
        round_trip::<MethodKw>();
        round_trip::<VariantKw>();
        round_trip::<ProblemKw>();
        round_trip::<MachineKw>();
        round_trip::<TransitionKw>();
        round_trip::<StateKw>();
    }

    #[test]
    fn lists_in_messages_are_written_like_prose() {
        assert_eq!(
            either_name(RangeKw::ALL),
            "`min`, `max`, `exclusive_min` or `exclusive_max`"
        );
        assert_eq!(
            either_syntax(CountKw::ALL),
            "`min = <integer>` or `max = <integer>`"
        );
        assert_eq!(
            either_syntax(AllowKw::ALL),
            "`public`, `authenticated` or `roles(\"...\")`"
        );
        assert_eq!(
            expected_one_of(MethodKw::ALL),
            "expected one of `get`, `post`, `put`, `patch`, `delete`"
        );
    }
}
