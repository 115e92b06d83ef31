//! HTTP plumbing below the routes: the outermost middleware (request ids, problems for
//! every bare error response) and JSON request bodies decoded into violations.

pub(crate) mod context;
pub(crate) mod json;
