//! `detail = "..."`: a format string over the variant's fields, as `format!` reads it
//! (`{name}`, `{name:?}`, `{0}` on tuple variants, `{{` and `}}` for braces).

/// One piece of a format string.
#[derive(Debug, PartialEq)]
pub(crate) enum Segment<'a> {
    /// Literal text, braces still escaped as written.
    Text(&'a str),
    /// `{name:spec}`; `spec` is empty without `:`.
    Placeholder { name: &'a str, spec: &'a str },
}

/// Splits `template` into text and placeholders, or says what is malformed.
pub(crate) fn scan(template: &str) -> Result<Vec<Segment<'_>>, String> {
    let bytes = template.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut text_start) = (0, 0);
    // Braces are ASCII, so every index used to slice is a char boundary.
    while i < bytes.len() {
        match bytes[i] {
            b'{' if bytes.get(i + 1) == Some(&b'{') => i += 2,
            b'}' if bytes.get(i + 1) == Some(&b'}') => i += 2,
            b'{' => {
                if text_start < i {
                    out.push(Segment::Text(&template[text_start..i]));
                }
                let Some(len) = template[i + 1..].find('}') else {
                    return Err("`{` is never closed; write `{{` for a literal brace".into());
                };
                let inner = &template[i + 1..i + 1 + len];
                let (name, spec) = inner.split_once(':').unwrap_or((inner, ""));
                out.push(Segment::Placeholder { name, spec });
                i += len + 2;
                text_start = i;
            }
            b'}' => {
                return Err("`}` is never opened; write `}}` for a literal brace".into());
            }
            _ => i += 1,
        }
    }
    if text_start < bytes.len() {
        out.push(Segment::Text(&template[text_start..]));
    }
    Ok(out)
}

/// Reassembles `segments` with each placeholder renamed by `rename`.
pub(crate) fn rewrite(segments: &[Segment<'_>], mut rename: impl FnMut(&str) -> String) -> String {
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Text(text) => out.push_str(text),
            Segment::Placeholder { name, spec } => {
                out.push('{');
                out.push_str(&rename(name));
                if !spec.is_empty() {
                    out.push(':');
                    out.push_str(spec);
                }
                out.push('}');
            }
        }
    }
    out
}
