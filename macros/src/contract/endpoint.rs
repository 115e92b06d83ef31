//! An `#[endpoint]` against the contract: the operation found by id or route, its path
//! parameters, its success status and who may call it. Its bodies, query and problems are
//! types the macro cannot see; the run-time comparison checks them.

use proc_macro2::TokenStream;

use super::operation::{self, CodeOp, Security};
use crate::endpoint::{Arg, Endpoint};
use crate::internals::types::{Kind, classify};

/// The contract drifts of `e`, as tokens to emit after its expansion.
pub(crate) fn check(e: &Endpoint) -> TokenStream {
    super::checked(|contract, drifts| {
        operation::find(contract, &code_op(e), drifts);
    })
}

/// The endpoint as the code serves it.
fn code_op(e: &Endpoint) -> CodeOp {
    let params = e
        .args
        .iter()
        .filter_map(|a| match a {
            Arg::Path { name, ty } => {
                let scalar = classify(ty).ok().and_then(|c| {
                    if c.nullable || matches!(c.kind, Kind::List) {
                        return None;
                    }
                    super::resource::scalar(c.kind, c.inner, &[])
                });
                Some((name.clone(), scalar, syn::spanned::Spanned::span(ty)))
            }
            _ => None,
        })
        .collect();
    let security = if e.public {
        Security::Public
    } else if e.roles.is_empty() {
        Security::Authenticated
    } else {
        Security::Roles(e.roles.iter().map(syn::LitStr::value).collect())
    };
    CodeOp {
        id: e.operation_id.clone(),
        method: match e.method.as_str() {
            "GET" => "GET",
            "POST" => "POST",
            "PUT" => "PUT",
            "PATCH" => "PATCH",
            _ => "DELETE",
        },
        path: e.path.clone(),
        span: e.id_span,
        params,
        success: success(e),
        statuses: Vec::new(),
        // Who may call is declared on every endpoint; it matters once the API has
        // authentication, which a contract with security schemes implies.
        security: Some((security, e.path_span)),
    }
}

/// The success status: 201 for `Created<T>`, 204 for `NoContent`, else `status`.
fn success(e: &Endpoint) -> u16 {
    let syn::Type::Path(path) = &e.output else {
        return e.status;
    };
    let ok = path.path.segments.last().and_then(|s| match &s.arguments {
        syn::PathArguments::AngleBracketed(a) => a.args.first(),
        _ => None,
    });
    let name = match ok {
        Some(syn::GenericArgument::Type(syn::Type::Path(p))) => {
            p.path.segments.last().map(|s| s.ident.to_string())
        }
        _ => None,
    };
    match name.as_deref() {
        Some("Created") => 201,
        Some("NoContent") => 204,
        _ => e.status,
    }
}
