#[resourcery::state_machine(transition(confirm, from(Pending), to = Confirmed))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, resourcery::Enum)]
pub enum OrderStatus {
    #[state(initial)]
    Pending,
    #[state(terminal)]
    Confirmed,
}

fn main() {}
