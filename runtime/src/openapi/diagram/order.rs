//! Crossing reduction, the Sugiyama ordering step: barycentre sweeps and swaps of
//! neighbours put the nodes of each column in an order with few crossings.

use super::layout::Node;

/// Barycentre sweeps when ordering the columns.
const ORDER_SWEEPS: usize = 8;

/// Orders each column to reduce crossings, starting once from the order nodes were made
/// in and once from its reverse, since sweeps settle in a cycle that depends on the start.
pub(crate) fn order(layers: &mut [Vec<usize>], neighbours: &[Vec<(usize, f64)>], nodes: &[Node]) {
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
