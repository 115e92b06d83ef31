//! The trait `#[state_machine]` implements: a state enum's graph, its wire names and the
//! steps (body, guard, hook) of its transitions.

use crate::db::field::FieldType;
use crate::model::state::{Graph, TransitionMeta};
use crate::routes::transition::hook::{Step, StepBuilder};

/// An enum whose values move only along a declared graph; implemented by
/// [`#[state_machine]`](crate::state_machine).
///
/// Values are named by their wire names, as in JSON and in the database. The enum must
/// derive `Clone`, `Copy`, `PartialEq` and `Eq` itself.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a state machine",
    label = "not a `#[state_machine]` enum",
    note = "declare the enum with `#[resourcery::state_machine(transition(...), ...)]` and derive `Clone, Copy, PartialEq, Eq` on it"
)]
pub trait StateMachine: FieldType + Copy + Eq {
    /// The states and transitions, as declared.
    const GRAPH: Graph;

    /// The wire name of this state, e.g. `pending`.
    fn wire(self) -> &'static str;

    /// The state whose wire name is `name`.
    fn from_wire(name: &str) -> Option<Self>;

    /// The state new values start in, marked `#[state(initial)]`.
    fn initial() -> Self;

    /// The body, guard and after hook of each transition, in declaration order.
    #[doc(hidden)]
    fn steps() -> Vec<Step> {
        Self::GRAPH
            .transitions
            .iter()
            .map(|_| StepBuilder::plain().build())
            .collect()
    }

    /// Whether nothing leaves this state (`#[state(terminal)]`).
    fn is_terminal(self) -> bool {
        Self::GRAPH.state(self.wire()).is_some_and(|s| s.terminal)
    }

    /// The transitions that may be taken from this state, in declaration order.
    fn allowed(self) -> impl Iterator<Item = &'static TransitionMeta> {
        let transitions: &'static [TransitionMeta] = Self::GRAPH.transitions;
        let from = self.wire();
        transitions.iter().filter(move |t| t.leaves(from))
    }

    /// Whether `action` may be taken from this state.
    fn can(self, action: &str) -> bool {
        self.allowed().any(|t| t.action == action)
    }

    /// The state `action` leads to from this state, or `None` when this state does not
    /// allow it (or there is no such action).
    fn transition(self, action: &str) -> Option<Self> {
        let taken = self.allowed().find(|t| t.action == action)?;
        Self::from_wire(taken.to)
    }
}
