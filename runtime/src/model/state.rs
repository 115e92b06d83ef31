//! State machines: the transition graph of a `#[state_machine]` enum, kept as static data.
//!
//! The macro checks the graph while compiling (exactly one initial state, every state
//! reachable from it, a way out of every state that is not terminal, none out of a
//! terminal one), so the run-time side only describes it: which actions a state allows,
//! where each leads, and the whole graph as Mermaid text for people and as JSON for tools.
//! States are named by their wire names, the strings sent in JSON and stored in the
//! database, so the description reads the same as the API.

use std::fmt::Write as _;

/// The states and transitions of a state machine, written by `#[state_machine]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Graph {
    /// The enum's Rust name, e.g. `OrderStatus`.
    pub name: &'static str,
    /// Every state, in declaration order.
    pub states: &'static [StateMeta],
    /// Every transition, in declaration order.
    pub transitions: &'static [TransitionMeta],
}

/// One state of a [`Graph`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateMeta {
    /// The wire name, e.g. `pending`.
    pub name: &'static str,
    /// The variant's doc comment, or `""`.
    pub doc: &'static str,
    /// New values start here (`#[state(initial)]`); exactly one state is initial.
    pub initial: bool,
    /// Nothing leaves this state (`#[state(terminal)]`).
    pub terminal: bool,
}

/// One named transition of a [`Graph`]: `transition(action, from(...), to = ...)`.
///
/// `guard`, `after` and `body` are served by the transition endpoint (see
/// [`Transition`](crate::routes::transition::hook::Transition)); `roles` is recorded and documented, and enforced
/// once authentication is configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransitionMeta {
    /// The action's name, `snake_case`, e.g. `confirm`.
    pub action: &'static str,
    /// Wire names of the states the action may be taken from.
    pub from: &'static [&'static str],
    /// Wire name of the state the action leads to.
    pub to: &'static str,
    /// Roles allowed to take the action; empty when anyone may.
    pub roles: &'static [&'static str],
    /// The guard function's path as written, e.g. `guards::has_address`.
    pub guard: Option<&'static str>,
    /// The after-transition hook's path as written.
    pub after: Option<&'static str>,
    /// The request body's type as written, e.g. `CancelRequest`.
    pub body: Option<&'static str>,
}

impl TransitionMeta {
    /// Whether the action may be taken from the state named `state`.
    pub fn leaves(&self, state: &str) -> bool {
        self.from.contains(&state)
    }
}

impl Graph {
    /// The state new values start in.
    pub fn initial(&self) -> Option<&'static StateMeta> {
        let states: &'static [StateMeta] = self.states;
        states.iter().find(|s| s.initial)
    }

    /// The state with wire name `name`.
    pub fn state(&self, name: &str) -> Option<&'static StateMeta> {
        let states: &'static [StateMeta] = self.states;
        states.iter().find(|s| s.name == name)
    }

    /// The transition named `action`.
    pub fn action(&self, action: &str) -> Option<&'static TransitionMeta> {
        let transitions: &'static [TransitionMeta] = self.transitions;
        transitions.iter().find(|t| t.action == action)
    }

    /// The transitions that may be taken from the state named `from`, in declaration order.
    pub fn allowed<'a>(
        &self,
        from: &'a str,
    ) -> impl Iterator<Item = &'static TransitionMeta> + use<'a> {
        let transitions: &'static [TransitionMeta] = self.transitions;
        transitions.iter().filter(move |t| t.leaves(from))
    }

    /// The graph as a Mermaid `stateDiagram-v2`: an arrow from `[*]` to the initial state,
    /// one arrow per source state of each transition labelled with its action, and an arrow
    /// from each terminal state to `[*]`.
    ///
    /// States are drawn under their wire names; a name Mermaid cannot take as an id (one
    /// with a `-`, say) is declared once as `state "gold-plus" as s3` and drawn as `s3`.
    pub fn mermaid(&self) -> String {
        let ids: Vec<String> = self
            .states
            .iter()
            .enumerate()
            .map(|(i, s)| {
                if is_mermaid_id(s.name) {
                    s.name.to_owned()
                } else {
                    format!("s{i}")
                }
            })
            .collect();
        let id = |name: &'static str| -> String {
            self.states
                .iter()
                .position(|s| s.name == name)
                .map_or_else(|| name.to_owned(), |i| ids[i].clone())
        };
        let mut out = String::from("stateDiagram-v2\n");
        for (state, id) in self.states.iter().zip(&ids) {
            if id != state.name {
                let _ = writeln!(out, "    state \"{}\" as {id}", state.name);
            }
        }
        for state in self.states.iter().filter(|s| s.initial) {
            let _ = writeln!(out, "    [*] --> {}", id(state.name));
        }
        for t in self.transitions {
            for from in t.from {
                let _ = writeln!(out, "    {} --> {} : {}", id(from), id(t.to), t.action);
            }
        }
        for state in self.states.iter().filter(|s| s.terminal) {
            let _ = writeln!(out, "    {} --> [*]", id(state.name));
        }
        out
    }

    /// The graph as JSON, the value of the `x-state-machine` OpenAPI extension:
    ///
    /// ```json
    /// {"name": "OrderStatus", "states": ["pending", "shipped"], "initial": "pending",
    ///  "terminal": ["shipped"],
    ///  "transitions": [{"action": "ship", "from": ["pending"], "to": "shipped", "roles": []}]}
    /// ```
    ///
    /// A transition has `"body"` (the type name) when it takes a request body and
    /// `"guarded": true` when a guard may refuse it; the guard's and hook's function paths
    /// are code, not contract, and stay out.
    pub fn to_json(&self) -> serde_json::Value {
        let names = |pick: fn(&StateMeta) -> bool| -> Vec<&str> {
            self.states
                .iter()
                .filter(|s| pick(s))
                .map(|s| s.name)
                .collect()
        };
        let transitions: Vec<serde_json::Value> = self
            .transitions
            .iter()
            .map(|t| {
                let mut value = serde_json::json!({
                    "action": t.action,
                    "from": t.from,
                    "to": t.to,
                    "roles": t.roles,
                });
                if let Some(body) = t.body {
                    value["body"] = body.into();
                }
                if t.guard.is_some() {
                    value["guarded"] = true.into();
                }
                value
            })
            .collect();
        serde_json::json!({
            "name": self.name,
            "states": names(|_| true),
            "initial": self.initial().map(|s| s.name),
            "terminal": names(|s| s.terminal),
            "transitions": transitions,
        })
    }
}

