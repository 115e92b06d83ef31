//! The order as the twin stores and sends it, and the bodies it accepts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sqlx::types::Json;
use sqlx::{ColumnIndex, Decode, Row, Type};
use uuid::Uuid;

/// Where an order is in its life cycle, sent and stored as its snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Placed, not yet confirmed.
    Pending,
    /// Confirmed by the shop.
    Confirmed,
    /// Sent to the customer.
    Shipped,
    /// Received by the customer.
    Delivered,
    /// Called off before shipping.
    Cancelled,
    /// Sent back after delivery.
    Returned,
}

impl Status {
    /// The wire and column name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Confirmed => "confirmed",
            Status::Shipped => "shipped",
            Status::Delivered => "delivered",
            Status::Cancelled => "cancelled",
            Status::Returned => "returned",
        }
    }

    /// The state named `name`.
    pub fn parse(name: &str) -> Option<Status> {
        Some(match name {
            "pending" => Status::Pending,
            "confirmed" => Status::Confirmed,
            "shipped" => Status::Shipped,
            "delivered" => Status::Delivered,
            "cancelled" => Status::Cancelled,
            "returned" => Status::Returned,
            _ => return None,
        })
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// What a transition checks in its transaction before it updates the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// Nothing.
    None,
    /// Every product of the order is still sold (read in the transaction).
    ProductsOrderable,
    /// The order has a shipping address.
    HasShippingAddress,
}

/// The request body a transition takes, recorded in the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// None; whatever is sent is ignored.
    None,
    /// `{"reason": "..."}`, 3 to 200 characters.
    Cancel,
    /// `{"reason": one of four, "comment": at most 500 characters}`.
    Return,
}

/// One named transition: the states it leaves, the one it reaches, its guard and body.
pub struct Transition {
    /// The action, the last segment of `POST /orders/{id}/{action}`.
    pub action: &'static str,
    /// The states it may leave.
    pub from: &'static [Status],
    /// The state it reaches.
    pub to: Status,
    /// Checked on the locked row before the update.
    pub guard: Guard,
    /// The request body.
    pub body: BodyKind,
    /// The roles that may take it; any caller when empty.
    pub roles: &'static [&'static str],
}

/// The shop's order life cycle, in declaration order.
pub const TRANSITIONS: &[Transition] = &[
    Transition {
        action: "confirm",
        from: &[Status::Pending],
        to: Status::Confirmed,
        guard: Guard::ProductsOrderable,
        body: BodyKind::None,
        roles: &[],
    },
    Transition {
        action: "ship",
        from: &[Status::Confirmed],
        to: Status::Shipped,
        guard: Guard::HasShippingAddress,
        body: BodyKind::None,
        roles: &["staff"],
    },
    Transition {
        action: "deliver",
        from: &[Status::Shipped],
        to: Status::Delivered,
        guard: Guard::None,
        body: BodyKind::None,
        roles: &["staff"],
    },
    Transition {
        action: "cancel",
        from: &[Status::Pending, Status::Confirmed],
        to: Status::Cancelled,
        guard: Guard::None,
        body: BodyKind::Cancel,
        roles: &[],
    },
    Transition {
        action: "request_return",
        from: &[Status::Delivered],
        to: Status::Returned,
        guard: Guard::None,
        body: BodyKind::Return,
        roles: &[],
    },
];

/// The actions a state allows, in declaration order.
pub fn allowed(state: Status) -> impl Iterator<Item = &'static str> {
    TRANSITIONS
        .iter()
        .filter(move |t| t.from.contains(&state))
        .map(|t| t.action)
}

/// One further product of an order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderLine {
    /// The product.
    pub product_id: Uuid,
    /// How many.
    pub quantity: i32,
}

/// A postal address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Street and number.
    pub street: String,
    /// City.
    pub city: String,
    /// Postal code.
    #[serde(rename = "postalCode")]
    pub postal_code: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
}

