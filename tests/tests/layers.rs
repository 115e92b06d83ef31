//! The runtime's layers: no import cycle between its top-level modules, SQL text in one
//! module only, and generated code reaching the runtime through `__private` alone.
//!
//! Every `crate::a::...` path in `runtime/src` (in code, `use` trees and macro bodies; not
//! in comments or doc text) is an arrow from the top-level module holding the file to `a`.
//! A path through a name the crate root re-exports (`crate::Db`) would hide the arrow, so
//! below the root such paths are refused outright.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

fn runtime_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("readable source folder")
        .map(|e| e.expect("readable entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: `db` for `src/db/mod.rs` and `src/db.rs`, `lib`
/// for the crate root.
fn top_module(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).expect("file under src");
    let first = relative.components().next().expect("non-empty path");
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_owned()
}

/// Every first segment after `crate::` in `tokens`, with `use crate::{a, b::c}` giving
/// `a` and `b`. `$crate` (a macro's own path, expanded in the caller) is skipped.
fn crate_paths(tokens: TokenStream, out: &mut Vec<String>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Group(group) => crate_paths(group.stream(), out),
            TokenTree::Ident(ident) if ident == "crate" => {
                let dollar =
                    i > 0 && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '$');
                let colons = matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
                    && matches!(trees.get(i + 2), Some(TokenTree::Punct(p)) if p.as_char() == ':');
                if dollar || !colons {
                    continue;
                }
                match trees.get(i + 3) {
                    Some(TokenTree::Ident(next)) => out.push(next.to_string()),
                    Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                        first_segments(g.stream(), out);
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

/// The first segment of each comma-separated path of a `use` group.
fn first_segments(tokens: TokenStream, out: &mut Vec<String>) {
    let mut expect_first = true;
    for tree in tokens {
        match tree {
            TokenTree::Ident(ident) if expect_first => {
                out.push(ident.to_string());
                expect_first = false;
            }
            TokenTree::Punct(p) if p.as_char() == ',' => expect_first = true,
            _ => expect_first = false,
        }
    }
}

/// The `#[macro_export]` macros, which live at the crate root whatever file defines them.
fn exported_macros(files: &[PathBuf]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(file).expect("readable file");
        let mut rest = text.as_str();
        while let Some(at) = rest.find("#[macro_export]") {
            rest = &rest[at..];
            if let Some(name) = rest
                .split_once("macro_rules!")
                .and_then(|(_, after)| after.split('{').next())
            {
                names.insert(name.trim().to_owned());
            }
            rest = &rest["#[macro_export]".len()..];
        }
    }
    names
}

/// Arrows between top-level modules, and the root names used below the root.
struct Graph {
    arrows: BTreeMap<String, BTreeSet<String>>,
    through_root: Vec<String>,
}

fn graph() -> Graph {
    let src = runtime_src();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| top_module(&src, f)).collect();
    let exported = exported_macros(&files);
    let mut arrows: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut through_root = Vec::new();
    for file in &files {
        let from = top_module(&src, file);
        let text = std::fs::read_to_string(file).expect("readable file");
        let tokens = TokenStream::from_str(&text)
            .unwrap_or_else(|e| panic!("{} does not tokenize: {e}", file.display()));
        let mut paths = Vec::new();
        crate_paths(tokens, &mut paths);
        for to in paths {
            if to == from || to == "self" {
                continue;
            }
            if modules.contains(&to) {
                arrows.entry(from.clone()).or_default().insert(to);
            } else if from != "lib" && !exported.contains(&to) {
                through_root.push(format!("{}: crate::{to}", file.display()));
            }
        }
    }
    Graph {
        arrows,
        through_root,
    }
}

/// A cycle in `arrows`, if there is one, as the modules along it.
fn find_cycle(arrows: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        arrows: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in arrows.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, arrows, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    arrows
        .keys()
        .find_map(|start| visit(start, arrows, &mut Vec::new(), &mut done))
}

#[test]
fn runtime_modules_import_only_downward() {
    let graph = graph();
    let report: Vec<String> = graph
        .arrows
        .iter()
        .map(|(from, to)| {
            format!(
                "{from} -> {}",
                to.iter().cloned().collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    if let Some(cycle) = find_cycle(&graph.arrows) {
        panic!(
            "import cycle between top-level runtime modules: {}\n{}",
            cycle.join(" -> "),
            report.join("\n")
        );
    }
}

/// The layers of the crate docs' module map, top first: the backticked names of each
/// `//! - ` line under `# Inside the crate`.
fn module_map() -> Vec<Vec<String>> {
    let lib = std::fs::read_to_string(runtime_src().join("lib.rs")).expect("lib.rs");
    let section = lib
        .split("//! # Inside the crate")
        .nth(1)
        .expect("lib.rs has a module map");
    let mut layers = Vec::new();
    for line in section.lines().skip(1).take_while(|l| l.starts_with("//!")) {
        let Some(item) = line.strip_prefix("//! - ") else {
            continue;
        };
        let names = item.split(':').next().unwrap_or_default();
        let layer: Vec<String> = names
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect();
        layers.push(layer);
    }
    layers
}

#[test]
fn the_module_map_lists_every_module_and_every_arrow_points_down_it() {
    let src = runtime_src();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut modules: BTreeSet<String> = files.iter().map(|f| top_module(&src, f)).collect();
    modules.remove("lib");
    let map = module_map();
    let level = |module: &str| {
        map.iter()
            .position(|layer| layer.iter().any(|m| m == module))
    };
    let listed: BTreeSet<String> = map.iter().flatten().cloned().collect();
    assert_eq!(
        listed, modules,
        "the module map in lib.rs and the folders of src differ"
    );
    for (from, targets) in graph().arrows {
        for to in targets {
            assert!(
                level(&from) < level(&to),
                "`{from}` imports `{to}`, which the module map puts on its own layer or above"
            );
        }
    }
}

#[test]
fn runtime_modules_do_not_import_through_the_crate_root() {
    let graph = graph();
    assert!(
        graph.through_root.is_empty(),
        "modules under the root name items through `crate::` re-exports, which hides the \
         layer they come from:\n{}",
        graph.through_root.join("\n")
    );
}

/// String literals in `tokens` that read as SQL statements; doc text is not code.
fn sql_literals(tokens: TokenStream, out: &mut Vec<String>) {
    const MARKS: [&str; 8] = [
        "SELECT ",
        "INSERT INTO",
        "DELETE FROM",
        "UPDATE \"",
        "CREATE TABLE",
        "CREATE INDEX",
        " WHERE ",
        " RETURNING ",
    ];
    for tree in tokens {
        match tree {
            TokenTree::Group(group) => {
                let doc = group.delimiter() == Delimiter::Bracket
                    && matches!(group.stream().into_iter().next(), Some(TokenTree::Ident(i)) if i == "doc");
                if !doc {
                    sql_literals(group.stream(), out);
                }
            }
            TokenTree::Literal(literal) => {
                let text = literal.to_string();
                if MARKS.iter().any(|m| text.contains(m)) {
                    out.push(text);
                }
            }
            _ => {}
        }
    }
}

/// Files under `dir` (relative to the workspace) holding SQL text, except under `allowed`.
fn sql_outside(dir: &str, allowed: Option<&str>) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    rust_files(&root.join(dir), &mut files);
    let mut found = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&root).expect("under the workspace");
        if allowed.is_some_and(|a| relative.starts_with(a)) {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("readable file");
        let mut literals = Vec::new();
        sql_literals(
            TokenStream::from_str(&text).expect("tokenizes"),
            &mut literals,
        );
        found.extend(
            literals
                .into_iter()
                .map(|l| format!("{}: {l}", relative.display())),
        );
    }
    found
}

#[test]
fn sql_text_is_written_in_the_runtime_sql_module_only() {
    let runtime = sql_outside("runtime/src", Some("runtime/src/sql"));
    assert!(
        runtime.is_empty(),
        "SQL text outside runtime/src/sql:\n{}",
        runtime.join("\n")
    );
    let macros = sql_outside("macros/src", None);
    assert!(
        macros.is_empty(),
        "SQL text in the macros:\n{}",
        macros.join("\n")
    );
}

#[test]
fn the_sql_finder_sees_code_but_not_doc_text() {
    let mut out = Vec::new();
    sql_literals(
        TokenStream::from_str(
            "/// SELECT 1 FROM t WHERE x = 1\nconst A: &str = \"DELETE FROM t\"; const B: &str = \"delete me\";",
        )
        .unwrap(),
        &mut out,
    );
    assert_eq!(out, ["\"DELETE FROM t\""]);
}

/// Each `::resourcery::` path of `text` not through `__private`.
fn root_paths(text: &str) -> Vec<String> {
    let tokens = TokenStream::from_str(text).expect("tokenizes");
    let mut out = Vec::new();
    fn walk(tokens: TokenStream, out: &mut Vec<String>) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        for (i, tree) in trees.iter().enumerate() {
            match tree {
                TokenTree::Group(group) => walk(group.stream(), out),
                TokenTree::Ident(ident) if ident == "resourcery" => {
                    let leading = i >= 2
                        && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == ':')
                        && matches!(&trees[i - 2], TokenTree::Punct(p) if p.as_char() == ':');
                    let next = trees.get(i + 3).map(ToString::to_string);
                    if leading && next.as_deref() != Some("__private") {
                        out.push(format!("::resourcery::{}", next.unwrap_or_default()));
                    }
                }
                _ => {}
            }
        }
    }
    walk(tokens, &mut out);
    out
}

