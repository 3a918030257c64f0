//! `oneOf` / `anyOf` as Rust types. The strategies are tried in order, each returning `None`
//! when it does not apply; the order goes from what the document states to what is inferred:
//!
//! 1. an explicit `discriminator` (tag values from `mapping`, else from each branch's
//!    single-valued enum on the property, else the schema name, as OpenAPI says);
//! 2. branches that are all the same string enum collapse into one enum (each value documented
//!    from the branch whose `title` is that value);
//! 3. object branches that each require a distinct single-valued enum property are tagged by
//!    it; at most one branch may lack such a value and then takes every other value;
//! 4. anything else decodes as the first branch that accepts the value (recorded as a warning).

use super::{enum_of, schema_doc, shape, Lowered, Lowerer, Shape};
use crate::error::{push_pointer, Error};
use crate::ir::*;
use crate::load::SchemaRef;
use crate::names;
use openapiv3::Schema;
use std::collections::{BTreeMap, BTreeSet};

/// A union branch after `$ref` resolution.
struct Branch<'a> {
    sref: SchemaRef<'a>,
    schema: &'a Schema,
    /// Component key of a `$ref` branch.
    component: Option<&'a str>,
}

impl<'d> Lowerer<'d> {
    pub(super) fn lower_union(
        &mut self,
        name: &str,
        schema: &Schema,
        branches: &[SchemaRef<'_>],
        ptr: &str,
        depth: usize,
    ) -> Result<Lowered, Error> {
        let doc = self.doc;
        let mut resolved = Vec::new();
        for (i, b) in branches.iter().enumerate() {
            let (s, component) = doc.resolve(*b, &format!("{ptr}/{i}"))?;
            let component = match b {
                SchemaRef::Ref(r) => Some(doc.component_name(r, ptr)?),
                SchemaRef::Inline(_) => component,
            };
            resolved.push(Branch { sref: *b, schema: s, component });
        }
        if resolved.is_empty() {
            self.warn(ptr, "an empty oneOf/anyOf; typed as a JSON value");
            return Ok(Lowered::Ref(TypeRef::Json));
        }
        // The schema object holding the `oneOf`/`anyOf`, where rewrites go.
        let holder = ptr.rsplit_once('/').map_or(ptr, |(parent, _)| parent);
        let was_one_of = ptr.ends_with("/oneOf");
        if let Some(d) = &schema.schema_data.discriminator {
            let tags = self.discriminator_tags(&d.property_name, &d.mapping, &resolved, ptr)?;
            let shared = self.shared_tags(&d.property_name, &tags, ptr);
            // A shared value maps to no one branch: the normalized mapping leaves it out.
            let mapping: Vec<(String, String)> = resolved
                .iter()
                .zip(&tags)
                .filter_map(|(b, tags)| match b.sref {
                    SchemaRef::Ref(r) => {
                        Some(tags.iter().filter(|t| !shared.contains(*t)).map(move |t| (t.clone(), r.to_string())))
                    }
                    SchemaRef::Inline(_) => None,
                })
                .flatten()
                .collect();
            if mapping.len() > d.mapping.len() {
                self.rewrite(holder, RewriteKind::Mapping(mapping));
            }
            if !shared.is_empty() && was_one_of {
                self.rewrite(holder, RewriteKind::AnyOf);
            }
            return self.tagged(name, &d.property_name, tags, &resolved, ptr, depth);
        }
        if let Some(e) = same_enum(&resolved) {
            self.warn(ptr, "every branch is the same string enum; collapsed into one enum");
            let values = e.variants.iter().map(|v| v.wire.clone()).collect();
            let own_default = schema.schema_data.default.is_some();
            let default = e.default.filter(|_| !own_default).map(|i| e.variants[i].wire.clone());
            self.rewrite(holder, RewriteKind::CollapseEnum { values, default });
            return Ok(Lowered::Kind(TypeKind::Enum(e)));
        }
        if let Some((property, tags)) = inferred_tag(self, &resolved, ptr) {
            self.warn(
                ptr,
                format!("no discriminator; branches told apart by their `{property}` value (inferred from single-valued required enums)"),
            );
            return self.tagged(name, &property, tags, &resolved, ptr, depth);
        }
        let all_enums = resolved.iter().all(|b| matches!(shape(b.schema), Shape::StringEnum(_)));
        self.warn(
            ptr,
            if all_enums {
                "string enums whose values overlap; a value decodes as the first branch listing it"
            } else {
                "no way to tell the branches apart from the data; a value decodes as the first branch that accepts it"
            },
        );
        if was_one_of {
            self.rewrite(holder, RewriteKind::AnyOf);
        }
        let variants = self.variants(name, &resolved, vec![Vec::new(); resolved.len()], ptr, depth)?;
        Ok(Lowered::Kind(TypeKind::Union(Union { strategy: UnionStrategy::Untagged, variants, selector: None })))
    }

    fn tagged(
        &mut self,
        name: &str,
        property: &str,
        tags: Vec<Vec<String>>,
        resolved: &[Branch<'_>],
        ptr: &str,
        depth: usize,
    ) -> Result<Lowered, Error> {
        let variants = self.variants(name, resolved, tags, ptr, depth)?;
        Ok(Lowered::Kind(TypeKind::Union(Union {
            strategy: UnionStrategy::Tagged { property: property.to_string() },
            variants,
            selector: None,
        })))
    }

    fn variants(
        &mut self,
        name: &str,
        resolved: &[Branch<'_>],
        tags: Vec<Vec<String>>,
        ptr: &str,
        depth: usize,
    ) -> Result<Vec<UnionVariant>, Error> {
        let mut types = Vec::new();
        let mut type_names = Vec::new();
        for (i, b) in resolved.iter().enumerate() {
            // An inline branch is named after its tag when it has one (`ModeAll`), else its position.
            let hint = match tags[i].first() {
                Some(tag) => format!("{name}{}", names::type_name(tag)),
                None => format!("{name}Variant{}", i + 1),
            };
            let ty = self.lower_ref(b.sref, &hint, &format!("{ptr}/{i}"), depth)?;
            type_names.push(match (&ty, b.component) {
                (TypeRef::Named(n), _) => n.clone(),
                (_, Some(c)) => names::type_name(c),
                // A primitive branch is named after its kind (`Integer`, `String`).
                (t, None) => primitive_name(t).map_or_else(|| format!("Variant{}", i + 1), str::to_owned),
            });
            types.push(ty);
        }
        let names = names::variant_names(name, &type_names);
        Ok(resolved
            .iter()
            .zip(types)
            .zip(names)
            .zip(tags)
            .map(|(((b, ty), name), tags)| UnionVariant { name, ty, tags, title: b.schema.schema_data.title.clone() })
            .collect())
    }

    /// Tag values more than one branch claims (the document's ambiguity), each with a warning:
    /// such a value is tried on each of them in turn, so it can match several.
    fn shared_tags(&mut self, property: &str, tags: &[Vec<String>], ptr: &str) -> BTreeSet<String> {
        let mut owners: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, branch_tags) in tags.iter().enumerate() {
            for t in branch_tags {
                owners.entry(t).or_default().push(i);
            }
        }
        let mut shared = BTreeSet::new();
        for (tag, branches) in owners.into_iter().filter(|(_, b)| b.len() > 1) {
            let list = branches.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
            self.warn(
                ptr,
                format!("branches {list} share the `{property}` value {tag:?}; such a value decodes as the first of them that accepts it"),
            );
            shared.insert(tag.to_owned());
        }
        shared
    }

    fn discriminator_tags(
        &mut self,
        property: &str,
        mapping: &indexmap::IndexMap<String, String>,
        resolved: &[Branch<'_>],
        ptr: &str,
    ) -> Result<Vec<Vec<String>>, Error> {
        let mut out = Vec::new();
        for (i, b) in resolved.iter().enumerate() {
            let target = b.component.map(|c| format!("#/components/schemas/{c}"));
            let mut tags: Vec<String> = mapping
                .iter()
                .filter(|(_, v)| Some(v.as_str()) == b.component || Some(*v) == target.as_ref())
                .map(|(k, _)| k.clone())
                .collect();
            if tags.is_empty() {
                if let Some(v) = single_value(self, b.schema, property, &format!("{ptr}/{i}")) {
                    self.warn(
                        &format!("{ptr}/{i}"),
                        format!("discriminator without mapping: tag {v:?} taken from the branch's single-valued `{property}` enum"),
                    );
                    tags.push(v);
                } else if let Some(c) = b.component {
                    tags.push(c.to_string());
                } else {
                    return Err(Error::at(
                        format!("{ptr}/{i}"),
                        format!("an inline branch of a discriminated union needs a mapping entry or a single-valued `{property}` enum"),
                    ));
                }
            }
            out.push(tags);
        }
        Ok(out)
    }
}

/// The property schema of an object branch, resolved.
fn property<'a>(l: &'a Lowerer<'_>, schema: &'a Schema, prop: &str, ptr: &str) -> Option<(&'a Schema, bool)> {
    let Shape::Object { properties, required, .. } = shape(schema) else { return None };
    let p = properties.get(prop)?;
    let (s, _) = l.doc.resolve(p.into(), &push_pointer(ptr, prop)).ok()?;
    Some((s, required.iter().any(|r| r == prop)))
}

/// All string values a schema allows, looking through compositions of enums.
fn string_values(l: &Lowerer<'_>, schema: &Schema) -> Option<BTreeSet<String>> {
    match shape(schema) {
        Shape::StringEnum(v) => Some(v.into_iter().collect()),
        Shape::OneOf(b) | Shape::AnyOf(b) => {
            let mut all = BTreeSet::new();
            for r in b {
                all.extend(string_values(l, l.doc.resolve(r, "#").ok()?.0)?);
            }
            Some(all)
        }
        _ => None,
    }
}

/// The one value a single-valued enum property of an object allows.
fn single_value(l: &Lowerer<'_>, schema: &Schema, prop: &str, ptr: &str) -> Option<String> {
    let (s, _) = property(l, schema, prop, ptr)?;
    let values = string_values(l, s)?;
    (values.len() == 1).then(|| values.into_iter().next()).flatten()
}

/// Strategy 2: every branch lists the same values.
fn same_enum(resolved: &[Branch<'_>]) -> Option<Enum> {
    let lists: Vec<Vec<String>> = resolved
        .iter()
        .map(|b| match shape(b.schema) {
            Shape::StringEnum(v) => Some(v),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let first: BTreeSet<&String> = lists[0].iter().collect();
    if lists.iter().any(|l| l.iter().collect::<BTreeSet<_>>() != first) {
        return None;
    }
    let mut docs = BTreeMap::new();
    for b in resolved {
        if let (Some(title), Some(d)) = (&b.schema.schema_data.title, schema_doc(Some(b.schema))) {
            docs.entry(title.clone()).or_insert(d);
        }
    }
    let default = resolved.iter().find_map(|b| b.schema.schema_data.default.as_ref());
    Some(enum_of(&lists[0], &docs, default))
}

/// Strategy 3: a property that tells object branches apart.
fn inferred_tag(l: &Lowerer<'_>, resolved: &[Branch<'_>], ptr: &str) -> Option<(String, Vec<Vec<String>>)> {
    let mut candidates: Vec<&String> = Vec::new();
    for b in resolved {
        let Shape::Object { properties, .. } = shape(b.schema) else { return None };
        for k in properties.keys() {
            if !candidates.contains(&k) {
                candidates.push(k);
            }
        }
    }
    'next: for prop in candidates {
        let mut tags = Vec::new();
        let mut seen = BTreeSet::new();
        let mut fallback: Option<Option<BTreeSet<String>>> = None;
        for (i, b) in resolved.iter().enumerate() {
            let p = property(l, b.schema, prop, &format!("{ptr}/{i}/properties"));
            let values = p.and_then(|(s, _)| string_values(l, s));
            match (p, values) {
                (Some((_, true)), Some(v)) if v.len() == 1 => {
                    let v = v.into_iter().next()?;
                    if !seen.insert(v.clone()) {
                        continue 'next;
                    }
                    tags.push(vec![v]);
                }
                (p, values) => {
                    if fallback.is_some() || p.is_some_and(|(_, req)| req && values.is_none()) {
                        continue 'next;
                    }
                    fallback = Some(values);
                    tags.push(Vec::new());
                }
            }
        }
        if seen.is_empty() {
            continue;
        }
        if let Some(Some(values)) = &fallback {
            if values.iter().any(|v| seen.contains(v)) {
                continue;
            }
        }
        return Some((prop.clone(), tags));
    }
    None
}

/// The name of a primitive type for a union variant, if it is one.
fn primitive_name(t: &TypeRef) -> Option<&'static str> {
    Some(match t {
        TypeRef::String => "String",
        TypeRef::Integer | TypeRef::Sized(_) => "Integer",
        TypeRef::Number => "Number",
        TypeRef::Boolean => "Boolean",
        TypeRef::Uuid => "Uuid",
        TypeRef::DateTime => "DateTime",
        TypeRef::Date => "Date",
        TypeRef::Json => "Value",
        TypeRef::Vec(_) => "List",
        TypeRef::Map(_) => "Map",
        TypeRef::File => "File",
        TypeRef::Named(_) | TypeRef::Boxed(_) => return None,
    })
}
