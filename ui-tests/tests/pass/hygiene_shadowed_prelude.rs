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

    #[resource(path = "/shadowed")]
    pub struct Shadowed {
        #[field(id)]
        pub id: Uuid,
        pub name: ::std::string::String,
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
    assert_eq!(meta.fields.len(), 8);
    let input: shadowed::ShadowedCreate =
        serde_json::from_value(serde_json::json!({"name": "n", "maybe_tier": "gold"})).unwrap();
    let Ok(row) = shadowed::Shadowed::from_create(input, resourcery::now()) else {
        panic!("create body rejected");
    };
    assert_eq!(row.author, "anonymous");
    assert_eq!(row.tier, shadowed::Tier::Bronze);
    assert_eq!(row.maybe_tier, Some(shadowed::Tier::Golden));
    assert_eq!(
        serde_json::to_string(&shadowed::Tier::Golden).unwrap(),
        "\"gold\""
    );
}
