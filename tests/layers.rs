//! The house rule of the core, checked: every module of `src/` belongs to a layer, a module
//! may use modules of its own layer or of layers below it, never above, and no two modules
//! use each other, directly or around a circle. The layers are written down here and in
//! `docs/ARCHITECTURE.md`; the test reads the source as text (`crate::x`, `super::x`,
//! `tsunagu::x`), so a new upward import or a new circle fails it before review.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, bottom first, and the top-level modules of `src/` in each.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "base",
        &[
            "error", "ids", "clock", "model", "paths", "csv_cell", "lockfile", "counting",
            "secrets", "print", "sheet", "progress",
        ],
    ),
    ("store", &["store"]),
    ("platform clients", &["platforms"]),
    ("context", &["settings", "workspace"]),
    ("records", &["approval", "templates", "crisis"]),
    ("content", &["posts", "media"]),
    ("people", &["roster"]),
    ("guideline", &["guideline"]),
    ("assistant", &["assistant"]),
    ("publishing", &["publish"]),
    ("team sync", &["sync"]),
    ("review", &["review"]),
    ("views", &["calendar", "planning", "ics", "kpi", "briefing"]),
    ("app", &["app"]),
    ("intake", &["intake"]),
    ("demo", &["demo"]),
    ("fronts", &["bin"]),
];

/// How many methods `Workspace` may have (see the test below): only ever lowered.
const WORKSPACE_METHODS: usize = 98;

/// One finding of the check.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Finding {
    /// `file` (in module `from`) uses `to`, which is in a higher layer.
    Upward {
        file: String,
        from: String,
        to: String,
    },
    /// These modules use each other around a circle.
    Circle(Vec<String>),
    /// A module that no layer lists.
    Unlisted(String),
    /// `file` (in module `from`) calls `method`, a `Workspace` method that module `to`, in a
    /// higher layer, defines: the same climb as an import, hidden behind the shared type.
    UpwardCall {
        file: String,
        from: String,
        to: String,
        method: String,
    },
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, ms)| ms.contains(&module))
}

/// The top-level module a file of `src/` belongs to (`None` for `lib.rs`).
fn module_of(rel: &str) -> Option<String> {
    let first = rel.split('/').next()?;
    if rel == "lib.rs" {
        return None;
    }
    Some(first.trim_end_matches(".rs").to_string())
}

/// The code of a file without its unit tests (everything from `#[cfg(test)]` on).
fn without_tests(text: &str) -> &str {
    match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    }
}

/// The top-level modules a file uses: `crate::x`, `tsunagu::x` (the binary), and `super::x`
/// where `super` is the crate root (a top-level file or a top-level folder's `mod.rs`), or
/// `super::super::x` one folder down.
fn uses(rel: &str, text: &str) -> BTreeSet<String> {
    let depth = rel.matches('/').count();
    let is_mod = rel.ends_with("/mod.rs");
    // How many `super::` reach the crate root from this file.
    let to_root = if depth == 0 {
        1
    } else if is_mod {
        depth
    } else {
        depth + 1
    };
    let mut out = BTreeSet::new();
    let code = without_tests(text);
    let mut prefixes = vec!["crate::".to_string()];
    if rel.starts_with("bin/") {
        prefixes.push("tsunagu::".to_string());
    }
    prefixes.push("super::".repeat(to_root));
    for prefix in &prefixes {
        let mut rest = code;
        while let Some(i) = rest.find(prefix.as_str()) {
            let before = rest[..i].chars().last();
            let after = &rest[i + prefix.len()..];
            rest = after;
            // `super::super::x` also contains `super::x`: only whole paths count.
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != "super" {
                out.insert(name);
            }
            // `use crate::{a, b::c}`: each name in the braces.
            if after.starts_with('{') {
                let inner = &after[1..after.find('}').unwrap_or(after.len())];
                for part in inner.split(',') {
                    let n: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !n.is_empty() {
                        out.insert(n);
                    }
                }
            }
        }
    }
    out
}

