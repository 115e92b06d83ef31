//! `#[endpoint(method, "/path", ...)]` on an `async fn`: parse the attribute and sort the
//! arguments into extractors here, tokens in `expand`.
//!
//! Arguments are recognised by how they are written: a name that appears as `{name}` in
//! the path is a path parameter; `Query<T>`, `Json<T>`, `State<T>`, `Db` and `&mut Tx` are
//! the other extractors. Anything else is reported at the argument with the list of what is
//! accepted, so the user never sees an error from inside the generated handler. The
//! function itself is emitted unchanged even when the attribute is wrong.

mod expand;

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::parse::Parser;
use syn::{FnArg, Ident, ItemFn, LitStr, Pat, ReturnType, Type};

use crate::internals::attr::{flag, keyword_of, set, unknown};
use crate::internals::ctxt::Ctxt;
use crate::internals::docs::doc_string;
use crate::internals::keyword::{self, EndpointKw, Keywords, MethodKw};

/// Paths the API serves itself: the document, the docs page, the problem registry, and
/// the operations endpoints `resourcery::serve` adds.
const RESERVED: &[&str] = &["/openapi.json", "/docs", "/problems", "/health", "/metrics"];

pub(crate) struct Endpoint {
    pub(crate) function: ItemFn,
    /// Upper case: `POST`.
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) status: u16,
    pub(crate) tag: Tag,
    pub(crate) summary: String,
    pub(crate) description: String,
    pub(crate) deprecated: bool,
    pub(crate) roles: Vec<LitStr>,
    pub(crate) public: bool,
    /// `problems(E, ...)`: error types whose problem types the function may return.
    pub(crate) problems: Vec<syn::Path>,
    /// The OpenAPI operation id: `operation_id = "..."`, else the name in camelCase.
    pub(crate) operation_id: String,
    /// Where the id was written, else the path.
    pub(crate) id_span: Span,
    /// The path as written, for contract errors.
    pub(crate) path_span: Span,
    pub(crate) args: Vec<Arg>,
    /// The written return type.
    pub(crate) output: Type,
}

pub(crate) enum Tag {
    Written(String),
    /// The tag of a resource: `resource = Order`.
    Resource(syn::Path),
}

pub(crate) enum Arg {
    /// `{name}` in the path.
    Path {
        name: String,
        ty: Type,
    },
    Query(Type),
    Json(Type),
    State(Type),
    Db,
    Tx,
    /// `Principal`: the authenticated caller, required.
    Principal,
    /// `Option<Principal>`: the caller, when there is one.
    MaybePrincipal,
}

impl Arg {
    fn describe(&self) -> &'static str {
        match self {
            Arg::Path { .. } => "path parameter",
            Arg::Query(_) => "`Query<T>`",
            Arg::Json(_) => "`Json<T>` body",
            Arg::State(_) => "`State<T>`",
            Arg::Db => "`Db`",
            Arg::Tx => "`&mut Tx`",
            Arg::Principal | Arg::MaybePrincipal => "principal",
        }
    }
}

