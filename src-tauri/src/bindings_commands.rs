//! The commands half of `ui/src/bindings.ts`: the `#[tauri::command]` functions read with
//! `syn` from the modules registered in `lib.rs`, turned into one typed TypeScript function
//! each, so the UI never calls `invoke` with a raw name. Kept apart from the types' list
//! (`bindings`), which grows with every feature.

use std::fmt::Write as _;

fn ts_type(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Reference(r) => ts_type(&r.elem),
        syn::Type::Path(p) => {
            let Some(seg) = p.path.segments.last() else {
                return "unknown".into();
            };
            let name = seg.ident.to_string();
            let args: Vec<String> = match &seg.arguments {
                syn::PathArguments::AngleBracketed(a) => a
                    .args
                    .iter()
                    .filter_map(|g| match g {
                        syn::GenericArgument::Type(t) => Some(ts_type(t)),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            if let ("BTreeMap" | "HashMap", [k, v]) = (name.as_str(), args.as_slice()) {
                return format!("Record<{k}, {v}>");
            }
            let arg = args.into_iter().next();
            match (name.as_str(), arg) {
                ("String" | "str", _) => "string".into(),
                ("bool", _) => "boolean".into(),
                ("i32" | "i64" | "u16" | "u32" | "u64" | "f64" | "usize", _) => "number".into(),
                ("Vec", Some(t)) => format!("Array<{t}>"),
                ("Option", Some(t)) => format!("{t} | null"),
                ("IpcResult", Some(t)) => t,
                (other, _) => other.to_string(),
            }
        }
        syn::Type::Tuple(t) if t.elems.is_empty() => "null".into(),
        _ => "unknown".into(),
    }
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The one command list: the `generate_handler!` in `lib.rs`. The bindings follow it, and a
/// test fails when a `#[tauri::command]` is missing from it (or it names one that is gone).
const LIB_RS: &str = include_str!("lib.rs");

/// `(module, command)` for each command registered in `lib.rs`, in its order.
pub(crate) fn registered() -> Vec<(String, String)> {
    let Some(start) = LIB_RS.find("generate_handler![") else {
        return Vec::new();
    };
    let body = &LIB_RS[start + "generate_handler![".len()..];
    let body = &body[..body.find(']').unwrap_or(body.len())];
    body.split(',')
        .map(str::trim)
        .filter_map(|path| path.split_once("::"))
        .map(|(m, f)| (m.to_string(), f.to_string()))
        .collect()
}

/// A module's source, read from disk (the generator runs as a test of this crate).
fn module_source(module: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(format!("{module}.rs"));
    std::fs::read_to_string(path).unwrap_or_default()
}

pub(crate) fn commands() -> String {
    let mut parsed: std::collections::BTreeMap<String, syn::File> = Default::default();
    let mut out = String::new();
    for (module, name) in registered() {
        if !parsed.contains_key(&module) {
            match syn::parse_file(&module_source(&module)) {
                Ok(file) => {
                    parsed.insert(module.clone(), file);
                }
                Err(e) => {
                    out += &format!("// {module}.rs did not parse: {e}\n");
                    continue;
                }
            }
        }
        let Some(file) = parsed.get(&module) else {
            continue;
        };
        let one = syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: file
                .items
                .iter()
                .filter(|item| matches!(item, syn::Item::Fn(f) if f.sig.ident == name))
                .cloned()
                .collect(),
        };
        out += &commands_in(one);
    }
    out
}

/// Every `#[tauri::command]` function in the crate's source files, as `(module, name)`.
pub(crate) fn declared() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(module) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let Ok(file) = syn::parse_file(&std::fs::read_to_string(&path).unwrap_or_default()) else {
            continue;
        };
        for item in file.items {
            let syn::Item::Fn(f) = item else { continue };
            if f.attrs.iter().any(is_command_attr) {
                out.push((module.to_string(), f.sig.ident.to_string()));
            }
        }
    }
    out.sort();
    out
}

fn is_command_attr(a: &syn::Attribute) -> bool {
    let p = a.path();
    p.segments.len() == 2 && p.segments[0].ident == "tauri" && p.segments[1].ident == "command"
}

fn commands_in(file: syn::File) -> String {
    let mut out = String::new();
    for item in file.items {
        let syn::Item::Fn(f) = item else { continue };
        let is_command = f.attrs.iter().any(is_command_attr);
        if !is_command {
            continue;
        }
        let name = f.sig.ident.to_string();
        let doc: Vec<String> = f
            .attrs
            .iter()
            .filter_map(|a| match &a.meta {
                syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => Some(s.value().trim().to_string()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let mut params = Vec::new();
        let mut keys = Vec::new();
        for input in &f.sig.inputs {
            let syn::FnArg::Typed(pt) = input else {
                continue;
            };
            let syn::Pat::Ident(id) = pt.pat.as_ref() else {
                continue;
            };
            let ty = ts_type(&pt.ty);
            if matches!(
                ty.as_str(),
                "State" | "AppHandle" | "Window" | "WebviewWindow"
            ) {
                continue;
            }
            let arg = camel(&id.ident.to_string());
            params.push(format!("{arg}: {ty}"));
            keys.push(arg);
        }
        let ret = match &f.sig.output {
            syn::ReturnType::Type(_, t) => ts_type(t),
            syn::ReturnType::Default => "null".into(),
        };
        let args = if keys.is_empty() {
            String::new()
        } else {
            format!(", {{ {} }}", keys.join(", "))
        };
        let _ = writeln!(out, "/** {} */", doc.join(" "));
        let _ = writeln!(
            out,
            "export function {}({}): Promise<{ret}> {{\n  return call<{ret}>(\"{name}\"{args});\n}}\n",
            camel(&name),
            params.join(", ")
        );
    }
    out
}
