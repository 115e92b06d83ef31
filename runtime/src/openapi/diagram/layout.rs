//! The layered graph: each state in a column by its breadth-first distance, each edge a
//! chain of nodes through the columns between; ordered, placed and routed into a [`Layout`].

use std::collections::VecDeque;

use crate::model::state::Graph;

use super::geometry::{Point, Rect, Segment, pt};
use super::order::order;
use super::place::place;
use super::route::Page;
use super::{
    BEND, BOX_HEIGHT, BOX_MIN_WIDTH, BOX_PADDING, CHAR_WIDTH, LABEL_CHAR_WIDTH, LABEL_HEIGHT,
    LABEL_PADDING, MARGIN, START_RADIUS, START_SPACE,
};

/// A graph placed on the page; [`Graph::svg`] only draws it.
#[derive(Debug)]
pub(crate) struct Layout {
    pub(crate) width: f64,
    pub(crate) height: f64,
    /// The box of each state, in the order of `Graph::states`.
    pub(crate) states: Vec<Rect>,
    /// Start dot centre and arrow tip, one per initial state.
    pub(crate) starts: Vec<(Point, Point)>,
    /// One per source state of each transition, in declaration order.
    pub(crate) edges: Vec<Edge>,
}

#[derive(Debug)]
pub(crate) struct Edge {
    pub(crate) action: &'static str,
    /// Indices into `Graph::states`.
    pub(crate) from: usize,
    pub(crate) to: usize,
    pub(crate) start: Point,
    pub(crate) segments: Vec<Segment>,
    pub(crate) label: Rect,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    State,
    Label,
    /// Where an edge passes a column without a state or label of its own.
    Dummy,
}

#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) kind: Kind,
    /// Column: states at even ranks (twice their distance), labels at odd ones.
    pub(crate) rank: usize,
    pub(crate) w: f64,
    pub(crate) h: f64,
}

/// One edge as a chain of nodes, left to right.
pub(crate) struct Chain {
    pub(crate) action: &'static str,
    pub(crate) from: usize,
    pub(crate) to: usize,
    pub(crate) nodes: Vec<usize>,
    pub(crate) label: usize,
    /// The edge goes right to left: the arrow is at the chain's first node.
    pub(crate) backwards: bool,
    /// Both ends are in one column: the edge leaves and enters on the right.
    pub(crate) turn: bool,
}

pub(crate) fn layout(graph: &Graph) -> Layout {
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