pub(crate) fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let function: ItemFn = match syn::parse2(item.clone()) {
        Ok(f) => f,
        Err(_) => {
            let error = syn::Error::new(
                Span::call_site(),
                "`#[endpoint]` applies to an `async fn`, e.g. `async fn refund(id: Uuid) -> Result<Refund, Problem>`",
            )
            .to_compile_error();
            return quote!(#error #item);
        }
    };
    let cx = Ctxt::new();
    let model = check(&cx, attr, function.clone());
    match (cx.check(), model) {
        (None, Some(model)) => {
            let mut tokens = expand::endpoint(&model);
            tokens.extend(crate::contract::endpoint(&model));
            tokens
        }
        (errors, _) => quote!(#errors #function),
    }
}

struct RawAttr {
    method: Ident,
    path: LitStr,
    status: Option<(u16, Span)>,
    tag: Option<LitStr>,
    resource: Option<syn::Path>,
    roles: Option<Vec<LitStr>>,
    public: Option<Span>,
    deprecated: Option<Span>,
    problems: Option<Vec<syn::Path>>,
    operation_id: Option<LitStr>,
}

fn parse_attr(cx: &Ctxt, attr: TokenStream) -> Option<RawAttr> {
    let head = |input: syn::parse::ParseStream<'_>| {
        let method: Ident = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected the method and the path, e.g. `#[endpoint(post, \"/orders/{id}/refund\")]`",
            )
        })?;
        input.parse::<syn::Token![,]>().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected `,` and the path after the method, e.g. `post, \"/orders\"`",
            )
        })?;
        let path: LitStr = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected the path as a string, e.g. `\"/orders/{id}/refund\"`",
            )
        })?;
        let rest = if input.is_empty() {
            TokenStream::new()
        } else {
            input.parse::<syn::Token![,]>()?;
            input.parse::<TokenStream>()?
        };
        Ok((method, path, rest))
    };
    let (method, path, rest) = match head.parse2(attr) {
        Ok(parts) => parts,
        Err(e) => {
            cx.syn_error(e);
            return None;
        }
    };
    let mut out = RawAttr {
        method,
        path,
        status: None,
        tag: None,
        resource: None,
        roles: None,
        public: None,
        deprecated: None,
        problems: None,
        operation_id: None,
    };
    let parser = syn::meta::parser(|meta| {
        let Some(kw) = keyword_of::<EndpointKw>(&meta) else {
            return unknown(cx, &meta, "endpoint option", EndpointKw::ALL);
        };
        option(cx, &mut out, &meta, kw)
    });
    if let Err(e) = parser.parse2(rest) {
        cx.syn_error(e);
    }
    Some(out)
}

/// One option after the method and the path.
fn option(
    cx: &Ctxt,
    out: &mut RawAttr,
    meta: &syn::meta::ParseNestedMeta<'_>,
    kw: EndpointKw,
) -> syn::Result<()> {
    match kw {
        // #[endpoint(post, "/orders/{id}/refund", status = 202)]
        EndpointKw::Status => {
            let lit: syn::LitInt = meta.value()?.parse()?;
            let status: u16 = lit.base10_parse()?;
            if !(200..300).contains(&status) || status == 204 || status == 201 {
                cx.error_spanned_by(
                    &lit,
                    format!("`status` is the success status of a plain response, 200 to 299 except 201 and 204 (return `Created<T>` or `NoContent` for those), not {status}"),
                );
            }
            set(cx, &mut out.status, (status, lit.span()), &meta.path);
            Ok(())
        }
        // #[endpoint(get, "/reports/sales", tag = "Reports")]
        EndpointKw::Tag => {
            set(cx, &mut out.tag, meta.value()?.parse()?, &meta.path);
            Ok(())
        }
        // #[endpoint(post, "/orders/{id}/refund", resource = Order)]
        EndpointKw::Resource => {
            set(cx, &mut out.resource, meta.value()?.parse()?, &meta.path);
            Ok(())
        }
        // #[endpoint(post, "/orders/{id}/refund", roles("staff", "admin"))]
        EndpointKw::Roles => {
            let content;
            syn::parenthesized!(content in meta.input);
            let roles =
                content.parse_terminated(<LitStr as syn::parse::Parse>::parse, syn::Token![,])?;
            set(cx, &mut out.roles, roles.into_iter().collect(), &meta.path);
            Ok(())
        }
        // #[endpoint(get, "/status", public)]
        EndpointKw::Public => flag(cx, meta, kw, &mut out.public),
        // #[endpoint(post, "/orders/{id}/refund", problems(RefundProblem))]
        EndpointKw::Problems => {
            let content;
            syn::parenthesized!(content in meta.input);
            let types = content.parse_terminated(syn::Path::parse_mod_style, syn::Token![,])?;
            set(
                cx,
                &mut out.problems,
                types.into_iter().collect(),
                &meta.path,
            );
            Ok(())
        }
        // #[endpoint(post, "/orders/{id}/refund", operation_id = "refundOrder")]
        EndpointKw::OperationId => {
            let lit: LitStr = meta.value()?.parse()?;
            let id = lit.value();
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
            {
                cx.error_spanned_by(
                    &lit,
                    format!(
                        "operation id `{id}` is not valid: use letters, digits, `_`, `.` and `-`"
                    ),
                );
            }
            set(cx, &mut out.operation_id, lit, &meta.path);
            Ok(())
        }
        // #[endpoint(get, "/v1/report", deprecated)]
        EndpointKw::Deprecated => flag(cx, meta, kw, &mut out.deprecated),
    }
}