/// Whether Mermaid reads `name` as a plain state id.
fn is_mermaid_id(name: &str) -> bool {
    // Words that start a statement of their own in a state diagram.
    const RESERVED: &[&str] = &[
        "state",
        "note",
        "end",
        "direction",
        "class",
        "classDef",
        "style",
        "click",
    ];
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !RESERVED.contains(&name)
}

/// Graphs written out in tests: the one place that spells out `StateMeta` and
/// `TransitionMeta`, so a new field changes one line.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::{StateMeta, TransitionMeta};

    /// A state without a doc comment.
    pub(crate) const fn state(name: &'static str, initial: bool, terminal: bool) -> StateMeta {
        StateMeta {
            name,
            doc: "",
            initial,
            terminal,
        }
    }

    /// A transition without roles, guard, hook or body.
    pub(crate) const fn transition(
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
}

#[cfg(test)]
mod tests {
    use super::fixtures::{state, transition};
    use super::*;

    const ORDER: Graph = Graph {
        name: "OrderStatus",
        states: &[
            state("pending", true, false),
            state("confirmed", false, false),
            state("shipped", false, false),
            state("delivered", false, true),
            state("cancelled", false, true),
        ],
        transitions: &[
            TransitionMeta {
                body: Some("ShipRequest"),
                roles: &["staff"],
                guard: Some("guards::has_address"),
                after: Some("hooks::notify"),
                ..transition("ship", &["confirmed"], "shipped")
            },
            transition("confirm", &["pending"], "confirmed"),
            transition("deliver", &["shipped"], "delivered"),
            transition("cancel", &["pending", "confirmed"], "cancelled"),
        ],
    };

    #[test]
    fn mermaid_draws_initial_transitions_per_source_and_terminal_states() {
        assert_eq!(
            ORDER.mermaid(),
            "stateDiagram-v2
    [*] --> pending
    confirmed --> shipped : ship
    pending --> confirmed : confirm
    shipped --> delivered : deliver
    pending --> cancelled : cancel
    confirmed --> cancelled : cancel
    delivered --> [*]
    cancelled --> [*]
"
        );
    }

    #[test]
    fn mermaid_aliases_wire_names_that_are_not_ids() {
        const TIER: Graph = Graph {
            name: "Tier",
            states: &[state("gold-plus", true, false), state("end", false, true)],
            transitions: &[transition("finish", &["gold-plus"], "end")],
        };
        assert_eq!(
            TIER.mermaid(),
            "stateDiagram-v2
    state \"gold-plus\" as s0
    state \"end\" as s1
    [*] --> s0
    s0 --> s1 : finish
    s1 --> [*]
"
        );
    }

    #[test]
    fn json_lists_states_initial_terminal_and_transitions_without_code_paths() {
        let json = ORDER.to_json();
        assert_eq!(json["name"], "OrderStatus");
        assert_eq!(
            json["states"],
            serde_json::json!(["pending", "confirmed", "shipped", "delivered", "cancelled"])
        );
        assert_eq!(json["initial"], "pending");
        assert_eq!(
            json["terminal"],
            serde_json::json!(["delivered", "cancelled"])
        );
        assert_eq!(
            json["transitions"][0],
            serde_json::json!({
                "action": "ship",
                "from": ["confirmed"],
                "to": "shipped",
                "roles": ["staff"],
                "body": "ShipRequest",
                "guarded": true,
            })
        );
        assert_eq!(
            json["transitions"][3],
            serde_json::json!({
                "action": "cancel",
                "from": ["pending", "confirmed"],
                "to": "cancelled",
                "roles": [],
            })
        );
        assert!(!json.to_string().contains("guards::has_address"));
    }

    #[test]
    fn allowed_lists_the_actions_leaving_a_state_in_declaration_order() {
        let actions = |from| ORDER.allowed(from).map(|t| t.action).collect::<Vec<_>>();
        assert_eq!(actions("pending"), ["confirm", "cancel"]);
        assert_eq!(actions("confirmed"), ["ship", "cancel"]);
        assert!(actions("delivered").is_empty());
        assert!(actions("no-such-state").is_empty());
        assert_eq!(ORDER.initial().map(|s| s.name), Some("pending"));
        assert_eq!(ORDER.action("cancel").map(|t| t.to), Some("cancelled"));
        assert!(ORDER.state("shipped").is_some_and(|s| !s.terminal));
    }
}
