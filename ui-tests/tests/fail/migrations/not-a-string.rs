// The macro takes the folder as a string literal.
fn main() {
    let _ = resourcery::migrations!(migrations);
}
