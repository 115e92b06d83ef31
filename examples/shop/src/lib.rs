//! The shop: customers, products and orders, each declared once with `#[resource]`.

use resourcery::prelude::*;

/// A customer of the shop.
#[resource(path = "/customers", default_sort = "name")]
pub struct Customer {
    /// Server-generated identifier.
    #[field(id)]
    pub id: Uuid,
    /// Contact address; no two customers share one.
    #[field(unique, filterable, validate(email, length(max = 254)))]
    pub email: String,
    /// Full name.
    #[field(sortable, filterable, validate(length(min = 1, max = 100)))]
    pub name: String,
    /// Loyalty tier.
    #[field(default = Tier::Standard, filterable)]
    pub tier: Tier,
    /// Code of the campaign that brought the customer; accepted, never shown again.
    #[field(write_only, validate(pattern = "^[A-Z0-9]{6}$"))]
    pub referral_code: Option<String>,
    /// A suspended customer cannot place orders.
    #[field(default, filterable)]
    pub suspended: bool,
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
    /// Stock-keeping unit, e.g. `TEA-0042`; unique.
    #[field(unique, validate(pattern = "^[A-Z]{3}-[0-9]{4}$"))]
    pub sku: String,
    /// Display name.
    #[field(sortable, filterable, validate(length(min = 1, max = 120)))]
    pub name: String,
    /// Longer text for the product page.
    #[field(filterable, validate(length(max = 2000)))]
    pub description: Option<String>,
    /// Price in cents.
    #[field(
        rename = "priceCents",
        column = "price_cents",
        sortable,
        filterable,
        validate(range(min = 0, max = 100_000_000))
    )]
    pub price: i64,
    /// Shipping weight in kilograms.
    #[field(validate(range(exclusive_min = 0.0, max = 1000.0)))]
    pub weight_kg: Option<f64>,
    /// Search tags, each at most 30 characters.
    #[field(default, validate(items(max = 10), unique_items, custom = short_tags))]
    pub tags: Vec<String>,
    /// The manufacturer's page about the product.
    #[field(validate(url))]
    pub website: Option<String>,
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

/// Tags are short words.
fn short_tags(tags: &[String]) -> Result<(), Invalid> {
    match tags
        .iter()
        .position(|t| t.chars().count() > 30 || t.is_empty())
    {
        Some(i) => Err(
            Invalid::new("tag", format!("tag {i} must have 1 to 30 characters")).param("index", i),
        ),
        None => Ok(()),
    }
}

/// An order placed by a customer: a main product and optional further lines.
#[resource(
    path = "/orders",
    default_sort = "-created_at",
    validate(custom = order_rules, custom_async = customer_in_good_standing)
)]
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
    /// Number of items of the main product.
    #[field(sortable, filterable, validate(range(min = 1, max = 100)))]
    pub quantity: i32,
    /// Further products in the same order.
    #[field(default, validate(items(max = 20)))]
    pub lines: Vec<OrderLine>,
    /// Where to ship; the customer's own address when absent.
    pub shipping_address: Option<Address>,
    /// Where the order is in its life cycle; every change is kept in its history.
    #[field(state, history, filterable)]
    pub status: OrderStatus,
    /// A note from the customer.
    #[field(filterable, validate(length(max = 500)))]
    pub note: Option<String>,
    /// When the order was placed.
    #[field(read_only, sortable, filterable)]
    pub created_at: DateTime<Utc>,
    /// When the order last changed.
    #[field(read_only)]
    pub updated_at: DateTime<Utc>,
}

/// One further product of an order.
#[resourcery::object]
#[derive(Debug, Clone, PartialEq)]
pub struct OrderLine {
    /// The product.
    pub product_id: Uuid,
    /// How many.
    #[field(validate(range(min = 1, max = 100)))]
    pub quantity: i32,
}

/// A postal address.
#[resourcery::object]
#[derive(Debug, Clone, PartialEq)]
pub struct Address {
    /// Street and number.
    #[field(validate(length(min = 1, max = 200)))]
    pub street: String,
    /// City.
    #[field(validate(length(min = 1, max = 100)))]
    pub city: String,
    /// Postal code: letters, digits, spaces and dashes.
    #[field(rename = "postalCode", validate(pattern = "^[A-Za-z0-9 -]{3,10}$"))]
    pub postal_code: String,
    /// ISO 3166-1 alpha-2 code of a country the shop ships to.
    #[field(validate(one_of("DE", "FR", "GB", "NL", "US")))]
    pub country: String,
}

