//! `oneOf` / `anyOf` as Rust types. The strategies are tried in order, each returning `None`
//! when it does not apply; the order goes from what the document states to what is inferred:
//!
//! 1. an explicit `discriminator` (tag values from `mapping`, else from each branch's
//!    single-valued enum on the property, else the schema name, as OpenAPI says);
//! 2. branches that are all the same string enum collapse into one enum (each value documented
//!    from the branch whose `title` is that value); inline branches that are each one distinct
//!    constant (`const`, or a one-value `enum`: how schema generators give each value of an
//!    enumeration a title or description) are that enumeration: one string enum, each value
//!    documented from its branch, or the number or boolean type with its values listed; and a
//!    plain string beside a string enum (any string, the listed ones named) is that enum, open:
//!    any other string is kept in its catch-all variant;
//! 3. object branches (an `allOf` of objects counts) that each require an enum property, no
//!    value of which another branch lists (strings, or integers), are tagged by it; at most one
//!    branch may lack such a value and then takes every other value;
//! 4. branches that accept different kinds of JSON value (a string, a number, an array of
//!    strings, an object) are told apart by the value's kind;
//! 5. anything else decodes as the first branch that accepts the value (recorded as a warning).

use super::enumerations::{constants, listed_or_any, same_enum, Constant};
use super::kinds::Kinds;
use super::{enum_of, shape, Lowered, Lowerer, Shape};
use crate::error::Error;
use crate::ir::*;
use crate::load::SchemaRef;
use crate::names;
use openapiv3::Schema;
use std::collections::{BTreeMap, BTreeSet};

