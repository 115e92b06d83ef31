//! OpenAPI 3.1 from resource metadata: schemas for each resource's response, create and
//! patch bodies, and one operation per route, each listing the problems it can return.
//! The document is built once, when the router is built.

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{
    HttpMethod, Operation, OperationBuilder, ParameterBuilder, ParameterIn,
};
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, ObjectBuilder, Ref, Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{RefOr, Required, Response, ResponseBuilder};

use crate::model::access::Allow;
use crate::model::{Access, FieldMeta, ResourceMeta};
use crate::problem::{PROBLEM_JSON, ProblemType};
use crate::validate::Rule;

pub(crate) mod diagram;
pub(crate) mod docs;

pub(crate) fn schema_ref(name: &str) -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(name))
}

/// Adds `null` to a field's schema (JSON Schema 2020-12 style, as OpenAPI 3.1 wants).
pub(crate) fn nullable(schema: Schema) -> Schema {
    match schema {
        Schema::Array(mut array) => {
            array.schema_type = match array.schema_type {
                SchemaType::Type(t) => SchemaType::Array(vec![t, Type::Null]),
                other => other,
            };
            Schema::Array(array)
        }
        Schema::Object(mut object) => {
            object.schema_type = match object.schema_type {
                SchemaType::Type(t) => SchemaType::Array(vec![t, Type::Null]),
                SchemaType::Array(mut types) => {
                    types.push(Type::Null);
                    SchemaType::Array(types)
                }
                SchemaType::AnyValue => SchemaType::AnyValue,
            };
            if let Some(values) = &mut object.enum_values {
                values.push(serde_json::Value::Null);
            }
            Schema::Object(object)
        }
        other => other,
    }
}

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Shape {
    Response,
    Create,
    Patch,
}

/// A field's value schema with its nullability, constraints and documentation; shared
/// with `#[object]` structs.
pub(crate) fn value_schema(base: Schema, nullable_: bool, rules: &[Rule], doc: &str) -> Schema {
    let mut schema = if nullable_ { nullable(base) } else { base };
    match &mut schema {
        // Any JSON: no schema keyword can forbid a NUL in the strings nested inside it
        // (every string type has the `NO_NUL` pattern), so the description says so.
        Schema::Object(object) if object.schema_type == SchemaType::AnyValue => {
            let rule = "Strings inside it cannot contain the NUL character (\\u0000).";
            object.description = Some(if doc.is_empty() {
                rule.to_owned()
            } else {
                format!("{doc} {rule}")
            });
        }
        Schema::Object(object) if !doc.is_empty() => object.description = Some(doc.to_owned()),
        Schema::Array(array) if !doc.is_empty() => array.description = Some(doc.to_owned()),
        _ => {}
    }
    crate::validate::document(&mut schema, rules);
    schema
}

/// One field of an `#[object]` struct, for its schema.
#[doc(hidden)]
pub struct ObjectField {
    pub name: &'static str,
    pub schema: fn() -> Schema,
    pub nullable: bool,
    pub rules: &'static [Rule],
    pub doc: &'static str,
}

/// The schema of an `#[object]` struct: its fields with their constraints; unknown members
/// are refused, as the derived deserializer does.
#[doc(hidden)]
pub fn object_schema(doc: &str, fields: &[ObjectField]) -> Schema {
    let mut object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(false)));
    if !doc.is_empty() {
        object = object.description(Some(doc));
    }
    for field in fields {
        let schema = value_schema((field.schema)(), field.nullable, field.rules, field.doc);
        object = object.property(field.name, schema);
        if !field.nullable {
            object = object.required(field.name);
        }
    }
    Schema::Object(object.build())
}

fn field_schema(field: &FieldMeta, shape: Shape) -> Schema {
    let mut schema = value_schema((field.schema)(), field.nullable, field.rules, field.doc);
    if let Schema::Object(object) = &mut schema {
        match field.access {
            Access::Id | Access::ReadOnly => object.read_only = Some(true),
            Access::WriteOnly if shape != Shape::Response => object.write_only = Some(true),
            _ => {}
        }
        if shape == Shape::Create {
            object.default = field.default.map(|f| f());
        }
    }
    if let Schema::Array(array) = &mut schema
        && shape == Shape::Create
    {
        array.default = field.default.map(|f| f());
    }
    schema
}

pub(crate) fn resource_schema(meta: &ResourceMeta, shape: Shape) -> Schema {
    let mut object = ObjectBuilder::new().schema_type(Type::Object);
    let description = match shape {
        Shape::Response => meta.doc.to_owned(),
        Shape::Create => format!(
            "Body of a request that creates {}.",
            with_article(&words(meta.name))
        ),
        Shape::Patch => format!(
            "Body of a partial update of {}: fields left out keep their value; `null` clears a nullable field.",
            with_article(&words(meta.name))
        ),
    };
    if !description.is_empty() {
        object = object.description(Some(description));
    }
    for field in meta.fields {
        let included = match shape {
            Shape::Response => field.access.readable(),
            Shape::Create | Shape::Patch => field.access.writable(),
        };
        if !included {
            continue;
        }
        object = object.property(field.name, field_schema(field, shape));
        let required = match shape {
            Shape::Response => true,
            Shape::Create => !field.nullable && field.default.is_none(),
            Shape::Patch => false,
        };
        if required {
            object = object.required(field.name);
        }
    }
    if shape != Shape::Response {
        object =
            object.additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(false)));
    }
    Schema::Object(object.build())
}

