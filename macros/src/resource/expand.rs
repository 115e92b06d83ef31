//! Tokens from the checked model: the user's struct, its create and patch bodies, the
//! `Resource` impl (metadata, statements, binding, decoding, serialization) and spanned
//! type checks. Every path is absolute through `::resourcery`, so the user's scope
//! (a shadowed `Result` or `Option`) cannot change its meaning.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ItemStruct, LitStr};

use super::model::{Access, Allow, Auto, DefaultValue, Field, ListConfig, Op, Resource, ScopeKind};
use super::plan::{self, Assign};
use crate::internals::rules;
use crate::internals::types::{self, Kind};

pub(crate) fn strip_field_attrs(mut item: ItemStruct) -> ItemStruct {
    for field in item.fields.iter_mut() {
        field.attrs.retain(|a| !a.path().is_ident("field"));
    }
    item
}

fn lit(value: &str) -> LitStr {
    LitStr::new(value, Span::call_site())
}

/// The field's doc comment for a generated body field, or a pointer to the original so
/// `missing_docs` stays quiet in the user's crate.
fn field_docs(r: &Resource, f: &Field) -> TokenStream {
    let docs: Vec<&syn::Attribute> = f
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .collect();
    if docs.is_empty() {
        let text = lit(&format!(" See [`{}::{}`].", r.ident, f.ident));
        quote!(#[doc = #text])
    } else {
        quote!(#(#docs)*)
    }
}

pub(crate) fn resource(r: &Resource) -> TokenStream {
    let definition = definition(r);
    let create = create_struct(r);
    let patch = patch_struct(r);
    let marker = route_marker(r);
    let imp = resource_impl(r);
    quote! {
        #definition
        #create
        #patch
        #marker
        #[doc(hidden)]
        const _: () = {
            #imp
        };
    }
}

fn definition(r: &Resource) -> TokenStream {
    let Resource {
        ident, vis, attrs, ..
    } = r;
    let fields = r.fields.iter().map(|f| {
        let Field {
            ident,
            vis,
            attrs,
            ty,
            ..
        } = f;
        quote!(#(#attrs)* #vis #ident: #ty)
    });
    quote! {
        #(#attrs)*
        #vis struct #ident {
            #(#fields,)*
        }
    }
}

fn serde_attrs() -> TokenStream {
    quote! {
        #[derive(::resourcery::__private::serde::Deserialize)]
        #[serde(crate = "::resourcery::__private::serde", deny_unknown_fields)]
    }
}

fn create_struct(r: &Resource) -> TokenStream {
    let name = format_ident!("{}Create", r.ident);
    let vis = &r.vis;
    let doc = lit(&format!(
        " Body of `POST {}`: the fields a client may set on a new [`{}`].",
        r.path, r.ident
    ));
    let fields = r.fields.iter().filter(|f| f.writable()).map(|f| {
        let Field { ident, vis, .. } = f;
        let json = lit(&f.name);
        let docs = field_docs(r, f);
        let checked = checked(f);
        let (ty, default) = match (&f.default, f.nullable) {
            (Some(_), _) => (quote!(::resourcery::Patch<#checked>), quote!(default,)),
            (None, true) => (quote!(::core::option::Option<#checked>), quote!(default,)),
            (None, false) => (quote!(#checked), quote!()),
        };
        quote! {
            #docs
            #[serde(#default rename = #json)]
            #vis #ident: #ty
        }
    });
    let serde = serde_attrs();
    quote! {
        #[doc = #doc]
        #serde
        #vis struct #name {
            #(#fields,)*
        }
    }
}

fn patch_struct(r: &Resource) -> TokenStream {
    let name = format_ident!("{}Patch", r.ident);
    let vis = &r.vis;
    let doc = lit(&format!(
        " Body of `PATCH {}/{{id}}`: the fields of a [`{}`] to change; absent fields keep their value.",
        r.path, r.ident
    ));
    let fields = r.fields.iter().filter(|f| f.writable()).map(|f| {
        let Field { ident, vis, .. } = f;
        let json = lit(&f.name);
        let docs = field_docs(r, f);
        let checked = checked(f);
        quote! {
            #docs
            #[serde(default, rename = #json)]
            #vis #ident: ::resourcery::Patch<#checked>
        }
    });
    let serde = serde_attrs();
    quote! {
        #[doc = #doc]
        #serde
        #vis struct #name {
            #(#fields,)*
        }
    }
}

/// Two resources with one path in one module collide on this name: a compile error at the
/// second path. Elsewhere the start-up check in `Api::into_router` reports it.
fn route_marker(r: &Resource) -> TokenStream {
    let mut encoded = String::new();
    for c in r.path.chars() {
        match c {
            '/' => encoded.push_str("_s"),
            '-' => encoded.push_str("_h"),
            '_' => encoded.push_str("_u"),
            c => encoded.push(c),
        }
    }
    let marker = syn::Ident::new(
        &format!("__resourcery_path{encoded}_is_declared_twice"),
        r.path_span,
    );
    quote_spanned! {r.path_span=>
        #[doc(hidden)]
        #[allow(non_upper_case_globals, dead_code)]
        const #marker: () = ();
    }
}

fn checked(f: &Field) -> TokenStream {
    types::checked(&f.inner, f.kind, f.item.as_ref())
}

fn rules_const(f: &Field) -> syn::Ident {
    rules::const_name(&f.ident)
}

/// Where a field's value is checked: its rules, nested rules and custom functions.
fn site(f: &Field, rules_ident: &syn::Ident) -> Option<TokenStream> {
    let site = rules::Site {
        rules: &f.rules,
        rules_const: rules_ident,
        kind: f.kind,
        item: f.item.as_ref().map(|(_, k)| *k),
        ty: checked(f),
    };
    site.member(&f.name)
}

/// Checks of the writable fields present in a body: `access` turns a field ident into a
/// pattern binding `__value: &T` when the field carries a value.
fn body_checks(r: &Resource, access: impl Fn(&Field) -> TokenStream) -> Vec<TokenStream> {
    r.fields
        .iter()
        .filter(|f| f.writable())
        .filter_map(|f| {
            let rules = rules_const(f);
            let check = site(f, &rules)?;
            let bind = access(f);
            Some(quote! {
                #bind {
                    #check
                }
            })
        })
        .collect()
}

/// The value a field gets on create when no client value applies.
fn default_value(f: &Field) -> TokenStream {
    let inner = &f.inner;
    match &f.default {
        Some(DefaultValue::Expr(syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }))) => {
            quote!(::core::convert::Into::<#inner>::into(#s))
        }
        Some(DefaultValue::Expr(e)) => quote!({ let __value: #inner = #e; __value }),
        Some(DefaultValue::Trait) | None => quote!(<#inner as ::core::default::Default>::default()),
    }
}

fn violation(f: &Field, code: &str, message: &str) -> TokenStream {
    let pointer = lit(&format!(
        "/{}",
        f.name.replace('~', "~0").replace('/', "~1")
    ));
    let code = lit(code);
    let message = lit(message);
    quote!(::resourcery::Violation::new(#pointer, #code, #message))
}

fn from_create(r: &Resource) -> TokenStream {
    let create = format_ident!("{}Create", r.ident);
    if !r.operations.contains(&Op::Create) {
        // Never called: no route creates this resource.
        return quote! {
            fn from_create(
                _: #create,
                _: ::resourcery::DateTime<::resourcery::Utc>,
                _: &mut ::resourcery::Violations,
            ) -> Self {
                ::core::unreachable!("`create` is not an operation of this resource")
            }
        };
    }
    let lets = r.fields.iter().map(|f| {
        let ident = &f.ident;
        let var = format_ident!("__{}", ident.to_string().trim_start_matches("r#"));
        let value = if f.writable() {
            match (&f.default, f.nullable) {
                (Some(_), nullable) => {
                    let default = default_value(f);
                    let (value, default, null) = if nullable {
                        (
                            quote!(::core::option::Option::Some(__v)),
                            quote!(::core::option::Option::Some(#default)),
                            quote!(::core::option::Option::None),
                        )
                    } else {
                        let message = format!(
                            "`{}` cannot be null; leave it out to use its default",
                            f.name
                        );
                        let v = violation(f, "not_null", &message);
                        (
                            quote!(__v),
                            default.clone(),
                            quote!({ __out.push(#v); #default }),
                        )
                    };
                    quote! {
                        match __input.#ident {
                            ::resourcery::Patch::Value(__v) => #value,
                            ::resourcery::Patch::Absent => #default,
                            ::resourcery::Patch::Null => #null,
                        }
                    }
                }
                (None, _) => quote!(__input.#ident),
            }
        } else if f.access == Access::Id {
            quote!(::resourcery::__private::uuid::Uuid::now_v7())
        } else if f.state {
            let inner = &f.inner;
            quote_spanned!(inner.span()=> <#inner as ::resourcery::StateMachine>::initial())
        } else if f.auto != Auto::None {
            quote!(__now)
        } else if f.nullable {
            match &f.default {
                Some(_) => {
                    let default = default_value(f);
                    quote!(::core::option::Option::Some(#default))
                }
                None => quote!(::core::option::Option::None),
            }
        } else {
            default_value(f)
        };
        quote!(let #var = #value;)
    });
    let assigns = r.fields.iter().map(|f| {
        let ident = &f.ident;
        let var = format_ident!("__{}", ident.to_string().trim_start_matches("r#"));
        quote!(#ident: #var)
    });
    let create = format_ident!("{}Create", r.ident);
    let checks = body_checks(r, |f| {
        let ident = &f.ident;
        match (&f.default, f.nullable) {
            (Some(_), _) => {
                quote!(if let ::resourcery::Patch::Value(__value) = &__input.#ident)
            }
            (None, true) => quote!(if let ::core::option::Option::Some(__value) = &__input.#ident),
            (None, false) => quote!(let __value = &__input.#ident;),
        }
    });
    quote! {
        #[allow(unused_variables)]
        fn from_create(
            __input: #create,
            __now: ::resourcery::DateTime<::resourcery::Utc>,
            __out: &mut ::resourcery::Violations,
        ) -> Self {
            let __root = ::resourcery::Pointer::ROOT;
            #(#checks)*
            #(#lets)*
            Self { #(#assigns,)* }
        }
    }
}

/// `diagnose_create` or `diagnose_patch`: when a body does not decode as a whole, each
/// member is decoded on its own, so one response reports every bad member, and the rules
/// of the members that do decode.
fn diagnose(r: &Resource, create: bool) -> TokenStream {
    let name = if create {
        format_ident!("diagnose_create")
    } else {
        format_ident!("diagnose_patch")
    };
    let p = quote!(::resourcery::__private);
    let writable: Vec<&Field> = r.fields.iter().filter(|f| f.writable()).collect();
    let names = writable.iter().map(|f| lit(&f.name));
    let known = if writable.is_empty() {
        quote!(false)
    } else {
        quote!(::core::matches!(__key.as_str(), #(#names)|*))
    };
    let members = writable.iter().map(|f| {
        let json = lit(&f.name);
        let checked = checked(f);
        let required = create && !f.nullable && f.default.is_none();
        let missing = if required {
            quote!(#p::missing_member(&__at, #json, __out);)
        } else {
            quote!()
        };
        let null = if f.nullable {
            quote!()
        } else {
            quote!(#p::null_member(&__at, #json, __out);)
        };
        let check = site(f, &rules_const(f)).map(|check| {
            quote! {
                let __value = &__decoded;
                #check
            }
        });
        quote! {
            {
                let __at = __root.key(#json);
                match __map.get(#json) {
                    ::core::option::Option::None => { #missing }
                    ::core::option::Option::Some(#p::serde_json::Value::Null) => { #null }
                    ::core::option::Option::Some(__member) => {
                        if let ::core::option::Option::Some(__decoded) =
                            #p::decode_member::<#checked>(__member, &__at, &<Self as ::resourcery::Resource>::META, __out)
                        {
                            #check
                        }
                    }
                }
            }
        }
    });
    quote! {
        #[allow(unused_variables)]
        fn #name(__body: &#p::serde_json::Value, __out: &mut ::resourcery::Violations) {
            let ::core::option::Option::Some(__map) = __body.as_object() else {
                return;
            };
            let __root = ::resourcery::Pointer::ROOT;
            for __key in __map.keys() {
                if !(#known) {
                    #p::unknown_member(__key, &<Self as ::resourcery::Resource>::META, __out);
                }
            }
            #(#members)*
        }
    }
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
    let max_offset = match max_offset {
        Some(n) => quote!(::core::option::Option::Some(#n)),
        None => quote!(::core::option::Option::None),
    };
    quote! {
        ::resourcery::ListOptions {
            default_limit: #default_limit,
            max_limit: #max_limit,
            default_sort: #default_sort,
            max_offset: #max_offset,
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
    let rules = if f.rules.is_empty() {
        quote!(&[])
    } else {
        let name = rules_const(f);
        quote!(#name)
    };
    let default = if f.default.is_some() {
        let value = default_value(f);
        quote!(::core::option::Option::Some(|| ::resourcery::__private::to_json_value::<#checked>(#value)))
    } else {
        quote!(::core::option::Option::None)
    };
    let state = if f.state {
        let inner = &f.inner;
        quote_spanned!(inner.span()=> ::core::option::Option::Some(|| &<#inner as ::resourcery::StateMachine>::GRAPH))
    } else {
        quote!(::core::option::Option::None)
    };
    let references = match &f.references {
        Some(path) => {
            quote!(::core::option::Option::Some(|| &<#path as ::resourcery::Resource>::META))
        }
        None => quote!(::core::option::Option::None),
    };
    quote! {
        ::resourcery::FieldMeta {
            name: #name,
            column: #column,
            doc: #doc,
            access: ::resourcery::Access::#access,
            auto: ::resourcery::Auto::#auto,
            nullable: #nullable,
            unique: #unique,
            default: #default,
            sql_type: <#checked as ::resourcery::FieldType>::SQL_TYPE,
            values: <#checked as ::resourcery::FieldType>::VALUES,
            schema: <#checked as ::resourcery::FieldType>::schema,
            rules: #rules,
            filterable: #filterable,
            sortable: #sortable,
            references: #references,
            state: #state,
        }
    }
}

fn resource_impl(r: &Resource) -> TokenStream {
    let ident = &r.ident;
    let create = format_ident!("{}Create", ident);
    let patch = format_ident!("{}Patch", ident);
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
    let id = &r
        .fields
        .iter()
        .find(|f| f.access == Access::Id)
        .expect("checked: one id")
        .ident;
    let from_create = from_create(r);
    let sort_key = sort_key(r);
    let list = list_options(r);

    let args = quote!(::resourcery::__private::Args);
    let bind_insert = r.fields.iter().map(|f| {
        let ident = &f.ident;
        let checked = checked(f);
        if f.nullable {
            quote!(#args::push_opt::<#checked>(__args, ::core::option::Option::as_ref(&self.#ident))?;)
        } else {
            quote!(#args::push::<#checked>(__args, &self.#ident)?;)
        }
    });
    let bind_patch = plan::update_plan(r).into_iter().map(|a| match a {
        Assign::Keep(f) => {
            let ident = &f.ident;
            quote!(#args::push_opt(__args, ::resourcery::Patch::value(&__patch.#ident))?;)
        }
        Assign::Flagged(f) => {
            let ident = &f.ident;
            quote! {
                #args::push_flag(__args, ::resourcery::Patch::is_present(&__patch.#ident))?;
                #args::push_opt(__args, ::resourcery::Patch::value(&__patch.#ident))?;
            }
        }
        Assign::Now => quote!(#args::push(__args, __now)?;),
    });
    let not_null = r
        .fields
        .iter()
        .filter(|f| f.writable() && !f.nullable)
        .map(|f| {
            let ident = &f.ident;
            let v = violation(f, "not_null", &format!("`{}` cannot be null", f.name));
            quote! {
                if let ::resourcery::Patch::Null = __patch.#ident {
                    __out.push(#v);
                }
            }
        });
    let patch_checks = body_checks(r, |f| {
        let ident = &f.ident;
        quote!(if let ::resourcery::Patch::Value(__value) = &__patch.#ident)
    });
    let swap = r.fields.iter().filter(|f| f.writable()).map(|f| {
        let ident = &f.ident;
        if f.nullable {
            quote! { __patch.#ident.swap_with_nullable(&mut self.#ident); }
        } else {
            quote! { __patch.#ident.swap_with(&mut self.#ident); }
        }
    });
    let bind_replace = plan::replace_plan(r).into_iter().map(|f| {
        let ident = &f.ident;
        let checked = checked(f);
        if f.auto == Auto::UpdatedAt {
            quote!(#args::push(__args, __now)?;)
        } else if f.nullable {
            quote!(#args::push_opt::<#checked>(__args, ::core::option::Option::as_ref(&self.#ident))?;)
        } else {
            quote!(#args::push::<#checked>(__args, &self.#ident)?;)
        }
    });
    let rule_consts = r.fields.iter().filter(|f| !f.rules.is_empty()).map(|f| {
        let name = rules_const(f);
        let slice = rules::slice(&f.rules, f.kind);
        quote! {
            #[allow(clippy::approx_constant)]
            const #name: &[::resourcery::Rule] = #slice;
        }
    });
    let check_row = r.custom.as_ref().map(|path| {
        quote_spanned! {path.span()=>
            fn check_row(&self, __out: &mut ::resourcery::Violations) {
                let __rule: fn(&Self, &mut ::resourcery::Violations) = #path;
                __rule(self, __out);
            }
        }
    });
    let check_with_db = r.custom_async.as_ref().map(|path| {
        quote_spanned! {path.span()=>
            fn check_with_db<'__a>(
                &'__a self,
                __db: &'__a ::resourcery::Db,
                __out: &'__a mut ::resourcery::Violations,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<(), ::resourcery::Problem>,
            > + ::core::marker::Send + '__a {
                #path(self, __db, __out)
            }
        }
    });
    let diagnose_create = diagnose(r, true);
    let diagnose_patch = diagnose(r, false);
    let row_rules = [&r.custom, &r.custom_async]
        .into_iter()
        .flatten()
        .map(|p| lit(&quote!(#p).to_string().replace(' ', "")));
    let history = r.fields.iter().any(|f| f.history);
    let transition_steps = r.fields.iter().find(|f| f.state).map(|f| {
        let inner = &f.inner;
        quote_spanned! {inner.span()=>
            fn transition_steps() -> ::std::vec::Vec<::resourcery::__private::Step> {
                <#inner as ::resourcery::StateMachine>::steps()
            }
        }
    });
    let allow = |a: &Allow| match a {
        Allow::Public => quote!(::resourcery::Allow::Public),
        Allow::Authenticated => quote!(::resourcery::Allow::Authenticated),
        Allow::Roles(roles) => quote!(::resourcery::Allow::Roles(&[#(#roles),*])),
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
    let assign_scope = (scope_field(ScopeKind::Owner).is_some()
        || scope_field(ScopeKind::Tenant).is_some())
    .then(|| {
        let set = |kind: ScopeKind, var: TokenStream| {
            scope_field(kind).map(|f| {
                let (ident, inner) = (&f.ident, &f.inner);
                quote! {
                    if let ::core::option::Option::Some(__v) = #var {
                        self.#ident = <#inner as ::resourcery::__private::ScopeKey>::from_scope(__v);
                    }
                }
            })
        };
        let owner = set(ScopeKind::Owner, quote!(__owner));
        let tenant = set(ScopeKind::Tenant, quote!(__tenant));
        quote! {
            fn assign_scope(
                &mut self,
                __owner: ::core::option::Option<&::resourcery::__private::ScopeValue>,
                __tenant: ::core::option::Option<&::resourcery::__private::ScopeValue>,
            ) {
                let _ = (&__owner, &__tenant);
                #owner
                #tenant
            }
        }
    });
    // The references a client chose, for the tenant check of their targets.
    let client_refs: Vec<&Field> = r
        .fields
        .iter()
        .filter(|f| f.references.is_some() && f.writable())
        .collect();
    let reference_ids = (!client_refs.is_empty()).then(|| {
        let row = client_refs.iter().map(|f| {
            let (ident, name) = (&f.ident, lit(&f.name));
            if f.nullable {
                quote!(if let ::core::option::Option::Some(__v) = self.#ident { __out.push((#name, __v)); })
            } else {
                quote!(__out.push((#name, self.#ident));)
            }
        });
        let patch = client_refs.iter().map(|f| {
            let (ident, name) = (&f.ident, lit(&f.name));
            quote!(if let ::resourcery::Patch::Value(__v) = &__patch.#ident { __out.push((#name, *__v)); })
        });
        quote! {
            fn reference_ids(&self) -> ::std::vec::Vec<(&'static str, ::resourcery::Uuid)> {
                let mut __out = ::std::vec::Vec::new();
                #(#row)*
                __out
            }
            fn patch_reference_ids(__patch: &Self::Patch) -> ::std::vec::Vec<(&'static str, ::resourcery::Uuid)> {
                let mut __out = ::std::vec::Vec::new();
                #(#patch)*
                __out
            }
        }
    });
    let decode = r.fields.iter().enumerate().map(|(i, f)| {
        let (ident, checked) = (&f.ident, checked(f));
        let get = if f.nullable {
            quote!(column_opt)
        } else {
            quote!(column)
        };
        quote!(#ident: ::resourcery::__private::RowAccess::#get::<#checked>(__row, #i)?)
    });
    let readable: Vec<&Field> = r.fields.iter().filter(|f| f.readable()).collect();
    let count = readable.len();
    let serialize = readable.iter().map(|f| {
        let (ident, json, checked) = (&f.ident, lit(&f.name), checked(f));
        let value = match (f.kind, f.nullable) {
            (Kind::Other | Kind::List, false) => quote!(::resourcery::__private::field_ref::<#checked>(&self.#ident)),
            (Kind::Other | Kind::List, true) => quote!(::resourcery::__private::field_ref_opt::<#checked>(&self.#ident)),
            _ => quote!(&self.#ident),
        };
        quote!(::resourcery::__private::serde::ser::SerializeStruct::serialize_field(&mut __state, #json, #value)?;)
    });

    quote! {
        #(#rule_consts)*

        #[automatically_derived]
        impl ::resourcery::ReplyBody for #ident {
            fn reply_schema() -> ::resourcery::__private::utoipa::openapi::RefOr<
                ::resourcery::__private::utoipa::openapi::schema::Schema,
            > {
                ::resourcery::__private::resource_schema::<Self>()
            }
            fn serialize_reply<S: ::resourcery::__private::serde::Serializer>(
                &self,
                __serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                <Self as ::resourcery::Resource>::serialize_response(self, __serializer)
            }
            fn location(&self) -> ::core::option::Option<::std::string::String> {
                ::core::option::Option::Some(::resourcery::__private::resource_location(self))
            }
        }

        #[automatically_derived]
        impl ::resourcery::Resource for #ident {
            type Create = #create;
            type Patch = #patch;

            const META: ::resourcery::ResourceMeta = ::resourcery::ResourceMeta {
                name: #name,
                path: #path,
                table: #table,
                tag: #tag,
                plural: #plural,
                doc: #doc,
                operations: ::resourcery::Operations::none()
                    #(.with(::resourcery::Operations::#ops))*,
                fields: &[#(#fields,)*],
                list: #list,
                row_rules: &[#(#row_rules),*],
                history: #history,
                access: ::resourcery::AccessRules {
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

            fn statements() -> &'static ::resourcery::__private::Statements {
                static STATEMENTS: ::std::sync::OnceLock<::resourcery::__private::Statements> =
                    ::std::sync::OnceLock::new();
                STATEMENTS.get_or_init(|| {
                    ::resourcery::__private::Statements::new(&<Self as ::resourcery::Resource>::META)
                })
            }

            #transition_steps

            #assign_scope

            #reference_ids

            #from_create

            fn id(&self) -> ::resourcery::Uuid {
                self.#id
            }

            fn bind_insert<'q, A: ::resourcery::__private::Args<'q>>(
                &'q self,
                __args: &mut A,
            ) -> ::core::result::Result<(), ::resourcery::__private::sqlx::error::BoxDynError> {
                #(#bind_insert)*
                ::core::result::Result::Ok(())
            }

            #[allow(unused_variables)]
            fn bind_patch<'q, A: ::resourcery::__private::Args<'q>>(
                __patch: &'q #patch,
                __now: &'q ::resourcery::DateTime<::resourcery::Utc>,
                __args: &mut A,
            ) -> ::core::result::Result<(), ::resourcery::__private::sqlx::error::BoxDynError> {
                #(#bind_patch)*
                ::core::result::Result::Ok(())
            }

            #[allow(unused_variables)]
            fn check_patch(__patch: &#patch, __out: &mut ::resourcery::Violations) {
                let __root = ::resourcery::Pointer::ROOT;
                #(#not_null)*
                #(#patch_checks)*
            }

            #[allow(unused_variables)]
            fn swap_patch(&mut self, __patch: &mut #patch) {
                #(#swap)*
            }

            fn bind_replace<'q, A: ::resourcery::__private::Args<'q>>(
                &'q self,
                __now: &'q ::resourcery::DateTime<::resourcery::Utc>,
                __args: &mut A,
            ) -> ::core::result::Result<(), ::resourcery::__private::sqlx::error::BoxDynError> {
                #(#bind_replace)*
                #args::push(__args, &self.#id)?;
                ::core::result::Result::Ok(())
            }

            #check_row
            #check_with_db
            #diagnose_create
            #diagnose_patch

            #sort_key

            fn from_row<R: ::resourcery::__private::RowAccess>(
                __row: &R,
            ) -> ::core::result::Result<Self, ::resourcery::__private::sqlx::Error> {
                ::core::result::Result::Ok(Self { #(#decode,)* })
            }

            fn serialize_response<S: ::resourcery::__private::serde::Serializer>(
                &self,
                __serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                let mut __state = ::resourcery::__private::serde::Serializer::serialize_struct(__serializer, #name, #count)?;
                #(#serialize)*
                ::resourcery::__private::serde::ser::SerializeStruct::end(__state)
            }
        }
    }
}

/// `Resource::sort_key`: the value of each field a list may be sorted by (the sortable
/// ones and the id), read from the row for its cursor without serializing the row.
fn sort_key(r: &Resource) -> TokenStream {
    let arms = r
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.sortable || f.access == Access::Id)
        .map(|(i, f)| {
            let ident = &f.ident;
            let checked = checked(f);
            quote!(#i => <#checked as ::resourcery::FieldType>::sort_key(&self.#ident),)
        });
    quote! {
        fn sort_key(&self, __field: usize) -> ::core::option::Option<::resourcery::__private::SqlValue> {
            match __field {
                #(#arms)*
                _ => ::core::option::Option::None,
            }
        }
    }
}
