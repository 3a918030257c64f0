//! Operations grouped by tag behind cargo features, so that a program calling a few operations
//! of a large API compiles a fraction of the crate.
//!
//! Each tag is a feature (its name in kebab case). An operation is compiled when any of its tags'
//! features is on; one without tags always is. A type is compiled when any operation that reaches
//! it (through parameters, bodies, responses, fields, variants and aliases) is: its gate is the
//! union of theirs, and it has none (always compiled) when an ungated operation reaches it, no
//! operation does, or an always-compiled type names it. Whatever a compiled type names is reached
//! by everything that reaches the type, so its gate is at least as wide: no combination of
//! features leaves a dangling name.

use crate::ir::{Model, TypeRef};
use crate::names::reserved;
use heck::ToKebabCase;
use std::collections::{BTreeMap, BTreeSet};

/// Gates every operation and type (see the module docs) and lists the features.
pub(crate) fn group_by_tag(model: &mut Model) {
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: BTreeSet<String> = reserved::FEATURES.iter().map(|s| s.to_string()).collect();
    let tags: BTreeSet<String> = model.operations.iter().flat_map(|o| o.tags.iter().cloned()).collect();
    for tag in tags {
        let mut base = tag.to_kebab_case();
        if base.is_empty() || !base.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            base = format!("tag-{base}").trim_end_matches('-').to_string();
        }
        if reserved::FEATURES.contains(&base.as_str()) {
            base = format!("{base}-tag");
        }
        let mut name = base.clone();
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{base}-{n}");
            n += 1;
        }
        names.insert(tag, name);
    }
    for op in &mut model.operations {
        op.gate = op.tags.iter().filter_map(|t| names.get(t).cloned()).collect::<BTreeSet<_>>().into_iter().collect();
    }
    // Each type's features, from the operations that reach it; an ungated one makes it always
    // compiled (no entry there, like a type no operation reaches).
    let mut gates: BTreeMap<&str, BTreeSet<&String>> = BTreeMap::new();
    let mut always: BTreeSet<&str> = BTreeSet::new();
    for op in &model.operations {
        let roots = op.params.iter().map(|p| &p.ty).chain(op.body.iter().map(|b| &b.ty)).chain(op.success.body.json());
        for name in reach(model, roots.chain(op.errors.iter().map(|e| &e.ty))) {
            if op.gate.is_empty() {
                always.insert(name);
            } else {
                gates.entry(name).or_default().extend(&op.gate);
            }
        }
    }
    // What an always-compiled type names is always compiled too.
    let roots: Vec<TypeRef> = model
        .types
        .keys()
        .filter(|n| always.contains(n.as_str()) || !gates.contains_key(n.as_str()))
        .map(|n| TypeRef::Named(n.clone()))
        .collect();
    always.extend(reach(model, &roots));
    let gated: BTreeMap<String, Vec<String>> = gates
        .into_iter()
        .filter(|(name, _)| !always.contains(name))
        .map(|(name, set)| (name.to_owned(), set.into_iter().cloned().collect()))
        .collect();
    for def in model.types.values_mut() {
        def.gate = gated.get(&def.name).cloned().unwrap_or_default();
    }
    model.features = names.into_values().collect();
    model.features.sort();
}

/// Every named type `roots` reach through fields, variants and aliases, themselves included.
fn reach<'m>(model: &'m Model, roots: impl IntoIterator<Item = &'m TypeRef>) -> BTreeSet<&'m str> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&str> = roots.into_iter().filter_map(TypeRef::named).collect();
    while let Some(name) = todo.pop() {
        if let Some(def) = model.types.get(name).filter(|_| seen.insert(name)) {
            todo.extend(def.kind.refs().into_iter().filter_map(TypeRef::named));
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use crate::load::load_str;
    use crate::lower::lower;
    use crate::settings::ApiSettings;

    const DOC: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [Pets]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}}
  /stores:
    get:
      operationId: listStores
      tags: [Store Front, Pets]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Store'}}}}
  /health:
    get:
      operationId: health
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Tag'}}}}
  /owners:
    get:
      operationId: listOwners
      tags: [Store Front, Pets]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Owner'}}}}
  /badges:
    get:
      operationId: listBadges
      tags: [Pets]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Badge'}}}}}
  /default:
    get:
      operationId: odd
      tags: [default]
      responses:
        '204': {description: ok}
components:
  schemas:
    Tag: {type: object, properties: {name: {type: string}}}
    Pet: {type: object, properties: {tag: {$ref: '#/components/schemas/Tag'}, kind: {type: string, enum: [cat, dog]}}}
    Store: {type: object, properties: {pets: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}
    Unused: {type: object, properties: {a: {type: string}, store: {$ref: '#/components/schemas/Store'}}}
    Owner: {type: object, properties: {badge: {$ref: '#/components/schemas/Badge'}}}
    Badge: {type: string, enum: [gold, silver]}
"#;

    #[test]
    fn operations_and_the_types_they_reach_are_gated_by_their_tags() {
        let grouped = ApiSettings { group_by_tag: Some(true), ..ApiSettings::default() };
        let model = lower(&load_str(DOC).unwrap(), &grouped).unwrap();
        assert_eq!(model.features, ["default-tag", "pets", "store-front"]);
        let op = |n: &str| model.operations.iter().find(|o| o.name == n).unwrap().gate.clone();
        assert_eq!(op("list_pets"), ["pets"]);
        assert_eq!(op("list_stores"), ["pets", "store-front"]);
        assert!(op("health").is_empty());
        assert_eq!(op("odd"), ["default-tag"]);
        let ty = |n: &str| model.types[n].gate.clone();
        // Reached by operations of both tags (`Badge` through `Owner` too).
        assert_eq!(ty("Owner"), ["pets", "store-front"]);
        assert_eq!(ty("Badge"), ["pets", "store-front"]);
        // Reached by an untagged operation too, by none, or by a type always compiled: always.
        assert!(ty("Tag").is_empty());
        assert!(ty("Unused").is_empty());
        assert!(ty("Store").is_empty());
        assert!(ty("Pet").is_empty());
    }
}
