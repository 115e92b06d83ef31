//! The diagram's tests: every state and action drawn once, well-formed and escaped SVG,
//! boxes, labels and edges apart, the same bytes for the same graph.

use super::geometry::{Point, Rect, Segment};
use super::layout::{Edge, layout};
use super::*;
use crate::model::state::StateMeta;
use crate::model::state::fixtures::{state, transition};

/// The shop's orders: a fork, an edge within a column and two terminal states.
const ORDER: Graph = Graph {
    name: "OrderStatus",
    states: &[
        state("pending", true, false),
        state("confirmed", false, false),
        state("shipped", false, false),
        state("delivered", false, false),
        state("cancelled", false, true),
        state("returned", false, true),
    ],
    transitions: &[
        transition("confirm", &["pending"], "confirmed"),
        transition("ship", &["confirmed"], "shipped"),
        transition("deliver", &["shipped"], "delivered"),
        transition("cancel", &["pending", "confirmed"], "cancelled"),
        transition("request_return", &["delivered"], "returned"),
    ],
};

/// A cycle: two states with an edge each way.
const ACCOUNT: Graph = Graph {
    name: "AccountStatus",
    states: &[
        state("active", true, false),
        state("suspended", false, false),
        state("closed", false, true),
    ],
    transitions: &[
        transition("suspend", &["active"], "suspended"),
        transition("resume", &["suspended"], "active"),
        transition("close", &["active", "suspended"], "closed"),
    ],
};

const POST: Graph = Graph {
    name: "PostStatus",
    states: &[state("draft", true, false), state("published", false, true)],
    transitions: &[transition("publish", &["draft"], "published")],
};

/// Edges that skip columns, go back over several, and run in parallel.
const REVIEW: Graph = Graph {
    name: "ReviewStatus",
    states: &[
        state("draft", true, false),
        state("in_review", false, false),
        state("approved", false, false),
        state("live", false, false),
        state("archived", false, true),
        state("rejected", false, true),
    ],
    transitions: &[
        transition("submit", &["draft"], "in_review"),
        transition("approve", &["in_review"], "approved"),
        transition("auto_approve", &["in_review"], "approved"),
        transition("reject", &["in_review"], "rejected"),
        transition("go_live", &["approved"], "live"),
        transition("retract", &["live"], "draft"),
        transition("reopen", &["approved"], "in_review"),
        transition("archive", &["live", "draft"], "archived"),
    ],
};

/// A workflow with a cycle, an edge back over a column and one action from three states.
const TICKET: Graph = Graph {
    name: "TicketStatus",
    states: &[
        state("open", true, false),
        state("in_progress", false, false),
        state("blocked", false, false),
        state("in_review", false, false),
        state("done", false, true),
        state("wont_fix", false, true),
    ],
    transitions: &[
        transition("start", &["open"], "in_progress"),
        transition("block", &["in_progress"], "blocked"),
        transition("unblock", &["blocked"], "in_progress"),
        transition("submit", &["in_progress"], "in_review"),
        transition("request_changes", &["in_review"], "in_progress"),
        transition("approve", &["in_review"], "done"),
        transition("close", &["open", "in_progress", "blocked"], "wont_fix"),
    ],
};

const ESCAPED: Graph = Graph {
    name: "a<b&c",
    states: &[state("a<b&c", true, false), state("\"q'>", false, true)],
    transitions: &[transition("go&<", &["a<b&c"], "\"q'>")],
};

const GRAPHS: [Graph; 6] = [ORDER, ACCOUNT, POST, REVIEW, TICKET, ESCAPED];

fn edge_count(graph: &Graph) -> usize {
    graph.transitions.iter().map(|t| t.from.len()).sum()
}

