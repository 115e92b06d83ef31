//! The OpenAPI operation of an endpoint, written from its signature: path and query
//! parameters, body, success response and the problems each extractor and the error type
//! can return.

use utoipa::openapi::path::{Operation, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{ContentBuilder, Deprecated, RefOr, Required};

use super::{EndpointMeta, Outcome, PathParam, QueryParams, Reply};
use crate::openapi::{json_response, problem_response};
use crate::problem::{ProblemType, ProblemTypes};
use crate::routes::transition::hook::TransitionBody;

/// Builds the OpenAPI operation of a function endpoint from its declaration and types.
#[doc(hidden)]
pub struct Doc {
    meta: &'static EndpointMeta,
    operation: OperationBuilder,
    /// Status -> why, in the order added; merged per status.
    problems: Vec<(u16, ProblemType, String)>,
}

impl Doc {
    pub fn new(meta: &'static EndpointMeta) -> Doc {
        let mut operation = OperationBuilder::new()
            .tag(meta.tag)
            .operation_id(Some(meta.operation_id));
        if !meta.summary.is_empty() {
            operation = operation.summary(Some(meta.summary));
        }
        let mut description = meta.description.to_owned();
        if !meta.roles.is_empty() {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(&format!("Declared for roles: {}.", meta.roles.join(", ")));
        }
        if !description.is_empty() {
            operation = operation.description(Some(description));
        }
        if meta.deprecated {
            operation = operation.deprecated(Some(Deprecated::True));
        }
        Doc {
            meta,
            operation,
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, kind: ProblemType, why: &str) {
        self.problems.push((kind.status, kind, why.to_owned()));
    }

    /// A path parameter of type `T`.
    pub fn path<T: PathParam>(mut self, name: &str) -> Doc {
        self.operation = self.operation.parameter(
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .schema(Some(T::schema())),
        );
        self.problem(
            ProblemType::MALFORMED_REQUEST,
            &format!("`{name}` is not {}.", T::EXPECTED),
        );
        self
    }

    /// The members of `T` as query parameters.
    pub fn query<T: QueryParams>(mut self) -> Doc {
        if let Schema::Object(object) = T::schema() {
            for (name, schema) in object.properties {
                let required = object.required.contains(&name);
                let description = match &schema {
                    RefOr::T(Schema::Object(o)) => o.description.clone(),
                    _ => None,
                };
                // An absent parameter is the `None` of an optional member; a query string
                // has no null.
                let schema = match schema {
                    RefOr::T(schema) => RefOr::T(not_null(schema)),
                    reference => reference,
                };
                self.operation = self.operation.parameter(
                    ParameterBuilder::new()
                        .name(name)
                        .parameter_in(ParameterIn::Query)
                        .required(if required {
                            Required::True
                        } else {
                            Required::False
                        })
                        .description(description)
                        .schema(Some(schema)),
                );
            }
        }
        self.problem(
            ProblemType::MALFORMED_REQUEST,
            "a query parameter is unknown, repeated or not of its type.",
        );
        self.problem(
            ProblemType::VALIDATION_ERROR,
            "a query parameter breaks a declared constraint; `errors` lists every violation.",
        );
        self
    }

    /// A JSON body of type `T`.
    pub fn body<T: TransitionBody>(mut self) -> Doc {
        self.operation = self.operation.request_body(Some(
            RequestBodyBuilder::new()
                .required(Some(Required::True))
                .content(
                    "application/json",
                    ContentBuilder::new().schema(Some(T::schema())).build(),
                )
                .build(),
        ));
        self.problem(ProblemType::MALFORMED_REQUEST, "the body is not JSON.");
        self.problem(
            ProblemType::PAYLOAD_TOO_LARGE,
            "the body is over the size limit.",
        );
        self.problem(
            ProblemType::UNSUPPORTED_MEDIA_TYPE,
            "the body is not `application/json`.",
        );
        self.problem(
            ProblemType::VALIDATION_ERROR,
            "the body breaks a declared constraint, or a member is missing, has the wrong type or is unknown; `errors` lists every violation.",
        );
        self
    }

    /// The problem types of `E`, declared with `problems(E)`.
    pub fn problems<E: ProblemTypes>(mut self) -> Doc {
        for kind in E::TYPES {
            self.problems
                .push((kind.status, *kind, kind.description.to_owned()));
        }
        self
    }

    /// The function reads or writes the database.
    pub fn database(mut self) -> Doc {
        self.problem(
            ProblemType::SERVICE_UNAVAILABLE,
            "the database is unreachable.",
        );
        self
    }

    /// The success response and the error's problem types; the finished operation.
    pub fn returns<O: Outcome>(mut self) -> Operation {
        let status = <O::Ok as Reply>::STATUS.unwrap_or(self.meta.status);
        let description = match status {
            201 => "Created.",
            204 => "No content.",
            _ => "Success.",
        };
        let success = match <O::Ok as Reply>::schema() {
            Some(schema) => json_response(description, schema).build(),
            None => utoipa::openapi::ResponseBuilder::new()
                .description(description)
                .build(),
        };
        for kind in O::problem_types() {
            self.problems
                .push((kind.status, *kind, kind.description.to_owned()));
        }
        self.problem(
            ProblemType::INTERNAL_ERROR,
            "the server failed; see the logs under the request id.",
        );
        let mut operation = self.operation.response(status.to_string(), success);
        let mut statuses: Vec<u16> = self.problems.iter().map(|(s, _, _)| *s).collect();
        statuses.sort_unstable();
        statuses.dedup();
        for status in statuses {
            let mut here: Vec<&(u16, ProblemType, String)> = self
                .problems
                .iter()
                .filter(|(s, _, _)| *s == status)
                .collect();
            let first = here[0].1;
            here.dedup_by(|a, b| a.1 == b.1 && a.2 == b.2);
            let mut why = String::new();
            for (_, kind, text) in &here {
                if !why.is_empty() {
                    why.push(' ');
                }
                // The response is described as its first type; others say which they are.
                if *kind == first {
                    why.push_str(text.trim_end());
                } else {
                    why.push_str(&format!(
                        "Or {} (`{}`): {}",
                        kind.title,
                        kind.slug,
                        text.trim_end()
                    ));
                }
            }
            operation = operation.response(status.to_string(), problem_response(first, &why));
        }
        operation.build()
    }
}

/// The schema without `null` among its types or values.
fn not_null(schema: Schema) -> Schema {
    use utoipa::openapi::schema::{SchemaType, Type};
    match schema {
        Schema::Object(mut object) => {
            if let SchemaType::Array(types) = &object.schema_type {
                let kept: Vec<Type> = types
                    .iter()
                    .filter(|t| **t != Type::Null)
                    .cloned()
                    .collect();
                object.schema_type = match kept.as_slice() {
                    [one] => SchemaType::Type(one.clone()),
                    _ => SchemaType::Array(kept),
                };
            }
            if let Some(values) = &mut object.enum_values {
                values.retain(|v| !v.is_null());
            }
            Schema::Object(object)
        }
        other => other,
    }
}
