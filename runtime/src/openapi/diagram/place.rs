//! Vertical placement, the Sugiyama coordinate step: each column is pulled towards its
//! neighbours and fitted to its order and spacing by isotonic regression.

use super::layout::{Kind, Node};

/// Sweeps when placing nodes vertically; a few dozen settle the graphs people draw.
const PLACE_SWEEPS: usize = 200;

/// Vertical centres: each node is pulled towards the mean of its neighbours, column by
/// column, then the column is fitted as closely as its order and spacing allow.
pub(crate) fn place(
    layers: &[Vec<usize>],
    neighbours: &[Vec<(usize, f64)>],
    nodes: &[Node],
) -> Vec<f64> {
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