fn overlap(a: Rect, b: Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

fn within(inner: Rect, width: f64, height: f64) -> bool {
    inner.x >= 0.0 && inner.y >= 0.0 && inner.x + inner.w <= width && inner.y + inner.h <= height
}

/// Points along an edge, 32 per segment.
fn samples(edge: &Edge) -> Vec<Point> {
    let mut at = edge.start;
    let mut out = vec![at];
    for segment in &edge.segments {
        let (c1, c2, end) = match *segment {
            Segment::Line(end) => (at, end, end),
            Segment::Curve(c1, c2, end) => (c1, c2, end),
        };
        for step in 1..=32 {
            let t = f64::from(step) / 32.0;
            let u = 1.0 - t;
            let mix = |a: f64, b: f64, c: f64, d: f64| {
                u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
            };
            out.push(Point {
                x: mix(at.x, c1.x, c2.x, end.x),
                y: mix(at.y, c1.y, c2.y, end.y),
            });
        }
        at = end;
    }
    out
}

/// Checks that every element opened is closed, in order, under one `<svg>` root.
fn balanced(svg: &str) -> Result<(), String> {
    let mut open: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut rest = svg;
    while let Some(start) = rest.find('<') {
        let end = start + rest[start..].find('>').ok_or("a tag is never ended")?;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(opened) if opened == name => {}
                opened => return Err(format!("</{name}> closes {opened:?}")),
            }
        } else {
            if open.is_empty() {
                roots += 1;
            }
            if !tag.ends_with('/') {
                open.push(tag.split_whitespace().next().unwrap_or_default());
            }
        }
    }
    match (open.as_slice(), roots) {
        ([], 1) => Ok(()),
        ([], n) => Err(format!("{n} root elements")),
        (unclosed, _) => Err(format!("never closed: {unclosed:?}")),
    }
}

#[test]
fn every_state_and_action_is_written_once_per_drawing() {
    for graph in GRAPHS {
        let svg = graph.svg();
        for state in graph.states {
            let text = format!(">{}</text>", Escaped(state.name));
            assert_eq!(svg.matches(&text).count(), 1, "{}: {text}", graph.name);
        }
        for t in graph.transitions {
            let text = format!(">{}</text>", Escaped(t.action));
            assert_eq!(svg.matches(&text).count(), t.from.len(), "{text}");
        }
    }
}

#[test]
fn each_arrow_is_titled_with_its_action_source_and_target() {
    let svg = ORDER.svg();
    assert!(svg.contains("<title>cancel: pending \u{2192} cancelled</title></path>"));
    assert!(svg.contains("<title>cancel: confirmed \u{2192} cancelled</title></path>"));
    let escaped = ESCAPED.svg();
    assert!(
        escaped.contains("<title>go&amp;&lt;: a&lt;b&amp;c \u{2192} &quot;q&apos;&gt;</title>")
    );
}

#[test]
fn one_path_per_source_state_of_each_transition() {
    for graph in GRAPHS {
        assert_eq!(graph.svg().matches("<path ").count(), edge_count(&graph));
        let layout = layout(&graph);
        let pairs: Vec<(&str, &str, &str)> = layout
            .edges
            .iter()
            .map(|e| (e.action, graph.states[e.from].name, graph.states[e.to].name))
            .collect();
        let declared: Vec<(&str, &str, &str)> = graph
            .transitions
            .iter()
            .flat_map(|t| t.from.iter().map(move |from| (t.action, *from, t.to)))
            .collect();
        assert_eq!(pairs, declared);
    }
}

#[test]
fn svg_is_well_formed_with_title_view_box_and_arrowhead() {
    for graph in GRAPHS {
        let svg = graph.svg();
        assert_eq!(balanced(&svg), Ok(()), "{svg}");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""));
        assert!(svg.contains(&format!("<title>{}</title>", Escaped(graph.name))));
        let layout = layout(&graph);
        let (w, h) = (Num(layout.width), Num(layout.height));
        assert!(svg.contains(&format!("viewBox=\"0 0 {w} {h}\"")));
        assert!(svg.contains("<marker id=\"arrow-"));
        assert!(!svg.contains("style") && !svg.contains("class="));
    }
    assert_eq!(
        balanced("<svg><g></svg>"),
        Err("</svg> closes Some(\"g\")".into())
    );
    assert!(balanced("<svg><g/>").is_err());
}

#[test]
fn names_are_escaped_in_text_and_title() {
    let svg = ESCAPED.svg();
    assert!(svg.contains("<title>a&lt;b&amp;c</title>"));
    assert!(svg.contains(">a&lt;b&amp;c</text>"));
    assert!(svg.contains(">&quot;q&apos;&gt;</text>"));
    assert!(svg.contains(">go&amp;&lt;</text>"));
    assert!(!svg.contains("a<b") && !svg.contains("q'"));
    assert!(svg.contains("id=\"arrow-abc\""));
}

