//! The expansions name everything by absolute path, so a module that shadows the prelude
//! and common std names still compiles.

#![allow(dead_code, non_camel_case_types, unused_macros)]

mod shadowed {
    use ::resourcery::prelude::*;

    pub struct Result;
    pub struct Ok;
    pub struct Err;
    pub struct Option;
    pub struct Some;
    pub struct None;
    pub struct String;
    pub struct Vec;
    pub struct Box;
    pub struct Default;
    pub struct Into;
    pub struct From;
    pub struct Send;
    pub struct Sync;
    pub struct Sized;
    pub struct Clone;
    pub struct Copy;
    pub struct serde;
    pub struct uuid;
    pub struct chrono;
    pub struct utoipa;
    pub struct resourcery;
    pub struct sqlx;
    pub struct core;
    pub struct std;
    pub struct Invalid;
    pub struct Violations;
    pub struct Pointer;
    pub struct Rule;
    pub struct LazyLock;
    pub struct regex;

    // Prelude macros the expansions might call unqualified.
    macro_rules! format {
        ($($t:tt)*) => {
            compile_error!("the user's `format!` was called")
        };
    }
    macro_rules! vec {
        ($($t:tt)*) => {
            compile_error!("the user's `vec!` was called")
        };
    }

    #[derive(Debug, PartialEq, Eq, Enum)]
    pub enum Tier {
        Bronze,
        #[variant(rename = "gold")]
        Golden,
    }

    fn sane(_: &::core::primitive::str) -> ::std::result::Result<(), ::resourcery::Invalid> {
        ::std::result::Result::Ok(())
    }

    fn whole(_: &Shadowed, _: &mut ::resourcery::Violations) {}

    #[::resourcery::object]
    #[derive(PartialEq)]
    pub struct Part {
        #[field(validate(range(min = 1), one_of(1, 2)))]
        pub size: i32,
        pub tags: ::std::vec::Vec<::std::string::String>,
    }

    #[resource(path = "/shadowed", validate(custom = whole))]
    pub struct Shadowed {
        #[field(id)]
        pub id: Uuid,
        #[field(validate(length(min = 1, max = 9), pattern = "^n", non_empty, custom = sane))]
        pub name: ::std::string::String,
        #[field(default, validate(items(max = 3), unique_items))]
        pub parts: ::std::vec::Vec<Part>,
        #[field(validate(email, url, one_of("a@b.c")))]
        pub nickname: ::std::option::Option<::std::string::String>,
        #[field(default = "anonymous")]
        pub author: ::std::string::String,
        #[field(default = Tier::Bronze)]
        pub tier: Tier,
        #[field(default)]
        pub count: i32,
        pub maybe_tier: ::std::option::Option<Tier>,
        #[field(read_only)]
        pub created_at: DateTime<Utc>,
    }
}

use resourcery::Resource;

fn main() {
    let meta = &<shadowed::Shadowed as Resource>::META;
    assert_eq!(meta.table, "shadowed");
    assert_eq!(meta.fields.len(), 9);
    let input: shadowed::ShadowedCreate =
        serde_json::from_value(serde_json::json!({"name": "n", "maybe_tier": "gold"})).unwrap();
    let mut violations = resourcery::Violations::new();
    let row = shadowed::Shadowed::from_create(input, resourcery::now(), &mut violations);
    assert!(violations.is_empty(), "create body rejected");
    assert_eq!(row.author, "anonymous");
    assert_eq!(row.tier, shadowed::Tier::Bronze);
    assert_eq!(row.maybe_tier, Some(shadowed::Tier::Golden));
    assert_eq!(
        serde_json::to_string(&shadowed::Tier::Golden).unwrap(),
        "\"gold\""
    );
}
