//! State machine diagrams: a [`Graph`] drawn as a self-contained SVG image.
//!
//! Swagger UI renders Markdown images but not Mermaid, so the documentation shows the life
//! cycle as an SVG drawn here, without dependencies. The drawing is layered, after Sugiyama:
//! states stand in columns by their breadth-first distance from the initial state, and
//! between two columns of states runs a column of edge labels. Every edge is a chain of
//! nodes, one per column it passes: its label, and placeholders where it skips a column or
//! goes back. Ordering and spacing those nodes like states is what keeps edges out of
//! boxes and labels apart; an edge between two states of one column turns around in the
//! label column to their right. Text widths are estimated from character counts, so no
//! font is measured and the same graph always gives the same bytes.
//!
//! The files split the work by concern: [`layout`] builds the layered graph and puts it
//! on the page, [`order`] and [`place`] are the Sugiyama steps that order and space each
//! column, [`route`] draws each edge through its column, [`geometry`] holds points,
//! boxes and curve segments, and this file writes the SVG.
//!
//! Why hand-written, measured against `layout-rs` 0.1.3 (the maintained Rust layered
//! layout crate) on the shop's order graph and a graph with a back edge and a same-column
//! edge: `layout-rs` wrote labels across their edges, had no double border for terminal
//! states, set a serif font through a `<style>` block, and gave different bytes from run
//! to run (its style rules come out in hash-map order), which would break the golden
//! document; it also took about twice this module's release compile time (4.1 s against
//! 1.9 s of CPU, alone on one core) for 6,000 lines, most of them a DOT parser unused here.
//! An optional feature would save about 2 s of a 200-crate build and double the build
//! settings to test; a sibling crate could not add `Graph::svg`. So it stays, in files of
//! a few hundred lines.

use std::fmt::{self, Write as _};

use crate::model::state::Graph;

use geometry::{Rect, Segment};
use layout::layout;

mod geometry;
mod layout;
mod order;
mod place;
mod route;
#[cfg(test)]
mod tests;

/// Blank space around the drawing.
const MARGIN: f64 = 16.0;
/// Room left of the first column for the start dot and its arrow.
const START_SPACE: f64 = 40.0;
const START_RADIUS: f64 = 5.0;
const FONT_SIZE: f64 = 13.0;
/// Estimated advance of one character at [`FONT_SIZE`]; generous for system sans fonts.
const CHAR_WIDTH: f64 = 7.5;
const LABEL_FONT_SIZE: f64 = 12.0;
const LABEL_CHAR_WIDTH: f64 = 6.9;
const BOX_HEIGHT: f64 = 36.0;
const BOX_PADDING: f64 = 16.0;
const BOX_MIN_WIDTH: f64 = 72.0;
const BOX_RADIUS: f64 = 10.0;
/// Inset of the inner border that marks a terminal state.
const DOUBLE_INSET: f64 = 3.5;
const LABEL_HEIGHT: f64 = 18.0;
const LABEL_PADDING: f64 = 5.0;
/// Room either side of the labels of a label column, where edges bend.
const BEND: f64 = 30.0;
const FONT_FAMILY: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const STATE_FILL: &str = "#eef2f7";
const STATE_STROKE: &str = "#475569";
const TEXT: &str = "#1e293b";
const EDGE: &str = "#64748b";
const LABEL_TEXT: &str = "#334155";

