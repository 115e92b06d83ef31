//! Compile-fail and compile-pass tests of resourcery's macros; see tests/ui.rs.