pub(crate) fn page_schema(meta: &ResourceMeta) -> Schema {
    let integer = |desc: &str| {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(0))
            .description(Some(desc.to_owned()))
    };
    let boolean = |desc: &str| {
        ObjectBuilder::new()
            .schema_type(Type::Boolean)
            .description(Some(desc.to_owned()))
    };
    let cursor = |desc: &str| {
        ObjectBuilder::new()
            .schema_type(SchemaType::Array(vec![Type::String, Type::Null]))
            .description(Some(desc.to_owned()))
    };
    let info = match meta.list.max_offset {
        None => ObjectBuilder::new()
            .schema_type(Type::Object)
            .property("limit", integer("Page size used."))
            .property("has_next", boolean("Whether items follow this page."))
            .property("has_prev", boolean("Whether items precede this page."))
            .property(
                "next_cursor",
                cursor("Pass as `cursor` to get the next page; null on the last page."),
            )
            .property(
                "prev_cursor",
                cursor("Pass as `cursor` to get the previous page; null on the first page."),
            )
            .required("limit")
            .required("has_next")
            .required("has_prev")
            .required("next_cursor")
            .required("prev_cursor"),
        Some(_) => ObjectBuilder::new()
            .schema_type(Type::Object)
            .property("page", integer("Page number, from 1."))
            .property("page_size", integer("Page size used."))
            .property("total_count", integer("Items matching the filters."))
            .property("total_pages", integer("Pages of this size."))
            .property("has_next", boolean("Whether a later page has items."))
            .property("has_prev", boolean("Whether this is not the first page."))
            .required("page")
            .required("page_size")
            .required("total_count")
            .required("total_pages")
            .required("has_next")
            .required("has_prev"),
    };
    Schema::Object(
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(format!("A page of {}.", words(meta.plural))))
            .property(
                meta.list.items,
                ArrayBuilder::new().items(schema_ref(meta.name)),
            )
            .required(meta.list.items)
            .property(meta.list.page, info)
            .required(meta.list.page)
            .build(),
    )
}

pub(crate) fn problem_schema() -> Schema {
    let string = |desc: &str| {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(desc.to_owned()))
    };
    let violation = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property(
            "pointer",
            string("JSON Pointer (RFC 6901) to the offending value."),
        )
        .required("pointer")
        .property("code", string("Stable machine code of the broken rule."))
        .required("code")
        .property("message", string("Human-readable explanation."))
        .required("message");
    Schema::Object(
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some("RFC 9457 problem details."))
            .property(
                "type",
                string("URI reference identifying the problem type.")
                    .format(Some(SchemaFormat::Custom("uri-reference".into()))),
            )
            .required("type")
            .property("title", string("Short summary of the problem type."))
            .required("title")
            .property(
                "status",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(400))
                    .maximum(Some(599))
                    .description(Some("HTTP status code.")),
            )
            .required("status")
            .property("detail", string("Explanation of this occurrence."))
            .property(
                "instance",
                string("Identifies this occurrence: `urn:request:{request id}`."),
            )
            .property(
                "errors",
                ArrayBuilder::new()
                    .items(violation)
                    .description(Some("Every violation, for `validation-error`.")),
            )
            .property(
                "field",
                string("The field involved, for `unique-violation` and `reference-violation`."),
            )
            .property(
                "parameter",
                string("The path or query parameter involved, for `malformed-request`."),
            )
            .build(),
    )
}

/// `OrderItem` -> `order item`.
pub(crate) fn words(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

pub(crate) fn with_article(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

/// The name of the bearer JWT security scheme.
pub(crate) const BEARER: &str = "bearerAuth";

/// The security requirement of an operation under authentication, as its rule says (role
/// names as the requirement's scopes, which OpenAPI 3.1 allows for any scheme), and the
/// 401 and 403 problems it can answer.
pub(crate) fn secure(operation: &mut utoipa::openapi::path::Operation, allow: Allow, scoped: bool) {
    let requirements = match allow {
        Allow::Public => vec![
            SecurityRequirement::default(),
            SecurityRequirement::new(BEARER, Vec::<String>::new()),
        ],
        Allow::Authenticated => vec![SecurityRequirement::new(BEARER, Vec::<String>::new())],
        Allow::Roles(roles) => vec![SecurityRequirement::new(BEARER, roles.iter().copied())],
    };
    operation.security = Some(requirements);
    let mut unauthorized = problem_response(
        ProblemType::AUTHENTICATION_REQUIRED,
        if allow == Allow::Public {
            "the bearer token sent is not valid (a call without one is allowed)."
        } else {
            "no bearer token, or one that is not valid; `WWW-Authenticate` says which."
        },
    );
    if let RefOr::T(response) = &mut unauthorized {
        response.headers.insert(
            "WWW-Authenticate".into(),
            HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::String))
                .description(Some("The bearer challenge (RFC 6750)."))
                .build(),
        );
    }
    merge_response(operation, "401", unauthorized);
    let forbidden = match (allow, scoped) {
        (Allow::Roles(roles), _) => Some(format!(
            "the caller holds none of the roles {}.",
            roles.join(", ")
        )),
        (_, true) => Some(
            "the caller's token names no tenant, or an identity that cannot own rows here."
                .to_owned(),
        ),
        _ => None,
    };
    if let Some(when) = forbidden {
        merge_response(
            operation,
            "403",
            problem_response(ProblemType::INSUFFICIENT_PERMISSIONS, &when),
        );
    }
}