/// An order, in column order (which is also the order of its JSON members).
#[derive(Debug, Clone, Serialize)]
pub struct Order {
    /// Identifier (UUIDv7).
    pub id: Uuid,
    /// The customer who placed it: the owner, the `sub` of the token that created it.
    pub customer_id: Uuid,
    /// The store it was placed in: the tenant of the token that created it.
    pub store: String,
    /// The main product.
    pub product_id: Uuid,
    /// How many of the main product.
    pub quantity: i32,
    /// Further products.
    pub lines: Vec<OrderLine>,
    /// Where to ship.
    pub shipping_address: Option<Address>,
    /// Life-cycle state.
    pub status: Status,
    /// A note from the customer.
    pub note: Option<String>,
    /// When it was placed.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl Order {
    /// Reads a row selected with [`super::sql`]'s column list, on either backend.
    pub fn from_row<'r, R>(row: &'r R) -> Result<Order, sqlx::Error>
    where
        R: Row,
        usize: ColumnIndex<R>,
        Uuid: Decode<'r, R::Database> + Type<R::Database>,
        i32: Decode<'r, R::Database> + Type<R::Database>,
        &'r str: Decode<'r, R::Database> + Type<R::Database>,
        String: Decode<'r, R::Database> + Type<R::Database>,
        DateTime<Utc>: Decode<'r, R::Database> + Type<R::Database>,
        Json<Vec<OrderLine>>: Decode<'r, R::Database> + Type<R::Database>,
        Json<Address>: Decode<'r, R::Database> + Type<R::Database>,
    {
        let status: &str = row.try_get(7)?;
        Ok(Order {
            id: row.try_get(0)?,
            customer_id: row.try_get(1)?,
            store: row.try_get(2)?,
            product_id: row.try_get(3)?,
            quantity: row.try_get(4)?,
            lines: row.try_get::<Json<Vec<OrderLine>>, _>(5)?.0,
            shipping_address: row.try_get::<Option<Json<Address>>, _>(6)?.map(|a| a.0),
            status: Status::parse(status).ok_or_else(|| {
                sqlx::Error::Decode(format!("unknown order status `{status}`").into())
            })?,
            note: row.try_get(8)?,
            created_at: row.try_get(9)?,
            updated_at: row.try_get(10)?,
        })
    }
}

/// A product, read whole by the confirm guard (as the shop's `t.tx().get::<Product>` does).
#[derive(Debug)]
pub struct Product {
    /// Identifier.
    pub id: Uuid,
    /// Stock-keeping unit.
    pub sku: String,
    /// Display name.
    pub name: String,
    /// Longer text.
    pub description: Option<String>,
    /// Price in cents.
    pub price_cents: i64,
    /// Shipping weight.
    pub weight_kg: Option<f64>,
    /// Search tags.
    pub tags: Vec<String>,
    /// Manufacturer's page.
    pub website: Option<String>,
    /// Whether it can be ordered.
    pub active: bool,
    /// Free-form attributes.
    pub attributes: Option<serde_json::Value>,
    /// First shipping day.
    pub available_from: Option<chrono::NaiveDate>,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

impl Product {
    /// Reads a row selected with the `product` statement of [`super::sql`].
    pub fn from_row<'r, R>(row: &'r R) -> Result<Product, sqlx::Error>
    where
        R: Row,
        usize: ColumnIndex<R>,
        Uuid: Decode<'r, R::Database> + Type<R::Database>,
        i64: Decode<'r, R::Database> + Type<R::Database>,
        f64: Decode<'r, R::Database> + Type<R::Database>,
        bool: Decode<'r, R::Database> + Type<R::Database>,
        String: Decode<'r, R::Database> + Type<R::Database>,
        serde_json::Value: Decode<'r, R::Database> + Type<R::Database>,
        Json<Vec<String>>: Decode<'r, R::Database> + Type<R::Database>,
        chrono::NaiveDate: Decode<'r, R::Database> + Type<R::Database>,
        DateTime<Utc>: Decode<'r, R::Database> + Type<R::Database>,
    {
        Ok(Product {
            id: row.try_get(0)?,
            sku: row.try_get(1)?,
            name: row.try_get(2)?,
            description: row.try_get(3)?,
            price_cents: row.try_get(4)?,
            weight_kg: row.try_get(5)?,
            tags: row.try_get::<Json<Vec<String>>, _>(6)?.0,
            website: row.try_get(7)?,
            active: row.try_get(8)?,
            attributes: row.try_get(9)?,
            available_from: row.try_get(10)?,
            created_at: row.try_get(11)?,
            updated_at: row.try_get(12)?,
        })
    }
}

