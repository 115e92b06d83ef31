//! The shop: customers, products and orders, each declared once with `#[resource]`, with
//! who may do what declared beside them.
//!
//! The shop has two stores (tenants), `north` and `south`. Customers see only their own
//! orders; staff see and handle every order of their store; admins manage the products.

mod auth;

pub use auth::{
    Account, DEMO_PASSWORD, Login, LoginProblem, RefreshRequest, TokenResponse, login, logout,
    logout_everywhere, refresh, seed, token_service, tokens,
};
use resourcery::prelude::*;
use resourcery::{Principal, Tokens};

/// A customer of the shop.
#[resource(
    path = "/customers",
    default_sort = "name",
    access(all = roles("staff", "admin"))
)]
pub struct Customer {
    /// Server-generated identifier; the customer's account shares it.
    #[field(id)]
    pub id: Uuid,
    /// The store the customer belongs to.
    #[field(tenant)]
    pub store: String,
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

/// Something the shop sells; every store sells the same products.
#[resource(
    path = "/products",
    default_sort = "name",
    access(read = public, write = roles("admin"))
)]
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
    #[field(
        default,
        validate(items(max = 10), unique_items, each(length(min = 1, max = 30)))
    )]
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

/// An order placed by a customer: a main product and optional further lines.
///
/// Customers place orders and see only their own; staff see every order of their store.
#[resource(
    path = "/orders",
    default_sort = "-created_at",
    validate(custom = order_rules, custom_async = customer_in_good_standing),
    access(
        create = roles("customer"),
        update = roles("customer", "staff"),
        delete = roles("admin"),
        any_owner = roles("staff", "admin"),
    )
)]
pub struct Order {
    /// Server-generated identifier.
    #[field(id)]
    pub id: Uuid,
    /// The customer who placed the order: the caller who created it.
    #[field(owner, references = Customer, filterable)]
    pub customer_id: Uuid,
    /// The store the order was placed in: the caller's.
    #[field(tenant)]
    pub store: String,
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
    // The customer is the caller, not a member of the body: the violation is the
    // request's as a whole.
    if customer.is_some_and(|c| c.suspended) {
        out.add(
            "",
            Invalid::new(
                "customer_suspended",
                "your customer account is suspended and cannot order",
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

/// Money paid back on an order; created only through `POST /orders/{id}/refund`.
#[resource(
    path = "/refunds",
    operations(get, list),
    default_sort = "-created_at",
    access(read = roles("staff", "admin"))
)]
pub struct Refund {
    /// Server-generated identifier.
    #[field(id)]
    pub id: Uuid,
    /// The store of the order refunded.
    #[field(tenant)]
    pub store: String,
    /// The order refunded.
    #[field(references = Order, filterable)]
    pub order_id: Uuid,
    /// How much, in cents.
    pub amount_cents: i64,
    /// Why.
    pub reason: String,
    /// When the refund was made.
    #[field(read_only, sortable)]
    pub created_at: DateTime<Utc>,
}

/// How much to refund and why.
#[resourcery::object]
#[derive(Debug, Clone, PartialEq)]
pub struct RefundRequest {
    /// Amount in cents.
    #[field(validate(range(min = 1, max = 100_000_000)))]
    pub amount_cents: i64,
    /// Why the money goes back.
    #[field(validate(length(min = 3, max = 200)))]
    pub reason: String,
}

/// Why a refund is refused.
#[derive(Debug, resourcery::Problem)]
pub enum RefundProblem {
    /// No order has this id.
    #[problem(status = 404, slug = "not-found")]
    OrderNotFound,
    /// Only delivered or returned orders are refunded.
    #[problem(
        status = 409,
        slug = "not-refundable",
        title = "Order not refundable",
        detail = "order {order_id} is {state}; only delivered or returned orders are refunded"
    )]
    NotRefundable {
        /// The order.
        order_id: Uuid,
        /// Its state.
        state: String,
    },
    /// The refunds of an order never exceed what was paid.
    #[problem(
        status = 409,
        slug = "refund-too-large",
        title = "Refund too large",
        detail = "at most {available_cents} cents of this order can still be refunded"
    )]
    TooLarge {
        /// What can still be refunded, in cents.
        available_cents: i64,
    },
}

/// Refunds part of a delivered or returned order.
///
/// The order is locked for the whole operation, so two concurrent refunds can never add
/// up to more than the order's value (its items at their current prices). Staff refund
/// the orders of their own store only; another store's order is not found.
#[resourcery::endpoint(
    post,
    "/orders/{id}/refund",
    resource = Order,
    roles("staff", "admin"),
    problems(RefundProblem)
)]
pub async fn refund_order(
    id: Uuid,
    request: Json<RefundRequest>,
    principal: Principal,
    tx: &mut Tx,
) -> Result<Created<Refund>, Problem> {
    let order = tx
        .lock::<Order>(id)
        .await?
        .filter(|o| principal.tenant() == Some(o.store.as_str()));
    let Some(order) = order else {
        return Err(RefundProblem::OrderNotFound.into());
    };
    if !matches!(order.status, OrderStatus::Delivered | OrderStatus::Returned) {
        let state = order.status.wire().to_owned();
        return Err(RefundProblem::NotRefundable {
            order_id: id,
            state,
        }
        .into());
    }
    let mut value = 0i64;
    let items = std::iter::once((order.product_id, order.quantity))
        .chain(order.lines.iter().map(|l| (l.product_id, l.quantity)));
    for (product_id, quantity) in items {
        let price = tx.get::<Product>(product_id).await?.map_or(0, |p| p.price);
        value += price * i64::from(quantity);
    }
    let refunded = refunded_cents(tx, id).await?;
    let available = value - refunded;
    if request.amount_cents > available {
        return Err(RefundProblem::TooLarge {
            available_cents: available.max(0),
        }
        .into());
    }
    let refund = Refund {
        id: Uuid::now_v7(),
        store: order.store.clone(),
        order_id: id,
        amount_cents: request.amount_cents,
        reason: request.reason.clone(),
        created_at: resourcery::now(),
    };
    tx.insert(&refund).await?;
    Ok(Created(refund))
}

