//! Enums reachable from a response body are open: a value the server adds later must not fail
//! the whole decode, so it is kept in a catch-all variant.

use crate::ir::*;
use crate::names;
use std::collections::BTreeSet;

/// The name of the catch-all variant; a listed value of that name moves aside.
const CATCH_ALL: &str = "Unknown";

pub(crate) fn open(model: &mut Model) {
    let mut stack: Vec<&TypeRef> = Vec::new();
    for op in &model.operations {
        stack.extend(op.success.body.json());
        stack.extend(op.errors.iter().map(|e| &e.ty));
    }
    let mut seen = BTreeSet::new();
    while let Some(t) = stack.pop() {
        match t {
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) => stack.push(inner),
            TypeRef::Named(n) if seen.insert(n.clone()) => match model.types.get(n).map(|d| &d.kind) {
                Some(TypeKind::Struct(s)) => stack.extend(s.fields.iter().map(|f| &f.ty)),
                Some(TypeKind::Union(u)) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                Some(TypeKind::Alias(a)) => stack.push(a),
                Some(TypeKind::Enum(_)) | None => {}
            },
            _ => {}
        }
    }
    for name in seen {
        if let Some(TypeKind::Enum(e)) = model.types.get_mut(&name).map(|d| &mut d.kind) {
            make_open(e);
        }
    }
}

/// Gives `e` its catch-all variant (once); a listed value of that name moves aside.
pub(crate) fn make_open(e: &mut Enum) {
    if e.catch_all.is_some() {
        return;
    }
    let mut taken: BTreeSet<String> = e.variants.iter().map(|v| v.name.clone()).collect();
    taken.insert(CATCH_ALL.to_string());
    for v in e.variants.iter_mut().filter(|v| v.name == CATCH_ALL) {
        v.name = names::claim(&mut taken, &format!("{CATCH_ALL}Value"), "");
    }
    e.catch_all = Some(CATCH_ALL.to_string());
}
