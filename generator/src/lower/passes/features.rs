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

use crate::ir::{Model, TypeKind, TypeRef};
use heck::ToKebabCase;
use std::collections::{BTreeMap, BTreeSet};

/// Feature names the generated crate's manifest already has, or that it adds beside the tags.
pub(crate) const RESERVED: &[&str] = &["default", "rustls", "native-tls", "proptest", "all-tags"];

/// Gates every operation and type (see the module docs) and lists the features.
pub(crate) fn group_by_tag(model: &mut Model) {
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    let tags: BTreeSet<String> = model.operations.iter().flat_map(|o| o.tags.iter().cloned()).collect();
    for tag in tags {
        let mut base = tag.to_kebab_case();
        if base.is_empty() || !base.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            base = format!("tag-{base}").trim_end_matches('-').to_string();
        }
        if RESERVED.contains(&base.as_str()) {
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
    // `None`: always compiled; `Some(set)`: any of these features.
    let mut gates: BTreeMap<String, Option<BTreeSet<String>>> = BTreeMap::new();
    for op in &mut model.operations {
        let gate: BTreeSet<String> = op.tags.iter().filter_map(|t| names.get(t).cloned()).collect();
        op.gate = gate.iter().cloned().collect();
        let mut todo: Vec<&TypeRef> = Vec::new();
        todo.extend(op.params.iter().map(|p| &p.ty));
        todo.extend(op.body.iter().map(|b| &b.ty));
        todo.extend(op.success.iter());
        todo.extend(op.errors.iter().map(|e| &e.ty));
        let mut seen = BTreeSet::new();
        while let Some(t) = todo.pop() {
            let name = match t {
                TypeRef::Named(n) => n,
                TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) => {
                    todo.push(inner);
                    continue;
                }
                _ => continue,
            };
            if !seen.insert(name.clone()) {
                continue;
            }
            let entry = gates.entry(name.clone()).or_insert_with(|| Some(BTreeSet::new()));
            match (entry, gate.is_empty()) {
                (entry @ Some(_), true) => *entry = None,
                (Some(set), false) => set.extend(gate.iter().cloned()),
                (None, _) => {}
            }
            let Some(def) = model.types.get(name) else { continue };
            match &def.kind {
                TypeKind::Struct(s) => todo.extend(s.fields.iter().map(|f| &f.ty)),
                TypeKind::Union(u) => todo.extend(u.variants.iter().map(|v| &v.ty)),
                TypeKind::Alias(t) => todo.push(t),
                TypeKind::Enum(_) => {}
            }
        }
    }
    // Types always compiled (reached by an ungated operation, or by none) make everything they
    // reach always compiled too.
    let mut todo: Vec<TypeRef> = model
        .types
        .keys()
        .filter(|n| gates.get(*n).is_none_or(Option::is_none))
        .map(|n| TypeRef::Named(n.clone()))
        .collect();
    let mut always = BTreeSet::new();
    while let Some(t) = todo.pop() {
        match t {
            TypeRef::Named(name) => {
                if !always.insert(name.clone()) {
                    continue;
                }
                match model.types.get(&name).map(|d| &d.kind) {
                    Some(TypeKind::Struct(s)) => todo.extend(s.fields.iter().map(|f| f.ty.clone())),
                    Some(TypeKind::Union(u)) => todo.extend(u.variants.iter().map(|v| v.ty.clone())),
                    Some(TypeKind::Alias(t)) => todo.push(t.clone()),
                    Some(TypeKind::Enum(_)) | None => {}
                }
            }
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) => todo.push(*inner),
            _ => {}
        }
    }
    for def in model.types.values_mut() {
        def.gate = match gates.get(&def.name) {
            Some(Some(set)) if !always.contains(&def.name) => set.iter().cloned().collect(),
            _ => Vec::new(),
        };
    }
    model.features = names.into_values().collect();
    model.features.sort();
}

#[cfg(test)]
mod tests {
    use crate::load::load_str;
    use crate::lower::{group_by_tag, lower};

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
        let mut model = lower(&load_str(DOC).unwrap()).unwrap();
        group_by_tag(&mut model);
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