impl Graph {
    /// The graph drawn as an SVG image, for documentation that shows images but not
    /// Mermaid (Swagger UI, say): a rounded box per state under its wire name, left to
    /// right by distance from the initial state, which a start dot points at; a double
    /// border round each terminal state; and an arrow per source state of each transition,
    /// labelled with its action.
    ///
    /// The image is self-contained (no stylesheet, script or font) and has a `<title>`
    /// naming the graph; each arrow has one too (`cancel: pending → cancelled`), which
    /// browsers show on hover. The same graph always gives the same bytes. Transitions
    /// naming a state that is not in the graph, which `#[state_machine]` rules out, are left
    /// out.
    pub fn svg(&self) -> String {
        let layout = layout(self);
        let id: String = self
            .name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let arrow =
            format!("stroke=\"{EDGE}\" stroke-width=\"1.5\" marker-end=\"url(#arrow-{id})\"");
        let (width, height) = (Num(layout.width), Num(layout.height));
        let mut out = String::new();
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
             viewBox=\"0 0 {width} {height}\" role=\"img\">\n<title>{}</title>",
            Escaped(self.name)
        );
        let _ = writeln!(
            out,
            "<defs><marker id=\"arrow-{id}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" \
             markerWidth=\"10\" markerHeight=\"10\" markerUnits=\"userSpaceOnUse\" \
             orient=\"auto\"><polygon points=\"0,1 10,5 0,9\" fill=\"{EDGE}\"/></marker></defs>\n\
             <rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n\
             <g font-family=\"{FONT_FAMILY}\" text-anchor=\"middle\">"
        );
        for &(dot, tip) in &layout.starts {
            let _ = writeln!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{START_RADIUS}\" fill=\"{TEXT}\"/>\n\
                 <line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" {arrow}/>",
                Num(dot.x),
                Num(dot.y),
                Num(dot.x + START_RADIUS),
                Num(dot.y),
                Num(tip.x),
                Num(tip.y)
            );
        }
        for edge in &layout.edges {
            let _ = write!(out, "<path d=\"M{}", edge.start);
            for segment in &edge.segments {
                let _ = match segment {
                    Segment::Line(to) => write!(out, " L{to}"),
                    Segment::Curve(c1, c2, to) => write!(out, " C{c1} {c2} {to}"),
                };
            }
            let _ = writeln!(
                out,
                "\" fill=\"none\" {arrow}><title>{}: {} \u{2192} {}</title></path>",
                Escaped(edge.action),
                Escaped(self.states[edge.from].name),
                Escaped(self.states[edge.to].name)
            );
        }
        for (state, rect) in self.states.iter().zip(&layout.states) {
            write_box(&mut out, *rect, BOX_RADIUS, STATE_FILL, 1.5);
            if state.terminal {
                let inner = Rect::around(
                    rect.centre(),
                    rect.w - 2.0 * DOUBLE_INSET,
                    rect.h - 2.0 * DOUBLE_INSET,
                );
                write_box(&mut out, inner, BOX_RADIUS - DOUBLE_INSET, "none", 1.0);
            }
            write_text(&mut out, *rect, FONT_SIZE, TEXT, state.name);
        }
        for edge in &layout.edges {
            let label = edge.label;
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"#ffffff\"/>",
                Num(label.x),
                Num(label.y),
                Num(label.w),
                Num(label.h)
            );
            write_text(&mut out, label, LABEL_FONT_SIZE, LABEL_TEXT, edge.action);
        }
        out.push_str("</g>\n</svg>\n");
        out
    }
}

fn write_box(out: &mut String, rect: Rect, radius: f64, fill: &str, stroke_width: f64) {
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" fill=\"{fill}\" \
         stroke=\"{STATE_STROKE}\" stroke-width=\"{stroke_width}\"/>",
        Num(rect.x),
        Num(rect.y),
        Num(rect.w),
        Num(rect.h),
        Num(radius)
    );
}

/// Text centred in `rect`. The baseline is placed by hand rather than with
/// `dominant-baseline`, which some renderers ignore.
fn write_text(out: &mut String, rect: Rect, size: f64, fill: &str, text: &str) {
    let centre = rect.centre();
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{size}\" fill=\"{fill}\">{}</text>",
        Num(centre.x),
        Num(centre.y + 0.35 * size),
        Escaped(text)
    );
}

/// A coordinate to one decimal, without a trailing `.0` or a negative zero.
struct Num(f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = (self.0 * 10.0).round();
        if tenths == 0.0 {
            f.write_str("0")
        } else if tenths % 10.0 == 0.0 {
            write!(f, "{}", tenths / 10.0)
        } else {
            write!(f, "{:.1}", tenths / 10.0)
        }
    }
}

/// Text with the five XML special characters escaped, fit for content and attributes.
struct Escaped<'a>(&'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&apos;")?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}
