//! Validation rules, shared by `#[resource]` and `#[object]`: `validate(...)` parsed,
//! checked against the field's type, and written out as the static `&[Rule]` that both
//! the run-time check and the OpenAPI schema read, plus the calls that enforce it.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, ExprUnary, Lit, LitInt, LitStr, Token, UnOp};

mod expand;

pub(crate) use expand::{Site, const_name, slice};

use crate::internals::attr::{empty_parens, keyword_of, set, skip_value, takes_no_value, unknown};
use crate::internals::ctxt::Ctxt;
use crate::internals::keyword::{self, CountKw, Keywords, RangeKw, RuleKw};
use crate::internals::types::Kind;

/// A number written in a rule, with its span.
#[derive(Clone)]
pub(crate) struct NumLit {
    span: Span,
    value: Num,
}

impl NumLit {
    /// The number, as JSON Schema compares it.
    pub(crate) fn as_f64(&self) -> f64 {
        self.value.as_f64()
    }
}

#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Num {
    Int(i128),
    Float(f64),
}

impl Num {
    #[allow(clippy::cast_precision_loss)]
    fn as_f64(self) -> f64 {
        match self {
            Num::Int(n) => n as f64,
            Num::Float(f) => f,
        }
    }
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Num::Int(n) => write!(f, "{n}"),
            Num::Float(x) => write!(f, "{x:?}"),
        }
    }
}

/// A rule as written, before it is checked against the field's type.
pub(crate) enum RawRule {
    Length {
        span: Span,
        min: Option<LitInt>,
        max: Option<LitInt>,
    },
    Items {
        span: Span,
        min: Option<LitInt>,
        max: Option<LitInt>,
    },
    Range {
        /// Whether any bound was written, valid or not.
        written: bool,
        span: Span,
        min: Option<NumLit>,
        max: Option<NumLit>,
        exclusive_min: Option<NumLit>,
        exclusive_max: Option<NumLit>,
    },
    Pattern(LitStr),
    /// `email`, `url`, `non_empty`, `unique_items`, where it was written.
    Flag(RuleKw, Span),
    OneOf {
        span: Span,
        values: Vec<Lit>,
    },
    Custom(syn::Path),
    /// `each(...)`: rules every item of a list must keep.
    Each {
        span: Span,
        rules: Vec<RawRule>,
    },
}

impl RawRule {
    fn keyword(&self) -> RuleKw {
        match self {
            RawRule::Length { .. } => RuleKw::Length,
            RawRule::Items { .. } => RuleKw::Items,
            RawRule::Range { .. } => RuleKw::Range,
            RawRule::Pattern(_) => RuleKw::Pattern,
            RawRule::Flag(kw, _) => *kw,
            RawRule::OneOf { .. } => RuleKw::OneOf,
            RawRule::Custom(_) => RuleKw::Custom,
            RawRule::Each { .. } => RuleKw::Each,
        }
    }

    pub(crate) fn span(&self) -> Span {
        match self {
            RawRule::Length { span, .. }
            | RawRule::Items { span, .. }
            | RawRule::Range { span, .. }
            | RawRule::OneOf { span, .. }
            | RawRule::Each { span, .. } => *span,
            RawRule::Pattern(lit) => lit.span(),
            RawRule::Flag(_, span) => *span,
            RawRule::Custom(path) => path.span(),
        }
    }
}

/// A checked rule, ready to expand.
pub(crate) enum Rule {
    Length {
        min: Option<u64>,
        max: Option<u64>,
    },
    Items {
        min: Option<u64>,
        max: Option<u64>,
    },
    Range {
        min: Option<(NumLit, bool)>,
        max: Option<(NumLit, bool)>,
    },
    Pattern(String),
    Email,
    Url,
    NonEmpty,
    UniqueItems,
    OneOf(Vec<Lit>),
    Custom(syn::Path),
    /// The rules of each item, and the items' kind.
    Each(Vec<Rule>, Kind),
}

/// The rules of one field, checked.
#[derive(Default)]
pub(crate) struct Rules {
    pub(crate) rules: Vec<Rule>,
}

