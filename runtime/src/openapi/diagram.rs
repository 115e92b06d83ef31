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

use std::collections::VecDeque;
use std::fmt::{self, Write as _};

use crate::model::state::Graph;

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
/// Sweeps when placing nodes vertically; a few dozen settle the graphs people draw.
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

const fn pt(x: f64, y: f64) -> Point {
    Point { x, y }
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
        let (x, y) = (centre.x - w / 2.0, centre.y - h / 2.0);
        Rect { x, y, w, h }
    }

    fn centre(&self) -> Point {
        pt(self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    fn right(&self) -> f64 {
        self.x + self.w
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

/// One edge as a chain of nodes, left to right.
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
    let edges: Vec<(&'static str, usize, usize)> = graph
        .transitions
        .iter()
        .flat_map(|t| {
            let to = index(t.to);
            t.from
                .iter()
                .filter_map(move |from| Some((t.action, index(from)?, to?)))
        })
        .collect();
    let (nodes, chains) = chains(graph, &edges);
    let mut neighbours = vec![Vec::new(); nodes.len()];
    for pair in chains.iter().flat_map(|c| c.nodes.windows(2)) {
        let (a, b) = (pair[0], pair[1]);
        // Links along a long edge pull harder, to keep it straight.
        let weight = if nodes[a].kind == Kind::State || nodes[b].kind == Kind::State {
            1.0
        } else {
            2.0
        };
        neighbours[a].push((b, weight));
        neighbours[b].push((a, weight));
    }
    let mut layers = vec![Vec::new(); nodes.iter().map(|n| n.rank + 1).max().unwrap_or(0)];
    for (i, node) in nodes.iter().enumerate() {
        layers[node.rank].push(i);
    }
    order(&mut layers, &neighbours, &nodes);
    let mut y = place(&layers, &neighbours, &nodes);
    let top = (0..nodes.len()).map(|i| y[i] - nodes[i].h / 2.0);
    let bottom = (0..nodes.len()).map(|i| y[i] + nodes[i].h / 2.0);
    let (top, bottom) = if nodes.is_empty() {
        (0.0, 0.0)
    } else {
        (
            top.fold(f64::INFINITY, f64::min),
            bottom.fold(f64::NEG_INFINITY, f64::max),
        )
    };
    for value in &mut y {
        *value += MARGIN - top;
    }

    let mut left = Vec::with_capacity(layers.len());
    let mut width = Vec::with_capacity(layers.len());
    let mut x = MARGIN;
    if states.iter().any(|s| s.initial) {
        x += START_SPACE;
    }
    for (rank, layer) in layers.iter().enumerate() {
        let widest = layer.iter().map(|&i| nodes[i].w).fold(0.0, f64::max);
        left.push(x);
        width.push(if rank.is_multiple_of(2) {
            widest
        } else {
            widest + 2.0 * BEND
        });
        x += width[rank];
    }
    let page = Page {
        nodes: &nodes,
        y,
        left,
        width,
    };
    let rects: Vec<Rect> = (0..states.len()).map(|i| page.rect(i)).collect();

    // Spread the edges meeting one side of a box over its height, in the vertical order of
    // the nodes they come from, so that they neither cross nor coincide there.
    let mut sides: Vec<Vec<(f64, usize, usize)>> = vec![Vec::new(); 2 * states.len()];
    for (c, chain) in chains.iter().enumerate() {
        let (n, last) = (&chain.nodes, chain.nodes.len() - 1);
        sides[2 * n[0] + 1].push((page.y[n[1]], c, 0));
        sides[2 * n[last] + usize::from(chain.turn)].push((page.y[n[last - 1]], c, 1));
    }
    let mut ports = vec![[0.0; 2]; chains.len()];
    for (side, ends) in sides.iter_mut().enumerate() {
        ends.sort_by(|a, b| a.0.total_cmp(&b.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        let rect = rects[side / 2];
        for (i, &(_, c, end)) in ends.iter().enumerate() {
            ports[c][end] = rect.y + rect.h * (i + 1) as f64 / (ends.len() + 1) as f64;
        }
    }

    let edges = chains
        .iter()
        .zip(ports)
        .map(|(chain, port)| {
            let (start, segments) = page.route(chain, port, &rects);
            Edge {
                action: chain.action,
                from: chain.from,
                to: chain.to,
                start,
                segments,
                label: page.rect(chain.label),
            }
        })
        .collect();
    let starts = rects
        .iter()
        .zip(states)
        .filter(|(_, s)| s.initial)
        .map(|(rect, _)| {
            let y = rect.centre().y;
            (pt(MARGIN + START_RADIUS, y), pt(rect.x, y))
        })
        .collect();
    Layout {
        width: x + MARGIN,
        height: bottom - top + 2.0 * MARGIN,
        states: rects,
        starts,
        edges,
    }
}

/// The nodes of the layered drawing: a state node per state, then the chain of each edge.
/// Each label sits in the label column next to its edge's source state.
fn chains(graph: &Graph, edges: &[(&'static str, usize, usize)]) -> (Vec<Node>, Vec<Chain>) {
    let distance = distances(graph, edges);
    let mut nodes: Vec<Node> = graph
        .states
        .iter()
        .zip(&distance)
        .map(|(s, d)| Node {
            kind: Kind::State,
            rank: 2 * d,
            w: (s.name.chars().count() as f64 * CHAR_WIDTH + 2.0 * BOX_PADDING).max(BOX_MIN_WIDTH),
            h: BOX_HEIGHT,
        })
        .collect();
    let mut chains = Vec::with_capacity(edges.len());
    for &(action, from, to) in edges {
        let (start, end) = (nodes[from].rank, nodes[to].rank);
        let mut add = |kind, rank| {
            let (w, h) = match kind {
                Kind::Label => (
                    action.chars().count() as f64 * LABEL_CHAR_WIDTH + 2.0 * LABEL_PADDING,
                    LABEL_HEIGHT,
                ),
                _ => (0.0, 0.0),
            };
            nodes.push(Node { kind, rank, w, h });
            nodes.len() - 1
        };
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
    (nodes, chains)
}

/// Breadth-first distance of each state from the initial states (from the first state if
/// none is marked); states out of reach go one column past the farthest.
fn distances(graph: &Graph, edges: &[(&str, usize, usize)]) -> Vec<usize> {
    let mut distance = vec![usize::MAX; graph.states.len()];
    let mut queue: VecDeque<usize> = (0..distance.len())
        .filter(|&i| graph.states[i].initial)
        .collect();
    if queue.is_empty() && !distance.is_empty() {
        queue.push_back(0);
    }
    for &i in &queue {
        distance[i] = 0;
    }
    while let Some(from) = queue.pop_front() {
        for &(_, _, to) in edges.iter().filter(|e| e.1 == from) {
            if distance[to] == usize::MAX {
                distance[to] = distance[from] + 1;
                queue.push_back(to);
            }
        }
    }
    let past = distance
        .iter()
        .filter(|&&d| d != usize::MAX)
        .max()
        .map_or(0, |d| d + 1);
    distance.into_iter().map(|d| d.min(past)).collect()
}

/// Nodes with their vertical centres and the columns' left edges and widths.
struct Page<'a> {
    nodes: &'a [Node],
    y: Vec<f64>,
    left: Vec<f64>,
    width: Vec<f64>,
}

impl Page<'_> {
    fn centre(&self, node: usize) -> Point {
        let rank = self.nodes[node].rank;
        pt(self.left[rank] + self.width[rank] / 2.0, self.y[node])
    }

    fn rect(&self, node: usize) -> Rect {
        Rect::around(self.centre(node), self.nodes[node].w, self.nodes[node].h)
    }

    /// The path of `chain`, leaving and entering its states' boxes at `ports` (heights for
    /// its first and last node). Within a column of states the path runs level, so it
    /// bends only in label columns, where no box is.
    fn route(&self, chain: &Chain, ports: [f64; 2], rects: &[Rect]) -> (Point, Vec<Segment>) {
        let (first, last) = (chain.nodes[0], chain.nodes[chain.nodes.len() - 1]);
        let right =
            |node: usize| self.left[self.nodes[node].rank] + self.width[self.nodes[node].rank];
        let out = pt(rects[first].right(), ports[0]);
        let mut points = vec![out, pt(right(first), ports[0])];
        if chain.turn {
            let apex = self.centre(chain.label);
            let back = pt(right(last), ports[1]);
            let end = pt(rects[last].right(), ports[1]);
            // No zero-length lines: the arrowhead takes its direction from the last one.
            let segments = [
                (out != points[1]).then_some(Segment::Line(points[1])),
                Some(quarter(points[1], apex, true)),
                Some(quarter(apex, back, false)),
                (back != end).then_some(Segment::Line(end)),
            ];
            return (out, segments.into_iter().flatten().collect());
        }
        for &node in &chain.nodes[1..chain.nodes.len() - 1] {
            let c = self.centre(node);
            let rank = self.nodes[node].rank;
            if rank.is_multiple_of(2) {
                points.extend([pt(self.left[rank], c.y), pt(right(node), c.y)]);
            } else {
                points.push(c);
            }
        }
        points.extend([
            pt(self.left[self.nodes[last].rank], ports[1]),
            pt(rects[last].x, ports[1]),
        ]);
        if chain.backwards {
            points.reverse();
        }
        points.dedup_by(|a, b| (a.x - b.x).abs() < 0.01 && (a.y - b.y).abs() < 0.01);
        // A point between two at its height only splits a straight line.
        let level = |a: Point, b: Point| (a.y - b.y).abs() < 0.01;
        let mut i = 1;
        while i + 1 < points.len() {
            if level(points[i - 1], points[i]) && level(points[i], points[i + 1]) {
                points.remove(i);
            } else {
                i += 1;
            }
        }
        (
            points[0],
            points.windows(2).map(|p| bend(p[0], p[1])).collect(),
        )
    }
}

/// Orders each column to reduce crossings, starting once from the order nodes were made
/// in and once from its reverse, since sweeps settle in a cycle that depends on the start.
fn order(layers: &mut [Vec<usize>], neighbours: &[Vec<(usize, f64)>], nodes: &[Node]) {
    let mut reversed = layers.to_vec();
    for layer in &mut reversed {
        layer.reverse();
    }
    let ahead = sweep(layers.to_vec(), neighbours, nodes);
    let back = sweep(reversed, neighbours, nodes);
    layers.clone_from_slice(if back.0 < ahead.0 { &back.1 } else { &ahead.1 });
}

/// Barycentre sweeps left to right and back, each followed by swaps of neighbours that
/// remove crossings; the fewest crossings seen and that ordering.
fn sweep(
    mut layers: Vec<Vec<usize>>,
    neighbours: &[Vec<(usize, f64)>],
    nodes: &[Node],
) -> (usize, Vec<Vec<usize>>) {
    let mut position = vec![0.0; nodes.len()];
    for layer in layers.iter() {
        renumber(layer, &mut position);
    }
    let total = |layers: &[Vec<usize>], position: &[f64]| -> usize {
        let count = |layer: &Vec<usize>| crossings(layer, neighbours, nodes, position);
        layers.iter().map(count).sum()
    };
    let mut best = (total(&layers, &position), layers.clone());
    for sweep in 0..2 * ORDER_SWEEPS {
        let down = sweep.is_multiple_of(2);
        let ranks: Vec<usize> = if down {
            (1..layers.len()).collect()
        } else {
            (0..layers.len().saturating_sub(1)).rev().collect()
        };
        for rank in ranks {
            let side = if down { rank - 1 } else { rank + 1 };
            let other = if down { rank + 1 } else { rank.wrapping_sub(1) };
            let barycentre = |node: usize, side: usize| {
                let near: Vec<f64> = neighbours[node]
                    .iter()
                    .filter(|&&(n, _)| nodes[n].rank == side)
                    .map(|&(n, _)| position[n])
                    .collect();
                if near.is_empty() {
                    position[node]
                } else {
                    near.iter().sum::<f64>() / near.len() as f64
                }
            };
            // Ties go by the column on the other side, so that they do not stay in the
            // order nodes were made.
            let mut keyed: Vec<(f64, f64, usize)> = layers[rank]
                .iter()
                .map(|&n| (barycentre(n, side), barycentre(n, other), n))
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
            layers[rank] = keyed.into_iter().map(|(_, _, n)| n).collect();
            renumber(&layers[rank], &mut position);
        }
        transpose(&mut layers, neighbours, nodes, &mut position);
        let count = total(&layers, &position);
        if count < best.0 {
            best = (count, layers.clone());
        }
    }
    best
}

fn renumber(layer: &[usize], position: &mut [f64]) {
    for (i, &node) in layer.iter().enumerate() {
        position[node] = i as f64;
    }
}

/// Swaps neighbours within columns for as long as that removes crossings, which catches
/// what barycentres miss when a column's nodes tie.
fn transpose(
    layers: &mut [Vec<usize>],
    neighbours: &[Vec<(usize, f64)>],
    nodes: &[Node],
    position: &mut [f64],
) {
    let near = |layers: &[Vec<usize>], rank: usize, position: &[f64]| {
        let before = rank
            .checked_sub(1)
            .map_or(0, |r| crossings(&layers[r], neighbours, nodes, position));
        before + crossings(&layers[rank], neighbours, nodes, position)
    };
    let mut improved = true;
    while improved {
        improved = false;
        for rank in 0..layers.len() {
            for i in 1..layers[rank].len() {
                let (a, b) = (layers[rank][i - 1], layers[rank][i]);
                let count = near(layers, rank, position);
                layers[rank].swap(i - 1, i);
                position.swap(a, b);
                if near(layers, rank, position) < count {
                    improved = true;
                } else {
                    layers[rank].swap(i - 1, i);
                    position.swap(a, b);
                }
            }
        }
    }
}

/// How many pairs of links from `layer` to the next column cross.
fn crossings(
    layer: &[usize],
    neighbours: &[Vec<(usize, f64)>],
    nodes: &[Node],
    position: &[f64],
) -> usize {
    let links: Vec<(f64, f64)> = layer
        .iter()
        .flat_map(|&a| {
            neighbours[a]
                .iter()
                .filter(move |&&(b, _)| nodes[b].rank == nodes[a].rank + 1)
                .map(move |&(b, _)| (position[a], position[b]))
        })
        .collect();
    let mut count = 0;
    for (i, p) in links.iter().enumerate() {
        count += links[i + 1..]
            .iter()
            .filter(|q| (p.0 - q.0) * (p.1 - q.1) < 0.0)
            .count();
    }
    count
}

/// Vertical centres: each node is pulled towards the mean of its neighbours, column by
/// column, then the column is fitted as closely as its order and spacing allow.
fn place(layers: &[Vec<usize>], neighbours: &[Vec<(usize, f64)>], nodes: &[Node]) -> Vec<f64> {
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
        let ranks: Vec<usize> = if sweep.is_multiple_of(2) {
            (0..layers.len()).collect()
        } else {
            (0..layers.len()).rev().collect()
        };
        for rank in ranks {
            let layer = &layers[rank];
            let (wanted, weights): (Vec<f64>, Vec<f64>) = layer
                .iter()
                .map(|&node| {
                    let weight: f64 = neighbours[node].iter().map(|&(_, w)| w).sum();
                    if weight == 0.0 {
                        // Nothing pulls at it: it only keeps out of the others' way.
                        (y[node], 1e-6)
                    } else {
                        let sum: f64 = neighbours[node].iter().map(|&(n, w)| w * y[n]).sum();
                        (sum / weight, weight)
                    }
                })
                .unzip();
            let placed = fit(&wanted, &weights, &gaps(layer, nodes));
            for (&node, value) in layer.iter().zip(placed) {
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

/// The positions closest to `wanted` (least squares, weighted) that keep their order and
/// `gaps`: isotonic regression by pooling adjacent violators, after shifting out the gaps.
/// With the weights of [`place`] this is the exact minimum of the pull of the neighbours
/// on one column, so every sweep lowers the total and the sweeps settle.
fn fit(wanted: &[f64], weights: &[f64], gaps: &[f64]) -> Vec<f64> {
    let mut offset = Vec::with_capacity(wanted.len());
    let mut at = 0.0;
    for i in 0..wanted.len() {
        offset.push(at);
        at += gaps.get(i).copied().unwrap_or(0.0);
    }
    // Blocks of (first index, count, total weight, weighted sum of shifted targets).
    let mut blocks: Vec<(usize, usize, f64, f64)> = Vec::new();
    for (i, ((target, weight), shift)) in wanted.iter().zip(weights).zip(&offset).enumerate() {
        blocks.push((i, 1, *weight, weight * (target - shift)));
        while let [.., (_, _, w1, s1), (_, n2, w2, s2)] = blocks[..] {
            if s1 / w1 <= s2 / w2 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last].1 += n2;
            blocks[last].2 += w2;
            blocks[last].3 += s2;
        }
    }
    let mut out = Vec::with_capacity(wanted.len());
    for (first, count, weight, sum) in blocks {
        out.extend((first..first + count).map(|i| sum / weight + offset[i]));
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
    use crate::model::state::{StateMeta, TransitionMeta};

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
}