/// A union branch after `$ref` resolution.
#[derive(Clone, Copy)]
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
        let resolved = self.resolve_branches(branches, ptr)?;
        if resolved.is_empty() {
            self.warn(ptr, "an empty oneOf/anyOf; typed as a JSON value");
            return Ok(Lowered::Ref(TypeRef::Json));
        }
        // The schema object holding the `oneOf`/`anyOf`, where rewrites go.
        let holder = ptr.rsplit_once('/').map_or(ptr, |(parent, _)| parent);
        let was_one_of = ptr.ends_with("/oneOf");
        if let Some(d) = &schema.schema_data.discriminator {
            return self.discriminated(name, d, &resolved, ptr, depth);
        }
        if let Some(e) = same_enum(&resolved.iter().map(|b| b.schema).collect::<Vec<_>>()) {
            self.warn(ptr, "every branch is the same string enum; collapsed into one enum");
            let values = e.variants.iter().map(|v| v.wire.clone()).collect();
            let own_default = schema.schema_data.default.is_some();
            let default = e.default.filter(|_| !own_default).map(|i| e.variants[i].wire.clone());
            self.rewrite(holder, RewriteKind::CollapseEnum { values, default });
            return Ok(Lowered::Kind(TypeKind::Enum(e)));
        }
        if let Some(values) = constants(branches) {
            return Ok(self.enumeration(schema, values, ptr));
        }
        if let Some(mut e) = listed_or_any(schema, branches) {
            super::passes::open_enums::make_open(&mut e);
            // A listed value matches both branches: valid JSON Schema only as `anyOf`.
            if was_one_of {
                self.rewrite(holder, RewriteKind::AnyOf);
            }
            return Ok(Lowered::Kind(TypeKind::Enum(e)));
        }
        if let Some((property, numeric, tags)) = inferred_tag(self, &resolved, ptr) {
            let from = if tags.iter().all(|t| t.len() <= 1) {
                "single-valued required enums"
            } else {
                "required enums whose values no two branches share"
            };
            self.warn(
                ptr,
                format!("no discriminator; branches told apart by their `{property}` value (inferred from {from})"),
            );
            let tags = tags.into_iter().map(Some).collect();
            let union = self.tagged(name, &property, numeric, tags, &resolved, ptr, depth)?;
            return Ok(Lowered::Kind(TypeKind::Union(union)));
        }
        // What each branch accepts, for strategies 4 and 5 (`None`: a branch too deep to tell).
        let kinds = resolved.iter().map(|b| self.kinds(b.schema, 0)).collect::<Option<Vec<_>>>();
        if let Some(empty_list_shared) = kinds.as_deref().and_then(told_apart_by_kind) {
            // The empty list matches every list branch: valid JSON Schema only as `anyOf`.
            if empty_list_shared && was_one_of {
                self.rewrite(holder, RewriteKind::AnyOf);
            }
            let variants = self.variants(name, &resolved, vec![Vec::new(); resolved.len()], ptr, depth)?;
            return Ok(Lowered::Kind(TypeKind::Union(Union {
                strategy: UnionStrategy::ByKind,
                variants,
                selector: None,
                api: UnionApi::default(),
            })));
        }
        if let Some((property, numeric, tags)) = kinds.as_deref().and_then(|k| kind_then_tag(self, &resolved, k, ptr)) {
            self.warn(
                ptr,
                format!("no discriminator; objects told apart by their `{property}` value (inferred), other values by their kind"),
            );
            let union = self.tagged(name, &property, numeric, tags, &resolved, ptr, depth)?;
            return Ok(Lowered::Kind(TypeKind::Union(union)));
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
        Ok(Lowered::Kind(TypeKind::Union(Union {
            strategy: UnionStrategy::Untagged,
            variants,
            selector: None,
            api: UnionApi::default(),
        })))
    }

    /// Each branch with `$ref`s followed, keeping the component it names.
    fn resolve_branches<'b>(&self, branches: &[SchemaRef<'b>], ptr: &str) -> Result<Vec<Branch<'b>>, Error>
    where
        'd: 'b,
    {
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
        Ok(resolved)
    }

    /// Strategy 1: a union with a `discriminator`, tagged by its property; the implied tags are
    /// written into the normalized document as an explicit `mapping`.
    fn discriminated(
        &mut self,
        name: &str,
        d: &openapiv3::Discriminator,
        resolved: &[Branch<'_>],
        ptr: &str,
        depth: usize,
    ) -> Result<Lowered, Error> {
        let holder = ptr.rsplit_once('/').map_or(ptr, |(parent, _)| parent);
        let was_one_of = ptr.ends_with("/oneOf");
        let tags = self.discriminator_tags(&d.property_name, &d.mapping, resolved, ptr)?;
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
        let tags = tags.into_iter().map(Some).collect();
        let union = self.tagged(name, &d.property_name, false, tags, resolved, ptr, depth)?;
        Ok(Lowered::Kind(TypeKind::Union(union)))
        }

    /// Strategy 2, second form: the branches' constants as one type (see [`constants`]).
    fn enumeration(&mut self, schema: &Schema, values: Vec<Constant>, ptr: &str) -> Lowered {
        if values.iter().all(|c| c.value.is_string()) {
            let docs = values
                .iter()
                .filter_map(|c| Some((c.value.as_str()?.to_owned(), c.doc()?)))
                .collect::<BTreeMap<_, _>>();
            let wire: Vec<String> = values.iter().filter_map(|c| c.value.as_str().map(str::to_owned)).collect();
            return Lowered::Kind(TypeKind::Enum(enum_of(&wire, &docs, schema.schema_data.default.as_ref())));
        }
        if values.iter().all(|c| c.value.is_i64()) {
            // Each value named by its branch's title, when it has one.
            let listed: Vec<(i64, Option<String>, Option<String>)> =
                values.iter().filter_map(|c| Some((c.value.as_i64()?, c.title.clone(), c.doc()))).collect();
            return Lowered::Kind(TypeKind::Enum(super::enumerations::integer_enum(
                &listed,
                schema.schema_data.default.as_ref(),
            )));
        }
        let (scalar, kind) = if values.iter().all(|c| c.value.is_i64() || c.value.is_u64()) {
            let format = match &schema.schema_kind {
                openapiv3::SchemaKind::Any(a) => a.format.as_deref(),
                _ => None,
            };
            (format.and_then(IntType::from_format).map_or(TypeRef::Integer, TypeRef::Sized), "integer")
        } else if values.iter().all(|c| c.value.is_number()) {
            (TypeRef::Number, "number")
        } else {
            (TypeRef::Boolean, "boolean")
        };
        self.warn(
            ptr,
            format!(
                "each branch is one {kind} constant; typed as a plain {kind}, its values listed in the documentation, not checked"
            ),
        );
        Lowered::Ref(scalar)
    }

    /// A union decoded by a property's value; a branch whose tags are `None` is not an object
    /// and is chosen by its kind.
    #[allow(clippy::too_many_arguments)]
    fn tagged(
        &mut self,
        name: &str,
        property: &str,
        numeric: bool,
        tags: Vec<Option<Vec<String>>>,
        resolved: &[Branch<'_>],
        ptr: &str,
        depth: usize,
    ) -> Result<Union, Error> {
        let by_kind: Vec<bool> = tags.iter().map(Option::is_none).collect();
        let tags = tags.into_iter().map(Option::unwrap_or_default).collect();
        let mut variants = self.variants(name, resolved, tags, ptr, depth)?;
        for (v, by_kind) in variants.iter_mut().zip(by_kind) {
            v.by_kind = by_kind;
        }
        let plan = tag_plan(property, numeric, &variants);
        Ok(Union {
            strategy: UnionStrategy::Tagged(Box::new(plan)),
            variants,
            selector: None,
            api: UnionApi::default(),
        })
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
            .map(|(((b, ty), name), tags)| UnionVariant {
                name,
                ty,
                tags,
                by_kind: false,
                title: b.schema.schema_data.title.clone(),
            })
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

/// A property of an object branch (an `allOf` of objects counts, its parts merged), resolved,
/// with whether the branch requires it.
fn property<'a>(l: &'a Lowerer<'_>, schema: &'a Schema, prop: &str, ptr: &str) -> Option<(&'a Schema, bool)> {
    let parts = l.object_parts(schema, ptr, &[]).ok()??;
    let p = parts.props.iter().find(|p| p.wire == prop)?;
    let (s, _) = l.doc.resolve(p.schema.into(), &p.ptr).ok()?;
    Some((s, parts.required.contains(prop)))
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

/// Strategy 4: whether no two branches accept the same kind of JSON value (see
/// [`super::kinds`]); `Some(true)` when two accept lists, whose items differ in kind, so that
/// only the empty list matches both.
fn told_apart_by_kind(kinds: &[Kinds]) -> Option<bool> {
    let pairs = || kinds.iter().enumerate().flat_map(|(i, a)| kinds[i + 1..].iter().map(move |b| (a, b)));
    pairs().all(|(a, b)| !a.overlaps(b)).then(|| pairs().any(|(a, b)| a.both_arrays(b)))
}

/// Strategy 5: objects told apart by a tag (strategy 3) beside values of other kinds told apart
/// by their kind (strategy 4): a string mode or a list beside objects tagged by `type`. Gives
/// the tag property, whether it is an integer, and each branch's tag values (`None` for a
/// branch that is not an object).
#[allow(clippy::type_complexity)]
fn kind_then_tag(
    l: &Lowerer<'_>,
    resolved: &[Branch<'_>],
    kinds: &[Kinds],
    ptr: &str,
) -> Option<(String, bool, Vec<Option<Vec<String>>>)> {
    let objects: Vec<Branch<'_>> =
        resolved.iter().zip(kinds).filter(|(_, k)| k.only_objects()).map(|(b, _)| *b).collect();
    let others: Vec<_> = kinds.iter().filter(|k| !k.takes_objects()).collect();
    if objects.len() < 2 || others.is_empty() || objects.len() + others.len() != resolved.len() {
        return None;
    }
    if others.iter().enumerate().any(|(i, a)| others[i + 1..].iter().any(|b| a.overlaps(b))) {
        return None;
    }
    let (property, numeric, tags) = inferred_tag(l, &objects, ptr)?;
    let mut tags = tags.into_iter();
    let per_branch = kinds.iter().map(|k| if k.only_objects() { tags.next() } else { None }).collect();
    Some((property, numeric, per_branch))
}

/// Strategy 3: a property that tells object branches apart, with whether its values are
/// integers rather than strings. A branch's values are those its required `enum` lists (`type:
/// [0, 2, 4]` here, `[1]` there), so long as no other branch lists one of them.
fn inferred_tag(l: &Lowerer<'_>, resolved: &[Branch<'_>], ptr: &str) -> Option<(String, bool, Vec<Vec<String>>)> {
    let mut candidates: Vec<&str> = Vec::new();
    for (i, b) in resolved.iter().enumerate() {
        let parts = l.object_parts(b.schema, &format!("{ptr}/{i}"), &[]).ok()??;
        for p in parts.props {
            if !candidates.contains(&p.wire) {
                candidates.push(p.wire);
            }
        }
    }
    'next: for prop in candidates {
        let mut tags = Vec::new();
        let mut seen = BTreeSet::new();
        let mut numeric = None;
        let mut fallback: Option<Option<BTreeSet<String>>> = None;
        for (i, b) in resolved.iter().enumerate() {
            let p = property(l, b.schema, prop, &format!("{ptr}/{i}"));
            let values = p.and_then(|(s, _)| tag_values(l, s));
            if let Some((_, is_number)) = &values {
                // Strings in one branch and integers in another are no one tag.
                if *numeric.get_or_insert(*is_number) != *is_number {
                    continue 'next;
                }
            }
            let values = values.map(|(v, _)| v);
            match (p, values) {
                (Some((_, true)), Some(v)) if !v.is_empty() => {
                    for value in &v {
                        if !seen.insert(value.clone()) {
                            continue 'next;
                        }
                    }
                    tags.push(v.into_iter().collect());
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
        let numeric = numeric.unwrap_or(false);
        if numeric {
            for t in &mut tags {
                t.sort_by_key(|digits| digits.parse::<i64>().ok());
            }
        }
        return Some((prop.to_owned(), numeric, tags));
    }
    None
}

/// The values a tag property allows: strings (looking through compositions of enums), else
/// the integers of an integer `enum`, as their decimal digits, with `true`.
fn tag_values(l: &Lowerer<'_>, schema: &Schema) -> Option<(BTreeSet<String>, bool)> {
    use openapiv3::{SchemaKind, Type};
    if let Some(strings) = string_values(l, schema) {
        return Some((strings, false));
    }
    let integers: Vec<i64> = match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().copied().collect::<Option<_>>()?,
        // An `enum` beside `allOf` (a `$ref` to the whole list of values) parses so; the
        // `enum` is the narrower.
        SchemaKind::Any(a) if a.one_of.is_empty() && a.any_of.is_empty() && !a.enumeration.is_empty() => {
            if let Some(strings) = a.enumeration.iter().map(|v| v.as_str().map(str::to_owned)).collect() {
                return Some((strings, false));
            }
            a.enumeration.iter().map(serde_json::Value::as_i64).collect::<Option<_>>()?
        }
        _ => return None,
    };
    (!integers.is_empty()).then(|| (integers.iter().map(i64::to_string).collect(), true))
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

/// The decoding plan of a tagged union: a value only one variant has goes to it (one arm per
/// variant); a value several have is tried on each in document order; values that are not
/// objects go to the variants chosen by kind; any other value to the variant without tags.
fn tag_plan(property: &str, numeric: bool, variants: &[UnionVariant]) -> TagPlan {
    let owners = |tag: &String| -> Vec<usize> {
        variants.iter().enumerate().filter(|(_, w)| w.tags.contains(tag)).map(|(j, _)| j).collect()
    };
    let mut routes = Vec::new();
    let mut shared: Vec<&String> = Vec::new();
    for (i, v) in variants.iter().enumerate() {
        let (own, more): (Vec<&String>, Vec<&String>) = v.tags.iter().partition(|t| owners(t).len() == 1);
        if !own.is_empty() {
            routes.push(TagRoute { tags: own.into_iter().cloned().collect(), variants: vec![i] });
        }
        for t in more {
            if !shared.contains(&t) {
                shared.push(t);
            }
        }
    }
    for tag in shared {
        routes.push(TagRoute { tags: vec![tag.clone()], variants: owners(tag) });
    }
    let mut known: Vec<String> = Vec::new();
    for t in variants.iter().flat_map(|v| &v.tags) {
        if !known.contains(t) {
            known.push(t.clone());
        }
    }
    TagPlan {
        property: property.to_string(),
        numeric,
        routes,
        fallback: variants.iter().position(|v| v.tags.is_empty() && !v.by_kind),
        known,
        by_kind: variants.iter().enumerate().filter(|(_, v)| v.by_kind).map(|(i, _)| i).collect(),
    }
}