/// The `impl Workspace { ... }` blocks of a file's code (brace matching; braces in character
/// literals are skipped, those in strings come in pairs).
fn workspace_impls(code: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = code;
    let mut offset = 0;
    loop {
        // `impl Workspace {`, or the same with the type's full path.
        let found = ["impl Workspace {", "impl crate::workspace::Workspace {"]
            .iter()
            .filter_map(|p| rest.find(p).map(|i| (i, p.len() - 1)))
            .min();
        let Some((i, head)) = found else { break };
        let start = offset + i + head;
        let bytes = code.as_bytes();
        let mut depth = 0usize;
        let mut end = start;
        let mut k = start;
        while k < bytes.len() {
            if bytes[k] == b'\'' && k + 2 < bytes.len() && bytes[k + 2] == b'\'' {
                k += 3;
                continue;
            }
            match bytes[k] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = k;
                        break;
                    }
                }
                _ => {}
            }
            k += 1;
        }
        out.push(&code[start..end.max(start)]);
        offset = end.max(start);
        rest = &code[offset..];
    }
    out
}

/// The names of the methods an `impl Workspace` block defines (at the block's own indent).
fn methods_defined(block: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in block.lines() {
        let Some(rest) = line.strip_prefix("    ") else {
            continue;
        };
        if rest.starts_with(' ') {
            continue;
        }
        let rest = rest
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("pub ");
        if let Some(rest) = rest.strip_prefix("fn ") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            out.push(name);
        }
    }
    out
}

/// The `Workspace` methods a file calls: `ws.x(`, `Workspace::x(` anywhere, and `self.x(` or
/// `Self::x(` inside its `impl Workspace` blocks.
fn methods_called(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut scan = |text: &str, receivers: &[&str]| {
        for r in receivers {
            let mut rest = text;
            while let Some(i) = rest.find(r) {
                let before = rest[..i].chars().last();
                rest = &rest[i + r.len()..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if rest[name.len()..].starts_with('(') {
                    out.insert(name);
                }
            }
        }
    };
    scan(code, &["ws.", "Workspace::"]);
    for block in workspace_impls(code) {
        scan(block, &["self.", "Self::"]);
    }
    out
}

/// Checks a set of files (`path relative to src/`, text) against [`LAYERS`].
fn check(files: &[(String, String)]) -> Vec<Finding> {
    let known: BTreeSet<String> = files.iter().filter_map(|(r, _)| module_of(r)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut findings = Vec::new();
    for m in &known {
        if layer_of(m).is_none() {
            findings.push(Finding::Unlisted(m.clone()));
        }
    }
    for (rel, text) in files {
        let Some(from) = module_of(rel) else {
            continue;
        };
        for to in uses(rel, text) {
            if to == from || !known.contains(&to) {
                continue;
            }
            graph.entry(from.clone()).or_default().insert(to.clone());
            if let (Some(a), Some(b)) = (layer_of(&from), layer_of(&to)) {
                if b > a {
                    findings.push(Finding::Upward {
                        file: rel.clone(),
                        from: from.clone(),
                        to: to.clone(),
                    });
                }
            }
        }
    }
    // Methods of the shared `Workspace` type: who defines each, and who calls it.
    let mut defined: BTreeMap<String, String> = BTreeMap::new();
    for (rel, text) in files {
        if let Some(m) = module_of(rel) {
            for block in workspace_impls(without_tests(text)) {
                for name in methods_defined(block) {
                    defined.insert(name, m.clone());
                }
            }
        }
    }
    for (rel, text) in files {
        let Some(from) = module_of(rel) else {
            continue;
        };
        for method in methods_called(without_tests(text)) {
            let Some(to) = defined.get(&method) else {
                continue;
            };
            if *to == from {
                continue;
            }
            graph.entry(from.clone()).or_default().insert(to.clone());
            if let (Some(a), Some(b)) = (layer_of(&from), layer_of(to)) {
                if b > a {
                    findings.push(Finding::UpwardCall {
                        file: rel.clone(),
                        from: from.clone(),
                        to: to.clone(),
                        method,
                    });
                }
            }
        }
    }
    for circle in circles(&graph) {
        findings.push(Finding::Circle(circle));
    }
    findings.sort();
    findings.dedup();
    findings
}

/// The strongly connected groups of more than one module (Tarjan's algorithm).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        if let Some(next) = s.graph.get(v) {
            for w in next {
                let w = w.as_str();
                if !s.index.contains_key(w) {
                    visit(s, w);
                    let lw = s.low[w];
                    let lv = s.low[v];
                    s.low.insert(v, lv.min(lw));
                } else if s.on_stack.contains(w) {
                    let iw = s.index[w];
                    let lv = s.low[v];
                    s.low.insert(v, lv.min(iw));
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                group.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.out.push(group);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v.as_str());
        }
    }
    s.out
}

