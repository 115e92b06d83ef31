//! OpenAPI 3.1 from resource metadata: schemas for each resource's response, create and
//! patch bodies, and one operation per route, each listing the problems it can return.
//! The document is built once, when the router is built.

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{
    HttpMethod, Operation, OperationBuilder, ParameterBuilder, ParameterIn,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, ObjectBuilder, Ref, Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{RefOr, Required, Response, ResponseBuilder};

use crate::list::{ListPlan, Op};
use crate::model::access::Allow;
use crate::model::{Access, FieldMeta, Operations, ResourceMeta};
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
            .property("items", ArrayBuilder::new().items(schema_ref(meta.name)))
            .required("items")
            .property("page", info)
            .required("page")
            .build(),
    )
}

fn query_parameter(
    name: &str,
    description: String,
    schema: Schema,
) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

/// `limit`/`cursor` or `page`/`page_size`, `sort`, and one parameter per filter operator.
fn list_parameters(meta: &'static ResourceMeta) -> Vec<utoipa::openapi::path::Parameter> {
    let plan = ListPlan::new(meta, std::sync::Arc::from(&[][..]));
    let list = &meta.list;
    let int = |min: u64, max: Option<u64>, default: u64| {
        Schema::Object(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(min))
                .maximum(max)
                .default(Some(default.into()))
                .build(),
        )
    };
    let string = || Schema::Object(ObjectBuilder::new().schema_type(Type::String).build());
    let mut out = Vec::new();
    match list.max_offset {
        None => {
            out.push(query_parameter(
                "limit",
                "Page size.".into(),
                int(1, Some(list.max_limit as u64), list.default_limit as u64),
            ));
            out.push(query_parameter(
                "cursor",
                "Opaque cursor from `page.next_cursor` or `page.prev_cursor` of an earlier page with the same `sort` and filters.".into(),
                string(),
            ));
        }
        Some(max_offset) => {
            out.push(query_parameter(
                "page",
                format!("Page number, from 1; a page may start at most {max_offset} items in."),
                int(1, None, 1),
            ));
            out.push(query_parameter(
                "page_size",
                "Page size.".into(),
                int(1, Some(list.max_limit as u64), list.default_limit as u64),
            ));
        }
    }
    let sortable: Vec<&str> = meta
        .fields
        .iter()
        .filter(|f| f.sortable)
        .map(|f| f.name)
        .collect();
    let default_sort = if list.default_sort.is_empty() {
        "id"
    } else {
        list.default_sort
    };
    let description = if sortable.is_empty() {
        format!("Sort order; this resource is sorted by `{default_sort}` only.")
    } else {
        format!(
            "Comma-separated fields, `-` for descending, e.g. `-{}`. Sortable: {}. Default: `{default_sort}`; the id breaks ties.",
            sortable[0],
            sortable
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    // `sort` is a comma-separated list (style form, explode false) of `field` or `-field`.
    let id_name = meta
        .fields
        .iter()
        .find(|f| f.access == Access::Id)
        .map_or("id", |f| f.name);
    let keys: Vec<serde_json::Value> = sortable
        .iter()
        .copied()
        .chain(std::iter::once(id_name))
        .flat_map(|name| [name.to_owned(), format!("-{name}")])
        .map(serde_json::Value::String)
        .collect();
    let sort_schema = Schema::Array(
        ArrayBuilder::new()
            .items(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(keys)),
            )
            .unique_items(true)
            .build(),
    );
    let mut sort = query_parameter("sort", description, sort_schema);
    sort.style = Some(utoipa::openapi::path::ParameterStyle::Form);
    sort.explode = Some(false);
    out.push(sort);
    for field in plan
        .fields
        .iter()
        .filter(|f| f.meta.filterable && f.meta.access.readable())
    {
        for op in Op::ALL.into_iter().filter(|op| op.allowed(field)) {
            let name = if op == Op::Eq {
                field.meta.name.to_owned()
            } else {
                format!("{}[{}]", field.meta.name, op.name())
            };
            let schema = match op {
                Op::Null => Schema::Object(ObjectBuilder::new().schema_type(Type::Boolean).build()),
                Op::In => string(),
                _ => (field.meta.schema)(),
            };
            out.push(query_parameter(
                &name,
                format!(
                    "Only items whose `{}` is {}.",
                    field.meta.name,
                    op.description()
                ),
                schema,
            ));
        }
    }
    out
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
    if kind == ProblemType::SERVICE_UNAVAILABLE {
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

fn body(name: String, description: &str) -> utoipa::openapi::request_body::RequestBody {
    RequestBodyBuilder::new()
        .description(Some(description))
        .required(Some(Required::True))
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(schema_ref(&name)))
                .build(),
        )
        .build()
}

