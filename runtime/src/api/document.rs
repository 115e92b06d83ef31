//! The whole OpenAPI document of an [`Api`]: every route's operation, every resource's
//! schemas, the problem registry and the security scheme, built from the same route table
//! as the router.

use utoipa::openapi::schema::{ComponentsBuilder, Schema};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::server::{Server, ServerBuilder};
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{
    InfoBuilder, LicenseBuilder, OpenApi, OpenApiBuilder, PathItem, PathsBuilder,
};

use super::{Api, Route};
use crate::model::{Operations, ResourceMeta};
use crate::openapi::{
    BEARER, Shape, http_method, page_schema, problem_response, problem_schema, resource_schema,
    secure, server_limits, validation_as_400,
};
use crate::problem::ProblemType;

/// The whole document: every route's operation, every resource's schemas.
pub(crate) fn document(
    api: &Api,
    resources: &[&'static ResourceMeta],
    routes: &[Route],
) -> OpenApi {
    let (title, version, description) = api.info();
    // The registry of problem types (built-in, then those of `Api::problems`) has no place
    // in OpenAPI proper, so it rides on the `Problem` schema as `x-problem-types`, each
    // entry shaped like the `GET /problems/{slug}` answer with `type` as clients see it.
    let mut problem = problem_schema();
    if let Schema::Object(object) = &mut problem {
        let (base, registry) = api.problem_registry();
        let types: Vec<serde_json::Value> = registry
            .iter()
            .map(|p| {
                serde_json::json!({
                    "type": format!("{base}{}", p.slug),
                    "title": p.title,
                    "status": p.status,
                    "description": p.description,
                })
            })
            .collect();
        object.extensions = Some(
            utoipa::openapi::extensions::ExtensionsBuilder::new()
                .add("x-problem-types", types)
                .build(),
        );
    }
    let mut components = ComponentsBuilder::new().schema("Problem", problem);
    let mut tags = Vec::new();
    for meta in resources {
        let mut response = resource_schema(meta, Shape::Response);
        let mut doc_text = meta.doc.to_owned();
        // The lifecycle of a state field: the graph for tools as `x-state-machine`, and for
        // people the transition table and a Mermaid diagram in the tag's description.
        if let (Some(field), Schema::Object(object)) = (meta.state_field(), &mut response)
            && let Some(graph) = field.state.map(|g| g())
        {
            object.extensions = Some(
                utoipa::openapi::extensions::ExtensionsBuilder::new()
                    .add(
                        "x-state-machine",
                        serde_json::json!({ "field": field.name, "graph": graph.to_json() }),
                    )
                    .build(),
            );
            let mut table = format!(
                "\n\n`{}` changes only through these actions (`POST {}/{{id}}/{{action}}`):\n\n| action | from | to |\n|---|---|---|\n",
                field.name, meta.path
            );
            for t in graph.transitions {
                table.push_str(&format!(
                    "| `{}` | {} | `{}` |\n",
                    t.action,
                    t.from
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    t.to
                ));
            }
            // The picture is inline, so the document stays self-contained. It is an HTML
            // `<img>`: Markdown renderers refuse `data:` links but keep the tag. The
            // Mermaid text follows for renderers that draw it and for people reading JSON.
            use base64::Engine as _;
            let picture = base64::engine::general_purpose::STANDARD.encode(graph.svg());
            doc_text = format!(
                "{}{table}\n<img alt=\"The life cycle of {name}\" src=\"data:image/svg+xml;base64,{picture}\">\n\n```mermaid\n{}```",
                doc_text.trim_end(),
                graph.mermaid(),
                name = graph.name,
            );
        }
        // Each schema only where an operation refers to it.
        let serves = |op| meta.operations.contains(op);
        components = components.schema(meta.name, response);
        if serves(Operations::CREATE) {
            let create = resource_schema(meta, Shape::Create);
            components = components.schema(format!("{}Create", meta.name), create);
        }
        if serves(Operations::UPDATE) {
            let patch = resource_schema(meta, Shape::Patch);
            components = components.schema(format!("{}Patch", meta.name), patch);
        }
        if serves(Operations::LIST) {
            components = components.schema(format!("{}Page", meta.name), page_schema(meta));
        }
        let doc = (!doc_text.is_empty()).then_some(doc_text);
        // Resources may share a tag; OpenAPI wants each tag once.
        if !tags
            .iter()
            .any(|t: &utoipa::openapi::tag::Tag| t.name == meta.tag)
        {
            tags.push(TagBuilder::new().name(meta.tag).description(doc).build());
        }
    }
    let mut paths = PathsBuilder::new();
    for route in routes {
        let mut operation = route.operation.clone();
        // A row others reference cannot be deleted; only the whole registry knows that.
        let referenced = resources.iter().any(|other| {
            other
                .fields
                .iter()
                .any(|f| f.references.is_some_and(|t| t().name == route.owner))
        });
        if route.method == axum::http::Method::DELETE && referenced {
            operation.responses.responses.insert(
                "409".into(),
                problem_response(
                    ProblemType::REFERENCE_VIOLATION,
                    "other resources still reference this one.",
                ),
            );
        }
        server_limits(&mut operation, api.rate_limited());
        if api.validation_status_code() == axum::http::StatusCode::BAD_REQUEST {
            validation_as_400(&mut operation);
        }
        if api.has_auth() {
            let scoped = resources
                .iter()
                .any(|m| m.name == route.owner && (m.owner.is_some() || m.tenant.is_some()));
            secure(&mut operation, route.allow, scoped);
        }
        paths = paths.path(
            route.path.clone(),
            PathItem::new(http_method(&route.method), operation),
        );
    }
    if api.has_auth() {
        components = components.security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "A JWT in `Authorization: Bearer <token>`. Each operation's requirement lists the roles it admits; an empty requirement means anonymous calls are allowed.",
                    ))
                    .build(),
            ),
        );
    }
    let (servers, license) = (api.servers(), api.license_of());
    let servers: Vec<Server> = if servers.is_empty() {
        vec![
            ServerBuilder::new()
                .url("/")
                .description(Some("Where this document is served."))
                .build(),
        ]
    } else {
        servers
            .iter()
            .map(|(url, description)| {
                ServerBuilder::new()
                    .url(url)
                    .description(description.clone())
                    .build()
            })
            .collect()
    };
    let license = license.map(|(name, spdx)| {
        LicenseBuilder::new()
            .name(name)
            .identifier(Some(spdx))
            .build()
    });
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title(title)
                .version(version)
                .description(description)
                .license(license),
        )
        .servers(Some(servers))
        .paths(paths)
        .components(Some(components.build()))
        .tags(Some(tags))
        .build()
}
