//! The `ResourceMeta` constant: names, operations, field metadata, list
//! options, access rules and scope, which the runtime and the OpenAPI document read.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use super::super::model::{Allow, Auto, Field, ListConfig, Resource, ScopeKind};
use super::bodies::default_value;
use super::lit;
use crate::internals::field::{checked, rules_ref};

/// `const META: ResourceMeta = ...;`
pub(super) fn meta_const(r: &Resource) -> TokenStream {
    let ident = &r.ident;
    let (name, path, table, tag, plural, doc) = (
        lit(&ident.to_string()),
        lit(&r.path),
        lit(&r.table),
        lit(&r.tag),
        lit(&r.plural),
        lit(&r.doc),
    );
    let ops = r
        .operations
        .iter()
        .map(|op| format_ident!("{}", op.const_name()));
    let fields = r.fields.iter().map(field_meta);
    let list = list_options(r);
    let row_rules = [&r.custom, &r.custom_async]
        .into_iter()
        .flatten()
        .map(|p| lit(&quote!(#p).to_string().replace(' ', "")));
    let history = r.fields.iter().any(|f| f.history);
    let allow = |a: &Allow| match a {
        Allow::Public => quote!(::resourcery::__private::Allow::Public),
        Allow::Authenticated => quote!(::resourcery::__private::Allow::Authenticated),
        Allow::Roles(roles) => quote!(::resourcery::__private::Allow::Roles(&[#(#roles),*])),
    };
    let [a_create, a_get, a_list, a_update, a_delete] = r.access.ops.each_ref().map(allow);
    let any_owner = &r.access.any_owner;
    let scope_field = |kind: ScopeKind| r.fields.iter().find(|f| f.scope == Some(kind));
    let scope_name = |kind: ScopeKind| match scope_field(kind) {
        Some(f) => {
            let name = lit(&f.name);
            quote!(::core::option::Option::Some(#name))
        }
        None => quote!(::core::option::Option::None),
    };
    let (owner, tenant) = (scope_name(ScopeKind::Owner), scope_name(ScopeKind::Tenant));
    let ids = r.contract.ids.iter().map(|id| lit(id));
    let declared = crate::internals::docs::declared(ident.span());
    quote! {
        const META: ::resourcery::__private::ResourceMeta = ::resourcery::__private::ResourceMeta {
            name: #name,
            path: #path,
            table: #table,
            tag: #tag,
            plural: #plural,
            operation_ids: [#(#ids),*],
            doc: #doc,
            declared: #declared,
            operations: ::resourcery::__private::Operations::none()
                #(.with(::resourcery::__private::Operations::#ops))*,
            fields: &[#(#fields,)*],
            list: #list,
            row_rules: &[#(#row_rules),*],
            history: #history,
            access: ::resourcery::__private::AccessRules {
                create: #a_create,
                get: #a_get,
                list: #a_list,
                update: #a_update,
                delete: #a_delete,
                any_owner: &[#(#any_owner),*],
            },
            owner: #owner,
            tenant: #tenant,
        };
    }
}

/// `transition_steps`, for a resource with a state field.
pub(super) fn transition_steps(r: &Resource) -> TokenStream {
    let transition_steps = r.fields.iter().find(|f| f.state).map(|f| {
        let inner = &f.inner;
        quote_spanned! {inner.span()=>
            fn transition_steps() -> ::std::vec::Vec<::resourcery::__private::Step> {
                <#inner as ::resourcery::__private::StateMachine>::steps()
            }
        }
    });
    quote!(#transition_steps)
}

fn list_options(r: &Resource) -> TokenStream {
    let ListConfig {
        default_limit,
        max_limit,
        default_sort,
        max_offset,
    } = &r.list;
    let (default_limit, max_limit) = (*default_limit as usize, *max_limit as usize);
    let default_sort = lit(default_sort);
    let (items, page) = (lit(&r.envelope.items), lit(&r.envelope.page));
    let max_offset = match max_offset {
        Some(n) => quote!(::core::option::Option::Some(#n)),
        None => quote!(::core::option::Option::None),
    };
    quote! {
        ::resourcery::__private::ListOptions {
            default_limit: #default_limit,
            max_limit: #max_limit,
            default_sort: #default_sort,
            max_offset: #max_offset,
            items: #items,
            page: #page,
        }
    }
}

fn field_meta(f: &Field) -> TokenStream {
    let checked = checked(f);
    let (filterable, sortable) = (f.filterable, f.sortable);
    let (name, column, doc) = (lit(&f.name), lit(&f.column), lit(&f.doc));
    let access = format_ident!("{}", f.access.variant());
    let auto = format_ident!(
        "{}",
        match f.auto {
            Auto::None => "None",
            Auto::CreatedAt => "CreatedAt",
            Auto::UpdatedAt => "UpdatedAt",
        }
    );
    let (nullable, unique) = (f.nullable, f.unique);
    let rules = rules_ref(f);
    let default = if f.default.is_some() {
        let value = default_value(f);
        quote!(::core::option::Option::Some(|| ::resourcery::__private::to_json_value::<#checked>(#value)))
    } else {
        quote!(::core::option::Option::None)
    };
    let state = if f.state {
        let inner = &f.inner;
        quote_spanned!(inner.span()=> ::core::option::Option::Some(|| &<#inner as ::resourcery::__private::StateMachine>::GRAPH))
    } else {
        quote!(::core::option::Option::None)
    };
    let references = match &f.references {
        Some(path) => {
            quote!(::core::option::Option::Some(|| &<#path as ::resourcery::__private::Resource>::META))
        }
        None => quote!(::core::option::Option::None),
    };
    quote! {
        ::resourcery::__private::FieldMeta {
            name: #name,
            column: #column,
            doc: #doc,
            access: ::resourcery::__private::Access::#access,
            auto: ::resourcery::__private::Auto::#auto,
            nullable: #nullable,
            unique: #unique,
            default: #default,
            sql_type: <#checked as ::resourcery::__private::FieldType>::SQL_TYPE,
            values: <#checked as ::resourcery::__private::FieldType>::VALUES,
            schema: <#checked as ::resourcery::__private::FieldType>::schema,
            rules: #rules,
            filterable: #filterable,
            sortable: #sortable,
            references: #references,
            state: #state,
        }
    }
}
