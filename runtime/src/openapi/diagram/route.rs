//! Edge routing: the path of each chain through its columns, bending only in label
//! columns, where no box is.

use super::geometry::{Point, Rect, Segment, bend, pt, quarter};
use super::layout::{Chain, Node};

/// Nodes with their vertical centres and the columns' left edges and widths.
pub(crate) struct Page<'a> {
    pub(crate) nodes: &'a [Node],
    pub(crate) y: Vec<f64>,
    pub(crate) left: Vec<f64>,
    pub(crate) width: Vec<f64>,
}

impl Page<'_> {
    fn centre(&self, node: usize) -> Point {
        let rank = self.nodes[node].rank;
        pt(self.left[rank] + self.width[rank] / 2.0, self.y[node])
    }

    pub(crate) fn rect(&self, node: usize) -> Rect {
        Rect::around(self.centre(node), self.nodes[node].w, self.nodes[node].h)
    }

    /// The path of `chain`, leaving and entering its states' boxes at `ports` (heights for
    /// its first and last node). Within a column of states the path runs level, so it
    /// bends only in label columns, where no box is.
    pub(crate) fn route(
        &self,
        chain: &Chain,
        ports: [f64; 2],
        rects: &[Rect],
    ) -> (Point, Vec<Segment>) {
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
