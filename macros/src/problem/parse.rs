//! `#[problem(...)]` attributes into raw options, each kept with its tokens for errors.
//! Unknown and repeated options are recorded and parsing goes on.

use syn::{Attribute, LitInt, LitStr};

use crate::internals::attr::{keyword_of, set, unknown};
use crate::internals::ctxt::Ctxt;
use crate::internals::keyword::{Keywords, ProblemKw};

/// Options of one variant's `#[problem(...)]` attributes.
#[derive(Default)]
pub(crate) struct ProblemAttrs {
    /// The first `#[problem(...)]`; `None` when the variant has none.
    pub(crate) attr: Option<Attribute>,
    pub(crate) status: Option<LitInt>,
    pub(crate) slug: Option<LitStr>,
    pub(crate) title: Option<LitStr>,
    pub(crate) detail: Option<LitStr>,
}

pub(crate) fn is_problem(attr: &Attribute) -> bool {
    attr.path().is_ident("problem")
}

pub(crate) fn variant_attrs(cx: &Ctxt, attrs: &[Attribute]) -> ProblemAttrs {
    let mut out = ProblemAttrs::default();
    for attr in attrs.iter().filter(|a| is_problem(a)) {
        out.attr.get_or_insert_with(|| attr.clone());
        let result = attr.parse_nested_meta(|meta| {
            let Some(kw) = keyword_of::<ProblemKw>(&meta) else {
                return unknown(cx, &meta, "problem option", ProblemKw::ALL);
            };
            match kw {
                // #[problem(status = 409)]
                ProblemKw::Status => set(cx, &mut out.status, meta.value()?.parse()?, &meta.path),
                // #[problem(slug = "already-refunded")]
                ProblemKw::Slug => set(cx, &mut out.slug, meta.value()?.parse()?, &meta.path),
                // #[problem(title = "Order already refunded")]
                ProblemKw::Title => set(cx, &mut out.title, meta.value()?.parse()?, &meta.path),
                // #[problem(detail = "order {order} was refunded on {when}")]
                ProblemKw::Detail => set(cx, &mut out.detail, meta.value()?.parse()?, &meta.path),
            }
            Ok(())
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
    out
}
