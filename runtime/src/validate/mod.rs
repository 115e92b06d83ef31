//! Validation: the constraints a field declares, checked at run time and documented in
//! OpenAPI from the same data.
//!
//! `#[field(validate(...))]` compiles each field's constraints into a static `&[Rule]`.
//! The generated check walks that slice, and the OpenAPI generator reads the same slice
//! to write `minLength`, `maximum`, `pattern`, `format`, `enum`, `minItems`..., so a
//! constraint is declared once and cannot be enforced without being documented or the
//! other way round.
//!
//! Every rule is checked and every violation collected, so one response lists them all
//! (each with an RFC 6901 JSON Pointer, a stable `code`, a message and the rule's
//! parameters). The valid path does not allocate: pointers are a chain of borrowed
//! tokens on the stack, and messages are written only when a rule fails.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use serde::Serialize;
use serde_json::Value;
use utoipa::openapi::schema::{Schema, SchemaFormat};

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
    fn as_f64(self) -> f64 {
        match self {
            // Rule literals are small; the check compares integers exactly anyway.
            #[allow(clippy::cast_precision_loss)]
            Number::Int(n) => n as f64,
            Number::Float(f) => f,
        }
    }

    fn json(self) -> Value {
        match self {
            Number::Int(n) => Value::from(n),
            Number::Float(f) => Value::from(f),
        }
    }

    fn openapi(self) -> utoipa::Number {
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
    fn json(self) -> Value {
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

/// Where a value sits in the request body: an RFC 6901 JSON Pointer built as a chain of
/// borrowed tokens, rendered to text only when a violation is reported.
#[derive(Debug, Clone, Copy)]
pub struct Pointer<'a> {
    parent: Option<&'a Pointer<'a>>,
    token: Token<'a>,
}

#[derive(Debug, Clone, Copy)]
enum Token<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl Pointer<'static> {
    /// The whole body (the empty pointer).
    pub const ROOT: Pointer<'static> = Pointer {
        parent: None,
        token: Token::Root,
    };
}

impl<'a> Pointer<'a> {
    /// The member `name` of the value at `self`.
    pub fn key(&'a self, name: &'a str) -> Pointer<'a> {
        Pointer {
            parent: Some(self),
            token: Token::Key(name),
        }
    }

    /// The item `index` of the array at `self`.
    pub fn index(&'a self, index: usize) -> Pointer<'a> {
        Pointer {
            parent: Some(self),
            token: Token::Index(index),
        }
    }

    fn write(&self, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.write(out);
        }
        match self.token {
            Token::Root => {}
            Token::Key(name) => {
                out.push('/');
                for c in name.chars() {
                    match c {
                        '~' => out.push_str("~0"),
                        '/' => out.push_str("~1"),
                        c => out.push(c),
                    }
                }
            }
            Token::Index(i) => {
                let _ = write!(out, "/{i}");
            }
        }
    }

    /// How messages name the value: `` `quantity` `` or ``item 2 of `lines` ``.
    fn write_subject(&self, out: &mut String) {
        let _ = match (self.token, self.parent.map(|p| p.token)) {
            (Token::Key(name), _) => write!(out, "`{name}`"),
            (Token::Index(i), Some(Token::Key(list))) => write!(out, "item {i} of `{list}`"),
            (Token::Index(i), _) => write!(out, "item {i}"),
            (Token::Root, _) => write!(out, "the body"),
        };
    }
}

impl fmt::Display for Pointer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write(&mut out);
        f.write_str(&out)
    }
}

/// One broken rule in a request, reported inside a `validation-error` problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    /// JSON Pointer (RFC 6901) to the offending value, e.g. `/lines/2/quantity`; empty
    /// for the whole body.
    pub pointer: String,
    /// Stable machine code of the rule, e.g. `range`, `length`, `required`.
    pub code: Cow<'static, str>,
    /// Human-readable explanation.
    pub message: String,
    /// The rule's parameters, e.g. `{"min": 1, "max": 10}`.
    #[serde(skip_serializing_if = "Params::is_empty")]
    pub params: Params,
}

/// The parameters of a broken rule, in order; serialized as a JSON object. Names are
/// usually static, so recording them costs nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params(Vec<(Cow<'static, str>, Value)>);