#[test]
fn the_same_graph_gives_the_same_bytes() {
    let copy = Graph {
        name: ORDER.name,
        states: ORDER.states,
        transitions: ORDER.transitions,
    };
    assert_eq!(ORDER.svg(), copy.svg());
    assert_eq!(REVIEW.svg(), REVIEW.svg());
}

#[test]
fn two_states_draw_as_pinned() {
    assert_eq!(
        POST.svg(),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="361.8" height="68" viewBox="0 0 361.8 68" role="img">
<title>PostStatus</title>
<defs><marker id="arrow-PostStatus" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto"><polygon points="0,1 10,5 0,9" fill="#64748b"/></marker></defs>
<rect width="361.8" height="68" fill="#ffffff"/>
<g font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif" text-anchor="middle">
<circle cx="21" cy="34" r="5" fill="#1e293b"/>
<line x1="26" y1="34" x2="56" y2="34" stroke="#64748b" stroke-width="1.5" marker-end="url(#arrow-PostStatus)"/>
<path d="M128,34 L246.3,34" fill="none" stroke="#64748b" stroke-width="1.5" marker-end="url(#arrow-PostStatus)"><title>publish: draft → published</title></path>
<rect x="56" y="16" width="72" height="36" rx="10" fill="#eef2f7" stroke="#475569" stroke-width="1.5"/>
<text x="92" y="38.6" font-size="13" fill="#1e293b">draft</text>
<rect x="246.3" y="16" width="99.5" height="36" rx="10" fill="#eef2f7" stroke="#475569" stroke-width="1.5"/>
<rect x="249.8" y="19.5" width="92.5" height="29" rx="6.5" fill="none" stroke="#475569" stroke-width="1"/>
<text x="296.1" y="38.6" font-size="13" fill="#1e293b">published</text>
<rect x="158" y="25" width="58.3" height="18" rx="4" fill="#ffffff"/>
<text x="187.2" y="38.2" font-size="12" fill="#334155">publish</text>
</g>
</svg>
"##
    );
}

/// No two boxes or labels overlap, everything is inside the view box, and no edge
/// runs through a box.
fn assert_clean(graph: &Graph) {
    let layout = layout(graph);
    let labels = layout.edges.iter().map(|e| e.label);
    let all: Vec<Rect> = layout.states.iter().copied().chain(labels).collect();
    for (i, a) in all.iter().enumerate() {
        assert!(
            within(*a, layout.width, layout.height),
            "{}: {a:?}",
            graph.name
        );
        for b in &all[i + 1..] {
            assert!(!overlap(*a, *b), "{}: {a:?} and {b:?}", graph.name);
        }
    }
    for (dot, _) in &layout.starts {
        let dot = Rect::around(*dot, 2.0 * START_RADIUS, 2.0 * START_RADIUS);
        assert!(within(dot, layout.width, layout.height));
    }
    for edge in &layout.edges {
        for p in samples(edge) {
            assert!(p.x >= 0.0 && p.x <= layout.width && p.y >= 0.0 && p.y <= layout.height);
            for r in &layout.states {
                let inside = p.x > r.x + 0.5
                    && p.x < r.x + r.w - 0.5
                    && p.y > r.y + 0.5
                    && p.y < r.y + r.h - 0.5;
                assert!(
                    !inside,
                    "{}: {} runs through {r:?}",
                    graph.name, edge.action
                );
            }
        }
    }
}

#[test]
fn boxes_labels_and_edges_keep_apart_inside_the_view_box() {
    for graph in GRAPHS {
        assert_clean(&graph);
    }
}

#[test]
fn edges_start_and_end_on_their_states() {
    for graph in GRAPHS {
        let layout = layout(&graph);
        for edge in &layout.edges {
            let points = samples(edge);
            let on = |p: &Point, r: Rect| {
                ((p.x - r.x).abs() < 0.01 || (p.x - r.x - r.w).abs() < 0.01)
                    && p.y > r.y
                    && p.y < r.y + r.h
            };
            assert!(on(&points[0], layout.states[edge.from]), "{}", edge.action);
            assert!(on(&points[points.len() - 1], layout.states[edge.to]));
        }
    }
}

