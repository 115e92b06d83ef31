//! Expansion snapshots: the generated code for fixed inputs, pretty-printed and compared
//! with `macros/tests/snapshots/*.rs`. Set `UPDATE_SNAPSHOTS=1` to rewrite them.

use quote::quote;

fn snapshot(name: &str, attr: proc_macro2::TokenStream, item: proc_macro2::TokenStream) {
    compare_snapshot(name, super::expand(attr, item));
}

/// Compares an expansion with its committed snapshot (shared with the other macros' tests).
pub(crate) fn compare_snapshot(name: &str, tokens: proc_macro2::TokenStream) {
    let file: syn::File = syn::parse2(tokens).expect("expansion parses as a file");
    let pretty = prettyplease::unparse(&file);
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/snapshots/{name}.rs"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &pretty).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    assert!(
        expected == pretty,
        "expansion of `{name}` changed; rerun with UPDATE_SNAPSHOTS=1 and review the diff"
    );
}

/// The `compile_error!` messages of an expansion, in order.
pub(crate) fn messages(expansion: &str) -> Vec<String> {
    expansion
        .split("compile_error ! {")
        .skip(1)
        .filter_map(|rest| {
            let start = rest.find('"')? + 1;
            let end = start + rest[start..].find("\" }")?;
            Some(rest[start..end].replace("\\\"", "\""))
        })
        .collect()
}

#[test]
fn expansion_of_a_resource_with_every_field_option() {
    snapshot(
        "resource_every_option",
        quote!(path = "/orders", tag = "shop"),
        quote! {
            /// An order.
            pub struct Order {
                #[field(id)]
                pub id: Uuid,
                #[field(references = Customer)]
                pub customer_id: Uuid,
                #[field(default = 1)]
                pub quantity: i32,
                #[field(rename = "noteText", column = "note_text")]
                pub note: Option<String>,
                #[field(write_only)]
                pub secret: String,
                #[field(hidden)]
                pub internal: Option<String>,
                #[field(unique)]
                pub code: String,
                #[field(read_only)]
                pub created_at: DateTime<Utc>,
                #[field(updated_at)]
                pub changed: DateTime<Utc>,
            }
        },
    );
}

#[test]
fn expansion_of_a_resource_with_rules() {
    snapshot(
        "resource_with_rules",
        quote!(
            path = "/products",
            validate(custom = whole, custom_async = with_db)
        ),
        quote! {
            pub struct Product {
                #[field(id)]
                pub id: Uuid,
                #[field(validate(length(min = 1, max = 80), pattern = "^[a-z]+$"))]
                pub name: String,
                #[field(validate(range(exclusive_min = 0.0, max = 10.5)))]
                pub weight: Option<f64>,
                #[field(default, validate(items(max = 3), unique_items, custom = tags_ok))]
                pub tags: Vec<String>,
                pub parts: Vec<Part>,
            }
        },
    );
}

#[test]
fn expansion_of_a_resource_with_access_rules_owner_and_tenant() {
    snapshot(
        "resource_access",
        quote!(
            path = "/notes",
            access(
                read = authenticated,
                create = roles("writer"),
                delete = roles("admin"),
                any_owner = roles("editor")
            )
        ),
        quote! {
            pub struct Note {
                #[field(id)]
                pub id: Uuid,
                #[field(owner)]
                pub author: String,
                #[field(tenant)]
                pub workspace: Uuid,
                pub text: String,
            }
        },
    );
}

#[test]
fn misused_access_options_are_each_reported() {
    let expansion = super::expand(
        quote!(
            path = "/notes",
            access(
                read = public,
                get = authenticated,
                update = roles(),
                any_owner = authenticated,
                delete = anyone
            )
        ),
        quote! {
            pub struct Note {
                #[field(id)]
                pub id: Uuid,
                #[field(tenant)]
                pub workspace: Option<String>,
                #[field(tenant)]
                pub second: String,
                pub text: String,
            }
        },
    )
    .to_string();
    let messages = messages(&expansion);
    let expected = [
        "`read = public` cannot apply",
        "the access of `get` is already given by `read`",
        "`update = roles()` names no role",
        "`any_owner` names the roles that see every owner's rows",
        "`any_owner` needs an owner field",
        "`delete` takes `public`, `authenticated` or `roles(\"...\")`",
        "the tenant field `workspace` must be `String` or `Uuid` (not `Option`)",
        "more than one tenant field",
    ];
    for part in expected {
        assert!(
            messages.iter().any(|m| m.contains(part)),
            "no message contains {part:?}: {messages:#?}"
        );
    }
}

#[test]
fn expansion_of_a_read_only_resource() {
    snapshot(
        "resource_read_only_operations",
        quote!(path = "/tags", operations(get, list)),
        quote! {
            pub struct Tag {
                #[field(id)]
                pub id: Uuid,
                pub label: String,
            }
        },
    );
}

#[test]
fn errors_are_collected_not_stopped_at_the_first() {
    let tokens = super::expand(
        quote!(path = "orders", bogus = 1),
        quote! {
            pub struct Order {
                pub id: u32,
                #[field(nope)]
                pub name: String,
            }
        },
    );
    let text = tokens.to_string();
    for needle in [
        "invalid resource path",
        "unknown resource option `bogus`",
        "unsupported field type `u32`",
        "unknown field option `nope`",
        "has no id field",
    ] {
        assert!(text.contains(needle), "missing `{needle}` in {text}");
    }
    // The struct itself is still emitted so the rest of the user's code type-checks.
    assert!(text.contains("pub struct Order"));
}
