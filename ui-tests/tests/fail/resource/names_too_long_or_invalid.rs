use resourcery::prelude::*;

#[resource(path = "/9lives")]
pub struct Cat {
    #[field(id)]
    pub id: Uuid,
}

#[resource(path = "/notes", table = "a_table_name_that_is_quite_long_already")]
pub struct Note {
    #[field(id)]
    pub id: Uuid,
    pub a_column_name_that_is_long_too: String,
    #[field(rename = "")]
    pub empty: String,
}

fn main() {}