impl Params {
    /// The parameter `name`, if set.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Sets `name`, replacing an earlier value.
    pub fn insert(&mut self, name: impl Into<Cow<'static, str>>, value: Value) {
        let name = name.into();
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((name, value)),
        }
    }

    /// Whether no parameter is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The parameters, in the order they were set.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(n, v)| (&**n, v))
    }
}

/// `params["min"]`, `Value::Null` when absent (as `serde_json::Value` indexes).
impl std::ops::Index<&str> for Params {
    type Output = Value;

    fn index(&self, name: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.get(name).unwrap_or(&NULL)
    }
}

impl Serialize for Params {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(n, v)| (&**n, v)))
    }
}

impl Violation {
    /// A violation at `pointer` with a machine `code` and a human `message`.
    pub fn new(
        pointer: impl Into<String>,
        code: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        Violation {
            pointer: pointer.into(),
            code: code.into(),
            message: message.into(),
            params: Params::default(),
        }
    }

    /// Adds a parameter of the broken rule.
    #[must_use]
    pub fn param(mut self, name: impl Into<Cow<'static, str>>, value: impl Into<Value>) -> Self {
        self.params.insert(name, value.into());
        self
    }
}

/// What a custom field rule returns when the value is invalid: the code, message and
/// parameters of a [`Violation`] whose pointer the caller knows.
///
/// ```
/// use resourcery::Invalid;
///
/// fn sku(value: &str) -> Result<(), Invalid> {
///     if value.starts_with("SKU-") {
///         Ok(())
///     } else {
///         Err(Invalid::new("sku", "must start with `SKU-`").param("prefix", "SKU-"))
///     }
/// }
/// assert!(sku("SKU-1").is_ok());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    code: Cow<'static, str>,
    message: String,
    params: Params,
}

impl Invalid {
    /// A broken rule with a machine `code` and a human `message`.
    pub fn new(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Invalid {
            code: code.into(),
            message: message.into(),
            params: Params::default(),
        }
    }

    /// Adds a parameter of the broken rule.
    #[must_use]
    pub fn param(mut self, name: impl Into<Cow<'static, str>>, value: impl Into<Value>) -> Self {
        self.params.insert(name, value.into());
        self
    }

    /// The violation at `pointer`.
    pub fn at(self, pointer: impl Into<String>) -> Violation {
        Violation {
            pointer: pointer.into(),
            code: self.code,
            message: self.message,
            params: self.params,
        }
    }
}

/// The violations found in one request; empty (and unallocated) while everything is valid.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Violations(Vec<Violation>);

impl Violations {
    /// No violations yet.
    pub const fn new() -> Self {
        Violations(Vec::new())
    }

    /// Records a violation.
    pub fn push(&mut self, violation: Violation) {
        self.0.push(violation);
    }

    /// Records `invalid` at a field: `"ends_at"` (a top-level field's JSON name) or a JSON
    /// Pointer such as `"/lines/0/quantity"`.
    pub fn add(&mut self, field: &str, invalid: Invalid) {
        let pointer = if field.is_empty() || field.starts_with('/') {
            field.to_owned()
        } else {
            let mut out = String::new();
            Pointer::ROOT.key(field).write(&mut out);
            out
        };
        self.0.push(invalid.at(pointer));
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many violations were found.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The violations, in the order they were found.
    pub fn as_slice(&self) -> &[Violation] {
        &self.0
    }

    /// The violations, in the order they were found.
    pub fn into_vec(self) -> Vec<Violation> {
        self.0
    }

    /// `Ok` when empty, else the violations as an error.
    pub fn into_result(self) -> Result<(), Violations> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }

