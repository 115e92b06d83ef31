//! Who may take each operation: the rules `access(...)`, `roles(...)` and `public` declare,
//! as data. `auth` checks them.

/// Who a route admits once the API has authentication ([`Api::auth`](crate::api::Api::auth)).
/// Without it every route is open, and the rules are only documented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allow {
    /// Anyone; a token, when sent, must still be valid.
    Public,
    /// Any verified principal: what an operation without a rule requires (deny by default).
    Authenticated,
    /// A verified principal holding at least one of these roles.
    Roles(&'static [&'static str]),
}

/// Who may take each operation of a resource (`#[resource(access(...))]`).
#[derive(Debug, Clone, Copy)]
pub struct AccessRules {
    /// `POST {path}`.
    pub create: Allow,
    /// `GET {path}/{id}` (and the transition history).
    pub get: Allow,
    /// `GET {path}`.
    pub list: Allow,
    /// `PATCH {path}/{id}`.
    pub update: Allow,
    /// `DELETE {path}/{id}`.
    pub delete: Allow,
    /// Roles that see and change every owner's rows (`any_owner = roles(...)`).
    pub any_owner: &'static [&'static str],
}

impl AccessRules {
    /// Every operation needs an authenticated principal.
    pub const DEFAULT: AccessRules = AccessRules {
        create: Allow::Authenticated,
        get: Allow::Authenticated,
        list: Allow::Authenticated,
        update: Allow::Authenticated,
        delete: Allow::Authenticated,
        any_owner: &[],
    };
}