#[test]
fn generated_code_reaches_the_runtime_through_private_only() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../macros/tests/snapshots");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    assert!(
        files.len() >= 5,
        "the expansion snapshots are where they were"
    );
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable snapshot");
        found.extend(
            root_paths(&text)
                .into_iter()
                .map(|p| format!("{}: {p}", file.display())),
        );
    }
    assert!(
        found.is_empty(),
        "generated code names the crate root:\n{}",
        found.join("\n")
    );
    assert_eq!(
        root_paths("impl ::resourcery::Resource for X {} fn f() -> ::resourcery::__private::Db {}"),
        ["::resourcery::Resource"]
    );
}

/// `(name, lines)` of each function in `text`, rustfmt-formatted: from its `fn` line to
/// the line that closes it at the same indentation.
fn function_lengths(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let body = line.trim_start();
        let indent = &line[..line.len() - body.len()];
        let signature = [
            "pub(crate) ",
            "pub(super) ",
            "pub ",
            "const ",
            "async ",
            "unsafe ",
        ]
        .iter()
        .fold(body, |rest, p| rest.strip_prefix(p).unwrap_or(rest));
        let Some(name) = signature.strip_prefix("fn ") else {
            continue;
        };
        let name: String = name
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let close = format!("{indent}}}");
        if let Some(end) = lines[i..].iter().position(|l| *l == close) {
            out.push((name, end + 1));
        }
    }
    out
}

