//! Every supported field type, bare and in `Option`, and every field option.

use resourcery::prelude::*;
use resourcery::__private::{Access, Auto, SqlType};

/// Loyalty tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum Tier {
    Bronze,
    #[variant(rename = "gold-plus")]
    GoldPlus,
}

/// The target of the `references` fields.
#[resource(path = "/owners")]
pub struct Owner {
    #[field(id)]
    pub id: Uuid,
}

/// One of everything.
#[resource(path = "/kitchen-sinks", table = "sinks", tag = "sinks")]
pub struct KitchenSink {
    #[field(id)]
    pub id: Uuid,
    #[field(unique, rename = "displayName", column = "display_name")]
    pub name: String,
    #[field(default = true)]
    pub active: bool,
    #[field(default)]
    pub small: i16,
    pub medium: i32,
    #[field(default = 42)]
    pub big: i64,
    pub ratio: f32,
    pub score: f64,
    #[field(references = Owner)]
    pub owner_id: Uuid,
    pub due: NaiveDate,
    pub at: DateTime<Utc>,
    pub data: JsonValue,
    #[field(default = Tier::GoldPlus)]
    pub tier: Tier,
    #[field(write_only)]
    pub secret: Option<String>,
    #[field(hidden)]
    pub flagged: Option<bool>,
    #[field(hidden, default = 7)]
    pub internal_rank: i32,
    pub opt_small: Option<i16>,
    #[field(default = 3)]
    pub opt_medium: Option<i32>,
    #[field(read_only)]
    pub opt_big: Option<i64>,
    pub opt_ratio: Option<f32>,
    pub opt_score: Option<f64>,
    #[field(references = Owner)]
    pub opt_owner_id: Option<Uuid>,
    pub opt_due: Option<NaiveDate>,
    pub opt_at: Option<DateTime<Utc>>,
    pub opt_data: Option<JsonValue>,
    pub opt_tier: Option<Tier>,
    #[field(read_only, default = "fresh")]
    pub status: String,
    #[field(read_only, created_at)]
    pub inserted: DateTime<Utc>,
    #[field(updated_at)]
    pub modified: DateTime<Utc>,
}

fn main() {
    let meta = &<KitchenSink as Resource>::META;
    assert_eq!(meta.name, "KitchenSink");
    assert_eq!(meta.path, "/kitchen-sinks");
    assert_eq!(meta.table, "sinks");
    assert_eq!(meta.tag, "sinks");
    assert_eq!(meta.plural, "KitchenSinks");
    assert_eq!(meta.doc, "One of everything.");
    assert!(meta.operations.contains(resourcery::__private::Operations::ALL));
    assert_eq!(meta.fields.len(), 29);

    let name = meta.field("displayName").expect("renamed field");
    assert_eq!(
        (name.column, name.unique, name.access),
        ("display_name", true, Access::ReadWrite)
    );
    assert_eq!(meta.field("id").unwrap().access, Access::Id);
    assert_eq!(meta.field("secret").unwrap().access, Access::WriteOnly);
    assert_eq!(meta.field("flagged").unwrap().access, Access::Hidden);
    assert_eq!(meta.field("opt_big").unwrap().access, Access::ReadOnly);
    assert_eq!(meta.field("inserted").unwrap().auto, Auto::CreatedAt);
    assert_eq!(meta.field("modified").unwrap().auto, Auto::UpdatedAt);
    assert_eq!(meta.field("modified").unwrap().access, Access::ReadOnly);
    assert!(meta.field("opt_tier").unwrap().nullable);
    assert!(!meta.field("tier").unwrap().nullable);
    assert_eq!(meta.field("tier").unwrap().sql_type, SqlType::Text);
    assert_eq!(meta.field("data").unwrap().sql_type, SqlType::Json);
    assert_eq!(meta.field("due").unwrap().sql_type, SqlType::Date);
    let owner = meta
        .field("owner_id")
        .unwrap()
        .references
        .expect("a foreign key")();
    assert_eq!(owner.path, "/owners");
    let tier_default = meta.field("tier").unwrap().default.expect("a default")();
    assert_eq!(tier_default, serde_json::json!("gold-plus"));

    let input: KitchenSinkCreate = serde_json::from_value(serde_json::json!({
        "displayName": "sink",
        "medium": 2,
        "ratio": 0.5,
        "score": 1.5,
        "owner_id": Uuid::nil(),
        "due": "2024-02-29",
        "at": "2024-02-29T12:00:00Z",
        "data": {"any": ["json"]},
    }))
    .expect("a valid create body");
    let now = resourcery::now();
    let mut violations = resourcery::Violations::new();
    let sink = <KitchenSink as Resource>::from_create(input, now, &mut violations);
    assert!(violations.is_empty(), "create body rejected: {violations:?}");
    assert_eq!(sink.name, "sink");
    assert!(sink.active);
    assert_eq!((sink.small, sink.big, sink.internal_rank), (0, 42, 7));
    assert_eq!(sink.opt_medium, Some(3));
    assert_eq!(sink.opt_big, None);
    assert_eq!(sink.tier, Tier::GoldPlus);
    assert_eq!(sink.status, "fresh");
    assert_eq!((sink.inserted, sink.modified), (now, now));
    assert!(!sink.id.is_nil());
}
