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

use std::fmt::{self, Write as _};

use crate::Graph;

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
/// Control-point distance of a cubic Bézier quarter circle, as a fraction of the radius.
const KAPPA: f64 = 0.5523;
/// Barycentre sweeps when ordering the columns.
const ORDER_SWEEPS: usize = 8;
/// Sweeps when placing nodes vertically.
const PLACE_SWEEPS: usize = 200;
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
    /// The image is self-contained (no stylesheet, no script, no fonts) and has a `<title>`
    /// naming the graph. The same graph always gives the same bytes. Transitions naming a
    /// state that is not in the graph, which `#[state_machine]` rules out, are left out.
    pub fn svg(&self) -> String {
        let layout = layout(self);
        let marker = format!(
            "arrow-{}",
            self.name
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        );
        let (width, height) = (Num(layout.width), Num(layout.height));
        let mut out = String::new();
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
             viewBox=\"0 0 {width} {height}\" role=\"img\">"
        );
        let _ = writeln!(out, "<title>{}</title>", Escaped(self.name));
        let _ = writeln!(
            out,
            "<defs><marker id=\"{marker}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" \
             markerWidth=\"10\" markerHeight=\"10\" markerUnits=\"userSpaceOnUse\" \
             orient=\"auto\"><polygon points=\"0,1 10,5 0,9\" fill=\"{EDGE}\"/></marker></defs>"
        );
        let _ = writeln!(
            out,
            "<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>"
        );
        let _ = writeln!(
            out,
            "<g font-family=\"{FONT_FAMILY}\" text-anchor=\"middle\">"
        );
        for &(dot, tip) in &layout.starts {
            let _ = writeln!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{START_RADIUS}\" fill=\"{TEXT}\"/>",
                Num(dot.x),
                Num(dot.y)
            );
            let _ = writeln!(
                out,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{EDGE}\" \
                 stroke-width=\"1.5\" marker-end=\"url(#{marker})\"/>",
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
                "\" fill=\"none\" stroke=\"{EDGE}\" stroke-width=\"1.5\" \
                 marker-end=\"url(#{marker})\"/>"
            );
        }
        for (state, rect) in self.states.iter().zip(&layout.states) {
            write_rect(&mut out, *rect, BOX_RADIUS, STATE_FILL, 1.5);
            if state.terminal {
                let inner = Rect {
                    x: rect.x + DOUBLE_INSET,
                    y: rect.y + DOUBLE_INSET,
                    w: rect.w - 2.0 * DOUBLE_INSET,
                    h: rect.h - 2.0 * DOUBLE_INSET,
                };
                write_rect(&mut out, inner, BOX_RADIUS - DOUBLE_INSET, "none", 1.0);
            }
            write_text(&mut out, *rect, FONT_SIZE, TEXT, state.name);
        }
        for edge in &layout.edges {
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"#ffffff\"/>",
                Num(edge.label.x),
                Num(edge.label.y),
                Num(edge.label.w),
                Num(edge.label.h)
            );
            write_text(
                &mut out,
                edge.label,
                LABEL_FONT_SIZE,
                LABEL_TEXT,
                edge.action,
            );
        }
        out.push_str("</g>\n</svg>\n");
        out
    }
}

