use resourcery::prelude::*;

#[resourcery::state_machine(
    transition(start, from(Open), to = Busy, guard = takes_only_the_row),
    transition(finish, from(Busy), to = Done, after = not_async),
    transition(drop, from(Open, Busy), to = Done, body = Why, guard = forgets_the_body),
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    #[state(initial)]
    Open,
    Busy,
    #[state(terminal)]
    Done,
}

#[resourcery::object]
pub struct Why {
    pub reason: String,
}

#[resource(path = "/tasks")]
pub struct Task {
    #[field(id)]
    pub id: Uuid,
    #[field(state)]
    pub stage: Stage,
}

async fn takes_only_the_row(_: &Task) -> Result<(), Problem> {
    Ok(())
}

fn not_async(_: &Task, _: &mut Transition) -> Result<(), Problem> {
    Ok(())
}

async fn forgets_the_body(_: &Task, _: &mut Transition) -> Result<(), Problem> {
    Ok(())
}

fn main() {}
