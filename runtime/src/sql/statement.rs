//! Statements as data: a `SELECT`, `INSERT`, `UPDATE` or `DELETE` is a value built from
//! table and column names and predicates, and [`Render`] writes its text for a backend.
//!
//! Placeholders carry no number: they are numbered in the order they appear in the text,
//! which is the order their values are bound, so a predicate added to a statement (a scope,
//! a version condition, a state condition) binds after the ones already there without any
//! splicing of text. Names are always quoted; no value is ever written into the text.

use std::fmt::Write as _;

use super::Backend;

/// A value in a statement.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr<'a> {
    /// `"column"`.
    Column(&'a str),
    /// `"table"."column"`, for statements over more than one table.
    #[cfg_attr(
        not(test),
        expect(
            dead_code,
            reason = "for joins and EXISTS over relations; rendered and tested here"
        )
    )]
    Qualified(&'a str, &'a str),
    /// A bound value.
    Param,
    /// A column compared as bytes: `"column" COLLATE "C"` on PostgreSQL, plain on SQLite,
    /// whose default collation already compares bytes.
    Bytewise(&'a str),
    /// `COALESCE(a, b)`.
    Coalesce(Box<Expr<'a>>, Box<Expr<'a>>),
    /// `CASE WHEN flag THEN value ELSE otherwise END`.
    Case(Box<Expr<'a>>, Box<Expr<'a>>, Box<Expr<'a>>),
    /// `MAX(expr)`.
    Max(Box<Expr<'a>>),
    /// `expr + n`.
    Plus(Box<Expr<'a>>, i64),
    /// An integer literal.
    Int(i64),
    /// `COUNT(*)`.
    CountAll,
    /// `(SELECT ...)`: the one value a subquery reads.
    Scalar(Box<Select<'a>>),
}

impl<'a> Expr<'a> {
    /// `COALESCE(MAX("column"), 0) + 1`: the number after the largest one so far.
    pub(crate) fn next_number(column: &'a str) -> Expr<'a> {
        Expr::Plus(
            Box::new(Expr::Coalesce(
                Box::new(Expr::Max(Box::new(Expr::Column(column)))),
                Box::new(Expr::Int(0)),
            )),
            1,
        )
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
}

impl Cmp {
    fn text(self) -> &'static str {
        match self {
            Cmp::Eq => "=",
            Cmp::Ne => "<>",
            Cmp::Lt => "<",
            Cmp::Lte => "<=",
            Cmp::Gt => ">",
            Cmp::Gte => ">=",
        }
    }
}

/// A condition of a `WHERE` clause or a join.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Pred<'a> {
    /// `a op b`.
    Cmp(Expr<'a>, Cmp, Expr<'a>),
    /// `expr IN (?, ...)` with this many values.
    In(Expr<'a>, usize),
    /// `expr IS NULL`, or `IS NOT NULL` when false.
    IsNull(Expr<'a>, bool),
    /// A pattern match against one bound pattern: `GLOB ?` on SQLite (case-sensitive,
    /// `*` and `?` wildcards), `LIKE ? ESCAPE '\'` on PostgreSQL.
    Matches(Expr<'a>),
    /// `(a, b) op (?, ?)`: a row comparison, one index range on both backends.
    Row(Vec<Expr<'a>>, Cmp),
    /// Every condition holds (parenthesised when nested).
    All(Vec<Pred<'a>>),
    /// At least one holds (parenthesised).
    Any(Vec<Pred<'a>>),
    /// `EXISTS (SELECT ...)`: a condition on related rows.
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "for relation filters; rendered and tested here")
    )]
    Exists(Box<Select<'a>>),
}

impl<'a> Pred<'a> {
    /// `"column" = ?`.
    pub(crate) fn eq(column: &'a str) -> Pred<'a> {
        Pred::Cmp(Expr::Column(column), Cmp::Eq, Expr::Param)
    }
}

/// A table joined into a `SELECT`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Join<'a> {
    pub(crate) table: &'a str,
    pub(crate) on: Vec<Pred<'a>>,
}

/// One `ORDER BY` key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Order<'a> {
    pub(crate) expr: Expr<'a>,
    pub(crate) desc: bool,
}

/// `SELECT columns FROM table [JOIN ...] [WHERE ...] [ORDER BY ...] [LIMIT ?] [OFFSET ?]
/// [FOR UPDATE]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Select<'a> {
    pub(crate) columns: Vec<Expr<'a>>,
    pub(crate) from: &'a str,
    pub(crate) joins: Vec<Join<'a>>,
    pub(crate) filter: Vec<Pred<'a>>,
    pub(crate) order: Vec<Order<'a>>,
    pub(crate) limit: bool,
    pub(crate) offset: bool,
    /// Locks the rows read for the rest of the transaction on PostgreSQL (`FOR UPDATE`);
    /// SQLite's `BEGIN IMMEDIATE` already holds the write lock, so it writes nothing there.
    pub(crate) lock: bool,
}

/// Where the rows of an `INSERT` come from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Source<'a> {
    /// `VALUES (?, ...)`, one value per column.
    Values,
    /// `SELECT ...`, one expression per column.
    Select(Box<Select<'a>>),
}

/// `INSERT INTO table (columns) VALUES (...) | SELECT ...`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Insert<'a> {
    pub(crate) table: &'a str,
    pub(crate) columns: Vec<&'a str>,
    pub(crate) source: Source<'a>,
}

/// `UPDATE table SET column = expr, ... WHERE ... [RETURNING ...]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Update<'a> {
    pub(crate) table: &'a str,
    pub(crate) set: Vec<(&'a str, Expr<'a>)>,
    pub(crate) filter: Vec<Pred<'a>>,
    pub(crate) returning: Vec<Expr<'a>>,
}

/// `DELETE FROM table WHERE ... [RETURNING ...]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Delete<'a> {
    pub(crate) table: &'a str,
    pub(crate) filter: Vec<Pred<'a>>,
    pub(crate) returning: Vec<Expr<'a>>,
}

/// A statement whose text can be written for a backend.
pub(crate) trait Render {
    /// Writes the statement into `w`.
    fn write(&self, w: &mut Writer);

    /// The statement's text for `backend`.
    fn render(&self, backend: Backend) -> String {
        let mut w = Writer::new(backend);
        self.write(&mut w);
        w.sql
    }
}

/// The text being written, and how many placeholders it has so far.
pub(crate) struct Writer {
    backend: Backend,
    pub(crate) sql: String,
    params: usize,
}

impl Writer {
    pub(crate) fn new(backend: Backend) -> Writer {
        Writer {
            backend,
            sql: String::with_capacity(256),
            params: 0,
        }
    }

    /// How many placeholders were written.
    pub(crate) fn params(&self) -> usize {
        self.params
    }

    fn push(&mut self, text: &str) {
        self.sql.push_str(text);
    }

    fn name(&mut self, name: &str) {
        self.sql.push('"');
        self.sql.push_str(name);
        self.sql.push('"');
    }

    fn param(&mut self) {
        self.params += 1;
        self.backend.write_placeholder(&mut self.sql, self.params);
    }

    fn list<T>(&mut self, items: &[T], separator: &str, mut each: impl FnMut(&mut Writer, &T)) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.push(separator);
            }
            each(self, item);
        }
    }

    pub(crate) fn expr(&mut self, expr: &Expr<'_>) {
        match expr {
            Expr::Column(c) => self.name(c),
            Expr::Qualified(t, c) => {
                self.name(t);
                self.sql.push('.');
                self.name(c);
            }
            Expr::Param => self.param(),
            Expr::Bytewise(c) => {
                self.name(c);
                if self.backend == Backend::Postgres {
                    self.push(" COLLATE \"C\"");
                }
            }
            Expr::Coalesce(a, b) => {
                self.push("COALESCE(");
                self.expr(a);
                self.push(", ");
                self.expr(b);
                self.sql.push(')');
            }
            Expr::Case(flag, then, otherwise) => {
                self.push("CASE WHEN ");
                self.expr(flag);
                self.push(" THEN ");
                self.expr(then);
                self.push(" ELSE ");
                self.expr(otherwise);
                self.push(" END");
            }
            Expr::Max(e) => {
                self.push("MAX(");
                self.expr(e);
                self.sql.push(')');
            }
            Expr::Plus(e, n) => {
                self.expr(e);
                let _ = write!(self.sql, " + {n}");
            }
            Expr::Int(n) => {
                let _ = write!(self.sql, "{n}");
            }
            Expr::CountAll => self.push("COUNT(*)"),
            Expr::Scalar(select) => {
                self.sql.push('(');
                select.write(self);
                self.sql.push(')');
            }
        }
    }

    /// `pred`, parenthesised when it is a compound nested in another.
    pub(crate) fn pred(&mut self, pred: &Pred<'_>) {
        match pred {
            Pred::Cmp(a, op, b) => {
                self.expr(a);
                self.sql.push(' ');
                self.push(op.text());
                self.sql.push(' ');
                self.expr(b);
            }
            Pred::In(e, n) => {
                self.expr(e);
                self.push(" IN (");
                for i in 0..*n {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.param();
                }
                self.sql.push(')');
            }
            Pred::IsNull(e, null) => {
                self.expr(e);
                self.push(if *null { " IS NULL" } else { " IS NOT NULL" });
            }
            Pred::Matches(e) => {
                self.expr(e);
                match self.backend {
                    Backend::Sqlite => {
                        self.push(" GLOB ");
                        self.param();
                    }
                    Backend::Postgres => {
                        self.push(" LIKE ");
                        self.param();
                        self.push(" ESCAPE '\\'");
                    }
                }
            }
            Pred::Row(exprs, op) => {
                self.sql.push('(');
                self.list(exprs, ", ", Writer::expr);
                self.push(") ");
                self.push(op.text());
                self.push(" (");
                for i in 0..exprs.len() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.param();
                }
                self.sql.push(')');
            }
            Pred::All(preds) => {
                self.sql.push('(');
                self.list(preds, " AND ", Writer::pred);
                self.sql.push(')');
            }
            Pred::Any(preds) => {
                self.sql.push('(');
                self.list(preds, " OR ", Writer::pred);
                self.sql.push(')');
            }
            Pred::Exists(select) => {
                self.push("EXISTS (");
                select.write(self);
                self.sql.push(')');
            }
        }
    }

    /// ` WHERE a AND b ...`, or nothing without conditions.
    fn filter(&mut self, filter: &[Pred<'_>]) {
        if !filter.is_empty() {
            self.push(" WHERE ");
            self.list(filter, " AND ", Writer::pred);
        }
    }

    fn returning(&mut self, returning: &[Expr<'_>]) {
        if !returning.is_empty() {
            self.push(" RETURNING ");
            self.list(returning, ", ", Writer::expr);
        }
    }
}

impl Render for Select<'_> {
    fn write(&self, w: &mut Writer) {
        w.push("SELECT ");
        w.list(&self.columns, ", ", Writer::expr);
        w.push(" FROM ");
        w.name(self.from);
        for join in &self.joins {
            w.push(" JOIN ");
            w.name(join.table);
            w.push(" ON ");
            w.list(&join.on, " AND ", Writer::pred);
        }
        w.filter(&self.filter);
        if !self.order.is_empty() {
            w.push(" ORDER BY ");
            w.list(&self.order, ", ", |w, o| {
                w.expr(&o.expr);
                w.push(if o.desc { " DESC" } else { " ASC" });
            });
        }
        if self.limit {
            w.push(" LIMIT ");
            w.param();
        }
        if self.offset {
            w.push(" OFFSET ");
            w.param();
        }
        if self.lock && w.backend == Backend::Postgres {
            w.push(" FOR UPDATE");
        }
    }
}

