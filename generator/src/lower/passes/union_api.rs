//! What each union offers beside decoding, settled last, once cycles are boxed and identical
//! types folded into aliases: a `From` per variant whose Rust type no other variant has, and for
//! a union of enumerations, the string view and the lists a selector picks.

use crate::ir::*;

pub(crate) fn settle(model: &mut Model) {
    let settled: Vec<(String, UnionApi)> = model
        .types
        .values()
        .filter_map(|def| match &def.kind {
            TypeKind::Union(u) => Some((def.name.clone(), api(model, u))),
            _ => None,
        })
        .collect();
    for (name, api) in settled {
        if let Some(TypeDef { kind: TypeKind::Union(u), .. }) = model.types.get_mut(&name) {
            u.api = api;
        }
    }
}

fn api(model: &Model, u: &Union) -> UnionApi {
    let same = |a: &TypeRef, b: &TypeRef| through_aliases(model, a) == through_aliases(model, b);
    let conversions = (0..u.variants.len())
        .filter(|&i| u.variants.iter().filter(|w| same(&w.ty, &u.variants[i].ty)).count() == 1)
        .collect();
    UnionApi { conversions, of_enums: of_enums(model, u) }
}

fn of_enums(model: &Model, u: &Union) -> Option<EnumUnion> {
    let enums: Vec<&Enum> = u.variants.iter().map(|v| as_enum(model, &v.ty)).collect::<Option<_>>()?;
    let open = enums.iter().any(|e| e.catch_all.is_some());
    let selector = u.selector.as_deref().and_then(|s| named_enum(model, s));
    let lists = selector.map(|e| {
        // Each selector value picks the variant titled with it.
        let picks: Vec<(String, usize)> = e
            .variants
            .iter()
            .filter_map(|sv| {
                let v = u.variants.iter().position(|v| v.title.as_deref() == Some(sv.wire.as_str()))?;
                Some((sv.name.clone(), v))
            })
            .collect();
        let rest_allowed = picks.len() < e.variants.len() || e.catch_all.is_some();
        SelectorLists { picks, rest_allowed }
    });
    Some(EnumUnion { open, lists })
}

fn as_enum<'m>(model: &'m Model, t: &TypeRef) -> Option<&'m Enum> {
    match t {
        TypeRef::Named(n) => named_enum(model, n),
        _ => None,
    }
}

/// The string enum a name stands for, through aliases (their chains are acyclic, checked when
/// lowering).
fn named_enum<'m>(model: &'m Model, name: &str) -> Option<&'m Enum> {
    match model.types.get(name).map(|d| &d.kind) {
        Some(TypeKind::Enum(e)) if e.repr == EnumRepr::Text => Some(e),
        Some(TypeKind::Alias(target)) => as_enum(model, target),
        _ => None,
    }
}

/// The type an alias stands for (aliases are `type A = B;`, the same Rust type).
fn through_aliases<'m>(model: &'m Model, mut t: &'m TypeRef) -> &'m TypeRef {
    // Alias chains are acyclic (checked when lowering); the bound is only a guard.
    for _ in 0..model.types.len() {
        match t {
            TypeRef::Named(n) => match model.types.get(n).map(|d| &d.kind) {
                Some(TypeKind::Alias(target)) => t = target,
                _ => return t,
            },
            _ => return t,
        }
    }
    t
}