#[test]
fn no_file_over_800_lines_and_no_macro_function_over_150() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut long = Vec::new();
    for dir in ["runtime/src", "macros/src"] {
        let mut files = Vec::new();
        rust_files(&root.join(dir), &mut files);
        for file in files {
            let text = std::fs::read_to_string(&file).expect("readable file");
            let relative = file
                .strip_prefix(&root)
                .expect("under the workspace")
                .display();
            let count = text.lines().count();
            if count > 800 {
                long.push(format!("{relative}: {count} lines"));
            }
            if dir == "macros/src" {
                for (name, lines) in function_lengths(&text) {
                    if lines > 150 {
                        long.push(format!("{relative}: fn {name} is {lines} lines"));
                    }
                }
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these by concern:\n{}",
        long.join("\n")
    );
    assert_eq!(
        function_lengths(
            "fn a() {\n    x\n}\n    pub(crate) async fn b(\n        y: u8,\n    ) {\n    }\n"
        ),
        [("a".to_owned(), 3), ("b".to_owned(), 4)]
    );
}

#[test]
fn the_cycle_finder_finds_cycles() {
    fn arrow(arrows: &mut BTreeMap<String, BTreeSet<String>>, a: &str, b: &str) {
        arrows.entry(a.to_owned()).or_default().insert(b.to_owned());
    }
    let mut arrows = BTreeMap::new();
    arrow(&mut arrows, "api", "routes");
    arrow(&mut arrows, "routes", "sql");
    assert_eq!(find_cycle(&arrows), None);
    arrow(&mut arrows, "sql", "routes");
    assert_eq!(
        find_cycle(&arrows),
        Some(vec![
            "routes".to_owned(),
            "sql".to_owned(),
            "routes".to_owned()
        ])
    );
}

#[test]
fn use_groups_and_macro_bodies_count_and_dollar_crate_does_not() {
    let mut out = Vec::new();
    crate_paths(
        TokenStream::from_str(
            "use crate::{db::Db, sql}; fn f() { crate::list::parse(); m!(crate::auth::x); $crate::problem::P; }",
        )
        .unwrap(),
        &mut out,
    );
    assert_eq!(out, ["db", "sql", "list", "auth"]);
}
