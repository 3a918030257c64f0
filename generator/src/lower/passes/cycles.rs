//! Reference cycles. Aliases that only lead back to themselves are refused. Recursive schemas
//! get a finite size by boxing one edge per cycle: a depth-first walk over the by-value
//! references (struct fields, union variants; `Vec` and maps are on the heap already) boxes
//! each edge that returns to a type still on the walk, its back edges (as typify's `cycles.rs`
//! does), and no other. Every type that reaches a cycle is marked recursive.

use crate::error::Error;
use crate::ir::*;
use std::collections::{BTreeMap, BTreeSet};

/// Aliases that lead back to themselves (`A: allOf [B]`, `B: allOf [A]`) define no type.
pub(crate) fn check_aliases(model: &Model) -> Result<(), Error> {
    for start in model.types.values() {
        let mut current = start;
        for _ in 0..=model.types.len() {
            let TypeKind::Alias(TypeRef::Named(next)) = &current.kind else { break };
            match model.types.get(next) {
                Some(def) if def.name == start.name => {
                    return Err(Error::at(
                        &start.pointer,
                        format!(
                            "`{}` is defined only through itself (reference cycle); it cannot be a type",
                            start.name
                        ),
                    ))
                }
                Some(def) => current = def,
                None => break,
            }
        }
    }
    Ok(())
}

/// The type a by-value reference lands on, through aliases (which cannot hold a box).
fn target<'m>(model: &'m Model, t: &'m TypeRef) -> Option<&'m str> {
    let mut name = match t {
        TypeRef::Named(n) => n.as_str(),
        _ => return None,
    };
    // Alias chains are acyclic (checked first); the bound is only a guard.
    for _ in 0..=model.types.len() {
        match model.types.get(name).map(|d| &d.kind) {
            Some(TypeKind::Alias(TypeRef::Named(next))) => name = next,
            Some(TypeKind::Alias(_)) | None => return None,
            Some(_) => return Some(name),
        }
    }
    None
}

/// The by-value references of a type: (position of the field or variant, type it lands on).
fn edges<'m>(model: &'m Model, def: &'m TypeDef) -> Vec<(usize, &'m str)> {
    let refs: Vec<&TypeRef> = match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(_) | TypeKind::Enum(_) => Vec::new(),
    };
    refs.into_iter().enumerate().filter_map(|(i, t)| target(model, t).map(|n| (i, n))).collect()
}

/// Boxes the back edges and marks the recursive types.
pub(crate) fn break_cycles(model: &mut Model) {
    let graph: BTreeMap<&str, Vec<(usize, &str)>> =
        model.types.values().map(|d| (d.name.as_str(), edges(model, d))).collect();
    // Iterative depth-first walk in name order, so the choice is the same on every run.
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        OnWalk,
        Done,
    }
    let mut state: BTreeMap<&str, State> = BTreeMap::new();
    let mut back: Vec<(String, usize)> = Vec::new();
    for &root in graph.keys() {
        if state.contains_key(root) {
            continue;
        }
        state.insert(root, State::OnWalk);
        let mut walk: Vec<(&str, usize)> = vec![(root, 0)];
        while let Some((node, next)) = walk.last_mut() {
            let out = &graph[*node];
            if *next == out.len() {
                state.insert(*node, State::Done);
                walk.pop();
                continue;
            }
            let (position, to) = out[*next];
            *next += 1;
            match state.get(to) {
                Some(State::OnWalk) => back.push((node.to_string(), position)),
                Some(State::Done) => {}
                None => {
                    state.insert(to, State::OnWalk);
                    walk.push((to, 0));
                }
            }
        }
    }
    mark_recursive(model, back.iter().map(|(n, _)| n.clone()).collect());
    for (name, position) in back {
        let Some(def) = model.types.get_mut(&name) else { continue };
        let slot = match &mut def.kind {
            TypeKind::Struct(s) => &mut s.fields[position].ty,
            TypeKind::Union(u) => &mut u.variants[position].ty,
            _ => continue,
        };
        *slot = TypeRef::Boxed(Box::new(slot.clone()));
    }
}

/// Every type that reaches a cycle, by any reference, nests without bound.
fn mark_recursive(model: &mut Model, mut recursive: BTreeSet<String>) {
    let refs: BTreeMap<String, Vec<String>> = model
        .types
        .values()
        .map(|def| (def.name.clone(), def.kind.refs().iter().filter_map(|t| t.named()).map(str::to_owned).collect()))
        .collect();
    loop {
        let before = recursive.len();
        for (name, targets) in &refs {
            if targets.iter().any(|t| recursive.contains(t)) {
                recursive.insert(name.clone());
            }
        }
        if recursive.len() == before {
            break;
        }
    }
    for name in &recursive {
        if let Some(def) = model.types.get_mut(name) {
            def.recursive = true;
        }
    }
}
