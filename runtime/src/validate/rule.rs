//! The constraints a field can declare, as data: what `#[field(validate(...))]` compiles
//! into a static `&[Rule]` for the checks and the OpenAPI document to read.

use std::fmt;

use serde_json::Value;

/// One declared constraint of a field.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// Text length in characters (Unicode scalar values), inclusive bounds.
    Length {
        /// Fewest characters.
        min: Option<u64>,
        /// Most characters.
        max: Option<u64>,
    },
    /// A numeric range.
    Range {
        /// Lower bound.
        min: Option<Bound>,
        /// Upper bound.
        max: Option<Bound>,
    },
    /// A regular expression the whole value must match somewhere (anchor it with `^...$`
    /// to match the whole text); compiled once, on first use.
    Pattern {
        /// The expression as written.
        source: &'static str,
        /// The compiled expression.
        regex: fn() -> &'static regex::Regex,
    },
    /// An email address (RFC 5321 mailbox syntax).
    Email,
    /// An absolute URI (RFC 3986).
    Url,
    /// Text with at least one character, or a list with at least one item.
    NonEmpty,
    /// One of a fixed set of values.
    OneOf(&'static [Literal]),
    /// Number of items of a list, inclusive bounds.
    Items {
        /// Fewest items.
        min: Option<u64>,
        /// Most items.
        max: Option<u64>,
    },
    /// No two items of a list are equal.
    UniqueItems,
    /// A function of the user's; the name is documented, the check is generated code.
    Custom(&'static str),
    /// Rules every item of a list keeps (`each(...)`).
    Each(&'static [Rule]),
}

/// One end of a [`Rule::Range`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// The limit.
    pub value: Number,
    /// Whether the limit itself is outside the range.
    pub exclusive: bool,
}

/// A number written in a rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// An integer literal.
    Int(i64),
    /// A float literal.
    Float(f64),
}

impl Number {
    pub(crate) fn as_f64(self) -> f64 {
        match self {
            // Rule literals are small; the check compares integers exactly anyway.
            #[allow(clippy::cast_precision_loss)]
            Number::Int(n) => n as f64,
            Number::Float(f) => f,
        }
    }

    pub(crate) fn json(self) -> Value {
        match self {
            Number::Int(n) => Value::from(n),
            Number::Float(f) => Value::from(f),
        }
    }

    pub(crate) fn openapi(self) -> utoipa::Number {
        match self {
            Number::Int(n) => {
                isize::try_from(n).map_or(utoipa::Number::Float(self.as_f64()), utoipa::Number::Int)
            }
            Number::Float(f) => utoipa::Number::Float(f),
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(n) => write!(f, "{n}"),
            Number::Float(x) => write!(f, "{x}"),
        }
    }
}

/// A value of a [`Rule::OneOf`] set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Literal {
    /// A string.
    Str(&'static str),
    /// An integer.
    Int(i64),
}

impl Literal {
    pub(crate) fn json(self) -> Value {
        match self {
            Literal::Str(s) => Value::from(s),
            Literal::Int(n) => Value::from(n),
        }
    }
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Str(s) => write!(f, "\"{s}\""),
            Literal::Int(n) => write!(f, "{n}"),
        }
    }
}