    /// Records a failed built-in rule: the message is the subject followed by `what`, and
    /// the parameters that are set. Everything is written once, into buffers sized up front.
    fn fail(
        &mut self,
        at: &Pointer<'_>,
        code: &'static str,
        what: fmt::Arguments<'_>,
        params: &[(&'static str, Option<Value>)],
    ) {
        let mut pointer = String::with_capacity(32);
        at.write(&mut pointer);
        let mut message = String::with_capacity(64);
        at.write_subject(&mut message);
        message.push(' ');
        let _ = message.write_fmt(what);
        let mut set = Params(Vec::with_capacity(params.len()));
        for (name, value) in params {
            if let Some(value) = value {
                set.0.push((Cow::Borrowed(*name), value.clone()));
            }
        }
        self.0.push(Violation {
            pointer,
            code: Cow::Borrowed(code),
            message,
            params: set,
        });
    }
}

impl From<Vec<Violation>> for Violations {
    fn from(violations: Vec<Violation>) -> Self {
        Violations(violations)
    }
}

/// A type whose values can check themselves: `#[object]` structs implement it, and a
/// resource's generated bodies use it for nested fields.
pub trait Validate {
    /// Records every violation in `self`, with pointers below `at`.
    #[doc(hidden)]
    fn validate_at(&self, at: &Pointer<'_>, out: &mut Violations);

    /// Every violation in `self`, or `Ok` when there is none.
    fn validate(&self) -> Result<(), Violations> {
        let mut out = Violations::new();
        self.validate_at(&Pointer::ROOT, &mut out);
        out.into_result()
    }
}

/// "between 1 and 10 characters", written without allocating.
struct Counted(Option<u64>, Option<u64>, &'static str);

impl fmt::Display for Counted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Counted(min, max, unit) = *self;
        match (min, max) {
            (Some(min), Some(max)) if min == max => write!(f, "exactly {min} {unit}"),
            (Some(min), Some(max)) => write!(f, "between {min} and {max} {unit}"),
            (Some(min), None) => write!(f, "at least {min} {unit}"),
            (None, Some(max)) => write!(f, "at most {max} {unit}"),
            (None, None) => write!(f, "any number of {unit}"),
        }
    }
}

fn count_params(min: Option<u64>, max: Option<u64>) -> [(&'static str, Option<Value>); 2] {
    [("min", min.map(Value::from)), ("max", max.map(Value::from))]
}

fn one_of_failed(set: &[Literal], at: &Pointer<'_>, out: &mut Violations) {
    struct Choices<'a>(&'a [Literal]);
    impl fmt::Display for Choices<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            for (i, l) in self.0.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{l}")?;
            }
            Ok(())
        }
    }
    let allowed = set.iter().map(|l| l.json()).collect();
    out.fail(
        at,
        "one_of",
        format_args!("must be one of {}", Choices(set)),
        &[("allowed", Some(allowed))],
    );
}

/// Whether `value` lies outside the `[min, max]` bounds of a count rule.
fn outside(value: u64, min: Option<u64>, max: Option<u64>) -> bool {
    min.is_some_and(|m| value < m) || max.is_some_and(|m| value > m)
}

/// Checks a text value against its rules.
pub fn text(value: &str, rules: &[Rule], at: &Pointer<'_>, out: &mut Violations) {
    for rule in rules {
        match *rule {
            Rule::Length { min, max } => {
                // Bytes bound characters from above, so most values need no counting.
                let bytes = value.len() as u64;
                let fits_max = max.is_none_or(|m| bytes <= m);
                let fits_min = min.is_none_or(|m| m == 0);
                if fits_max && fits_min {
                    continue;
                }
                let chars = value.chars().count() as u64;
                if outside(chars, min, max) {
                    out.fail(
                        at,
                        "length",
                        format_args!("must be {} long", Counted(min, max, "characters")),
                        &count_params(min, max),
                    );
                }
            }
            Rule::Pattern { source, regex } => {
                if !regex().is_match(value) {
                    out.fail(
                        at,
                        "pattern",
                        format_args!("must match the pattern `{source}`"),
                        &[("pattern", Some(Value::from(source)))],
                    );
                }
            }
            Rule::Email => {
                if !is_email(value) {
                    out.fail(at, "email", format_args!("must be an email address"), &[]);
                }
            }
            Rule::Url => {
                if fluent_uri::Uri::parse(value).is_err() {
                    out.fail(
                        at,
                        "url",
                        format_args!("must be an absolute URL such as `https://example.com/path`"),
                        &[],
                    );
                }
            }
            Rule::NonEmpty => {
                if value.is_empty() {
                    out.fail(at, "non_empty", format_args!("must not be empty"), &[]);
                }
            }
            Rule::OneOf(set) => {
                if !set
                    .iter()
                    .any(|l| matches!(l, Literal::Str(s) if *s == value))
                {
                    one_of_failed(set, at, out);
                }
            }
            Rule::Range { .. } | Rule::Items { .. } | Rule::UniqueItems | Rule::Custom(_) => {}
        }
    }
}

