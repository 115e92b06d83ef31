pub struct Plain {
    pub reason: String,
}

#[resourcery::state_machine(
    transition(finish, from(Open), to = Done, body = Plain),
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    #[state(initial)]
    Open,
    #[state(terminal)]
    Done,
}

fn main() {}