fn write_rect(out: &mut String, rect: Rect, radius: f64, fill: &str, stroke_width: f64) {
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

fn box_width(name: &str) -> f64 {
    (name.chars().count() as f64 * CHAR_WIDTH + 2.0 * BOX_PADDING).max(BOX_MIN_WIDTH)
}

fn label_width(action: &str) -> f64 {
    action.chars().count() as f64 * LABEL_CHAR_WIDTH + 2.0 * LABEL_PADDING
}

/// A graph placed on the page; [`Graph::svg`] only draws it.
#[derive(Debug)]
struct Layout {
    width: f64,
    height: f64,
    /// The box of each state, in the order of `Graph::states`.
    states: Vec<Rect>,
    /// Start dot centre and arrow tip, one per initial state.
    starts: Vec<(Point, Point)>,
    /// One per source state of each transition, in declaration order.
    edges: Vec<Edge>,
}

#[derive(Debug)]
struct Edge {
    action: &'static str,
    /// Indices into `Graph::states`.
    from: usize,
    to: usize,
    start: Point,
    segments: Vec<Segment>,
    label: Rect,
}

#[derive(Debug, Clone, Copy)]
enum Segment {
    Line(Point),
    /// A cubic Bézier: two control points, then the end.
    Curve(Point, Point, Point),
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Point {
    x: f64,
    y: f64,
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", Num(self.x), Num(self.y))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn around(centre: Point, w: f64, h: f64) -> Self {
        Rect {
            x: centre.x - w / 2.0,
            y: centre.y - h / 2.0,
            w,
            h,
        }
    }

    fn centre(&self) -> Point {
        Point {
            x: self.x + self.w / 2.0,
            y: self.y + self.h / 2.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    State,
    Label,
    /// Where an edge passes a column without a state or label of its own.
    Dummy,
}

#[derive(Debug)]
struct Node {
    kind: Kind,
    /// Column: states at even ranks (twice their distance), labels at odd ones.
    rank: usize,
    w: f64,
    h: f64,
}

/// One drawn edge as nodes, left to right.
struct Chain {
    action: &'static str,
    from: usize,
    to: usize,
    nodes: Vec<usize>,
    label: usize,
    /// The edge goes right to left: the arrow is at the chain's first node.
    backwards: bool,
    /// Both ends are in one column: the edge leaves and enters on the right.
    turn: bool,
}

fn layout(graph: &Graph) -> Layout {
    let states = graph.states;
    let index = |name: &str| states.iter().position(|s| s.name == name);
    let mut edges = Vec::new();
    for t in graph.transitions {
        let Some(to) = index(t.to) else { continue };
        edges.extend(
            t.from
                .iter()
                .filter_map(|from| index(from))
                .map(|from| (t.action, from, to)),
        );
    }
    let distance = distances(graph, &edges);
    let mut nodes: Vec<Node> = states
        .iter()
        .zip(&distance)
        .map(|(s, d)| Node {
            kind: Kind::State,
            rank: 2 * d,
            w: box_width(s.name),
            h: BOX_HEIGHT,
        })
        .collect();
    let mut chains = Vec::new();
    for &(action, from, to) in &edges {
        let (start, end) = (nodes[from].rank, nodes[to].rank);
        let mut add = |kind, rank| {
            let (w, h) = match kind {
                Kind::Label => (label_width(action), LABEL_HEIGHT),
                _ => (0.0, 0.0),
            };
            nodes.push(Node { kind, rank, w, h });
            nodes.len() - 1
        };
        // Each label sits in the label column next to the edge's source state.
        let (chain, label) = if start < end {
            let label = add(Kind::Label, start + 1);
            let mut chain = vec![from, label];
            chain.extend((start + 2..end).map(|rank| add(Kind::Dummy, rank)));
            chain.push(to);
            (chain, label)
        } else if start > end {
            let mut chain = vec![to];
            chain.extend((end + 1..start - 1).map(|rank| add(Kind::Dummy, rank)));
            let label = add(Kind::Label, start - 1);
            chain.extend([label, from]);
            (chain, label)
        } else {
            let label = add(Kind::Label, start + 1);
            (vec![from, label, to], label)
        };
        chains.push(Chain {
            action,
            from,
            to,
            nodes: chain,
            label,
            backwards: start > end,
            turn: start == end,
        });
    }
    let mut neighbours = vec![Vec::new(); nodes.len()];
    for chain in &chains {
        for pair in chain.nodes.windows(2) {
            neighbours[pair[0]].push(pair[1]);
            neighbours[pair[1]].push(pair[0]);
        }
    }
    let ranks = nodes.iter().map(|n| n.rank + 1).max().unwrap_or(0);
    let mut layers = vec![Vec::new(); ranks];
    for (i, node) in nodes.iter().enumerate() {
        layers[node.rank].push(i);
    }
    order(&mut layers, &neighbours, &nodes);
    let mut y = place(&layers, &neighbours, &nodes);
    let top = (0..nodes.len())
        .map(|i| y[i] - nodes[i].h / 2.0)
        .fold(f64::INFINITY, f64::min);
    let bottom = (0..nodes.len())
        .map(|i| y[i] + nodes[i].h / 2.0)
        .fold(f64::NEG_INFINITY, f64::max);
    for value in &mut y {
        *value += MARGIN - top;
    }

    let mut left = Vec::with_capacity(ranks);
    let mut widths = Vec::with_capacity(ranks);
    let mut x = MARGIN
        + if states.iter().any(|s| s.initial) {
            START_SPACE
        } else {
            0.0
        };
    for (rank, layer) in layers.iter().enumerate() {
        let widest = layer.iter().map(|&i| nodes[i].w).fold(0.0, f64::max);
        let width = if rank % 2 == 0 {
            widest
        } else {
            widest + 2.0 * BEND
        };
        left.push(x);
        widths.push(width);
        x += width;
    }
    let centre = |node: usize| Point {
        x: left[nodes[node].rank] + widths[nodes[node].rank] / 2.0,
        y: y[node],
    };
    let rects: Vec<Rect> = (0..states.len())
        .map(|i| Rect::around(centre(i), nodes[i].w, nodes[i].h))
        .collect();

    // Spread the edges meeting one side of a box over its height, in the vertical order of
    // the nodes they come from, so that they neither cross nor coincide there.
    let mut sides: Vec<Vec<(f64, usize, usize)>> = vec![Vec::new(); 2 * states.len()];
    for (c, chain) in chains.iter().enumerate() {
        let n = &chain.nodes;
        sides[2 * n[0] + 1].push((y[n[1]], c, 0));
        let right = usize::from(chain.turn);
        sides[2 * n[n.len() - 1] + right].push((y[n[n.len() - 2]], c, 1));
    }
    let mut ports = vec![[0.0; 2]; chains.len()];
    for (side, ends) in sides.iter_mut().enumerate() {
        ends.sort_by(|a, b| a.0.total_cmp(&b.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        let rect = rects[side / 2];
        for (i, &(_, c, end)) in ends.iter().enumerate() {
            ports[c][end] = rect.y + rect.h * (i + 1) as f64 / (ends.len() + 1) as f64;
        }
    }

    let mut drawn = Vec::with_capacity(chains.len());
    for (chain, port) in chains.iter().zip(&ports) {
        let first = chain.nodes[0];
        let last = chain.nodes[chain.nodes.len() - 1];
        let right = |node: usize| left[nodes[node].rank] + widths[nodes[node].rank];
        let out = Point {
            x: rects[first].x + rects[first].w,
            y: port[0],
        };
        let mut points = vec![
            out,
            Point {
                x: right(first),
                ..out
            },
        ];
        let (start, segments) = if chain.turn {
            let apex = centre(chain.label);
            let back = Point {
                x: right(last),
                y: port[1],
            };
            let end = Point {
                x: rects[last].x + rects[last].w,
                y: port[1],
            };
            let segments = vec![
                Segment::Line(points[1]),
                quarter(points[1], apex, true),
                quarter(apex, back, false),
                Segment::Line(end),
            ];
            (out, segments)
        } else {
            for &node in &chain.nodes[1..chain.nodes.len() - 1] {
                let c = centre(node);
                if nodes[node].rank % 2 == 0 {
                    let half = widths[nodes[node].rank] / 2.0;
                    points.push(Point { x: c.x - half, ..c });
                    points.push(Point { x: c.x + half, ..c });
                } else {
                    points.push(c);
                }
            }
            let end = Point {
                x: rects[last].x,
                y: port[1],
            };
            points.push(Point {
                x: left[nodes[last].rank],
                ..end
            });
            points.push(end);
            if chain.backwards {
                points.reverse();
            }
            points.dedup_by(|a, b| (a.x - b.x).abs() < 0.01 && (a.y - b.y).abs() < 0.01);
            let segments = points.windows(2).map(|p| bend(p[0], p[1])).collect();
            (points[0], segments)
        };
        drawn.push(Edge {
            action: chain.action,
            from: chain.from,
            to: chain.to,
            start,
            segments,
            label: Rect::around(
                centre(chain.label),
                nodes[chain.label].w,
                nodes[chain.label].h,
            ),
        });
    }

    let starts = rects
        .iter()
        .zip(states)
        .filter(|(_, s)| s.initial)
        .map(|(rect, _)| {
            let y = rect.centre().y;
            let dot = Point {
                x: MARGIN + START_RADIUS,
                y,
            };
            (dot, Point { x: rect.x, y })
        })
        .collect();
    Layout {
        width: x + MARGIN,
        height: if nodes.is_empty() {
            2.0 * MARGIN
        } else {
            bottom - top + 2.0 * MARGIN
        },
        states: rects,
        starts,
        edges: drawn,
    }
}

/// Breadth-first distance of each state from the initial states (from the first state if
/// none is marked); states out of reach go one column past the farthest.
fn distances(graph: &Graph, edges: &[(&str, usize, usize)]) -> Vec<usize> {
    let mut distance = vec![usize::MAX; graph.states.len()];
    let mut queue = std::collections::VecDeque::new();
    for (i, state) in graph.states.iter().enumerate() {
        if state.initial {
            distance[i] = 0;
            queue.push_back(i);
        }
    }
    if queue.is_empty() && !distance.is_empty() {
        distance[0] = 0;
        queue.push_back(0);
    }
    while let Some(from) = queue.pop_front() {
        for &(_, _, to) in edges.iter().filter(|e| e.1 == from) {
            if distance[to] == usize::MAX {
                distance[to] = distance[from] + 1;
                queue.push_back(to);
            }
        }
    }
    let reached = distance.iter().filter(|&&d| d != usize::MAX).max();
    let past = reached.map_or(0, |d| d + 1);
    distance
        .into_iter()
        .map(|d| if d == usize::MAX { past } else { d })
        .collect()
}

/// Orders each column to reduce crossings: barycentre sweeps left to right and back,
/// keeping the best ordering seen.
fn order(layers: &mut [Vec<usize>], neighbours: &[Vec<usize>], nodes: &[Node]) {
    let mut position = vec![0.0; nodes.len()];
    let mut reposition = |layers: &[Vec<usize>], position: &mut Vec<f64>| {
        for layer in layers {
            for (i, &node) in layer.iter().enumerate() {
                position[node] = i as f64;
            }
        }
    };
    reposition(layers, &mut position);
    let mut best = (
        crossings(layers, neighbours, nodes, &position),
        layers.to_vec(),
    );
    for sweep in 0..2 * ORDER_SWEEPS {
        let down = sweep % 2 == 0;
        let ranks: Vec<usize> = if down {
            (1..layers.len()).collect()
        } else {
            (0..layers.len().saturating_sub(1)).rev().collect()
        };
        for rank in ranks {
            let side = if down { rank - 1 } else { rank + 1 };
            let key = |node: usize| {
                let near: Vec<f64> = neighbours[node]
                    .iter()
                    .filter(|&&n| nodes[n].rank == side)
                    .map(|&n| position[n])
                    .collect();
                if near.is_empty() {
                    position[node]
                } else {
                    near.iter().sum::<f64>() / near.len() as f64
                }
            };
            let mut keyed: Vec<(f64, usize)> = layers[rank].iter().map(|&n| (key(n), n)).collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            layers[rank] = keyed.into_iter().map(|(_, n)| n).collect();
            for (i, &node) in layers[rank].iter().enumerate() {
                position[node] = i as f64;
            }
        }
        let count = crossings(layers, neighbours, nodes, &position);
        if count < best.0 {
            best = (count, layers.to_vec());
        }
    }
    layers.clone_from_slice(&best.1);
}

/// How many pairs of links between neighbouring columns cross.
fn crossings(
    layers: &[Vec<usize>],
    neighbours: &[Vec<usize>],
    nodes: &[Node],
    position: &[f64],
) -> usize {
    let mut count = 0;
    for layer in layers {
        let links: Vec<(f64, f64)> = layer
            .iter()
            .flat_map(|&a| {
                neighbours[a]
                    .iter()
                    .filter(move |&&b| nodes[b].rank == nodes[a].rank + 1)
                    .map(move |&b| (position[a], position[b]))
            })
            .collect();
        for (i, p) in links.iter().enumerate() {
            count += links[i + 1..]
                .iter()
                .filter(|q| (p.0 - q.0) * (p.1 - q.1) < 0.0)
                .count();
        }
    }
    count
}

/// Vertical centres: each node is pulled towards the mean of its neighbours, column by
/// column, then the column is fitted as closely as its order and spacing allow.
fn place(layers: &[Vec<usize>], neighbours: &[Vec<usize>], nodes: &[Node]) -> Vec<f64> {
    let mut y = vec![0.0; nodes.len()];
    for layer in layers {
        let gaps = gaps(layer, nodes);
        let mut at = 0.0;
        for (i, &node) in layer.iter().enumerate() {
            y[node] = at;
            at += gaps.get(i).copied().unwrap_or(0.0);
        }
        for &node in layer {
            y[node] -= at / 2.0;
        }
    }
    for sweep in 0..2 * PLACE_SWEEPS {
        let ranks: Vec<usize> = if sweep % 2 == 0 {
            (0..layers.len()).collect()
        } else {
            (0..layers.len()).rev().collect()
        };
        for rank in ranks {
            let layer = &layers[rank];
            let wanted: Vec<f64> = layer
                .iter()
                .map(|&node| {
                    let near = &neighbours[node];
                    if near.is_empty() {
                        y[node]
                    } else {
                        near.iter().map(|&n| y[n]).sum::<f64>() / near.len() as f64
                    }
                })
                .collect();
            for (&node, value) in layer.iter().zip(fit(&wanted, &gaps(layer, nodes))) {
                y[node] = value;
            }
        }
    }
    y
}

/// Least distance between the centres of each node of `layer` and the next.
fn gaps(layer: &[usize], nodes: &[Node]) -> Vec<f64> {
    layer
        .windows(2)
        .map(|pair| {
            let (a, b) = (&nodes[pair[0]], &nodes[pair[1]]);
            let space = match (a.kind, b.kind) {
                (Kind::State, Kind::State) => 24.0,
                (Kind::State, _) | (_, Kind::State) => 12.0,
                _ => 8.0,
            };
            (a.h + b.h) / 2.0 + space
        })
        .collect()
}

/// The positions closest (least squares) to `wanted` that keep their order and `gaps`:
/// isotonic regression by pooling adjacent violators, after shifting out the gaps.
fn fit(wanted: &[f64], gaps: &[f64]) -> Vec<f64> {
    let mut offset = Vec::with_capacity(wanted.len());
    let mut at = 0.0;
    for i in 0..wanted.len() {
        offset.push(at);
        at += gaps.get(i).copied().unwrap_or(0.0);
    }
    // Blocks of (first index, count, sum of shifted targets).
    let mut blocks: Vec<(usize, f64, f64)> = Vec::new();
    for (i, (w, o)) in wanted.iter().zip(&offset).enumerate() {
        blocks.push((i, 1.0, w - o));
        while let [.., (_, n1, s1), (_, n2, s2)] = blocks[..] {
            if s1 / n1 <= s2 / n2 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last].1 += n2;
            blocks[last].2 += s2;
        }
    }
    let mut out = Vec::with_capacity(wanted.len());
    for (first, n, sum) in blocks {
        out.extend((first..first + n as usize).map(|i| sum / n + offset[i]));
    }
    out
}

/// An S-bend from `a` to `b`, level at both ends, or a line when they are level.
fn bend(a: Point, b: Point) -> Segment {
    if (a.y - b.y).abs() < 0.01 {
        return Segment::Line(b);
    }
    let mid = (a.x + b.x) / 2.0;
    Segment::Curve(Point { x: mid, ..a }, Point { x: mid, ..b }, b)
}

/// A quarter ellipse from `a` to `b`: level at `a` and upright at `b` when `into` is
/// true, the reverse otherwise.
fn quarter(a: Point, b: Point, into: bool) -> Segment {
    if into {
        let c1 = Point {
            x: a.x + KAPPA * (b.x - a.x),
            y: a.y,
        };
        let c2 = Point {
            x: b.x,
            y: b.y + KAPPA * (a.y - b.y),
        };
        Segment::Curve(c1, c2, b)
    } else {
        let c1 = Point {
            x: a.x,
            y: a.y + KAPPA * (b.y - a.y),
        };
        let c2 = Point {
            x: b.x + KAPPA * (a.x - b.x),
            y: b.y,
        };
        Segment::Curve(c1, c2, b)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{StateMeta, TransitionMeta};

    const fn state(name: &'static str, initial: bool, terminal: bool) -> StateMeta {
        StateMeta {
            name,
            doc: "",
            initial,
            terminal,
        }
    }

    // The one place that spells out `TransitionMeta`, so a new field changes one line.
    const fn transition(
        action: &'static str,
        from: &'static [&'static str],
        to: &'static str,
    ) -> TransitionMeta {
        TransitionMeta {
            action,
            from,
            to,
            roles: &[],
            guard: None,
            after: None,
            body: None,
        }
    }

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

    const ESCAPED: Graph = Graph {
        name: "a<b&c",
        states: &[state("a<b&c", true, false), state("\"q'>", false, true)],
        transitions: &[transition("go&<", &["a<b&c"], "\"q'>")],
    };

    const GRAPHS: [Graph; 5] = [ORDER, ACCOUNT, POST, REVIEW, ESCAPED];

    fn edge_count(graph: &Graph) -> usize {
        graph.transitions.iter().map(|t| t.from.len()).sum()
    }

    fn overlap(a: Rect, b: Rect) -> bool {
        a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
    }

    fn within(inner: Rect, width: f64, height: f64) -> bool {
        inner.x >= 0.0
            && inner.y >= 0.0
            && inner.x + inner.w <= width
            && inner.y + inner.h <= height
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
    fn boxes_and_labels_do_not_overlap_and_stay_in_the_view_box() {
        for graph in GRAPHS {
            let layout = layout(&graph);
            let labels: Vec<Rect> = layout.edges.iter().map(|e| e.label).collect();
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
                let r = START_RADIUS;
                let dot = Rect::around(*dot, 2.0 * r, 2.0 * r);
                assert!(within(dot, layout.width, layout.height));
            }
        }
    }

    #[test]
    fn edges_stay_out_of_boxes_and_in_the_view_box() {
        for graph in GRAPHS {
            let layout = layout(&graph);
            for edge in &layout.edges {
                for p in samples(edge) {
                    assert!(
                        p.x >= 0.0 && p.x <= layout.width && p.y >= 0.0 && p.y <= layout.height
                    );
                    for (i, r) in layout.states.iter().enumerate() {
                        let inside = p.x > r.x + 0.5
                            && p.x < r.x + r.w - 0.5
                            && p.y > r.y + 0.5
                            && p.y < r.y + r.h - 0.5;
                        let name = graph.states[i].name;
                        assert!(
                            !inside,
                            "{}: {} runs through {name}",
                            graph.name, edge.action
                        );
                    }
                }
            }
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

    #[test]
    fn zz_write_pictures() {
        for graph in GRAPHS {
            std::fs::write(
                format!("/tmp/diagram-{}.svg", graph.name.replace(['<', '&'], "_")),
                graph.svg(),
            )
            .unwrap();
        }
        std::fs::write("/tmp/order.svg", ORDER.svg()).unwrap();
    }
}