#[test]
fn columns_follow_breadth_first_distance_from_the_initial_state() {
    let layout = layout(&ORDER);
    let x = |name: &str| {
        layout.states[ORDER.states.iter().position(|s| s.name == name).unwrap()]
            .centre()
            .x
    };
    assert_eq!(x("confirmed"), x("cancelled"));
    assert!(x("pending") < x("confirmed"));
    assert!(x("confirmed") < x("shipped"));
    assert!(x("shipped") < x("delivered"));
    assert!(x("delivered") < x("returned"));
    let (dot, tip) = layout.starts[0];
    assert_eq!(
        tip,
        Point {
            x: layout.states[0].x,
            y: layout.states[0].centre().y
        }
    );
    assert!(dot.x < tip.x);
}

#[test]
fn terminal_states_have_a_double_border_and_the_initial_one_a_start_dot() {
    let svg = ORDER.svg();
    let boxes = svg.matches(&format!("stroke=\"{STATE_STROKE}\"")).count();
    assert_eq!(boxes, ORDER.states.len() + 2);
    assert_eq!(svg.matches("<circle ").count(), 1);
    assert_eq!(layout(&ORDER).starts.len(), 1);
}

#[test]
fn opposite_edges_between_two_states_keep_apart() {
    let layout = layout(&ACCOUNT);
    let [suspend, resume] = [&layout.edges[0], &layout.edges[1]];
    assert_eq!((suspend.action, resume.action), ("suspend", "resume"));
    for p in samples(suspend) {
        let nearest = samples(resume)
            .iter()
            .map(|q| ((p.x - q.x).powi(2) + (p.y - q.y).powi(2)).sqrt())
            .fold(f64::INFINITY, f64::min);
        assert!(nearest > 6.0, "{p:?} is {nearest} from resume");
    }
}

/// Graphs the macro would refuse still draw: a loop, a state out of reach, a name
/// that is not a state, no initial state.
#[test]
fn malformed_graphs_still_draw_cleanly() {
    const ODD: Graph = Graph {
        name: "Odd",
        states: &[
            state("a", false, false),
            state("b", false, false),
            state("island", false, true),
        ],
        transitions: &[
            transition("again", &["a"], "a"),
            transition("next", &["a", "nowhere"], "b"),
            transition("lost", &["b"], "nowhere"),
        ],
    };
    let layout = layout(&ODD);
    assert_eq!(layout.edges.len(), 2);
    assert!(layout.starts.is_empty());
    assert_eq!(balanced(&ODD.svg()), Ok(()));
    assert_clean(&ODD);
}

/// Pseudo-random graphs (a fixed linear congruential sequence), each with a path from
/// the initial state to every other, and edges forward, back and within columns.
#[test]
fn random_graphs_keep_boxes_labels_and_edges_apart() {
    let mut seed: u64 = 0x5eed;
    let mut next = |below: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as usize % below
    };
    for round in 0..40 {
        let count = 2 + next(9);
        let names: Vec<&'static str> = (0..count)
            .map(|i| &*String::leak(format!("s{}{}", i, "x".repeat(next(12)))))
            .collect();
        let states: Vec<StateMeta> = names
            .iter()
            .enumerate()
            .map(|(i, name)| state(name, i == 0, i + 1 == count))
            .collect();
        let mut transitions = Vec::new();
        for i in 1..count {
            let from: &'static [&'static str] = Vec::leak(vec![names[next(i)]]);
            let action = String::leak(format!("to_{i}_{}", "y".repeat(next(10))));
            transitions.push(transition(action, from, names[i]));
        }
        for extra in 0..next(2 * count) {
            let from: &'static [&'static str] =
                Vec::leak(vec![names[next(count)], names[next(count)]]);
            let action = String::leak(format!("extra_{extra}"));
            transitions.push(transition(action, from, names[next(count)]));
        }
        let graph = Graph {
            name: "Random",
            states: Vec::leak(states),
            transitions: Vec::leak(transitions),
        };
        assert_clean(&graph);
        let svg = graph.svg();
        assert_eq!(balanced(&svg), Ok(()), "round {round}");
        assert_eq!(svg.matches("<path ").count(), edge_count(&graph));
    }
}

#[test]
fn an_empty_graph_is_an_empty_picture() {
    const EMPTY: Graph = Graph {
        name: "Empty",
        states: &[],
        transitions: &[],
    };
    let svg = EMPTY.svg();
    assert_eq!(balanced(&svg), Ok(()));
    assert!(svg.contains("<title>Empty</title>"));
}
