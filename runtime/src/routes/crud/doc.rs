//! The OpenAPI operations of the five CRUD routes: parameters (the list's filters, sort
//! and page), bodies, responses and every problem each can return, from the same
//! metadata the handlers run on.

use utoipa::openapi::Required;
use utoipa::openapi::ResponseBuilder;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, SchemaFormat, Type};

use crate::list::{ListPlan, Op};
use crate::model::access::{AccessRules, Allow};
use crate::model::{Access, Operations, ResourceMeta};
use crate::openapi::{
    id_parameter, json_response, problem_response, schema_ref, server_failures, with_article, words,
};
use crate::problem::ProblemType;

/// Who may take `op` (`access(...)` of the resource): the rule its route's gate checks.
pub(crate) fn allow(access: &AccessRules, op: Operations) -> Allow {
    match op {
        Operations::CREATE => access.create,
        Operations::LIST => access.list,
        Operations::UPDATE => access.update,
        Operations::DELETE => access.delete,
        _ => access.get,
    }
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
    let plan = ListPlan::new(meta, std::sync::Arc::default());
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
    // Cursors are base64url without padding (RFC 4648 §5).
    let cursor = Schema::Object(
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .pattern(Some("^[A-Za-z0-9_-]+$"))
            .build(),
    );
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
                cursor,
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
            .min_items(Some(1))
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
                // `a,b,c`: a comma-separated list (style form, explode false) of values
                // of the field's own type.
                Op::In => Schema::Array(
                    ArrayBuilder::new()
                        .items(utoipa::openapi::RefOr::T((field.meta.schema)()))
                        .min_items(Some(1))
                        .max_items(Some(crate::list::MAX_IN_VALUES))
                        .build(),
                ),
                _ => (field.meta.schema)(),
            };
            let mut parameter = query_parameter(
                &name,
                format!(
                    "Only items whose `{}` is {}.",
                    field.meta.name,
                    op.description()
                ),
                schema,
            );
            if op == Op::In {
                parameter.style = Some(utoipa::openapi::path::ParameterStyle::Form);
                parameter.explode = Some(false);
            }
            out.push(parameter);
        }
    }
    out
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
    let b = OperationBuilder::new().tag(meta.tag);
    let b = if op == Operations::CREATE {
        let b = b
            .operation_id(Some(meta.operation_ids[0]))
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
        b.operation_id(Some(meta.operation_ids[1]))
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
            .operation_id(Some(meta.operation_ids[2]))
            .summary(Some(format!("List {many}")))
            .description(Some(format!(
                "Returns one page of {many}, filtered and sorted as asked; at most {} filter terms. {paging}",
                crate::list::MAX_FILTERS
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
            .operation_id(Some(meta.operation_ids[3]))
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
        b.operation_id(Some(meta.operation_ids[4]))
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
