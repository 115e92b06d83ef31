//! HTTP plumbing below the routes: the outermost middleware (request ids, problems for
//! every bare error response), JSON request bodies decoded into violations, rate limits,
//! and timestamps written into responses.

pub(crate) mod context;
pub(crate) mod json;
pub(crate) mod throttle;
pub(crate) mod timestamp;