/// At most 100 items in all, and no product twice.
fn order_rules(order: &Order, out: &mut Violations) {
    let total: i64 = i64::from(order.quantity)
        + order
            .lines
            .iter()
            .map(|l| i64::from(l.quantity))
            .sum::<i64>();
    if total > 100 {
        out.add(
            "lines",
            Invalid::new("total_quantity", "an order holds at most 100 items in all")
                .param("max", 100)
                .param("actual", total),
        );
    }
    for (i, line) in order.lines.iter().enumerate() {
        if line.product_id == order.product_id
            || order.lines[..i]
                .iter()
                .any(|l| l.product_id == line.product_id)
        {
            out.add(
                &format!("/lines/{i}/product_id"),
                Invalid::new(
                    "duplicate_product",
                    "each product appears once per order; raise its quantity instead",
                ),
            );
        }
    }
}

/// A suspended customer cannot order. A missing customer is left to the reference check.
async fn customer_in_good_standing(
    order: &Order,
    db: &Db,
    out: &mut Violations,
) -> Result<(), Problem> {
    let customer: Option<Customer> = db.get(order.customer_id).await?;
    if customer.is_some_and(|c| c.suspended) {
        out.add(
            "customer_id",
            Invalid::new(
                "customer_suspended",
                "this customer is suspended and cannot order",
            ),
        );
    }
    Ok(())
}

/// Where an order is in its life cycle; it changes only through these actions.
#[resourcery::state_machine(
    transition(confirm, from(Pending), to = Confirmed, guard = products_orderable),
    transition(ship, from(Confirmed), to = Shipped, roles("staff"), guard = has_shipping_address),
    transition(deliver, from(Shipped), to = Delivered, roles("staff")),
    transition(cancel, from(Pending, Confirmed), to = Cancelled, body = CancelRequest),
    transition(request_return, from(Delivered), to = Returned, body = ReturnRequest),
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    /// Placed, not yet confirmed.
    #[state(initial)]
    Pending,
    /// Confirmed by the shop.
    Confirmed,
    /// Sent to the customer.
    Shipped,
    /// Received by the customer.
    Delivered,
    /// Called off before shipping.
    #[state(terminal)]
    Cancelled,
    /// Sent back after delivery.
    #[state(terminal)]
    Returned,
}

/// Why an order is called off.
#[resourcery::object]
#[derive(Debug, Clone, PartialEq)]
pub struct CancelRequest {
    /// A few words for the shop.
    #[field(validate(length(min = 3, max = 200)))]
    pub reason: String,
}

/// Why a delivered order goes back.
#[resourcery::object]
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnRequest {
    /// What is wrong with it.
    #[field(validate(one_of("damaged", "wrong_item", "not_as_described", "changed_mind")))]
    pub reason: String,
    /// Anything else the shop should know.
    #[field(validate(length(max = 500)))]
    pub comment: Option<String>,
}

/// Business rules the order lifecycle enforces.
#[derive(Debug, resourcery::Problem)]
pub enum OrderProblem {
    /// A product of the order can no longer be ordered.
    #[problem(
        status = 409,
        slug = "product-unavailable",
        title = "Product unavailable",
        detail = "product {product_id} is no longer sold; remove it from the order or cancel it"
    )]
    ProductUnavailable {
        /// The product that is no longer sold.
        product_id: Uuid,
    },
    /// The order has nowhere to go.
    #[problem(
        status = 409,
        slug = "no-shipping-address",
        title = "No shipping address",
        detail = "order {order_id} has no shipping address; add one with PATCH before shipping"
    )]
    NoShippingAddress {
        /// The order without an address.
        order_id: Uuid,
    },
}

/// An order is confirmed only while every product in it is still sold; the products are
/// read in the confirming transaction.
async fn products_orderable(order: &Order, t: &mut Transition) -> Result<(), Problem> {
    let ids = std::iter::once(order.product_id).chain(order.lines.iter().map(|l| l.product_id));
    for product_id in ids {
        let product: Option<Product> = t.tx().get(product_id).await?;
        if !product.is_some_and(|p| p.active) {
            return Err(OrderProblem::ProductUnavailable { product_id }.into());
        }
    }
    Ok(())
}

/// Nothing ships without an address.
async fn has_shipping_address(order: &Order, _: &mut Transition) -> Result<(), OrderProblem> {
    match order.shipping_address {
        Some(_) => Ok(()),
        None => Err(OrderProblem::NoShippingAddress { order_id: order.id }),
    }
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
        .problems::<OrderProblem>()
}