fn source_files(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

#[test]
fn the_core_keeps_its_layers_and_has_no_circles() {
    // Read at run time: a test binary reused from a shared target folder may have been built
    // in another checkout.
    let manifest = std::env::var("CARGO_MANIFEST_DIR")
        .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
    let root = Path::new(&manifest).join("src");
    let mut files = Vec::new();
    source_files(&root, &root, &mut files);
    assert!(files.len() > 100, "read the source tree: {}", files.len());
    let methods: usize = files
        .iter()
        .flat_map(|(_, t)| workspace_impls(without_tests(t)))
        .map(|b| methods_defined(b).len())
        .sum();
    assert!(methods > 50, "found the Workspace methods: {methods}");
    // `Workspace` is to shrink to a small context, not grow: a new domain function goes in
    // its module over a connection or a writer, and a step across domains in `app`. Lower
    // this number as methods move out; the test fails when one is added.
    assert!(
        methods <= WORKSPACE_METHODS,
        "Workspace has {methods} methods, more than the {WORKSPACE_METHODS} allowed: put the new one in its \
         domain module (over a connection or writer) or in `app`, not on Workspace"
    );
    let findings = check(&files);
    assert!(
        findings.is_empty(),
        "the layers in tests/layers.rs (and docs/ARCHITECTURE.md) are broken:\n{}",
        findings
            .iter()
            .map(|f| format!("  {f:?}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_check_fails_on_an_upward_import_and_on_a_circle() {
    let f = |rel: &str, text: &str| (rel.to_string(), text.to_string());
    // The store reaching up into sync, written three ways.
    for text in [
        "fn f() { crate::sync::permit::check(); }",
        "use crate::{clock, sync::ops::Kind};",
        "use super::super::sync::ops::Kind;",
    ] {
        let files = [f("store/write.rs", text), f("sync/mod.rs", "")];
        assert_eq!(
            check(&files),
            vec![Finding::Upward {
                file: "store/write.rs".into(),
                from: "store".into(),
                to: "sync".into(),
            }],
            "{text}"
        );
    }
    // Two modules of one layer using each other.
    let files = [
        f("posts/mod.rs", "use super::media::MediaId;"),
        f("media/mod.rs", "use crate::posts::PostId;"),
    ];
    assert_eq!(
        check(&files),
        vec![Finding::Circle(vec!["media".into(), "posts".into()])]
    );
    // Downward use, a module's own files and unit tests are fine.
    let files = [
        f(
            "publish/runner.rs",
            "use crate::store::Writer; use super::exit;",
        ),
        f(
            "store/mod.rs",
            "pub mod write;\n#[cfg(test)]\nmod tests { use crate::publish::x; }",
        ),
    ];
    assert_eq!(check(&files), vec![]);
    // A method of the shared type called from a lower layer.
    let files = [
        f(
            "guideline/post.rs",
            "impl Workspace {\n    pub fn lint(&self) {}\n}\n",
        ),
        f(
            "posts/mod.rs",
            "impl Workspace {\n    fn save(&mut self) { let c = '{'; self.lint(); }\n}\n",
        ),
    ];
    assert_eq!(
        check(&files),
        vec![Finding::UpwardCall {
            file: "posts/mod.rs".into(),
            from: "posts".into(),
            to: "guideline".into(),
            method: "lint".into(),
        }]
    );
    // A module no layer lists is named.
    let files = [f("gadget.rs", "")];
    assert_eq!(check(&files), vec![Finding::Unlisted("gadget".into())]);
}