/// Body of `POST /orders/{id}/cancel`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CancelRequest {
    /// A few words for the shop.
    pub reason: String,
}

/// Body of `POST /orders/{id}/request_return`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnRequest {
    /// What is wrong.
    pub reason: String,
    /// Anything else.
    #[serde(default)]
    pub comment: Option<String>,
}

/// The customer columns the shop's rule reads (`db.get::<Customer>` reads the whole row).
#[derive(Debug)]
pub struct Customer {
    /// Identifier.
    pub id: Uuid,
    /// The store the customer belongs to.
    pub store: String,
    /// Contact address.
    pub email: String,
    /// Full name.
    pub name: String,
    /// Loyalty tier.
    pub tier: String,
    /// Campaign code.
    pub referral_code: Option<String>,
    /// A suspended customer cannot order.
    pub suspended: bool,
    /// Internal fraud score.
    pub risk_score: Option<i32>,
    /// Sign-up time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl Customer {
    /// Reads a row selected with the `customer` statement of [`super::sql`].
    pub fn from_row<'r, R>(row: &'r R) -> Result<Customer, sqlx::Error>
    where
        R: Row,
        usize: ColumnIndex<R>,
        Uuid: Decode<'r, R::Database> + Type<R::Database>,
        i32: Decode<'r, R::Database> + Type<R::Database>,
        bool: Decode<'r, R::Database> + Type<R::Database>,
        String: Decode<'r, R::Database> + Type<R::Database>,
        DateTime<Utc>: Decode<'r, R::Database> + Type<R::Database>,
    {
        Ok(Customer {
            id: row.try_get(0)?,
            store: row.try_get(1)?,
            email: row.try_get(2)?,
            name: row.try_get(3)?,
            tier: row.try_get(4)?,
            referral_code: row.try_get(5)?,
            suspended: row.try_get(6)?,
            risk_score: row.try_get(7)?,
            created_at: row.try_get(8)?,
            updated_at: row.try_get(9)?,
        })
    }
}

/// A member of a request body: left out, `null`, or a value.
#[derive(Debug, Clone, Default)]
pub enum Member<T> {
    /// Not in the body.
    #[default]
    Absent,
    /// `null`.
    Null,
    /// A value.
    Value(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Member<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.map_or(Member::Null, Member::Value))
    }
}

/// Body of `POST /orders`. The customer and the store come from the caller's token.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewOrder {
    /// The main product.
    pub product_id: Uuid,
    /// How many of the main product.
    pub quantity: i32,
    /// Further products; `[]` when left out.
    #[serde(default)]
    pub lines: Member<Vec<OrderLine>>,
    /// Where to ship.
    #[serde(default)]
    pub shipping_address: Option<Address>,
    /// A note.
    #[serde(default)]
    pub note: Option<String>,
}

/// Body of `PATCH /orders/{id}`: absent members keep their value. Neither the customer nor
/// the store changes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderPatch {
    /// The main product.
    #[serde(default)]
    pub product_id: Member<Uuid>,
    /// How many of the main product.
    #[serde(default)]
    pub quantity: Member<i32>,
    /// Further products.
    #[serde(default)]
    pub lines: Member<Vec<OrderLine>>,
    /// Where to ship; `null` clears it.
    #[serde(default)]
    pub shipping_address: Member<Address>,
    /// A note; `null` clears it.
    #[serde(default)]
    pub note: Member<String>,
}

impl OrderPatch {
    /// Merges the patch into a stored order.
    pub fn apply(self, order: &mut Order) {
        if let Member::Value(v) = self.product_id {
            order.product_id = v;
        }
        if let Member::Value(v) = self.quantity {
            order.quantity = v;
        }
        if let Member::Value(v) = self.lines {
            order.lines = v;
        }
        match self.shipping_address {
            Member::Absent => {}
            Member::Null => order.shipping_address = None,
            Member::Value(v) => order.shipping_address = Some(v),
        }
        match self.note {
            Member::Absent => {}
            Member::Null => order.note = None,
            Member::Value(v) => order.note = Some(v),
        }
    }
}