/// `local@domain` with the syntax of RFC 5321, checked without allocating.
fn is_email(value: &str) -> bool {
    match value.rsplit_once('@') {
        Some((local, domain)) => {
            !value.contains('<')
                && email_address::EmailAddress::is_valid_local_part(local)
                && email_address::EmailAddress::is_valid_domain(domain)
        }
        None => false,
    }
}

/// "at least 1 and at most 10", written without allocating.
struct Between(Option<Bound>, Option<Bound>);

impl fmt::Display for Between {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(b) = self.0 {
            let op = if b.exclusive {
                "greater than"
            } else {
                "at least"
            };
            write!(f, "{op} {}", b.value)?;
        }
        if let Some(b) = self.1 {
            if self.0.is_some() {
                f.write_str(" and ")?;
            }
            let op = if b.exclusive { "less than" } else { "at most" };
            write!(f, "{op} {}", b.value)?;
        }
        Ok(())
    }
}

fn range_fail(min: Option<Bound>, max: Option<Bound>, at: &Pointer<'_>, out: &mut Violations) {
    let param = |b: Option<Bound>, exclusive: bool| {
        b.filter(|b| b.exclusive == exclusive)
            .map(|b| b.value.json())
    };
    out.fail(
        at,
        "range",
        format_args!("must be {}", Between(min, max)),
        &[
            ("min", param(min, false)),
            ("exclusive_min", param(min, true)),
            ("max", param(max, false)),
            ("exclusive_max", param(max, true)),
        ],
    );
}

/// Checks an integer against its rules.
pub fn int(value: i64, rules: &[Rule], at: &Pointer<'_>, out: &mut Violations) {
    for rule in rules {
        match *rule {
            Rule::Range { min, max } => {
                let below = |b: Bound| match b.value {
                    Number::Int(n) => value < n || (b.exclusive && value == n),
                    Number::Float(_) => false,
                };
                let above = |b: Bound| match b.value {
                    Number::Int(n) => value > n || (b.exclusive && value == n),
                    Number::Float(_) => false,
                };
                if min.is_some_and(below) || max.is_some_and(above) {
                    range_fail(min, max, at, out);
                }
            }
            Rule::OneOf(set)
                if !set
                    .iter()
                    .any(|l| matches!(l, Literal::Int(n) if *n == value)) =>
            {
                one_of_failed(set, at, out);
            }
            _ => {}
        }
    }
}

/// Checks a float against its rules.
pub fn float(value: f64, rules: &[Rule], at: &Pointer<'_>, out: &mut Violations) {
    for rule in rules {
        if let Rule::Range { min, max } = *rule {
            let below = |b: Bound| {
                let n = b.value.as_f64();
                value < n || (b.exclusive && value == n)
            };
            let above = |b: Bound| {
                let n = b.value.as_f64();
                value > n || (b.exclusive && value == n)
            };
            if value.is_nan() || min.is_some_and(below) || max.is_some_and(above) {
                range_fail(min, max, at, out);
            }
        }
    }
}

/// Checks a list's own count rules (not its items').
pub fn items(len: usize, rules: &[Rule], at: &Pointer<'_>, out: &mut Violations) {
    for rule in rules {
        match *rule {
            Rule::Items { min, max } if outside(len as u64, min, max) => {
                out.fail(
                    at,
                    "items",
                    format_args!("must have {}", Counted(min, max, "items")),
                    &count_params(min, max),
                );
            }
            Rule::NonEmpty if len == 0 => {
                out.fail(at, "non_empty", format_args!("must not be empty"), &[]);
            }
            _ => {}
        }
    }
}

