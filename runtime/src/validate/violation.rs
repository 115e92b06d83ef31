//! What a failed check reports: a JSON Pointer to the value, a code, a message and the
//! rule's parameters, collected for one response; and the trait every validated type has.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use serde::Serialize;
use serde_json::Value;

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

    pub(crate) fn write(&self, out: &mut String) {
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
    pub(crate) fn write_subject(&self, out: &mut String) {
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
///
/// ```
/// use resourcery::{Invalid, Problem, Violations};
///
/// let mut violations = Violations::new();
/// violations.add("quantity", Invalid::new("range", "`quantity` must be at most 10").param("max", 10));
/// assert_eq!(violations.as_slice()[0].pointer, "/quantity");
/// let problem = Problem::validation(violations);
/// assert_eq!(problem.status().as_u16(), 422);
/// ```
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
    pub(crate) fn fail(
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
