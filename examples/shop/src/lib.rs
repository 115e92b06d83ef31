//! The shop: customers, products and orders, each declared once with `#[resource]`.

use resourcery::prelude::*;

/// A customer of the shop.
#[resource(path = "/customers", default_sort = "name")]
pub struct Customer {
    /// Server-generated identifier.
    #[field(id)]
    pub id: Uuid,
    /// Contact address; no two customers share one.
    #[field(unique, filterable)]
    pub email: String,
    /// Full name.
    #[field(sortable, filterable)]
    pub name: String,
    /// Loyalty tier.
    #[field(default = Tier::Standard, filterable)]
    pub tier: Tier,
    /// Code of the campaign that brought the customer; accepted, never shown again.
    #[field(write_only)]
    pub referral_code: Option<String>,
    /// Internal fraud score; stored, never part of the API.
    #[field(hidden)]
    pub risk_score: Option<i32>,
    /// When the customer signed up.
    #[field(read_only, sortable, filterable)]
    pub created_at: DateTime<Utc>,
    /// When the customer last changed.
    #[field(read_only)]
    pub updated_at: DateTime<Utc>,
}

/// Loyalty tier of a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum Tier {
    /// Every new customer.
    Standard,
    /// Frequent buyers.
    Gold,
}

/// Something the shop sells.
#[resource(path = "/products", default_sort = "name")]
pub struct Product {
    /// Server-generated identifier.
    #[field(id)]
    pub id: Uuid,
    /// Stock-keeping unit; unique.
    #[field(unique)]
    pub sku: String,
    /// Display name.
    #[field(sortable, filterable)]
    pub name: String,
    /// Longer text for the product page.
    #[field(filterable)]
    pub description: Option<String>,
    /// Price in cents.
    #[field(rename = "priceCents", column = "price_cents", sortable, filterable)]
    pub price: i64,
    /// Shipping weight in kilograms.
    pub weight_kg: Option<f64>,
    /// Whether the product can be ordered.
    #[field(default = true, filterable)]
    pub active: bool,
    /// Free-form attributes (colour, size, ...).
    pub attributes: Option<JsonValue>,
    /// First day the product can be shipped.
    pub available_from: Option<NaiveDate>,
    /// When the product was added.
    #[field(read_only)]
    pub created_at: DateTime<Utc>,
    /// When the product last changed.
    #[field(read_only)]
    pub updated_at: DateTime<Utc>,
}

/// An order of one product placed by a customer.
#[resource(path = "/orders", default_sort = "-created_at")]
pub struct Order {
    /// Server-generated identifier.
    #[field(id)]
    pub id: Uuid,
    /// The customer who placed the order.
    #[field(references = Customer, filterable)]
    pub customer_id: Uuid,
    /// The product ordered.
    #[field(references = Product, filterable)]
    pub product_id: Uuid,
    /// Number of items.
    #[field(sortable, filterable)]
    pub quantity: i32,
    /// Where the order is in its life cycle.
    #[field(default = OrderStatus::Pending, filterable)]
    pub status: OrderStatus,
    /// A note from the customer.
    #[field(filterable)]
    pub note: Option<String>,
    /// When the order was placed.
    #[field(read_only, sortable, filterable)]
    pub created_at: DateTime<Utc>,
    /// When the order last changed.
    #[field(read_only)]
    pub updated_at: DateTime<Utc>,
}

/// Where an order is in its life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum OrderStatus {
    /// Placed, not yet confirmed.
    Pending,
    /// Confirmed by the shop.
    Confirmed,
    /// Sent to the customer.
    Shipped,
    /// Called off.
    Cancelled,
}

/// The shop's API over `db`: every resource, referenced ones first.
pub fn api(db: Db) -> Api {
    Api::new(db)
        .title("Shop")
        .version(env!("CARGO_PKG_VERSION"))
        .description("Customers, products and orders, declared with resourcery.")
        .resource::<Customer>()
        .resource::<Product>()
        .resource::<Order>()
}
