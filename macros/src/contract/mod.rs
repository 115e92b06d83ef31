//! Compile-time contract checking: with a `[contract]` section in `resourcery.toml`, every
//! `#[resource]`, `#[endpoint]` and `#[state_machine]` (its transitions) compares what it
//! will serve with the OpenAPI file named
//! there, and each drift becomes a spanned error (or a warning, by `mode`) named with
//! oasdiff's rule id. The contract is the base and the code the revision: the code must
//! accept every request the contract allows and send only responses it allows.
//!
//! What the macros cannot see (an enum's values, an `#[object]`'s members, which resource
//! serves a transition, statuses that depend on the `Api` built at run time) is left to
//! `resourcery::contract`'s run-time comparison of the whole document.

mod body;
pub(crate) mod config;
mod endpoint;
mod list;
pub(crate) mod load;
mod operation;
mod resource;
mod schema;
mod transition;

use std::path::PathBuf;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};

pub(crate) use endpoint::check as endpoint;
pub(crate) use resource::check as resource;
pub(crate) use transition::check as transitions;

use config::{Config, ContractConfig, Mode};

/// The settings that apply at this macro's call site; `None` without a `resourcery.toml`.
pub(crate) fn settings() -> Result<Option<Config>, String> {
    let source = if proc_macro::is_available() {
        proc_macro::Span::call_site().local_file()
    } else {
        None
    };
    match config::locate(source.as_deref()) {
        Some(file) => config::read(&file).map(Some),
        None => Ok(None),
    }
}

/// One difference between the code and the contract.
pub(crate) struct Drift {
    /// oasdiff's rule id where it has one.
    pub(crate) rule: &'static str,
    /// Whether a client written against the contract can break.
    pub(crate) breaking: bool,
    pub(crate) span: Span,
    pub(crate) message: String,
}

/// The drifts of one item.
#[derive(Default)]
pub(crate) struct Drifts {
    list: Vec<Drift>,
    /// Statuses the code can send and the contract does not declare, one entry per status
    /// and cause with the operations it concerns, so one option is one error.
    statuses: Vec<Undeclared>,
}

struct Undeclared {
    status: u16,
    why: &'static str,
    span: Span,
    operations: Vec<String>,
}

impl Drifts {
    pub(crate) fn undeclared_status(
        &mut self,
        status: u16,
        span: Span,
        why: &'static str,
        operation: &str,
    ) {
        match self
            .statuses
            .iter_mut()
            .find(|u| u.status == status && u.why == why)
        {
            Some(u) => u.operations.push(operation.to_owned()),
            None => self.statuses.push(Undeclared {
                status,
                why,
                span,
                operations: vec![operation.to_owned()],
            }),
        }
    }

    /// All drifts, the grouped statuses last.
    fn into_list(mut self) -> Vec<Drift> {
        for u in self.statuses {
            let named: Vec<String> = u.operations.iter().map(|o| format!("`{o}`")).collect();
            self.list.push(Drift {
                rule: "response-non-success-status-added",
                // Any server can fail or push back; contracts rarely list 5xx, 408 or
                // 429, and a client handles them whether listed or not.
                breaking: u.status < 500 && !matches!(u.status, 408 | 429),
                span: u.span,
                message: format!(
                    "{} can answer {} ({}), which the contract does not declare",
                    named.join(", "),
                    u.status,
                    u.why
                ),
            });
        }
        self.list
    }

    pub(crate) fn breaking(&mut self, rule: &'static str, span: Span, message: String) {
        self.list.push(Drift {
            rule,
            breaking: true,
            span,
            message,
        });
    }

    pub(crate) fn change(&mut self, rule: &'static str, span: Span, message: String) {
        self.list.push(Drift {
            rule,
            breaking: false,
            span,
            message,
        });
    }
}

