//! The verified caller: who they are, their roles, tenant and scopes, from the claims of
//! a token the API accepted.

use std::sync::OnceLock;

use serde_json::{Map, Value};

/// The authenticated caller, built from a verified token's claims.
///
/// Generated handlers scope every statement by it; hooks, guards and function endpoints
/// read it to decide for themselves.
///
/// ```
/// use resourcery::Principal;
///
/// let nora = Principal::new("nora").with_roles(["staff"]).with_tenant("north");
/// assert!(nora.has_any_role(&["admin", "staff"]));
/// assert_eq!(nora.tenant(), Some("north"));
/// assert!(nora.claims().is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct Principal {
    pub(crate) subject: String,
    pub(crate) roles: Vec<String>,
    pub(crate) tenant: Option<String>,
    pub(crate) scopes: Vec<String>,
    /// The token's payload (a JSON object), parsed into `claims` on first use, as most
    /// requests need only the fields above; empty when `claims` was filled from the start.
    pub(crate) payload: Vec<u8>,
    pub(crate) claims: OnceLock<Map<String, Value>>,
}

impl PartialEq for Principal {
    fn eq(&self, other: &Self) -> bool {
        self.subject == other.subject
            && self.roles == other.roles
            && self.tenant == other.tenant
            && self.scopes == other.scopes
            && self.claims() == other.claims()
    }
}

impl Principal {
    /// A principal from its parts; the raw claims are empty. Useful in tests of hooks.
    pub fn new(subject: impl Into<String>) -> Principal {
        Principal {
            subject: subject.into(),
            roles: Vec::new(),
            tenant: None,
            scopes: Vec::new(),
            payload: Vec::new(),
            claims: OnceLock::new(),
        }
    }

    /// With these roles.
    #[must_use]
    pub fn with_roles<I: IntoIterator<Item = S>, S: Into<String>>(mut self, roles: I) -> Self {
        self.roles = roles.into_iter().map(Into::into).collect();
        self
    }

    /// With this tenant.
    #[must_use]
    pub fn with_tenant(mut self, tenant: impl Into<String>) -> Self {
        self.tenant = Some(tenant.into());
        self
    }

    /// With these scopes.
    #[must_use]
    pub fn with_scopes<I: IntoIterator<Item = S>, S: Into<String>>(mut self, scopes: I) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// The `sub` claim.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The roles claim.
    pub fn roles(&self) -> &[String] {
        &self.roles
    }

    /// Whether the principal holds `role`.
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }

    /// Whether the principal holds at least one of `roles`.
    pub fn has_any_role(&self, roles: &[&str]) -> bool {
        roles.iter().any(|r| self.has_role(r))
    }

    /// The tenant claim.
    pub fn tenant(&self) -> Option<&str> {
        self.tenant.as_deref()
    }

    /// The scopes (`scope`, space-separated, or `scp`).
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// Whether the principal was granted `scope`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    /// Every claim of the token, as sent (none for a principal made with
    /// [`new`](Principal::new)).
    pub fn claims(&self) -> &Map<String, Value> {
        // The payload was verified to be a JSON object when the token was accepted.
        self.claims
            .get_or_init(|| serde_json::from_slice(&self.payload).unwrap_or_default())
    }

    /// One claim of the token.
    pub fn claim(&self, name: &str) -> Option<&Value> {
        self.claims().get(name)
    }
}