/// Checks that no two items of a list are equal.
pub fn unique_items<T: PartialEq>(value: &[T], at: &Pointer<'_>, out: &mut Violations) {
    let duplicate = (1..value.len()).find(|&i| value[..i].contains(&value[i]));
    if let Some(i) = duplicate {
        out.fail(
            at,
            "unique_items",
            format_args!("must not contain duplicates; item {i} repeats an earlier one"),
            &[("duplicate", Some(Value::from(i)))],
        );
    }
}

/// Records the result of a custom field rule.
pub fn custom(result: Result<(), Invalid>, at: &Pointer<'_>, out: &mut Violations) {
    if let Err(invalid) = result {
        let mut pointer = String::new();
        at.write(&mut pointer);
        out.push(invalid.at(pointer));
    }
}

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
                    Rule::Items { .. } | Rule::UniqueItems => {}
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

#[cfg(test)]
mod tests {
    use super::*;

    const LEN: &[Rule] = &[Rule::Length {
        min: Some(2),
        max: Some(3),
    }];

    #[test]
    fn pointers_render_with_escapes_and_indexes() {
        let root = Pointer::ROOT;
        let lines = root.key("lines");
        let second = lines.index(2);
        let odd = second.key("a/b~c");
        assert_eq!(odd.to_string(), "/lines/2/a~1b~0c");
        let mut subject = String::new();
        second.write_subject(&mut subject);
        assert_eq!(subject, "item 2 of `lines`");
        assert_eq!(Pointer::ROOT.to_string(), "");
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let at = Pointer::ROOT;
        let at = at.key("name");
        let mut out = Violations::new();
        text("日本語", LEN, &at, &mut out);
        text("ab", LEN, &at, &mut out);
        assert!(out.is_empty(), "{out:?}");
        text("日本語x", LEN, &at, &mut out);
        text("a", LEN, &at, &mut out);
        assert_eq!(out.len(), 2);
        let v = &out.as_slice()[0];
        assert_eq!(v.pointer, "/name");
        assert_eq!(v.code, "length");
        assert_eq!(v.params["min"], 2);
        assert_eq!(v.params["max"], 3);
        assert_eq!(v.message, "`name` must be between 2 and 3 characters long");
    }

    #[test]
    fn exclusive_bounds_reject_the_bound_itself() {
        let rules = &[Rule::Range {
            min: Some(Bound {
                value: Number::Int(0),
                exclusive: true,
            }),
            max: Some(Bound {
                value: Number::Float(1.5),
                exclusive: false,
            }),
        }];
        let at = Pointer::ROOT;
        let mut out = Violations::new();
        float(0.000_1, rules, &at, &mut out);
        float(1.5, rules, &at, &mut out);
        assert!(out.is_empty());
        float(0.0, rules, &at, &mut out);
        float(1.500_001, rules, &at, &mut out);
        float(f64::NAN, rules, &at, &mut out);
        assert_eq!(out.len(), 3);
        assert_eq!(out.as_slice()[0].params["exclusive_min"], 0);
        assert_eq!(out.as_slice()[0].params["max"], 1.5);
    }

    #[test]
    fn email_and_url_use_their_rfc_syntax() {
        let at = Pointer::ROOT;
        for (value, ok) in [
            ("ada@example.com", true),
            ("a.b+c@sub.example.org", true),
            ("no-at-sign", false),
            ("two@@example.com", false),
            ("Ada <ada@example.com>", false),
            ("@example.com", false),
        ] {
            let mut out = Violations::new();
            text(value, &[Rule::Email], &at, &mut out);
            assert_eq!(out.is_empty(), ok, "{value}");
        }
        for (value, ok) in [
            ("https://example.com/a?b=c", true),
            ("urn:isbn:0451450523", true),
            ("/relative/path", false),
            ("not a url", false),
        ] {
            let mut out = Violations::new();
            text(value, &[Rule::Url], &at, &mut out);
            assert_eq!(out.is_empty(), ok, "{value}");
        }
    }

    #[test]
    fn unique_items_names_the_first_repeat() {
        let at = Pointer::ROOT;
        let mut out = Violations::new();
        unique_items(&[1, 2, 3], &at, &mut out);
        assert!(out.is_empty());
        unique_items(&[1, 2, 1, 2], &at, &mut out);
        assert_eq!(out.as_slice()[0].params["duplicate"], 2);
    }
}
