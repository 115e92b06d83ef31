//! Every rule, on a resource and on nested objects, compiles and checks.

use resourcery::prelude::*;

fn even(value: &i64) -> Result<(), Invalid> {
    if value % 2 == 0 {
        Ok(())
    } else {
        Err(Invalid::new("even", "must be even"))
    }
}

fn whole(item: &Item, out: &mut Violations) {
    if item.name == "forbidden" {
        out.add("name", Invalid::new("forbidden", "this name is taken"));
    }
}

async fn with_db(item: &Item, db: &Db, out: &mut Violations) -> Result<(), Problem> {
    let existing: Option<Item> = db.get(item.id).await?;
    if existing.is_some() {
        out.add("", Invalid::new("exists", "already stored"));
    }
    Ok(())
}

/// A part.
#[resourcery::object]
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    #[field(rename = "partName", validate(length(min = 1, max = 10), non_empty))]
    pub name: String,
    #[field(validate(range(exclusive_min = 0.0, exclusive_max = 1.0)))]
    pub ratio: f32,
    pub inner: Option<Inner>,
}

/// Deeper still.
#[resourcery::object]
#[derive(Debug, Clone, PartialEq)]
pub struct Inner {
    #[field(validate(one_of(1, 2, 3)))]
    pub level: i16,
}

/// Everything at once.
#[resource(path = "/items", validate(custom = whole, custom_async = with_db))]
pub struct Item {
    #[field(id)]
    pub id: Uuid,
    #[field(validate(length(min = 1, max = 80), pattern = "^[a-z ]+$"))]
    pub name: String,
    #[field(validate(email))]
    pub email: Option<String>,
    #[field(validate(url))]
    pub site: Option<String>,
    #[field(validate(one_of("s", "m", "l")))]
    pub size: String,
    #[field(validate(range(min = -5, max = 5), custom = even))]
    pub level: i64,
    #[field(default, validate(items(min = 0, max = 3), unique_items, each(length(min = 1, max = 8), pattern = "^[a-z]+$")))]
    pub tags: Vec<String>,
    #[field(default, validate(each(range(min = 1, max = 6), one_of(1, 2, 6))))]
    pub dice: Vec<i32>,
    #[field(default, validate(items(max = 2)))]
    pub parts: Vec<Part>,
    pub main: Option<Part>,
}

fn main() {
    let part = Part {
        name: String::new(),
        ratio: 1.0,
        inner: Some(Inner { level: 9 }),
    };
    let violations = part.validate().unwrap_err();
    let pointers: Vec<&str> = violations
        .as_slice()
        .iter()
        .map(|v| v.pointer.as_str())
        .collect();
    assert_eq!(
        pointers,
        ["/partName", "/partName", "/ratio", "/inner/level"]
    );
    assert_eq!(<Item as Resource>::META.row_rules, ["whole", "with_db"]);
}
