//! A `#[state_machine]` enum at run time: wire names, the actions each state allows, the
//! Mermaid picture, JSON in and out, and its use as a resource field type. A second
//! machine lives in a module that shadows common names, to keep the expansion hygienic.

use resourcery::prelude::*;
use resourcery::__private::SqlType;
use resourcery::{FieldType, StateMachine};

/// Where an order is in its life cycle.
#[resourcery::state_machine(
    transition(confirm, from(Pending), to = Confirmed),
    transition(ship, from(Confirmed), to = Shipped, roles("staff"), guard = guards::has_address),
    transition(deliver, from(Shipped), to = Delivered, after = hooks::notify),
    transition(cancel, from(Pending, Confirmed), to = Cancelled, body = CancelRequest),
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    /// Placed, not yet confirmed.
    #[state(initial)]
    Pending,
    Confirmed,
    Shipped,
    #[state(terminal)]
    Delivered,
    #[state(terminal)]
    #[variant(rename = "called-off")]
    Cancelled,
}

/// An order, whose status is an ordinary field for now.
#[resource(path = "/orders")]
pub struct Order {
    #[field(id)]
    pub id: Uuid,
    #[field(filterable)]
    pub status: OrderStatus,
    pub previous: Option<OrderStatus>,
}

/// Why an order is called off.
#[resourcery::object]
pub struct CancelRequest {
    pub reason: String,
}

mod guards {
    use resourcery::{Problem, Transition};

    pub async fn has_address(_: &super::Order, _: &mut Transition) -> Result<(), Problem> {
        Ok(())
    }
}

mod hooks {
    use resourcery::{Problem, Transition};

    pub async fn notify(_: &super::Order, t: &mut Transition) -> Result<(), Problem> {
        assert_eq!(t.to(), "delivered");
        Ok(())
    }
}

#[allow(dead_code, non_camel_case_types)]
mod shadowed {
    pub struct Option;
    pub struct Some;
    pub struct None;
    pub struct str;
    pub struct String;
    pub struct Result;
    pub struct Ok;
    pub struct Copy;
    pub struct Clone;
    pub struct resourcery;
    pub struct core;
    pub struct std;
    pub struct serde;
    pub struct StateMachine;
    pub struct Graph;

    // The derive may come first as well.
    #[derive(Debug, ::core::clone::Clone, ::core::marker::Copy, PartialEq, Eq)]
    #[::resourcery::state_machine(
        transition(open, from(Draft), to = Open),
        transition(close, from(Open), to = Closed),
    )]
    pub enum Ticket {
        #[state(initial)]
        Draft,
        Open,
        #[state(terminal)]
        Closed,
    }
}

fn actions(state: OrderStatus) -> Vec<&'static str> {
    state.allowed().map(|t| t.action).collect()
}

fn main() {
    // Wire names, both ways.
    assert_eq!(OrderStatus::Pending.wire(), "pending");
    assert_eq!(OrderStatus::Cancelled.wire(), "called-off");
    assert_eq!(
        OrderStatus::from_wire("called-off"),
        Some(OrderStatus::Cancelled)
    );
    assert_eq!(OrderStatus::from_wire("Cancelled"), None);
    assert_eq!(OrderStatus::initial(), OrderStatus::Pending);

    // What each state allows, and where it leads.
    assert_eq!(actions(OrderStatus::Pending), ["confirm", "cancel"]);
    assert_eq!(actions(OrderStatus::Confirmed), ["ship", "cancel"]);
    assert_eq!(actions(OrderStatus::Shipped), ["deliver"]);
    assert!(actions(OrderStatus::Delivered).is_empty());
    assert!(actions(OrderStatus::Cancelled).is_empty());
    assert_eq!(
        OrderStatus::Confirmed.transition("cancel"),
        Some(OrderStatus::Cancelled)
    );
    assert_eq!(OrderStatus::Shipped.transition("cancel"), None);
    assert_eq!(OrderStatus::Pending.transition("no_such_action"), None);
    assert!(OrderStatus::Pending.can("confirm") && !OrderStatus::Pending.can("ship"));
    assert!(OrderStatus::Delivered.is_terminal() && !OrderStatus::Shipped.is_terminal());

    // What was declared but is not enforced yet is recorded.
    let graph = &OrderStatus::GRAPH;
    assert_eq!(graph.name, "OrderStatus");
    assert_eq!(graph.states[0].doc, "Placed, not yet confirmed.");
    let ship = graph.action("ship").unwrap();
    assert_eq!(
        (ship.roles, ship.guard, ship.after, ship.body),
        (&["staff"][..], Some("guards::has_address"), None, None)
    );
    assert_eq!(
        graph.action("deliver").unwrap().after,
        Some("hooks::notify")
    );
    assert_eq!(graph.action("cancel").unwrap().body, Some("CancelRequest"));

    // The picture.
    assert_eq!(
        graph.mermaid(),
        "stateDiagram-v2
    state \"called-off\" as s4
    [*] --> pending
    pending --> confirmed : confirm
    confirmed --> shipped : ship
    shipped --> delivered : deliver
    pending --> s4 : cancel
    confirmed --> s4 : cancel
    delivered --> [*]
    s4 --> [*]
"
    );
    let json = graph.to_json();
    assert_eq!(json["initial"], "pending");
    assert_eq!(
        json["terminal"],
        serde_json::json!(["delivered", "called-off"])
    );
    assert_eq!(json["transitions"][1]["guarded"], true);

    // JSON in and out, as for `#[derive(Enum)]`.
    for state in [
        OrderStatus::Pending,
        OrderStatus::Confirmed,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
    ] {
        let text = serde_json::to_string(&state).unwrap();
        assert_eq!(text, format!("\"{}\"", state.wire()));
        assert_eq!(serde_json::from_str::<OrderStatus>(&text).unwrap(), state);
    }
    assert!(serde_json::from_str::<OrderStatus>("\"lost\"").is_err());

    // A field type like any enum: text in the database, an `enum` schema.
    assert_eq!(<OrderStatus as FieldType>::SQL_TYPE, SqlType::Text);
    let meta = &<Order as Resource>::META;
    let status = meta.field("status").unwrap();
    assert!(status.filterable && !status.nullable);
    assert_eq!(status.sql_type, SqlType::Text);
    assert_eq!(
        serde_json::to_value((status.schema)()).unwrap()["enum"],
        serde_json::json!(["pending", "confirmed", "shipped", "delivered", "called-off"])
    );
    assert!(meta.field("previous").unwrap().nullable);
    let input: OrderCreate =
        serde_json::from_value(serde_json::json!({"status": "confirmed"})).unwrap();
    let mut violations = resourcery::Violations::new();
    let order = Order::from_create(input, resourcery::now(), &mut violations);
    assert!(violations.is_empty());
    assert_eq!(order.status, OrderStatus::Confirmed);
    assert_eq!(order.previous, None);

    // The machine declared among shadowed names.
    use shadowed::Ticket;
    assert_eq!(Ticket::initial(), Ticket::Draft);
    assert_eq!(Ticket::Draft.transition("open"), Some(Ticket::Open));
    assert_eq!(Ticket::GRAPH.transitions.len(), 2);
}