impl Render for Insert<'_> {
    fn write(&self, w: &mut Writer) {
        w.push("INSERT INTO ");
        w.name(self.table);
        w.push(" (");
        w.list(&self.columns, ", ", |w, c| w.name(c));
        w.push(") ");
        match &self.source {
            Source::Values => {
                w.push("VALUES (");
                w.list(&self.columns, ", ", |w, _| w.param());
                w.sql.push(')');
            }
            Source::Select(select) => select.write(w),
        }
    }
}

impl Render for Update<'_> {
    fn write(&self, w: &mut Writer) {
        w.push("UPDATE ");
        w.name(self.table);
        w.push(" SET ");
        w.list(&self.set, ", ", |w, (column, value)| {
            w.name(column);
            w.push(" = ");
            w.expr(value);
        });
        w.filter(&self.filter);
        w.returning(&self.returning);
    }
}

impl Render for Delete<'_> {
    fn write(&self, w: &mut Writer) {
        w.push("DELETE FROM ");
        w.name(self.table);
        w.filter(&self.filter);
        w.returning(&self.returning);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_text_order_on_postgres_and_plain_on_sqlite() {
        let update = Update {
            table: "t",
            set: vec![
                (
                    "a",
                    Expr::Coalesce(Box::new(Expr::Param), Box::new(Expr::Column("a"))),
                ),
                (
                    "b",
                    Expr::Case(
                        Box::new(Expr::Param),
                        Box::new(Expr::Param),
                        Box::new(Expr::Column("b")),
                    ),
                ),
            ],
            filter: vec![Pred::eq("id"), Pred::eq("store")],
            returning: vec![Expr::Column("a"), Expr::Column("b")],
        };
        assert_eq!(
            update.render(Backend::Postgres),
            "UPDATE \"t\" SET \"a\" = COALESCE($1, \"a\"), \"b\" = CASE WHEN $2 THEN $3 ELSE \"b\" END WHERE \"id\" = $4 AND \"store\" = $5 RETURNING \"a\", \"b\""
        );
        assert_eq!(
            update.render(Backend::Sqlite),
            "UPDATE \"t\" SET \"a\" = COALESCE(?, \"a\"), \"b\" = CASE WHEN ? THEN ? ELSE \"b\" END WHERE \"id\" = ? AND \"store\" = ? RETURNING \"a\", \"b\""
        );
    }

    #[test]
    fn exists_and_joins_number_their_values_where_they_stand() {
        let labels = Select {
            columns: vec![Expr::Int(1)],
            from: "issue_labels",
            filter: vec![
                Pred::Cmp(
                    Expr::Qualified("issue_labels", "issue_id"),
                    Cmp::Eq,
                    Expr::Qualified("issues", "id"),
                ),
                Pred::eq("label_id"),
            ],
            ..Select::default()
        };
        let select = Select {
            columns: vec![Expr::Qualified("issues", "id")],
            from: "issues",
            joins: vec![Join {
                table: "projects",
                on: vec![
                    Pred::Cmp(
                        Expr::Qualified("projects", "id"),
                        Cmp::Eq,
                        Expr::Qualified("issues", "project_id"),
                    ),
                    Pred::Cmp(Expr::Qualified("projects", "org"), Cmp::Eq, Expr::Param),
                ],
            }],
            filter: vec![Pred::Exists(Box::new(labels)), Pred::eq("state")],
            order: vec![Order {
                expr: Expr::Bytewise("title"),
                desc: true,
            }],
            limit: true,
            lock: true,
            ..Select::default()
        };
        assert_eq!(
            select.render(Backend::Postgres),
            "SELECT \"issues\".\"id\" FROM \"issues\" JOIN \"projects\" ON \"projects\".\"id\" = \"issues\".\"project_id\" AND \"projects\".\"org\" = $1 WHERE EXISTS (SELECT 1 FROM \"issue_labels\" WHERE \"issue_labels\".\"issue_id\" = \"issues\".\"id\" AND \"label_id\" = $2) AND \"state\" = $3 ORDER BY \"title\" COLLATE \"C\" DESC LIMIT $4 FOR UPDATE"
        );
        assert_eq!(
            select.render(Backend::Sqlite),
            "SELECT \"issues\".\"id\" FROM \"issues\" JOIN \"projects\" ON \"projects\".\"id\" = \"issues\".\"project_id\" AND \"projects\".\"org\" = ? WHERE EXISTS (SELECT 1 FROM \"issue_labels\" WHERE \"issue_labels\".\"issue_id\" = \"issues\".\"id\" AND \"label_id\" = ?) AND \"state\" = ? ORDER BY \"title\" DESC LIMIT ?"
        );
    }

    #[test]
    fn insert_from_select_numbers_the_select_after_nothing() {
        let insert = Insert {
            table: "h",
            columns: vec!["id", "seq"],
            source: Source::Select(Box::new(Select {
                columns: vec![Expr::Param, Expr::next_number("seq")],
                from: "h",
                filter: vec![Pred::eq("subject_id")],
                ..Select::default()
            })),
        };
        assert_eq!(
            insert.render(Backend::Postgres),
            "INSERT INTO \"h\" (\"id\", \"seq\") SELECT $1, COALESCE(MAX(\"seq\"), 0) + 1 FROM \"h\" WHERE \"subject_id\" = $2"
        );
    }
}
