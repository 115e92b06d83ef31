#[resourcery::state_machine(transition(confirm, from(Pending), to = Confirmed))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus<T> {
    #[state(initial)]
    Pending(T),
    #[state(terminal)]
    Confirmed { at: i64 },
}

fn main() {}