impl Rules {
    pub(crate) fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

fn number(expr: &Expr) -> Option<NumLit> {
    let span = expr.span();
    let value = match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Int(i), ..
        }) => Num::Int(i.base10_parse().ok()?),
        Expr::Lit(ExprLit {
            lit: Lit::Float(f), ..
        }) => Num::Float(f.base10_parse().ok()?),
        Expr::Unary(ExprUnary {
            op: UnOp::Neg(_),
            expr,
            ..
        }) => match number(expr)?.value {
            Num::Int(n) => Num::Int(-n),
            Num::Float(f) => Num::Float(-f),
        },
        Expr::Group(g) => return number(&g.expr),
        _ => return None,
    };
    Some(NumLit { span, value })
}

/// `min = 1, max = 80` inside `length(...)` or `items(...)`.
fn counts(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<(Option<LitInt>, Option<LitInt>)> {
    let (mut min, mut max) = (None, None);
    if empty_parens(meta)? {
        return Ok((None, None));
    }
    meta.parse_nested_meta(|inner| {
        let Some(kw) = keyword_of::<CountKw>(&inner) else {
            cx.error_spanned_by(
                &inner.path,
                format!("expected {}", keyword::either_syntax(CountKw::ALL)),
            );
            return skip_value(&inner);
        };
        let slot = match kw {
            // length(min = 1)
            CountKw::Min => &mut min,
            // length(max = 80)
            CountKw::Max => &mut max,
        };
        set(cx, slot, inner.value()?.parse()?, &inner.path);
        Ok(())
    })?;
    Ok((min, max))
}

/// Parses the contents of `validate(...)`, recording unknown rules and carrying on.
pub(crate) fn parse(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Vec<RawRule>> {
    let mut rules = Vec::new();
    meta.parse_nested_meta(|rule| {
        let Some(kw) = keyword_of::<RuleKw>(&rule) else {
            return unknown(cx, &rule, "rule", RuleKw::ALL);
        };
        let span = rule.path.span();
        match kw {
            // validate(length(min = 1, max = 80))
            RuleKw::Length => {
                let (min, max) = counts(cx, &rule)?;
                rules.push(RawRule::Length { span, min, max });
            }
            // validate(items(min = 1, max = 50))
            RuleKw::Items => {
                let (min, max) = counts(cx, &rule)?;
                rules.push(RawRule::Items { span, min, max });
            }
            // validate(range(min = 1, max = 10)), range(exclusive_min = 0.0)
            RuleKw::Range => rules.push(range(cx, &rule)?),
            // validate(pattern = "^[A-Z]{3}-[0-9]+$")
            RuleKw::Pattern => rules.push(RawRule::Pattern(rule.value()?.parse()?)),
            // validate(one_of("small", "large")) or one_of(1, 2, 3)
            RuleKw::OneOf => rules.push(one_of(cx, &rule)?),
            // validate(custom = path::to::function)
            RuleKw::Custom => rules.push(RawRule::Custom(rule.value()?.parse()?)),
            // validate(each(length(min = 1, max = 30), pattern = "^[a-z]+$"))
            RuleKw::Each => rules.push(RawRule::Each {
                span,
                rules: parse(cx, &rule)?,
            }),
            // validate(email), url, non_empty, unique_items
            RuleKw::Email | RuleKw::Url | RuleKw::NonEmpty | RuleKw::UniqueItems => {
                if takes_no_value(cx, &rule, kw)? {
                    rules.push(RawRule::Flag(kw, span));
                }
            }
        }
        Ok(())
    })?;
    Ok(rules)
}

/// The bounds inside `range(...)`.
fn range(cx: &Ctxt, rule: &ParseNestedMeta<'_>) -> syn::Result<RawRule> {
    let span = rule.path.span();
    let mut bounds: [Option<NumLit>; 4] = Default::default();
    let mut written = false;
    if !empty_parens(rule)? {
        rule.parse_nested_meta(|inner| {
            // Anything written counts as a bound, so its own error is the only one.
            written = true;
            let Some(kw) = keyword_of::<RangeKw>(&inner) else {
                cx.error_spanned_by(
                    &inner.path,
                    format!(
                        "expected {}, e.g. `range(min = 1, max = 10)`",
                        keyword::either_name(RangeKw::ALL)
                    ),
                );
                return skip_value(&inner);
            };
            let slot = match kw {
                RangeKw::Min => 0,
                RangeKw::Max => 1,
                RangeKw::ExclusiveMin => 2,
                RangeKw::ExclusiveMax => 3,
            };
            let expr: Expr = inner.value()?.parse()?;
            match number(&expr) {
                Some(n) => set(cx, &mut bounds[slot], n, &inner.path),
                None => {
                    cx.error_spanned_by(&expr, "expected a number literal, e.g. `10` or `-0.5`");
                }
            }
            Ok(())
        })?;
    }
    let [min, max, exclusive_min, exclusive_max] = bounds;
    Ok(RawRule::Range {
        written,
        span,
        min,
        max,
        exclusive_min,
        exclusive_max,
    })
}

/// The values inside `one_of(...)`: string or integer literals.
fn one_of(cx: &Ctxt, rule: &ParseNestedMeta<'_>) -> syn::Result<RawRule> {
    let span = rule.path.span();
    let content;
    syn::parenthesized!(content in rule.input);
    let exprs = Punctuated::<Expr, Token![,]>::parse_terminated(&content)?;
    let mut values = Vec::new();
    for expr in exprs {
        match &expr {
            Expr::Lit(ExprLit {
                lit: lit @ Lit::Str(_),
                ..
            }) => values.push(lit.clone()),
            _ => match number(&expr) {
                Some(NumLit {
                    value: Num::Int(n),
                    span,
                }) => {
                    values.push(Lit::Int(LitInt::new(&n.to_string(), span)));
                }
                _ => cx.error_spanned_by(&expr, "expected a string or integer literal"),
            },
        }
    }
    Ok(RawRule::OneOf { span, values })
}

/// What to write instead of a rule that does not fit the field's type.
fn hint(kw: RuleKw, kind: Kind) -> String {
    let instead = match (kw, kind) {
        (RuleKw::Length, Kind::Int(_) | Kind::Float) => Some("range(min = .., max = ..)"),
        (RuleKw::Length, Kind::List) => Some("items(min = .., max = ..)"),
        (RuleKw::Range, Kind::Text) => Some("length(min = .., max = ..)"),
        (RuleKw::Range, Kind::List) => Some("items(min = .., max = ..)"),
        (RuleKw::Items, Kind::Text) => Some("length(min = .., max = ..)"),
        (RuleKw::Items, Kind::Int(_) | Kind::Float) => Some("range(min = .., max = ..)"),
        _ => None,
    };
    let applies = match kw {
        RuleKw::Length | RuleKw::Pattern | RuleKw::Email | RuleKw::Url => "text (`String`)",
        RuleKw::Range => "numbers (`i16`, `i32`, `i64`, `f32`, `f64`)",
        RuleKw::Items | RuleKw::UniqueItems | RuleKw::Each => "lists (`Vec<T>`)",
        RuleKw::NonEmpty => "text and lists",
        RuleKw::OneOf => "text and integers",
        RuleKw::Custom => "values",
    };
    let rule = kw.name();
    match instead {
        Some(i) => format!("`{rule}` applies to {applies}; use `{i}` instead"),
        None => format!("`{rule}` applies to {applies}"),
    }
}

fn count(cx: &Ctxt, lit: Option<&LitInt>) -> Option<u64> {
    let lit = lit?;
    match lit.base10_parse::<u64>() {
        Ok(n) => Some(n),
        Err(_) => {
            cx.error_spanned_by(lit, "expected a non-negative integer");
            None
        }
    }
}

fn count_bounds(
    cx: &Ctxt,
    name: &str,
    span: Span,
    min: Option<&LitInt>,
    max: Option<&LitInt>,
) -> (Option<u64>, Option<u64>) {
    let (lo, hi) = (count(cx, min), count(cx, max));
    if min.is_none() && max.is_none() {
        cx.error_at(
            span,
            format!(
                "`{name}` needs {} or both, e.g. `{name}(min = 1, max = 80)`",
                keyword::names(CountKw::ALL)
            ),
        );
    }
    if let (Some(lo), Some(hi)) = (lo, hi)
        && lo > hi
    {
        cx.error_spanned_by(
            min,
            format!("`{name}`: min {lo} is greater than max {hi}, so no value could pass"),
        );
    }
    (lo, hi)
}

/// The range a field's integer type can hold.
fn int_limits(bits: u8) -> (i128, i128) {
    match bits {
        16 => (i16::MIN.into(), i16::MAX.into()),
        32 => (i32::MIN.into(), i32::MAX.into()),
        _ => (i64::MIN.into(), i64::MAX.into()),
    }
}

fn range_bound(
    cx: &Ctxt,
    field: &str,
    kind: Kind,
    inclusive: Option<NumLit>,
    exclusive: Option<NumLit>,
    which: &str,
) -> Option<(NumLit, bool)> {
    if let (Some(_), Some(e)) = (&inclusive, &exclusive) {
        cx.error_at(
            e.span,
            format!("`range` has both `{which}` and `exclusive_{which}`; keep one"),
        );
    }
    let (lit, exclusive) = match (inclusive, exclusive) {
        (Some(l), _) => (l, false),
        (None, Some(l)) => (l, true),
        (None, None) => return None,
    };
    if let Kind::Int(bits) = kind {
        match lit.value {
            Num::Float(_) => {
                cx.error_at(
                    lit.span,
                    format!("`{field}` is an integer; write the bound as an integer"),
                );
                return None;
            }
            Num::Int(n) => {
                let (lo, hi) = int_limits(bits);
                if n < lo || n > hi {
                    cx.error_at(
                        lit.span,
                        format!("{n} does not fit `{field}`, an i{bits} ({lo} to {hi})"),
                    );
                    return None;
                }
            }
        }
    }
    Some((lit, exclusive))
}

/// Whether the rule `kw` applies to a field of `kind`.
fn fits(kw: RuleKw, kind: Kind) -> bool {
    match kw {
        RuleKw::Length | RuleKw::Pattern | RuleKw::Email | RuleKw::Url => kind == Kind::Text,
        RuleKw::Range => matches!(kind, Kind::Int(_) | Kind::Float),
        RuleKw::Items | RuleKw::UniqueItems | RuleKw::Each => kind == Kind::List,
        RuleKw::NonEmpty => matches!(kind, Kind::Text | Kind::List),
        RuleKw::OneOf => matches!(kind, Kind::Text | Kind::Int(_)),
        RuleKw::Custom => true,
    }
}

/// Checks the rules written on a field of `kind` (for a list, `item` is its items' kind).
pub(crate) fn check(
    cx: &Ctxt,
    raw: Vec<RawRule>,
    field: &str,
    kind: Kind,
    item: Option<Kind>,
) -> Rules {
    let mut rules = Vec::new();
    let mut seen: Vec<RuleKw> = Vec::new();
    for rule in raw {
        let kw = rule.keyword();
        let name = kw.name();
        if kw != RuleKw::Custom && seen.contains(&kw) {
            cx.error_at(rule.span(), format!("`{name}` is given more than once"));
            continue;
        }
        seen.push(kw);
        if !fits(kw, kind) {
            cx.error_at(
                rule.span(),
                format!(
                    "`{name}` does not apply to `{field}`, which is {}: {}",
                    kind.describe(),
                    hint(kw, kind)
                ),
            );
            continue;
        }
        if let Some(rule) = check_rule(cx, rule, field, kind, item) {
            rules.push(rule);
        }
    }
    Rules { rules }
}

/// `each(...)` on a list of text or numbers: its rules checked against the items' kind.
fn check_each(
    cx: &Ctxt,
    span: Span,
    inner: Vec<RawRule>,
    field: &str,
    item: Option<Kind>,
) -> Option<Rule> {
    let item = item.filter(|k| matches!(k, Kind::Text | Kind::Int(_) | Kind::Float));
    let Some(item) = item else {
        cx.error_at(
            span,
            format!("`each` applies to lists of text or numbers; `{field}` holds other values"),
        );
        return None;
    };
    if let Some(custom) = inner.iter().find(|r| matches!(r, RawRule::Custom(_))) {
        cx.error_at(
            custom.span(),
            "`custom` inside `each` would see one item; write it beside `each`, where it sees the whole list",
        );
        return None;
    }
    let checked = check(cx, inner, &format!("{field}[]"), item, None);
    Some(Rule::Each(checked.rules, item))
}

/// One rule that applies to the field's kind, its values checked; `None` for an `each`
/// that cannot apply.
fn check_rule(
    cx: &Ctxt,
    rule: RawRule,
    field: &str,
    kind: Kind,
    item: Option<Kind>,
) -> Option<Rule> {
    Some(match rule {
        RawRule::Length { span, min, max } => {
            let (min, max) = count_bounds(cx, "length", span, min.as_ref(), max.as_ref());
            Rule::Length { min, max }
        }
        RawRule::Items { span, min, max } => {
            let (min, max) = count_bounds(cx, "items", span, min.as_ref(), max.as_ref());
            Rule::Items { min, max }
        }
        RawRule::Range {
            written,
            span,
            min,
            max,
            exclusive_min,
            exclusive_max,
        } => {
            let lo = range_bound(cx, field, kind, min, exclusive_min, "min");
            let hi = range_bound(cx, field, kind, max, exclusive_max, "max");
            check_range(cx, written, span, lo.as_ref(), hi.as_ref());
            Rule::Range { min: lo, max: hi }
        }
        RawRule::Pattern(lit) => {
            let source = lit.value();
            if let Err(e) = regex_syntax::Parser::new().parse(&source) {
                let reason = e.to_string();
                let reason = reason.lines().last().unwrap_or_default().trim();
                cx.error_spanned_by(
                    &lit,
                    format!("invalid regular expression `{source}`: {reason}"),
                );
            }
            Rule::Pattern(source)
        }
        RawRule::Flag(kw, _) => match kw {
            RuleKw::Email => Rule::Email,
            RuleKw::Url => Rule::Url,
            RuleKw::NonEmpty => Rule::NonEmpty,
            RuleKw::UniqueItems => Rule::UniqueItems,
            RuleKw::Length
            | RuleKw::Range
            | RuleKw::Pattern
            | RuleKw::OneOf
            | RuleKw::Items
            | RuleKw::Each
            | RuleKw::Custom => unreachable!("`{}` is not parsed as a flag", kw.name()),
        },
        RawRule::OneOf { span, values } => {
            check_one_of(cx, span, &values, field, kind);
            Rule::OneOf(values)
        }
        RawRule::Custom(path) => Rule::Custom(path),
        RawRule::Each { span, rules } => return check_each(cx, span, rules, field, item),
    })
}

/// A range needs a bound and must admit some value.
fn check_range(
    cx: &Ctxt,
    written: bool,
    span: Span,
    lo: Option<&(NumLit, bool)>,
    hi: Option<&(NumLit, bool)>,
) {
    match (lo, hi) {
        (None, None) if !written => cx.error_at(
            span,
            "`range` needs a bound, e.g. `range(min = 1, max = 10)` or `range(exclusive_min = 0.0)`",
        ),
        (Some((l, le)), Some((h, he))) => {
            let empty = if *le || *he {
                l.value.as_f64() >= h.value.as_f64()
            } else {
                l.value.as_f64() > h.value.as_f64()
            };
            if empty {
                cx.error_at(
                    l.span,
                    format!(
                        "`range` is empty: the lower bound {} is not below the upper bound {}",
                        l.value, h.value
                    ),
                );
            }
        }
        _ => {}
    }
}

/// `one_of` lists at least one value, each of the field's type.
fn check_one_of(cx: &Ctxt, span: Span, values: &[Lit], field: &str, kind: Kind) {
    if values.is_empty() {
        cx.error_at(span, "`one_of` needs at least one value");
    }
    for value in values {
        let ok = match (value, kind) {
            (Lit::Str(_), Kind::Text) => true,
            (Lit::Int(i), Kind::Int(bits)) => {
                let (lo, hi) = int_limits(bits);
                i.base10_parse::<i128>().is_ok_and(|n| n >= lo && n <= hi)
            }
            _ => false,
        };
        if !ok {
            let want = if kind == Kind::Text {
                "a string literal"
            } else {
                "an integer that fits the field"
            };
            cx.error_spanned_by(
                value,
                format!(
                    "`{field}` is {}; each `one_of` value must be {want}",
                    kind.describe()
                ),
            );
        }
    }
}
