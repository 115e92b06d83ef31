use resourcery::prelude::*;

// An unknown key, a value that is no rule, an operation given twice, an empty role list,
// and a rule for an operation the resource does not serve.
#[resource(
    path = "/notes",
    operations(get, list, create),
    access(
        read = authenticated,
        get = public,
        create = roles(),
        anyone = public,
        update = roles("editor"),
        list = everybody,
    )
)]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    pub text: String,
}

fn main() {}
