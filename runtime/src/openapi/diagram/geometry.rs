//! Points, boxes and the segments of an edge's path: straight lines, S-bends and quarter
//! ellipses, each a cubic Bézier.

use std::fmt;

use super::Num;

/// Control-point distance of a cubic Bézier quarter circle, as a fraction of the radius.
const KAPPA: f64 = 0.5523;

#[derive(Debug, Clone, Copy)]
pub(crate) enum Segment {
    Line(Point),
    /// A cubic Bézier: two control points, then the end.
    Curve(Point, Point, Point),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Point {
    pub(crate) x: f64,
    pub(crate) y: f64,
}

pub(crate) const fn pt(x: f64, y: f64) -> Point {
    Point { x, y }
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", Num(self.x), Num(self.y))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) w: f64,
    pub(crate) h: f64,
}

impl Rect {
    pub(crate) fn around(centre: Point, w: f64, h: f64) -> Self {
        let (x, y) = (centre.x - w / 2.0, centre.y - h / 2.0);
        Rect { x, y, w, h }
    }

    pub(crate) fn centre(&self) -> Point {
        pt(self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    pub(crate) fn right(&self) -> f64 {
        self.x + self.w
    }
}

/// An S-bend from `a` to `b`, level at both ends, or a line when they are level.
pub(crate) fn bend(a: Point, b: Point) -> Segment {
    if (a.y - b.y).abs() < 0.01 {
        return Segment::Line(b);
    }
    let mid = (a.x + b.x) / 2.0;
    Segment::Curve(Point { x: mid, ..a }, Point { x: mid, ..b }, b)
}

/// A quarter ellipse from `a` to `b`: level at `a` and upright at `b` when `into` is
/// true, the reverse otherwise.
pub(crate) fn quarter(a: Point, b: Point, into: bool) -> Segment {
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
