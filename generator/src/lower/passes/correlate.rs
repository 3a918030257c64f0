//! Correlated fields: a union field whose variants are titled with the values of a sibling enum
//! field (a `port` whose branches are titled with `carrier` values) is checked against the list
//! that sibling selects.

use crate::ir::*;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn correlate(model: &mut Model) {
    let types = &model.types;
    let mut warnings = Vec::new();
    // Union -> the enum that selects among its variants; one selector type per union.
    let mut selectors: BTreeMap<&str, &str> = BTreeMap::new();
    // (struct, field, sibling): decided over shared borrows, applied after.
    let mut links: Vec<(&str, usize, usize)> = Vec::new();
    let enum_values = |ty: &TypeRef| match ty {
        TypeRef::Named(n) => match &types[n].kind {
            TypeKind::Enum(e) if e.repr == EnumRepr::Text => {
                Some(e.variants.iter().map(|v| v.wire.as_str()).collect::<BTreeSet<_>>())
            }
            _ => None,
        },
        _ => None,
    };
    for def in types.values() {
        let TypeKind::Struct(s) = &def.kind else { continue };
        for i in 0..s.fields.len() {
            let TypeRef::Named(u) = &s.fields[i].ty else { continue };
            let TypeKind::Union(union) = &types[u].kind else { continue };
            if !matches!(union.strategy, UnionStrategy::Untagged | UnionStrategy::ByKind) {
                continue;
            }
            let Some(titles) = union.variants.iter().map(|v| v.title.as_deref()).collect::<Option<BTreeSet<_>>>()
            else {
                continue;
            };
            let sibling = (0..s.fields.len())
                .find(|&j| j != i && enum_values(&s.fields[j].ty).is_some_and(|vals| titles.is_subset(&vals)));
            if let Some(j) = sibling {
                let TypeRef::Named(selector) = &s.fields[j].ty else { continue };
                if selectors.get(u.as_str()).is_some_and(|known| known != selector) {
                    continue;
                }
                selectors.insert(u, selector);
                links.push((&def.name, i, j));
                warnings.push(Warning {
                    pointer: format!("{}/properties/{}", def.pointer, s.fields[i].wire),
                    message: format!(
                        "the branch titles of `{}` are values of `{}`: a value is checked against the list that `{}` selects",
                        s.fields[i].wire, s.fields[j].wire, s.fields[j].wire
                    ),
                    wire: false,
                });
            }
        }
    }
    let links: Vec<(String, usize, usize)> = links.into_iter().map(|(s, i, j)| (s.to_owned(), i, j)).collect();
    let selectors: Vec<(String, String)> = selectors.into_iter().map(|(u, s)| (u.to_owned(), s.to_owned())).collect();
    model.warnings.extend(warnings);
    for (name, i, j) in links {
        if let Some(TypeKind::Struct(s)) = model.types.get_mut(&name).map(|d| &mut d.kind) {
            s.fields[i].correlated_with = Some(j);
        }
    }
    for (union, selector) in selectors {
        if let Some(TypeKind::Union(u)) = model.types.get_mut(&union).map(|d| &mut d.kind) {
            u.selector = Some(selector);
        }
    }
}
