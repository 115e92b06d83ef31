#[resourcery::state_machine(
    transition(confirm, from(Pending, Draft), to = Confirmed),
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    #[state(initial)]
    Pending,
    #[state(initial)]
    Draft,
    #[state(terminal)]
    Confirmed,
}

fn main() {}
