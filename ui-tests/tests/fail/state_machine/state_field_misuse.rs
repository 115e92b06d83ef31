use resourcery::prelude::*;

#[resourcery::state_machine(transition(finish, from(Open), to = Done))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    #[state(initial)]
    Open,
    #[state(terminal)]
    Done,
}

#[resource(path = "/tasks")]
pub struct Task {
    #[field(id)]
    pub id: Uuid,
    #[field(state)]
    pub label: String,
    #[field(state, default = Stage::Open)]
    pub stage: Stage,
    #[field(state)]
    pub maybe: Option<Stage>,
    #[field(state, read_only)]
    pub other: Stage,
}

fn main() {}