/// What was refunded on an order so far, in cents.
async fn refunded_cents(tx: &mut Tx, order_id: Uuid) -> Result<i64, Problem> {
    const SQL: &str =
        "SELECT CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) FROM refunds WHERE order_id = ";
    let total = if let Some(conn) = tx.as_sqlite() {
        sqlx::query_scalar(&format!("{SQL}?"))
            .bind(order_id)
            .fetch_one(conn)
            .await
    } else if let Some(conn) = tx.as_postgres() {
        sqlx::query_scalar(&format!("{SQL}$1"))
            .bind(order_id)
            .fetch_one(conn)
            .await
    } else {
        Ok(0)
    };
    total.map_err(Problem::from)
}

/// Which orders a sales report covers.
#[resourcery::object]
#[derive(Debug, Clone, PartialEq)]
pub struct SalesQuery {
    /// Only orders in this state.
    pub status: Option<OrderStatus>,
    /// Only orders of at least this many items of their main product (1 to 100).
    #[field(validate(range(min = 1, max = 100)))]
    pub min_quantity: Option<i32>,
}

/// Totals over the orders a report covers.
#[resourcery::object]
#[derive(Debug, Clone, PartialEq)]
pub struct SalesReport {
    /// How many orders.
    pub orders: i64,
    /// How many items of their main products.
    pub items: i64,
    /// What those items cost at current prices, in cents.
    pub revenue_cents: i64,
}

/// Sales totals of the caller's store.
///
/// Counts the store's orders matching the query, their main product's items and what those
/// cost at the current prices, in one aggregate query.
#[resourcery::endpoint(get, "/reports/sales", tag = "Reports", roles("staff", "admin"))]
pub async fn sales_report(
    query: Query<SalesQuery>,
    principal: Principal,
    db: Db,
) -> Result<SalesReport, Problem> {
    const FROM: &str = "SELECT COUNT(*), CAST(COALESCE(SUM(o.quantity), 0) AS BIGINT), \
        CAST(COALESCE(SUM(o.quantity * p.price_cents), 0) AS BIGINT) \
        FROM orders o JOIN products p ON p.id = o.product_id";
    let status = query.status.map(|s| s.wire());
    let min = query.min_quantity.unwrap_or(1);
    let store = principal.tenant().unwrap_or_default();
    let row: (i64, i64, i64) = if let Some(pool) = db.as_sqlite() {
        let sql = format!(
            "{FROM} WHERE o.store = ?3 AND (?1 IS NULL OR o.status = ?1) AND o.quantity >= ?2"
        );
        sqlx::query_as(&sql)
            .bind(status)
            .bind(min)
            .bind(store)
            .fetch_one(pool)
            .await?
    } else if let Some(pool) = db.as_postgres() {
        let sql = format!(
            "{FROM} WHERE o.store = $3 AND ($1::text IS NULL OR o.status = $1) AND o.quantity >= $2"
        );
        sqlx::query_as(&sql)
            .bind(status)
            .bind(min)
            .bind(store)
            .fetch_one(pool)
            .await?
    } else {
        (0, 0, 0)
    };
    Ok(SalesReport {
        orders: row.0,
        items: row.1,
        revenue_cents: row.2,
    })
}

/// The shop's migrations (`examples/shop/migrations`), compiled in; `shop migrations`
/// writes the next one after a declaration changes.
pub fn migrations() -> resourcery::Migrations {
    resourcery::migrations!("migrations").command("`cargo run -p shop -- migrations`")
}

/// Login and refresh attempts allowed per minute, per account and per client address.
pub const AUTH_ATTEMPTS_PER_MINUTE: u32 = 10;

/// The shop's API over `db`, verifying the tokens `tokens` issues: every resource,
/// referenced ones first, and the login endpoints, throttled per account; every route is
/// limited per client address.
pub fn api(db: Db, tokens: Tokens) -> Api {
    Api::new(db)
        .rate_limit(resourcery::RateLimit::per_second(200).burst(400))
        .state(resourcery::Throttle::new(
            AUTH_ATTEMPTS_PER_MINUTE,
            std::time::Duration::from_secs(60),
        ))
        .title("Shop")
        .version(env!("CARGO_PKG_VERSION"))
        .description(
            "Customers, products and orders, declared with resourcery. Log in at `POST /auth/login` with a demo account (see the README), then press Authorize and paste the `access_token`.",
        )
        .license("MIT OR Apache-2.0", "MIT OR Apache-2.0")
        .tokens(tokens)
        .resource::<Account>()
        .resource::<Customer>()
        .resource::<Product>()
        .resource::<Order>()
        .resource::<Refund>()
        .endpoint::<refund_order>()
        .endpoint::<sales_report>()
        .endpoint::<login>()
        .endpoint::<refresh>()
        .endpoint::<logout>()
        .endpoint::<logout_everywhere>()
        .problems::<OrderProblem>()
        .problems::<RefundProblem>()
        .problems::<LoginProblem>()
}
