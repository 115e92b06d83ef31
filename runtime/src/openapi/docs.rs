//! `GET /docs`: Swagger UI, vendored (swagger-ui-dist 5, Apache-2.0) so the page renders
//! with no internet access. Asset paths are relative, so the docs work under a nested prefix.

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse};
use axum::routing::get;

const BUNDLE: &str = include_str!("../../assets/swagger-ui/swagger-ui-bundle.js");
/// Starts Swagger UI; a file of its own rather than inline, so the page's
/// `Content-Security-Policy` can allow scripts from this origin only.
const INIT: &str = "window.ui = SwaggerUIBundle({ url: \"openapi.json\", dom_id: \"#swagger-ui\", deepLinking: true, persistAuthorization: true });\n";

/// What the page may load: its own scripts and styles (Swagger UI sets inline styles),
/// images from here or inline (the state diagrams are `data:` SVGs), requests to any
/// server the document names; no plugins, no framing, no forms elsewhere.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src *; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const CSS: &str = include_str!("../../assets/swagger-ui/swagger-ui.css");

const PAGE: &str = r##"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API documentation</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/swagger-init.js"></script>
</body>
</html>
"##;

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        body,
    )
}

pub(crate) fn router() -> Router {
    Router::new()
        .route(
            "/docs",
            get(|| async {
                (
                    [
                        (
                            header::CONTENT_SECURITY_POLICY,
                            HeaderValue::from_static(POLICY),
                        ),
                        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
                        (
                            header::REFERRER_POLICY,
                            HeaderValue::from_static("no-referrer"),
                        ),
                    ],
                    Html(PAGE),
                )
            }),
        )
        .route(
            "/docs/swagger-init.js",
            get(|| async { asset("text/javascript; charset=utf-8", INIT) }),
        )
        .route(
            "/docs/swagger-ui.css",
            get(|| async { asset("text/css; charset=utf-8", CSS) }),
        )
        .route(
            "/docs/swagger-ui-bundle.js",
            get(|| async { asset("text/javascript; charset=utf-8", BUNDLE) }),
        )
}
