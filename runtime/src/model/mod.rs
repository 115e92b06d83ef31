//! What the runtime knows about a resource as plain data: its fields, their storage and
//! access, its operations, list options, access rules and state graph. Written by the
//! macros as constants; every layer above reads it, none writes it.

use utoipa::openapi::schema::Schema;

use crate::validate::Rule;

pub(crate) mod access;
pub(crate) mod principal;
pub(crate) mod state;

/// Static description of a resource, written by the macro.
#[derive(Debug)]
pub struct ResourceMeta {
    /// The Rust type name, also the schema name.
    pub name: &'static str,
    /// Collection path, e.g. `/orders`.
    pub path: &'static str,
    /// Table name.
    pub table: &'static str,
    /// OpenAPI tag.
    pub tag: &'static str,
    /// Plural used in operation ids (`listOrders`).
    pub plural: &'static str,
    /// The operation id of create, get, list, update and delete, in that order
    /// (`createOrder` ... unless `contract(ids(...))` renames them).
    pub operation_ids: [&'static str; 5],
    /// Doc comment of the struct.
    pub doc: &'static str,
    /// `file:line` of the declaration, for reports that point at it.
    pub declared: &'static str,
    /// Which operations are served.
    pub operations: Operations,
    /// Every stored field, in declaration order (the column order of every statement).
    pub fields: &'static [FieldMeta],
    /// How the list operation pages, sorts and filters.
    pub list: ListOptions,
    /// Struct-level rules (`validate(custom = ..., custom_async = ...)`), by function
    /// name; when there are any, an update reads the row, merges the patch and checks the
    /// result before writing it, in one transaction.
    pub row_rules: &'static [&'static str],
    /// `#[field(state, history)]`: every transition taken is recorded in
    /// `{table}_transitions` and listed at `GET {path}/{id}/transitions`.
    pub history: bool,
    /// Who may take each operation once the API has authentication.
    pub access: crate::model::access::AccessRules,
    /// `#[field(owner)]`: the JSON name of the field holding the owner's subject.
    pub owner: Option<&'static str>,
    /// `#[field(tenant)]`: the JSON name of the field holding the tenant.
    pub tenant: Option<&'static str>,
}

/// Paging of a resource's list operation.
#[derive(Debug)]
pub struct ListOptions {
    /// Page size when the client gives none.
    pub default_limit: usize,
    /// Largest page size a client may ask for.
    pub max_limit: usize,
    /// Sort used when the client gives none, in `sort` syntax (`-created_at,name`); empty
    /// means by id.
    pub default_sort: &'static str,
    /// `Some(n)`: offset pagination (`page`, `page_size`), with pages starting at most `n`
    /// rows in. `None`: keyset cursors.
    pub max_offset: Option<u64>,
    /// The list body's member holding the page's items (`items` unless renamed).
    pub items: &'static str,
    /// The list body's member describing the page (`page` unless renamed).
    pub page: &'static str,
}

impl ResourceMeta {
    /// The field with this JSON name.
    pub fn field(&self, name: &str) -> Option<&FieldMeta> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The state field, if the resource has one.
    pub fn state_field(&self) -> Option<&FieldMeta> {
        self.fields.iter().find(|f| f.state.is_some())
    }

    /// The field stored in this column.
    pub fn field_by_column(&self, column: &str) -> Option<&FieldMeta> {
        self.fields.iter().find(|f| f.column == column)
    }
}

