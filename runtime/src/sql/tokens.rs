//! The refresh-token store's statements and schema (see `auth::tokens`): one conditional
//! statement per state change, so that of two concurrent uses of a token one wins.

use std::sync::OnceLock;

use super::Backend;
use super::statement::{Cmp, Delete, Expr, Insert, Pred, Render, Select, Source, Update};

const TABLE: &str = "resourcery_refresh_tokens";

/// The store's statements, each by backend index.
pub(crate) struct TokenStatements {
    /// A new token of a family.
    pub(crate) insert: [String; 2],
    /// Retires a live token, returning its family, subject and grant.
    pub(crate) consume: [String; 2],
    /// A token's family, subject and times, live or not.
    pub(crate) lookup: [String; 2],
    /// Revokes the live tokens of a family.
    pub(crate) revoke_family: [String; 2],
    /// Revokes the live tokens of the family of the token with this hash.
    pub(crate) revoke_family_of: [String; 2],
    /// Revokes the live tokens of a subject, returning their families.
    pub(crate) revoke_subject: [String; 2],
    /// Deletes the expired tokens.
    pub(crate) purge: [String; 2],
}

fn both(statement: &impl Render) -> [String; 2] {
    [
        statement.render(Backend::Sqlite),
        statement.render(Backend::Postgres),
    ]
}

fn live() -> [Pred<'static>; 1] {
    [Pred::IsNull(Expr::Column("revoked_at"), true)]
}

fn revoke(filter: Vec<Pred<'static>>, returning: Vec<Expr<'static>>) -> Update<'static> {
    Update {
        table: TABLE,
        set: vec![("revoked_at", Expr::Param)],
        filter,
        returning,
    }
}

/// The statements, rendered on first use and kept.
pub(crate) fn statements() -> &'static TokenStatements {
    static STATEMENTS: OnceLock<TokenStatements> = OnceLock::new();
    STATEMENTS.get_or_init(|| {
        let columns = |names: &[&'static str]| names.iter().map(|c| Expr::Column(c)).collect();
        let family_of = Select {
            columns: vec![Expr::Column("family")],
            from: TABLE,
            filter: vec![Pred::eq("token_hash")],
            ..Select::default()
        };
        let [live] = live();
        TokenStatements {
            insert: both(&Insert {
                table: TABLE,
                columns: vec![
                    "token_hash",
                    "family",
                    "subject",
                    "grant_json",
                    "parent_hash",
                    "issued_at",
                    "expires_at",
                ],
                source: Source::Values,
            }),
            consume: both(&Update {
                table: TABLE,
                set: vec![("used_at", Expr::Param)],
                filter: vec![
                    Pred::eq("token_hash"),
                    Pred::IsNull(Expr::Column("used_at"), true),
                    live.clone(),
                    Pred::Cmp(Expr::Column("expires_at"), Cmp::Gt, Expr::Param),
                ],
                returning: columns(&["family", "subject", "grant_json"]),
            }),
            lookup: both(&Select {
                columns: columns(&["family", "subject", "used_at", "revoked_at", "expires_at"]),
                from: TABLE,
                filter: vec![Pred::eq("token_hash")],
                ..Select::default()
            }),
            revoke_family: both(&revoke(vec![Pred::eq("family"), live.clone()], Vec::new())),
            revoke_family_of: both(&revoke(
                vec![
                    Pred::Cmp(
                        Expr::Column("family"),
                        Cmp::Eq,
                        Expr::Scalar(Box::new(family_of)),
                    ),
                    live.clone(),
                ],
                Vec::new(),
            )),
            revoke_subject: both(&revoke(
                vec![Pred::eq("subject"), live],
                columns(&["family"]),
            )),
            purge: both(&Delete {
                table: TABLE,
                filter: vec![Pred::Cmp(Expr::Column("expires_at"), Cmp::Lte, Expr::Param)],
                returning: Vec::new(),
            }),
        }
    })
}

/// The refresh-token table; times are Unix seconds, so both dialects store the same values.
pub(crate) fn schema() -> super::schema::Schema {
    use super::schema::{Column, Index, Schema, Table};
    use crate::model::SqlType;
    let column = Column::new;
    let index = |column: &str| Index {
        name: format!("{TABLE}_{column}_idx"),
        table: TABLE.to_owned(),
        columns: vec![column.to_owned()],
        bytewise: false,
    };
    Schema {
        tables: vec![Table {
            name: TABLE.to_owned(),
            columns: vec![
                column("token_hash", SqlType::Text, true).key(),
                column("family", SqlType::Text, true),
                column("subject", SqlType::Text, true),
                column("grant_json", SqlType::Text, true),
                column("parent_hash", SqlType::Text, false),
                column("issued_at", SqlType::BigInt, true),
                column("expires_at", SqlType::BigInt, true),
                column("used_at", SqlType::BigInt, false),
                column("revoked_at", SqlType::BigInt, false),
            ],
            uniques: Vec::new(),
        }],
        indexes: vec![index("family"), index("subject")],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_conditional_statements_read_as_written_by_hand() {
        let s = statements();
        assert_eq!(
            s.consume[1],
            "UPDATE \"resourcery_refresh_tokens\" SET \"used_at\" = $1 WHERE \"token_hash\" = $2 AND \"used_at\" IS NULL AND \"revoked_at\" IS NULL AND \"expires_at\" > $3 RETURNING \"family\", \"subject\", \"grant_json\""
        );
        assert_eq!(
            s.revoke_family_of[0],
            "UPDATE \"resourcery_refresh_tokens\" SET \"revoked_at\" = ? WHERE \"family\" = (SELECT \"family\" FROM \"resourcery_refresh_tokens\" WHERE \"token_hash\" = ?) AND \"revoked_at\" IS NULL"
        );
    }
}