/// The OpenAPI operation of one CRUD route.
pub(crate) fn operation(meta: &'static ResourceMeta, op: Operations) -> Operation {
    let one = words(meta.name);
    let a = with_article(&one);
    let many = words(meta.plural);
    let unique = meta.fields.iter().any(|f| f.access.writable() && f.unique);
    let references = meta
        .fields
        .iter()
        .any(|f| f.access.writable() && f.references.is_some());
    let conflict = |b: OperationBuilder| {
        match (unique, references) {
        (false, false) => b,
        (true, false) => b.response(
            "409",
            problem_response(ProblemType::UNIQUE_VIOLATION, "a unique field already holds the value; `field` names it."),
        ),
        (false, true) => b.response(
            "409",
            problem_response(ProblemType::REFERENCE_VIOLATION, "a reference names a resource that does not exist."),
        ),
        (true, true) => b.response(
            "409",
            problem_response(
                ProblemType::UNIQUE_VIOLATION,
                "a unique field already holds the value, or (`reference-violation`) a reference names a resource that does not exist.",
            ),
        ),
    }
    };
    let body_problems = |b: OperationBuilder, malformed: &str| {
        b.response(
            "400",
            problem_response(ProblemType::MALFORMED_REQUEST, malformed),
        )
        .response(
            "413",
            problem_response(
                ProblemType::PAYLOAD_TOO_LARGE,
                "the body is over the size limit.",
            ),
        )
        .response(
            "415",
            problem_response(
                ProblemType::UNSUPPORTED_MEDIA_TYPE,
                "the body is not `application/json`.",
            ),
        )
        .response(
            "422",
            problem_response(
                ProblemType::VALIDATION_ERROR,
                "a value breaks a declared constraint, or a field is missing, has the wrong type, is unknown or is read-only; `errors` lists every violation.",
            ),
        )
    };
    let missing = || problem_response(ProblemType::NOT_FOUND, &format!("no {one} has this id."));
    let bad_id = || problem_response(ProblemType::MALFORMED_REQUEST, "the id is not a UUID.");
    let pascal_plural = meta.plural;
    let b = OperationBuilder::new().tag(meta.tag);
    let b = if op == Operations::CREATE {
        let b = b
            .operation_id(Some(format!("create{}", meta.name)))
            .summary(Some(format!("Create {a}")))
            .description(Some(format!(
                "Creates {a} from the writable fields. The id and read-only fields are set by the server; sending them is an error. Answers 201 with the stored {one} and its URI in `Location`."
            )))
            .request_body(Some(body(format!("{}Create", meta.name), &format!("The new {one}."))))
            .response(
                "201",
                json_response(&format!("The created {one}."), schema_ref(meta.name)).header(
                    "Location",
                    HeaderBuilder::new()
                        .schema(ObjectBuilder::new().schema_type(Type::String).format(Some(SchemaFormat::Custom("uri-reference".into()))))
                        .description(Some(format!("URI of the new {one}.")))
                        .build(),
                ),
            );
        conflict(body_problems(b, "the body is not valid JSON."))
    } else if op == Operations::GET {
        b.operation_id(Some(format!("get{}", meta.name)))
            .summary(Some(format!("Get {a} by id")))
            .description(Some(format!("Returns the {one} with this id.")))
            .parameter(id_parameter(meta))
            .response(
                "200",
                json_response(&format!("The {one}."), schema_ref(meta.name)),
            )
            .response("400", bad_id())
            .response("404", missing())
    } else if op == Operations::LIST {
        let paging = match meta.list.max_offset {
            None => {
                "Pages are keyset cursors: follow `page.next_cursor` (or the `Link` header) to the next page; a page costs the same however deep it is."
            }
            Some(_) => {
                "Pages are numbered (`page`, `page_size`); `total_count` is a COUNT over the filters, so deep pages and large tables cost more."
            }
        };
        let mut b = b
            .operation_id(Some(format!("list{pascal_plural}")))
            .summary(Some(format!("List {many}")))
            .description(Some(format!(
                "Returns one page of {many}, filtered and sorted as asked. {paging}"
            )));
        for parameter in list_parameters(meta) {
            b = b.parameter(parameter);
        }
        let mut ok = json_response(
            &format!("A page of {many}."),
            schema_ref(&format!("{}Page", meta.name)),
        );
        if meta.list.max_offset.is_none() {
            ok = ok.header(
                "Link",
                HeaderBuilder::new()
                    .schema(ObjectBuilder::new().schema_type(Type::String))
                    .description(Some("RFC 8288 links to the neighbouring pages (`rel=\"next\"`, `rel=\"prev\"`)."))
                    .build(),
            );
        }
        b.response("200", ok).response(
            "400",
            problem_response(
                ProblemType::MALFORMED_REQUEST,
                "a query parameter is unknown, malformed or out of range, a filter operator does not fit the field, or the cursor is invalid or was issued for another sort or filters.",
            ),
        )
    } else if op == Operations::UPDATE {
        let b = b
            .operation_id(Some(format!("update{}", meta.name)))
            .summary(Some(format!("Update {a}")))
            .description(Some(format!(
                "Changes only the fields sent; the others keep their value. `null` clears a nullable field. Answers with the updated {one}."
            )))
            .parameter(id_parameter(meta))
            .request_body(Some(body(format!("{}Patch", meta.name), "The fields to change.")))
            .response("200", json_response(&format!("The updated {one}."), schema_ref(meta.name)))
            .response("404", missing());
        conflict(body_problems(
            b,
            "the body is not valid JSON, or the id is not a UUID.",
        ))
    } else {
        b.operation_id(Some(format!("delete{}", meta.name)))
            .summary(Some(format!("Delete {a}")))
            .description(Some(format!("Deletes the {one} with this id.")))
            .parameter(id_parameter(meta))
            .response(
                "204",
                ResponseBuilder::new()
                    .description(format!("The {one} is deleted."))
                    .build(),
            )
            .response("400", bad_id())
            .response("404", missing())
    };
    server_failures(b).build()
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
