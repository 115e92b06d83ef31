//! Front-end pieces shared by every macro: error collection, keyword tables, doc comments,
//! type classification, validation rules.

pub(crate) mod attr;
pub(crate) mod ctxt;
pub(crate) mod debug;
pub(crate) mod docs;
pub(crate) mod field;
pub(crate) mod keyword;
pub(crate) mod rules;
pub(crate) mod types;
