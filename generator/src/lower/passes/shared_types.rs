//! Identical string enums and objects declared inline share one definition. Documents repeat
//! the same anonymous schema in many places (`"object": {"enum": ["list"]}` on every list
//! response, the same `{width, height}` object in many parents); each copy would be a type with
//! a dozen trait impls of its own, which is compile time and memory for nothing. The first of a
//! group keeps the definition and every other one becomes an alias of it, so every name the
//! document gives rise to still exists and still means the same values.
//!
//! Identical means everything the emitted definition shows but its name and its own doc: the
//! same values, variant names and docs, default and openness of an enum; the same fields (names,
//! wire names, docs, types, rules) of a struct; the same deprecation. A field naming a type that
//! was folded names the one kept, so parents of identical children fold too (the pass runs until
//! nothing changes). A schema of `components` is never folded into another: its name is the
//! document's, a concept of its own; an inline one identical to it is folded into it instead of
//! into another inline one. Recursive types and unions keep their definitions.

use crate::ir::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub(crate) fn share(model: &mut Model) {
    // Folded name -> the name it is now an alias of. Decided over shared borrows of the types
    // (a shape borrows its definition unless a field must be renamed), applied at the end.
    let mut folded: BTreeMap<String, String> = BTreeMap::new();
    let types = &model.types;
    let mut shapes: BTreeMap<&str, Shape> =
        types.values().filter_map(|def| Some((def.name.as_str(), shape(def, &folded)?))).collect();
    loop {
        // The definition each shape keeps: a component's if there is one, else the first by name
        // (`shapes` is in name order; the map is only looked up).
        let mut keeper: HashMap<&Shape, (bool, &str)> = HashMap::new();
        for (name, s) in &shapes {
            let component = is_component(&types[*name].pointer);
            let kept = keeper.entry(s).or_insert((component, name));
            if component && !kept.0 {
                *kept = (component, name);
            }
        }
        let round: Vec<(&str, &str)> = shapes
            .iter()
            .filter(|(name, _)| !is_component(&types[**name].pointer))
            .filter_map(|(name, s)| {
                let kept = keeper[s].1;
                (kept != *name).then_some((*name, kept))
            })
            .collect();
        if round.is_empty() {
            break;
        }
        let mut now = BTreeSet::new();
        for (name, kept) in round {
            shapes.remove(name);
            now.insert(name);
            folded.insert(name.to_owned(), kept.to_owned());
        }
        // Only a struct naming a type folded just now can have changed shape.
        for (name, s) in shapes.iter_mut() {
            let def = &types[*name];
            if names_any(def, |n| now.contains(n)) {
                if let Some(new) = shape(def, &folded) {
                    *s = new;
                }
            }
        }
    }
    for (name, kept) in folded {
        if let Some(def) = model.types.get_mut(&name) {
            def.kind = TypeKind::Alias(TypeRef::Named(kept));
        }
    }
}

/// Whether a struct's fields name a type `folded` says is.
fn names_any(def: &TypeDef, folded: impl Fn(&str) -> bool) -> bool {
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| f.ty.named().is_some_and(&folded)),
        _ => false,
    }
}

/// What the emitted definition of an enum or a struct depends on, besides its name and its own
/// doc (which live on the [`TypeDef`], not here), with folded names spelled as the ones kept.
/// Its hash is taken once: a struct's is hundreds of small writes, and each round looks every
/// shape up several times.
struct Shape<'a> {
    hash: u64,
    kind: ShapeKind<'a>,
    deprecated: bool,
    validates: bool,
}

impl PartialEq for Shape<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash
            && (&self.kind, self.deprecated, self.validates) == (&other.kind, other.deprecated, other.validates)
    }
}

impl Eq for Shape<'_> {}

impl std::hash::Hash for Shape<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

#[derive(PartialEq, Eq, Hash)]
enum ShapeKind<'a> {
    Enum(&'a Enum),
    Struct(Cow<'a, Struct>),
}

/// The shape of `def`; `None` for a type that keeps its own definition.
fn shape<'a>(def: &'a TypeDef, folded: &BTreeMap<String, String>) -> Option<Shape<'a>> {
    if def.recursive {
        return None;
    }
    let kind = match &def.kind {
        TypeKind::Enum(e) => ShapeKind::Enum(e),
        TypeKind::Struct(s) if names_any(def, |n| folded.contains_key(n)) => {
            let mut s = s.clone();
            for f in &mut s.fields {
                kept(&mut f.ty, folded);
            }
            ShapeKind::Struct(Cow::Owned(s))
        }
        TypeKind::Struct(s) => ShapeKind::Struct(Cow::Borrowed(s)),
        TypeKind::Union(_) | TypeKind::Alias(_) => return None,
    };
    let hash = std::hash::BuildHasher::hash_one(
        &std::hash::BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default(),
        (&kind, def.deprecated, def.validates),
    );
    Some(Shape { hash, kind, deprecated: def.deprecated, validates: def.validates })
}

/// Renames, in `ty`, every folded type to the one it now names.
fn kept(ty: &mut TypeRef, folded: &BTreeMap<String, String>) {
    match ty {
        TypeRef::Named(n) => {
            // Chains are short and acyclic (a kept type is never folded into one folded into it).
            while let Some(k) = folded.get(n.as_str()) {
                *n = k.clone();
            }
        }
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) => kept(inner, folded),
        _ => {}
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
    use crate::lower::lower;
    use crate::settings::ApiSettings;

    fn lowered(group_by_tag: bool) -> Model {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/shared_types.yaml");
        let text = std::fs::read_to_string(path).expect("the fixture");
        let settings = ApiSettings { group_by_tag: Some(group_by_tag), ..ApiSettings::default() };
        lower(&load_str(&text).expect("a valid document"), &settings).expect("lowers")
    }

    fn model() -> Model {
        lowered(false)
    }

    /// What `name` is an alias of, or `None` for a definition of its own.
    fn folded_into(model: &Model, name: &str) -> Option<String> {
        match &model.types.get(name).unwrap_or_else(|| panic!("no type {name}")).kind {
            TypeKind::Alias(TypeRef::Named(target)) => Some(target.clone()),
            TypeKind::Enum(_) | TypeKind::Struct(_) => None,
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
    fn identical_inline_objects_fold_and_then_their_identical_parents() {
        let m = model();
        assert_eq!(folded_into(&m, "ToyListMetaPage").as_deref(), Some("PetListMetaPage"));
        // The parents differed only by the names of their children, until those folded.
        assert_eq!(folded_into(&m, "ToyListMeta").as_deref(), Some("PetListMeta"));
        assert_eq!(m.types["ToyListMeta"].doc.as_deref(), Some("Where this page sits."));
        // One more field is another object.
        assert_eq!(folded_into(&m, "ToyListCursor"), None);
        assert_eq!(folded_into(&m, "PetList"), None);
        assert_eq!(folded_into(&m, "ToyList"), None);
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
        let m = lowered(true);
        assert_eq!(m.types["ToyListObject"].gate, ["toys"]);
        assert_eq!(m.types["PetListObject"].gate, ["pets", "toys"]);
        // `Direction` stands for `NewToySort` (toys) and `ListPetsOrder` (pets).
        assert_eq!(m.types["Direction"].gate, ["pets", "toys"]);
    }
}
