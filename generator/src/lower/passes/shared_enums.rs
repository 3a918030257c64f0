//! Identical string enums declared inline share one definition. Documents repeat the same
//! anonymous enum in many schemas (`"object": {"enum": ["list"]}` on every list response, the
//! same units or sort orders on many parameters); each copy would be a type with a dozen trait
//! impls of its own, which is compile time and memory for nothing. The first of a group keeps
//! the definition and every other one becomes an alias of it, so every name the document gives
//! rise to still exists and still means the same values.
//!
//! Identical means the same values, variant names and docs, the same default and the same
//! openness (a catch-all or not): whatever the emitted definition shows. A schema of
//! `components` is never folded into another: its name is the document's, a concept of its own.
//! An inline enum identical to one is folded into it instead of into another inline one.

use crate::ir::*;
use std::collections::BTreeMap;

/// What the emitted definition of an enum depends on, besides its name and its own doc.
type Shape = (Vec<(String, String, Option<String>)>, Option<usize>, Option<String>, bool);

pub(crate) fn share(model: &mut Model) {
    let shape = |def: &TypeDef| match &def.kind {
        TypeKind::Enum(e) => Some((
            e.variants.iter().map(|v| (v.name.clone(), v.wire.clone(), v.doc.clone())).collect::<Vec<_>>(),
            e.default,
            e.catch_all.clone(),
            def.deprecated,
        )),
        _ => None,
    };
    // The definition each shape keeps: a component's if there is one, else the first by name.
    let mut keeper: BTreeMap<Shape, (bool, String)> = BTreeMap::new();
    for def in model.types.values() {
        let Some(s) = shape(def) else { continue };
        let component = is_component(&def.pointer);
        match keeper.get(&s) {
            Some((true, _)) => {}
            Some((false, _)) if !component => {}
            _ => {
                keeper.insert(s, (component, def.name.clone()));
            }
        }
    }
    for def in model.types.values_mut() {
        if is_component(&def.pointer) {
            continue;
        }
        let Some(s) = shape(def) else { continue };
        if let Some((_, kept)) = keeper.get(&s).filter(|(_, kept)| *kept != def.name) {
            def.kind = TypeKind::Alias(TypeRef::Named(kept.clone()));
        }
    }
}

/// Whether `pointer` is a schema of `components` itself (not one inside it).
fn is_component(pointer: &str) -> bool {
    pointer.strip_prefix("#/components/schemas/").is_some_and(|rest| !rest.contains('/'))
}

#[cfg(test)]
mod tests {
    use crate::ir::{Model, TypeKind, TypeRef};
    use crate::load::load_str;
    use crate::lower::{group_by_tag, lower};

    fn model() -> Model {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/shared_enums.yaml");
        let text = std::fs::read_to_string(path).expect("the fixture");
        lower(&load_str(&text).expect("a valid document")).expect("lowers")
    }

    /// What `name` is an alias of, or `None` for a definition of its own.
    fn folded_into(model: &Model, name: &str) -> Option<String> {
        match &model.types.get(name).unwrap_or_else(|| panic!("no type {name}")).kind {
            TypeKind::Alias(TypeRef::Named(target)) => Some(target.clone()),
            TypeKind::Enum(_) => None,
            other => panic!("{name} is {other:?}"),
        }
    }

    #[test]
    fn identical_inline_enums_become_aliases_of_one_definition() {
        let m = model();
        // The same open one-value enum in two responses: the first by name keeps it, whatever
        // each copy's own doc says.
        assert_eq!(folded_into(&m, "PetListObject"), None);
        assert_eq!(folded_into(&m, "ToyListObject").as_deref(), Some("PetListObject"));
        assert_eq!(m.types["ToyListObject"].doc.as_deref(), Some("Always `list`."));
        // Inline copies of a components enum fold into it (the query parameter's and the
        // request field's, closed both; of two identical components, the first by name), and
        // two components never fold into each other.
        assert_eq!(folded_into(&m, "SortOrder"), None);
        assert_eq!(folded_into(&m, "Direction"), None);
        assert_eq!(folded_into(&m, "NewToySort").as_deref(), Some("Direction"));
        assert_eq!(folded_into(&m, "ListPetsOrder").as_deref(), Some("Direction"));
    }

    #[test]
    fn a_different_default_or_openness_keeps_a_definition_of_its_own() {
        let m = model();
        // small/large: PetList's (open, default small), ToyList's (open, default large) and
        // NewToy's (closed: only sent, default small) all differ.
        assert_eq!(folded_into(&m, "PetListSize"), None);
        assert_eq!(folded_into(&m, "ToyListSize"), None);
        assert_eq!(folded_into(&m, "NewToySize"), None);
    }

    #[test]
    fn the_kept_definition_is_compiled_for_every_feature_an_alias_is() {
        let mut m = model();
        group_by_tag(&mut m);
        assert_eq!(m.types["ToyListObject"].gate, ["toys"]);
        assert_eq!(m.types["PetListObject"].gate, ["pets", "toys"]);
        // `Direction` stands for `NewToySort` (toys) and `ListPetsOrder` (pets).
        assert_eq!(m.types["Direction"].gate, ["pets", "toys"]);
    }
}
