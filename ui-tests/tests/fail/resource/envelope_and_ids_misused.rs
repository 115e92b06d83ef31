use resourcery::prelude::*;

/// A member name that is no JSON name a client could use.
#[resource(path = "/notes", envelope(items = "the items"))]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
}

/// Both members under one name.
#[resource(path = "/memos", envelope(items = "data", page = "data"))]
pub struct Memo {
    #[field(id)]
    pub id: Uuid,
}

/// An operation that has no id to rename.
#[resource(path = "/cards", contract(ids(lst = "listAllCards")))]
pub struct Card {
    #[field(id)]
    pub id: Uuid,
}

fn main() {}
