//! Which types get a `Validate` implementation: those with rules serde does not check (on a
//! field, or on which fields are present), and those that reach one (a fixed point over
//! references). Request bodies always get one: the runtime checks them before sending,
//! including rules the crate adds by hand.

use crate::ir::*;
use std::collections::BTreeSet;

pub(crate) fn mark(model: &mut Model) {
    fn refs_validating(ty: &TypeRef, set: &BTreeSet<String>) -> bool {
        match ty {
            TypeRef::Named(n) => set.contains(n),
            TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Boxed(t) => refs_validating(t, set),
            _ => false,
        }
    }
    let mut set: BTreeSet<String> = model
        .operations
        .iter()
        .filter_map(|op| match op.body.as_ref().filter(|b| b.encoding != Encoding::Multipart).map(|b| &b.ty) {
            Some(TypeRef::Named(n))
                if matches!(model.types.get(n).map(|d| &d.kind), Some(TypeKind::Struct(_) | TypeKind::Union(_))) =>
            {
                Some(n.clone())
            }
            _ => None,
        })
        .collect();
    loop {
        let before = set.len();
        for def in model.types.values() {
            let v = match &def.kind {
                TypeKind::Struct(s) => {
                    s.presence.is_some()
                        || s.fields
                            .iter()
                            .any(|f| !f.rules.is_empty() || f.correlated_with.is_some() || refs_validating(&f.ty, &set))
                }
                TypeKind::Union(u) => u.variants.iter().any(|v| refs_validating(&v.ty, &set)),
                TypeKind::Alias(t) => refs_validating(t, &set),
                TypeKind::Enum(_) => false,
            };
            if v {
                set.insert(def.name.clone());
            }
        }
        if set.len() == before {
            break;
        }
    }
    for def in model.types.values_mut() {
        def.validates = set.contains(&def.name);
    }
}
