//! Constant fields: a required field whose type has a single value defaults to that value, so
//! users never spell it.

use crate::ir::*;
use std::collections::BTreeSet;

pub(crate) fn mark(model: &mut Model) {
    let single: BTreeSet<String> = model
        .types
        .values()
        .filter(|t| matches!(&t.kind, TypeKind::Enum(e) if e.variants.len() == 1))
        .map(|t| t.name.clone())
        .collect();
    for def in model.types.values_mut() {
        if let TypeKind::Struct(s) = &mut def.kind {
            for f in &mut s.fields {
                if f.state == FieldState::Required && matches!(&f.ty, TypeRef::Named(n) if single.contains(n)) {
                    f.state = FieldState::Constant;
                }
            }
        }
    }
}