/// `refund_order` -> `refundOrder`.
pub(crate) fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.trim_start_matches("r#").chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The `{name}`s of a path template, or the reason it is malformed.
pub(crate) fn path_params(path: &str) -> Result<Vec<String>, String> {
    if !path.starts_with('/') {
        return Err(format!(
            "the path must start with `/`, e.g. `/{}`",
            path.trim_start_matches('/')
        ));
    }
    if path.len() > 1 && path.ends_with('/') {
        return Err("the path must not end with `/`".to_owned());
    }
    let mut params: Vec<String> = Vec::new();
    for segment in path[1..].split('/') {
        if segment.is_empty() && path != "/" {
            return Err("the path has an empty segment (`//`)".to_owned());
        }
        if let Some(inner) = segment.strip_prefix('{') {
            let Some(name) = inner.strip_suffix('}') else {
                return Err(format!(
                    "`{segment}`: a parameter is a whole segment, `{{name}}`"
                ));
            };
            let valid = name
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid {
                return Err(format!(
                    "`{{{name}}}`: a parameter name is a snake_case identifier, the name of an argument"
                ));
            }
            if params.iter().any(|p| p == name) {
                return Err(format!("`{{{name}}}` appears twice in the path"));
            }
            params.push(name.to_owned());
        } else if segment.contains(['{', '}']) {
            return Err(format!(
                "`{segment}`: a parameter is a whole segment, `{{name}}`"
            ));
        } else if !segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
        {
            return Err(format!(
                "`{segment}`: path segments use letters, digits, `-`, `.`, `_` and `~`"
            ));
        }
    }
    Ok(params)
}

/// The last segment of a written type path with its generic argument, if any.
fn last_segment(ty: &Type) -> Option<(String, Option<Type>)> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    let inner = match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => args.args.iter().find_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t.clone()),
            _ => None,
        }),
        _ => None,
    };
    Some((last.ident.to_string(), inner))
}

fn check(cx: &Ctxt, attr: TokenStream, function: ItemFn) -> Option<Endpoint> {
    let raw = parse_attr(cx, attr);
    let sig = &function.sig;
    let output = check_signature(cx, sig);
    let raw = raw?;
    let method = raw.method.to_string();
    if MethodKw::from_name(&method).is_none() {
        cx.error_spanned_by(
            &raw.method,
            format!(
                "unknown method `{method}`; {}",
                keyword::expected_one_of(MethodKw::ALL)
            ),
        );
    }
    let path = raw.path.value();
    let params = check_path(cx, &raw.path, &path);
    check_options(cx, &raw);
    let args = arguments(cx, sig, &raw, &method, (&path, &params));
    for param in &params {
        if !args
            .iter()
            .any(|a| matches!(a, Arg::Path { name, .. } if name == param))
        {
            cx.error_spanned_by(
                &raw.path,
                format!("`{{{param}}}` in the path has no argument; add `{param}: Uuid` (or the parameter's type) to `{}`", sig.ident),
            );
        }
    }

    let doc = doc_string(&function.attrs);
    let (summary, description) = match doc.split_once("\n\n") {
        Some((first, rest)) => (first.replace('\n', " "), rest.trim().to_owned()),
        None => (doc.replace('\n', " "), String::new()),
    };
    let deprecated = raw.deprecated.is_some()
        || function
            .attrs
            .iter()
            .any(|a| a.path().is_ident("deprecated"));
    let tag = tag(raw.tag, raw.resource, &path);
    let operation_id = raw
        .operation_id
        .as_ref()
        .map_or_else(|| camel_case(&sig.ident.to_string()), LitStr::value);
    let id_span = raw
        .operation_id
        .as_ref()
        .map_or(raw.path.span(), LitStr::span);
    Some(Endpoint {
        method: method.to_uppercase(),
        path,
        status: raw.status.map_or(200, |(s, _)| s),
        tag,
        summary,
        description,
        deprecated,
        roles: raw.roles.unwrap_or_default(),
        public: raw.public.is_some(),
        problems: raw.problems.unwrap_or_default(),
        operation_id,
        id_span,
        path_span: raw.path.span(),
        args,
        output: output?,
        function,
    })
}

