// The folder is read while compiling: a missing one is an error at the literal.
fn main() {
    let _ = resourcery::migrations!("no/such/migrations");
}