/// Adds a problem response at `status`; one the operation documents already (a login's own
/// 401, say) keeps its place, and the new one is described after it.
fn merge_response(
    operation: &mut utoipa::openapi::path::Operation,
    status: &str,
    response: RefOr<Response>,
) {
    match (operation.responses.responses.get_mut(status), response) {
        (Some(RefOr::T(existing)), RefOr::T(added)) => {
            existing.description = format!("{} Or {}", existing.description, added.description);
            existing.headers.extend(added.headers);
        }
        (_, response) => {
            operation
                .responses
                .responses
                .insert(status.into(), response);
        }
    }
}

pub(crate) fn problem_response(kind: ProblemType, when: &str) -> RefOr<Response> {
    let mut builder = ResponseBuilder::new()
        .description(format!("{} (`{}`): {when}", kind.title, kind.slug))
        .content(
            PROBLEM_JSON,
            ContentBuilder::new()
                .schema(Some(schema_ref("Problem")))
                .build(),
        );
    // RFC 9110 §10.2.3: a 503 or a 429 (RFC 6585 §4) may say when to come back.
    if kind.status == 503 || kind.status == 429 {
        builder = builder.header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::Integer))
                .description(Some("Seconds to wait before retrying."))
                .build(),
        );
    }
    RefOr::T(builder.build())
}

pub(crate) fn json_response(description: &str, schema: RefOr<Schema>) -> ResponseBuilder {
    ResponseBuilder::new().description(description).content(
        "application/json",
        ContentBuilder::new().schema(Some(schema)).build(),
    )
}

pub(crate) fn id_parameter(meta: &ResourceMeta) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name("id")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some(format!("Id of the {}.", words(meta.name))))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::Custom("uuid".into()))),
        ))
        .build()
}

/// The `500` and `503` every operation that reaches the database can answer.
pub(crate) fn server_failures(b: OperationBuilder) -> OperationBuilder {
    b.response(
        "500",
        problem_response(
            ProblemType::INTERNAL_ERROR,
            "the server failed; see the logs under the request id.",
        ),
    )
    .response(
        "503",
        problem_response(
            ProblemType::SERVICE_UNAVAILABLE,
            "the database is unreachable.",
        ),
    )
}

/// The refusals of the server in front of every operation (`resourcery::serve`, on by
/// default): a `503` when it is at its concurrency limit or a request runs past its time
/// limit, a `408` when a body arrives too slowly, and with `Api::rate_limit` a `429`.
pub(crate) fn server_limits(operation: &mut Operation, rate_limited: bool) {
    if operation.request_body.is_some() {
        merge_response(
            operation,
            "408",
            problem_response(
                ProblemType::BODY_TIMEOUT,
                "the body did not arrive in full within the server's deadline.",
            ),
        );
    }
    if rate_limited {
        merge_response(
            operation,
            "429",
            problem_response(
                ProblemType::RATE_LIMITED,
                "the caller's address sent more requests than the API's rate limit allows.",
            ),
        );
    }
    merge_response(
        operation,
        "503",
        problem_response(
            ProblemType::OVERLOADED,
            "the server is serving as many requests as it allows.",
        ),
    );
    merge_response(
        operation,
        "503",
        problem_response(
            ProblemType::TIMEOUT,
            "the request ran past the server's time limit.",
        ),
    );
}

/// With `Api::validation_status(400)`, validation errors share the 400 response.
pub(crate) fn validation_as_400(operation: &mut Operation) {
    let responses = &mut operation.responses.responses;
    let Some(RefOr::T(validation)) = responses.remove("422") else {
        return;
    };
    match responses.get_mut("400") {
        Some(RefOr::T(bad)) => {
            bad.description = format!("{} Or {}", bad.description, validation.description);
        }
        _ => {
            responses.insert("400".into(), RefOr::T(validation));
        }
    }
}

pub(crate) fn http_method(method: &axum::http::Method) -> HttpMethod {
    match *method {
        axum::http::Method::POST => HttpMethod::Post,
        axum::http::Method::PUT => HttpMethod::Put,
        axum::http::Method::PATCH => HttpMethod::Patch,
        axum::http::Method::DELETE => HttpMethod::Delete,
        axum::http::Method::HEAD => HttpMethod::Head,
        axum::http::Method::OPTIONS => HttpMethod::Options,
        _ => HttpMethod::Get,
    }
}
