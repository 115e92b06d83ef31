use resourcery::prelude::*;

// Roles are string literals naming one word each; `any_owner` names roles, and only
// where there is an owner to look past.
#[resource(
    path = "/notes",
    access(
        create = roles("note writer"),
        update = roles(42),
        delete = roles(""),
        any_owner = authenticated,
    )
)]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    pub text: String,
}

fn main() {}
