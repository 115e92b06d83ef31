//! The checked model of a resource: everything expansion needs, nothing it must re-check.

use proc_macro2::Span;
use syn::{Attribute, Ident, Visibility};

use crate::internals::field::FieldBase;
use crate::internals::keyword::{Keywords, OperationKw};

pub(crate) struct Resource {
    pub(crate) ident: Ident,
    pub(crate) vis: Visibility,
    /// The struct's own attributes other than `#[field]`, re-emitted.
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) doc: String,
    pub(crate) path: String,
    pub(crate) path_span: Span,
    pub(crate) table: String,
    pub(crate) tag: String,
    /// PascalCase plural for operation ids, from the last path segment.
    pub(crate) plural: String,
    pub(crate) operations: Vec<Op>,
    pub(crate) fields: Vec<Field>,
    pub(crate) list: ListConfig,
    /// `validate(custom = f)`.
    pub(crate) custom: Option<syn::Path>,
    /// `validate(custom_async = f)`.
    pub(crate) custom_async: Option<syn::Path>,
    /// `access(...)`: who may take each operation.
    pub(crate) access: AccessModel,
    /// The list body's member names.
    pub(crate) envelope: Envelope,
    /// How the contract check treats the resource, and its operation ids.
    pub(crate) contract: ContractOpts,
    /// Where options were written, so that contract errors point at them.
    pub(crate) spans: Spans,
}

/// The list body's member names: `items` and `page` unless `envelope(...)` or
/// `resourcery.toml`'s `[list]` renames them.
pub(crate) struct Envelope {
    pub(crate) items: String,
    pub(crate) page: String,
    /// `envelope(...)` as written, when it was.
    pub(crate) span: Option<Span>,
}

/// `contract(...)`.
pub(crate) struct ContractOpts {
    /// `contract = skip`: this resource is internal; the contract is not consulted.
    pub(crate) skip: bool,
    /// The operation id of each operation, in the order of `Op::ALL`.
    pub(crate) ids: [String; 5],
    /// Where an id was written in `contract(ids(...))`, in the order of `Op::ALL`.
    pub(crate) id_spans: [Option<Span>; 5],
}

/// Spans of options the contract check points at.
#[derive(Default)]
pub(crate) struct Spans {
    /// Each operation's keyword in `operations(...)`, in the order of `Op::ALL`.
    pub(crate) operations: [Option<Span>; 5],
    pub(crate) max_page_size: Option<Span>,
    /// The `access(...)` key that gave each operation its rule, in the order of `Op::ALL`.
    pub(crate) access: [Option<Span>; 5],
}

/// Who may take each operation, once authentication is configured.
pub(crate) struct AccessModel {
    /// By [`Op`], in the order of `Op::ALL`.
    pub(crate) ops: [Allow; 5],
    /// Roles that see and change every owner's rows.
    pub(crate) any_owner: Vec<String>,
    /// The key that gave each operation its rule, in the order of `Op::ALL`.
    pub(crate) spans: [Option<Span>; 5],
}

/// Who an operation admits.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Allow {
    Public,
    Authenticated,
    Roles(Vec<String>),
}

/// Paging, sorting and filtering of the list operation.
pub(crate) struct ListConfig {
    pub(crate) default_limit: u64,
    pub(crate) max_limit: u64,
    /// Checked `sort` syntax over sortable JSON names; empty for "by id".
    pub(crate) default_sort: String,
    /// `Some` for offset pagination.
    pub(crate) max_offset: Option<u64>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Create,
    Get,
    List,
    Update,
    Delete,
}

impl Op {
    pub(crate) const ALL: [Op; 5] = [Op::Create, Op::Get, Op::List, Op::Update, Op::Delete];

    /// The position of the operation in `Op::ALL`.
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The operation named in `operations(...)`.
    pub(crate) fn from_keyword(kw: OperationKw) -> Op {
        match kw {
            OperationKw::Create => Op::Create,
            OperationKw::Get => Op::Get,
            OperationKw::List => Op::List,
            OperationKw::Update => Op::Update,
            OperationKw::Delete => Op::Delete,
        }
    }

    /// The operation as written: `create`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Op::Create => OperationKw::Create.name(),
            Op::Get => OperationKw::Get.name(),
            Op::List => OperationKw::List.name(),
            Op::Update => OperationKw::Update.name(),
            Op::Delete => OperationKw::Delete.name(),
        }
    }

    pub(crate) fn const_name(self) -> &'static str {
        match self {
            Op::Create => "CREATE",
            Op::Get => "GET",
            Op::List => "LIST",
            Op::Update => "UPDATE",
            Op::Delete => "DELETE",
        }
    }
}

pub(crate) struct Field {
    /// What an `#[object]` field has too: the field as written, JSON name, doc, rules.
    pub(crate) base: FieldBase,
    pub(crate) column: String,
    pub(crate) access: Access,
    pub(crate) auto: Auto,
    pub(crate) unique: bool,
    pub(crate) default: Option<DefaultValue>,
    pub(crate) references: Option<syn::Path>,
    pub(crate) filterable: bool,
    pub(crate) sortable: bool,
    /// `#[field(state)]`: a `#[state_machine]` enum that changes only through transitions.
    pub(crate) state: bool,
    /// `#[field(state, history)]`: transitions are recorded and listed.
    pub(crate) history: bool,
    /// `#[field(owner)]` or `#[field(tenant)]`: set from the principal, scoping every
    /// statement.
    pub(crate) scope: Option<ScopeKind>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScopeKind {
    Owner,
    Tenant,
}

impl Field {
    pub(crate) fn writable(&self) -> bool {
        matches!(self.access, Access::ReadWrite | Access::WriteOnly)
    }

    pub(crate) fn readable(&self) -> bool {
        matches!(
            self.access,
            Access::Id | Access::ReadWrite | Access::ReadOnly
        )
    }
}

#[derive(Clone)]
pub(crate) enum DefaultValue {
    /// `default`: `Default::default()`.
    Trait,
    /// `default = expr`: `Into::into(expr)`.
    Expr(syn::Expr),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    Id,
    ReadWrite,
    ReadOnly,
    WriteOnly,
    Hidden,
}

impl Access {
    pub(crate) fn variant(self) -> &'static str {
        match self {
            Access::Id => "Id",
            Access::ReadWrite => "ReadWrite",
            Access::ReadOnly => "ReadOnly",
            Access::WriteOnly => "WriteOnly",
            Access::Hidden => "Hidden",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Auto {
    None,
    CreatedAt,
    UpdatedAt,
}

impl std::ops::Deref for Field {
    type Target = FieldBase;

    fn deref(&self) -> &FieldBase {
        &self.base
    }
}
