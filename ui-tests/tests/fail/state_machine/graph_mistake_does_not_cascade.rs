//! Only the graph is wrong: the enum still works as a field type and a state machine, so
//! the resource and the calls below add no errors of their own.

use resourcery::StateMachine;
use resourcery::prelude::*;

#[resourcery::state_machine(transition(confirm, from(Pending), to = Confirmd))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    #[state(initial)]
    Pending,
    #[state(terminal)]
    Confirmed,
}

#[resource(path = "/orders")]
pub struct Order {
    #[field(id)]
    pub id: Uuid,
    pub status: OrderStatus,
}

fn main() {
    let _ = OrderStatus::Pending.allowed().count();
    let _ = OrderStatus::GRAPH.mermaid();
}
