//! Front-end pieces shared by every macro: error collection, keyword tables, doc comments,
//! type classification.

pub(crate) mod ctxt;
pub(crate) mod debug;
pub(crate) mod docs;
pub(crate) mod keyword;
pub(crate) mod types;