/// The contract of the call site, loaded, with the files to track; `Err` with the tokens
/// to emit instead when there is nothing to check (the tracking of `resourcery.toml`, whose
/// `[list]` and `mode` still shape the expansion) or the settings or contract are broken.
pub(crate) fn contract() -> Result<(ContractConfig, Tracked), TokenStream> {
    let config = match settings() {
        Ok(Some(c)) => c,
        Ok(None) => return Err(TokenStream::new()),
        Err(e) => return Err(syn::Error::new(Span::call_site(), e).to_compile_error()),
    };
    let mut tracked = Tracked {
        files: vec![config.file],
    };
    let Some(contract) = config.contract.filter(|c| c.mode != Mode::Off) else {
        return Err(tracked.tokens());
    };
    tracked.files.push(contract.path.clone());
    match &*load::load(&contract.path) {
        Ok(_) => Ok((contract, tracked)),
        Err(e) => {
            let mut tokens = tracked.tokens();
            tokens.extend(syn::Error::new(Span::call_site(), e).to_compile_error());
            Err(tokens)
        }
    }
}

/// Runs `check` against the contract of the call site, when there is one, and emits its
/// drifts by mode with the tracking of the files; a broken contract is its one error.
pub(crate) fn checked(check: impl FnOnce(&load::Contract, &mut Drifts)) -> TokenStream {
    let (config, tracked) = match contract() {
        Ok(found) => found,
        Err(tokens) => return tokens,
    };
    let loaded = load::load(&config.path);
    let mut drifts = Drifts::default();
    if let Ok(contract) = &*loaded {
        check(contract, &mut drifts);
    }
    emit(&config, &tracked, drifts)
}

/// Files whose change must rebuild the item: `include_bytes!` makes cargo track them.
pub(crate) struct Tracked {
    files: Vec<PathBuf>,
}

impl Tracked {
    /// An `include_bytes!` of each file not yet included by this compiler process: cargo
    /// tracks what any expansion of the crate includes, so once per crate is enough, and
    /// including a large contract in every expansion costs time.
    pub(crate) fn tokens(&self) -> TokenStream {
        static INCLUDED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
        let mut included = INCLUDED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.files
            .iter()
            .filter_map(|f| f.canonicalize().ok())
            .filter(|f| {
                let first = !included.contains(f);
                if first {
                    included.push(f.clone());
                }
                first
            })
            .map(|f| {
                let path = f.display().to_string();
                quote!(
                    const _: &[u8] = ::core::include_bytes!(#path);
                )
            })
            .collect()
    }
}

/// The drifts as errors and warnings, by mode, with the tracking of the files.
pub(crate) fn emit(config: &ContractConfig, tracked: &Tracked, drifts: Drifts) -> TokenStream {
    let mut out = tracked.tokens();
    let file = config
        .path
        .file_name()
        .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
    for drift in drifts.into_list() {
        if config.allow.iter().any(|a| a == drift.rule) {
            continue;
        }
        let fails = match config.mode {
            Mode::Strict => true,
            Mode::Compatible => drift.breaking,
            Mode::Warn | Mode::Off => false,
        };
        let text = format!("contract `{file}`: {} [{}]", drift.message, drift.rule);
        if fails {
            out.extend(syn::Error::new(drift.span, text).to_compile_error());
        } else {
            out.extend(warning(drift.span, &text));
        }
    }
    out
}

/// A warning at `span` on stable Rust: the use of a deprecated item, whose note is the
/// message.
fn warning(span: Span, text: &str) -> TokenStream {
    let note = format!("\n{text}");
    quote_spanned! {span=>
        const _: () = {
            #[deprecated(note = #note)]
            #[allow(non_camel_case_types)]
            struct contract_drift;
            let _ = contract_drift;
        };
    }
}

/// The closest of `candidates` to `name`, when it is close enough to suggest.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (distance(&name.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len().max(name.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_suggested_and_far_ones_are_not() {
        let ids = ["listOrders", "getOrder", "createOrder"];
        assert_eq!(did_you_mean("listOrder", ids), Some("listOrders"));
        assert_eq!(did_you_mean("getorder", ids), Some("getOrder"));
        assert_eq!(did_you_mean("deleteCustomer", ids), None);
    }
}