/// An `async fn` without generics that returns something; the written return type.
fn check_signature(cx: &Ctxt, sig: &syn::Signature) -> Option<Type> {
    if sig.asyncness.is_none() {
        cx.error_spanned_by(
            sig.fn_token,
            format!(
                "an endpoint is an `async fn`; write `async fn {}`",
                sig.ident
            ),
        );
    }
    if !sig.generics.params.is_empty() {
        cx.error_spanned_by(
            &sig.generics,
            "an endpoint cannot have generic parameters or lifetimes",
        );
    }
    match &sig.output {
        ReturnType::Type(_, ty) => Some((**ty).clone()),
        ReturnType::Default => {
            cx.error_spanned_by(
                &sig.ident,
                format!("`{}` returns nothing; an endpoint returns `Result<T, E>`, e.g. `Result<NoContent, Problem>`", sig.ident),
            );
            None
        }
    }
}

/// The parameters of a well-formed path that the API does not serve itself.
fn check_path(cx: &Ctxt, lit: &LitStr, path: &str) -> Vec<String> {
    let params = match path_params(path) {
        Ok(params) => params,
        Err(why) => {
            cx.error_spanned_by(lit, format!("malformed path `{path}`: {why}"));
            Vec::new()
        }
    };
    if let Some(r) = RESERVED
        .iter()
        .find(|r| path == **r || path.starts_with(&format!("{r}/")))
    {
        cx.error_spanned_by(
            lit,
            format!(
                "`{path}` collides with `{r}`, which the API serves itself; choose another path"
            ),
        );
    }
    params
}

/// Options that exclude each other.
fn check_options(cx: &Ctxt, raw: &RawAttr) {
    if let (Some(tag), Some(resource)) = (&raw.tag, &raw.resource) {
        cx.error_spanned_by(
            resource,
            format!(
                "give `tag = \"{}\"` or `resource = ...`, not both",
                tag.value()
            ),
        );
    }
    if let (Some(public), Some(_)) = (raw.public, &raw.roles) {
        cx.error_at(
            public,
            "`public` admits anyone, so `roles(...)` would never apply; keep one",
        );
    }
}

/// What each argument is, by how it is written; the ones that are nothing are reported.
fn arguments(
    cx: &Ctxt,
    sig: &syn::Signature,
    raw: &RawAttr,
    method: &str,
    (path, params): (&str, &[String]),
) -> Vec<Arg> {
    let mut args = Vec::new();
    for input in &sig.inputs {
        let FnArg::Typed(arg) = input else {
            cx.error_spanned_by(
                input,
                "an endpoint is a free function; it cannot take `self`",
            );
            continue;
        };
        let Some(arg_kind) = argument(cx, arg, params, path) else {
            continue;
        };
        let ty = &*arg.ty;
        if let (Arg::Principal, Some(_)) = (&arg_kind, raw.public) {
            cx.error_spanned_by(
                ty,
                "`public` admits anonymous callers, who have no `Principal`; take `Option<Principal>`",
            );
        }
        // Path parameters and states may repeat (each has its own name or type); every
        // other extractor is taken once.
        let once = !matches!(arg_kind, Arg::Path { .. } | Arg::State(_));
        if once
            && args
                .iter()
                .any(|a| std::mem::discriminant(a) == std::mem::discriminant(&arg_kind))
        {
            cx.error_spanned_by(
                arg,
                format!(
                    "a second {}: an endpoint takes at most one",
                    arg_kind.describe()
                ),
            );
            continue;
        }
        if let Arg::Json(_) = arg_kind
            && matches!(
                MethodKw::from_name(method),
                Some(MethodKw::Get | MethodKw::Delete)
            )
        {
            cx.error_spanned_by(
                arg,
                format!(
                    "a `{}` request has no body; take a `Query<T>` instead, or use `post`",
                    method.to_uppercase()
                ),
            );
        }
        args.push(arg_kind);
    }
    args
}

