#[resourcery::state_machine(transition(confirm, from(Pending), to = Confirmed))]
pub struct OrderStatus {
    pub name: String,
}

fn main() {}