/// Static description of one field.
#[derive(Debug)]
pub struct FieldMeta {
    /// Name in JSON.
    pub name: &'static str,
    /// Column name.
    pub column: &'static str,
    /// Doc comment.
    pub doc: &'static str,
    /// Who may read and write it.
    pub access: Access,
    /// Maintained by the server.
    pub auto: Auto,
    /// `Option<T>`.
    pub nullable: bool,
    /// UNIQUE.
    pub unique: bool,
    /// The value used on create when the client omits the field, as JSON.
    pub default: Option<fn() -> serde_json::Value>,
    /// Storage class.
    pub sql_type: SqlType,
    /// JSON Schema of a value.
    pub schema: fn() -> Schema,
    /// The wire names of an enum field's values (`FieldType::VALUES`), which list filters
    /// accept.
    pub values: Option<&'static [&'static str]>,
    /// Declared constraints, enforced on input and written into the schema.
    pub rules: &'static [Rule],
    /// Foreign key target.
    pub references: Option<fn() -> &'static ResourceMeta>,
    /// `#[field(state)]`: the transition graph of the field's state machine; the field
    /// changes only through the transition endpoints.
    pub state: Option<fn() -> &'static crate::model::state::Graph>,
    /// Clients may filter the list by it.
    pub filterable: bool,
    /// Clients may sort the list by it.
    pub sortable: bool,
}

/// Who may read and write a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The primary key: server-generated, read-only.
    Id,
    /// Sent and returned.
    ReadWrite,
    /// Set by the server, returned.
    ReadOnly,
    /// Accepted, never returned.
    WriteOnly,
    /// Stored, never in the API.
    Hidden,
}

impl Access {
    /// Part of responses.
    pub fn readable(self) -> bool {
        matches!(self, Access::Id | Access::ReadWrite | Access::ReadOnly)
    }

    /// Accepted in request bodies.
    pub fn writable(self) -> bool {
        matches!(self, Access::ReadWrite | Access::WriteOnly)
    }
}

/// Values the server maintains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auto {
    /// Nothing.
    None,
    /// Set once, on create.
    CreatedAt,
    /// Set on create and on every update.
    UpdatedAt,
}

/// A set of CRUD operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operations(u8);

impl Operations {
    /// `POST {path}`.
    pub const CREATE: Operations = Operations(1);
    /// `GET {path}/{id}`.
    pub const GET: Operations = Operations(2);
    /// `GET {path}`.
    pub const LIST: Operations = Operations(4);
    /// `PATCH {path}/{id}`.
    pub const UPDATE: Operations = Operations(8);
    /// `DELETE {path}/{id}`.
    pub const DELETE: Operations = Operations(16);
    /// All five.
    pub const ALL: Operations = Operations(31);

    /// Set union, usable in constants.
    #[must_use]
    pub const fn with(self, other: Operations) -> Operations {
        Operations(self.0 | other.0)
    }

    /// The empty set.
    pub const fn none() -> Operations {
        Operations(0)
    }

    /// Whether every operation of `other` is in `self`.
    pub const fn contains(self, other: Operations) -> bool {
        self.0 & other.0 == other.0
    }
}

/// The metadata database problems are explained with when no resource is involved (a
/// function endpoint's own statements): constraint names are not traced to fields.
pub(crate) static NO_RESOURCE: ResourceMeta = ResourceMeta {
    name: "resource",
    path: "",
    table: "",
    tag: "",
    plural: "resources",
    operation_ids: ["", "", "", "", ""],
    doc: "",
    declared: "",
    operations: Operations::none(),
    fields: &[],
    list: ListOptions {
        default_limit: 0,
        max_limit: 0,
        default_sort: "",
        max_offset: None,
        items: "items",
        page: "page",
    },
    row_rules: &[],
    history: false,
    access: crate::model::access::AccessRules::DEFAULT,
    owner: None,
    tenant: None,
};

/// The storage class of a field, mapped to a column type per backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SqlType {
    /// `BOOLEAN`.
    Bool,
    /// 16-bit integer.
    SmallInt,
    /// 32-bit integer.
    Int,
    /// 64-bit integer.
    BigInt,
    /// 32-bit float.
    Real,
    /// 64-bit float.
    Double,
    /// Text (also fieldless enums).
    Text,
    /// UUID: native on PostgreSQL, a 16-byte BLOB on SQLite.
    Uuid,
    /// Instant in UTC: `TIMESTAMPTZ` on PostgreSQL, RFC 3339 text on SQLite.
    Timestamp,
    /// Calendar date.
    Date,
    /// Arbitrary JSON: `JSONB` on PostgreSQL, text on SQLite.
    Json,
}