/// One argument: an extractor by its type, else a path parameter by its name; `None`
/// after reporting it.
fn argument(cx: &Ctxt, arg: &syn::PatType, params: &[String], path: &str) -> Option<Arg> {
    let name = match &*arg.pat {
        Pat::Ident(p) => Some(p.ident.to_string()),
        _ => None,
    };
    let ty = &*arg.ty;
    let classified = match ty {
        Type::Reference(r)
            if r.mutability.is_some() && last_segment(&r.elem).is_some_and(|(n, _)| n == "Tx") =>
        {
            Some(Arg::Tx)
        }
        _ => match last_segment(ty) {
            Some((n, Some(inner))) if n == "Query" => Some(Arg::Query(inner)),
            Some((n, Some(inner))) if n == "Json" => Some(Arg::Json(inner)),
            Some((n, Some(inner))) if n == "State" => Some(Arg::State(inner)),
            Some((n, None)) if n == "Db" => Some(Arg::Db),
            Some((n, None)) if n == "Principal" => Some(Arg::Principal),
            Some((n, Some(inner)))
                if n == "Option" && last_segment(&inner).is_some_and(|(n, _)| n == "Principal") =>
            {
                Some(Arg::MaybePrincipal)
            }
            Some((n, None)) if n == "Tx" => {
                cx.error_spanned_by(ty, "take the transaction as `&mut Tx`: it commits when the function returns `Ok` and rolls back otherwise");
                return None;
            }
            _ => None,
        },
    };
    match (classified, name) {
        (Some(kind), _) => Some(kind),
        (None, Some(name)) if params.contains(&name) => Some(Arg::Path {
            name,
            ty: ty.clone(),
        }),
        (None, name) => {
            let written = ty.to_token_stream().to_string().replace(' ', "");
            let what = match name {
                Some(name) => format!(
                    "`{name}: {written}` is neither a parameter of the path `{path}` nor an extractor"
                ),
                None => format!("`{written}` is not an extractor"),
            };
            cx.error_spanned_by(
                arg,
                format!("{what}; an endpoint takes path parameters named like `{{name}}` in the path, `Query<T>`, `Json<T>`, `State<T>`, `Db`, `&mut Tx` and `Principal` (or `Option<Principal>`)"),
            );
            None
        }
    }
}

/// The written tag, the resource's, or the first literal segment of the path, capitalised:
/// `/reports/sales` -> `Reports`.
fn tag(tag: Option<LitStr>, resource: Option<syn::Path>, path: &str) -> Tag {
    match (tag, resource) {
        (Some(tag), _) => Tag::Written(tag.value()),
        (None, Some(resource)) => Tag::Resource(resource),
        (None, None) => {
            let first = path
                .trim_start_matches('/')
                .split('/')
                .next()
                .unwrap_or_default();
            let mut chars = first.chars();
            Tag::Written(match chars.next() {
                Some(c) if !first.starts_with('{') => c.to_uppercase().chain(chars).collect(),
                _ => "Endpoints".to_owned(),
            })
        }
    }
}

#[cfg(test)]
mod tests;
