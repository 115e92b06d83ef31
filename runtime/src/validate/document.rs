//! The same rules written into a field's JSON Schema (`minLength`, `maximum`, `pattern`,
//! `format`, `enum`, `minItems`...), so a constraint is documented as it is enforced.

use utoipa::openapi::schema::{Schema, SchemaFormat};

use super::Rule;

/// Writes `rules` into a field's JSON Schema as the matching keywords.
pub(crate) fn document(schema: &mut Schema, rules: &[Rule]) {
    let mut customs = Vec::new();
    match schema {
        Schema::Object(object) => {
            for rule in rules {
                match *rule {
                    Rule::Length { min, max } => {
                        object.min_length = min.and_then(|n| usize::try_from(n).ok());
                        object.max_length = max.and_then(|n| usize::try_from(n).ok());
                    }
                    Rule::Range { min, max } => {
                        for (bound, inclusive, exclusive) in [
                            (min, &mut object.minimum, &mut object.exclusive_minimum),
                            (max, &mut object.maximum, &mut object.exclusive_maximum),
                        ] {
                            if let Some(b) = bound {
                                let slot = if b.exclusive { exclusive } else { inclusive };
                                *slot = Some(b.value.openapi());
                            }
                        }
                    }
                    Rule::Pattern { source, .. } => object.pattern = Some(source.to_owned()),
                    Rule::Email => {
                        object.format = Some(SchemaFormat::Custom("email".into()));
                    }
                    Rule::Url => object.format = Some(SchemaFormat::Custom("uri".into())),
                    Rule::NonEmpty => {
                        object.min_length = Some(object.min_length.unwrap_or(0).max(1));
                    }
                    Rule::OneOf(set) => {
                        object.enum_values = Some(set.iter().map(|l| l.json()).collect());
                    }
                    Rule::Custom(name) => customs.push(name),
                    Rule::Items { .. } | Rule::UniqueItems | Rule::Each(_) => {}
                }
            }
        }
        Schema::Array(array) => {
            for rule in rules {
                match *rule {
                    Rule::Items { min, max } => {
                        array.min_items = min.and_then(|n| usize::try_from(n).ok());
                        array.max_items = max.and_then(|n| usize::try_from(n).ok());
                    }
                    Rule::NonEmpty => {
                        array.min_items = Some(array.min_items.unwrap_or(0).max(1));
                    }
                    Rule::UniqueItems => array.unique_items = true,
                    Rule::Custom(name) => customs.push(name),
                    Rule::Each(inner) => {
                        if let utoipa::openapi::schema::ArrayItems::RefOrSchema(item) =
                            &mut array.items
                            && let utoipa::openapi::RefOr::T(item) = item.as_mut()
                        {
                            document(item, inner);
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    if customs.is_empty() {
        return;
    }
    let note = format!("Also checked by `{}`.", customs.join("`, `"));
    let description = match schema {
        Schema::Object(o) => &mut o.description,
        Schema::Array(a) => &mut a.description,
        _ => return,
    };
    *description = Some(match description.take() {
        Some(d) if !d.is_empty() => format!("{d}\n\n{note}"),
        _ => note,
    });
}
