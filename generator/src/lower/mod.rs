//! Layer 2: OpenAPI -> [`Model`]. All the judgement lives here (union inference, enum
//! de-duplication, naming); the emitter only spells the result.

mod kinds;
mod operations;
mod passes;
mod rules;
mod servers;
mod shape;
mod unions;

use crate::names::{self, field_name, type_name};

use crate::error::{push_pointer, Error};
use crate::ir::*;
use crate::load::{Document, SchemaRef};
use shape::{shape, Shape};
use std::collections::{BTreeMap, BTreeSet};

/// Names a generated crate's root already uses: its `Client` and `ClientBuilder`, the runtime
/// types it re-exports, and prelude names. No generated item takes a prelude name, so the emitted
/// code can spell `Option`, `Some`, `Result`, `String`, ... short.
pub(crate) const RESERVED: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Error",
    "ApiError",
    "ValidationError",
    "Validate",
    "RetryPolicy",
    "Binary",
    "Download",
    "File",
    // The prelude's traits: a type of that name would shadow them wherever it is glob-imported.
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "ToString",
    "ToOwned",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "AsRef",
    "AsMut",
    "Result",
    "Option",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
];

/// Deeper nesting than this is refused instead of risking the stack.
const MAX_DEPTH: usize = 40;

/// Groups the operations by tag behind cargo features, gating each type by the operations that
/// reach it (see `passes/features.rs`); fills [`Model::features`].
pub fn group_by_tag(model: &mut Model) {
    passes::features::group_by_tag(model);
}

/// Lowers a loaded document to the model.
pub fn lower(doc: &Document) -> Result<Model, Error> {
    let mut l = Lowerer {
        doc,
        model: Model::default(),
        components: BTreeMap::new(),
        taken: BTreeSet::new(),
        inline: BTreeMap::new(),
    };
    l.taken.extend(RESERVED.iter().map(|s| s.to_string()));
    l.model.warnings.extend(doc.notes.iter().cloned());
    for (key, _) in doc.schemas() {
        let base = type_name(key);
        let name = l.unique(&base);
        if name != base {
            let by =
                if RESERVED.contains(&base.as_str()) { "a name the crate root already uses" } else { "another schema" };
            l.warn(&push_pointer("#/components/schemas", key), format!("`{base}` is taken by {by}; named `{name}`"));
        }
        l.components.insert(key.clone(), name);
    }
    for (key, schema) in doc.schemas() {
        let name = l.components[key].clone();
        let ptr = push_pointer("#/components/schemas", key);
        let lowered = match SchemaRef::from(schema) {
            SchemaRef::Ref(r) => {
                // An alias chain must end in a schema, or the aliases would define each other.
                doc.resolve(SchemaRef::Ref(r), &ptr)?;
                Lowered::Ref(l.lower_ref(SchemaRef::Ref(r), &name, &ptr, 0)?)
            }
            SchemaRef::Inline(s) => l.lower_as(&name, s, &ptr, 0)?,
        };
        let (kind, doc_text) = match lowered {
            Lowered::Kind(kind) => (kind, schema_doc(schema.as_item())),
            Lowered::Ref(r) => (TypeKind::Alias(r), schema_doc(schema.as_item())),
        };
        l.model.types.insert(
            name.clone(),
            TypeDef {
                name,
                pointer: ptr,
                doc: doc_text,
                kind,
                validates: false,
                gate: Vec::new(),
                recursive: false,
                deprecated: schema.as_item().is_some_and(|s| s.schema_data.deprecated),
            },
        );
    }
    passes::cycles::check_aliases(&l.model)?;
    operations::lower_operations(&mut l)?;
    passes::open_enums::open(&mut l.model);
    passes::constants::mark(&mut l.model);
    passes::correlate::correlate(&mut l.model);
    passes::validating::mark(&mut l.model);
    passes::cycles::break_cycles(&mut l.model);
    passes::docs::fill(&mut l.model);
    passes::shared_types::share(&mut l.model);
    l.model.default_base_url = servers::default_base_url(&mut l);
    // Without a top-level `security`, the scheme every operation uses, if they agree.
    l.model.default_auth = match &doc.api.security {
        Some(reqs) => operations::auth(&mut l, reqs, "#/security"),
        None => {
            let mut each = l.model.operations.iter().map(|o| &o.auth);
            let first = each.next().cloned().flatten();
            if each.all(|a| *a == first) {
                first
            } else {
                None
            }
        }
    };
    l.model.info = Info {
        title: doc.api.info.title.clone(),
        version: doc.api.info.version.clone(),
        description: doc.api.info.description.clone(),
    };
    l.model.warnings.sort();
    l.model.rewrites.sort();
    l.model.rewrites.dedup();
    Ok(l.model)
}

pub(crate) struct Lowerer<'d> {
    doc: &'d Document,
    model: Model,
    /// Component schema key -> Rust type name.
    components: BTreeMap<String, String>,
    /// Every type name given out (plus reserved ones).
    taken: BTreeSet<String>,
    /// Inline schemas already lowered, by JSON pointer: a schema reached again (a shared
    /// response, a property merged by `allOf`) gets the same type, not a copy.
    inline: BTreeMap<String, TypeRef>,
}

/// One property of an object, with the pointer of its schema.
struct Prop<'d> {
    wire: &'d str,
    schema: &'d openapiv3::ReferenceOr<Box<openapiv3::Schema>>,
    ptr: String,
}

/// What an object (or an `allOf` of objects) declares.
#[derive(Default)]
struct ObjectParts<'d> {
    props: Vec<Prop<'d>>,
    required: BTreeSet<&'d str>,
    additional: Option<(&'d openapiv3::AdditionalProperties, String)>,
}

impl<'d> ObjectParts<'d> {
    fn merge(&mut self, more: ObjectParts<'d>) {
        for prop in more.props {
            match self.props.iter_mut().find(|p| p.wire == prop.wire) {
                Some(existing) => *existing = prop,
                None => self.props.push(prop),
            }
        }
        self.required.extend(more.required);
        if self.additional.is_none() {
            self.additional = more.additional;
        }
    }
}

/// A schema lowered under a proposed name: a new named type, or a reference to an existing one.
enum Lowered {
    Kind(TypeKind),
    Ref(TypeRef),
}

/// Documentation of a schema: description, else title; plus its default. A single-element
/// composition without its own text is documented by its inline element.
fn schema_doc(schema: Option<&openapiv3::Schema>) -> Option<String> {
    let schema = schema?;
    let data = &schema.schema_data;
    if data.description.is_none() && data.title.is_none() && data.default.is_none() {
        if let Shape::AllOf(b) | Shape::OneOf(b) | Shape::AnyOf(b) = shape(schema) {
            if let [SchemaRef::Inline(inner)] = b.as_slice() {
                return schema_doc(Some(inner));
            }
        }
    }
    let mut text = data.description.clone().or_else(|| data.title.clone()).map(|d| d.trim().to_string());
    // Constants typed as their number or boolean type: the list is all that names them.
    if let Shape::OneOf(b) | Shape::AnyOf(b) = shape(schema) {
        if let Some(values) = unions::constants(&b).filter(|v| !v.iter().all(|c| c.value.is_string())) {
            let list: Vec<String> = values
                .iter()
                .map(|c| {
                    let mut line = format!("- `{}`", c.value);
                    if let Some(title) = &c.title {
                        line = format!("{line} {title}");
                    }
                    if let Some(d) = &c.description {
                        line = format!("{line}: {}", d.split_whitespace().collect::<Vec<_>>().join(" "));
                    }
                    line
                })
                .collect();
            let list = format!("One of:\n\n{}", list.join("\n"));
            text = Some(match text {
                Some(t) if !t.is_empty() => format!("{t}\n\n{list}"),
                _ => list,
            });
        }
    }
    if let Some(default) = &data.default {
        let line =
            format!("Default: `{}`.", default.as_str().map(str::to_owned).unwrap_or_else(|| default.to_string()));
        text = Some(match text {
            Some(t) if !t.is_empty() => format!("{t}\n\n{line}"),
            _ => line,
        });
    }
    text.filter(|t| !t.is_empty())
}

/// Whether a schema with a composition also declares properties or required ones of its own
/// (`allOf: [$ref]` plus `properties`): then it is a merge, not another name for its branch.
fn declares_own(schema: &openapiv3::Schema) -> bool {
    matches!(&schema.schema_kind, openapiv3::SchemaKind::Any(a) if !a.properties.is_empty() || !a.required.is_empty())
}

/// Whether a property holds a secret that must never be printed.
fn is_secret(wire: &str, format: Option<&str>) -> bool {
    let n = field_name(wire);
    format == Some("password")
        || [
            "password",
            "secret",
            "api_key",
            "apikey",
            "token",
            "access_token",
            "refresh_token",
            "private_key",
            "client_secret",
        ]
        .contains(&n.as_str())
        || ["_password", "_secret", "_token", "_api_key"].iter().any(|s| n.ends_with(s))
}

impl<'d> Lowerer<'d> {
    /// A type name not given out yet, derived from `hint`.
    fn unique(&mut self, hint: &str) -> String {
        names::claim(&mut self.taken, hint, "")
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.model.warnings.push(Warning { pointer: pointer.to_string(), message: message.into(), wire: false });
    }

    /// Records a choice that makes the request differ from what the document says.
    fn warn_wire(&mut self, pointer: &str, message: impl Into<String>) {
        self.model.warnings.push(Warning { pointer: pointer.to_string(), message: message.into(), wire: true });
    }

    /// Records how the normalized document states a resolution at `pointer`.
    fn rewrite(&mut self, pointer: &str, kind: RewriteKind) {
        let how = match &kind {
            RewriteKind::CollapseEnum { .. } => "`oneOf` of identical enums written as one `enum`",
            RewriteKind::AnyOf => "`oneOf` written as `anyOf`, since a value can match several branches",
            RewriteKind::Mapping(_) => "the discriminator's implied tags written as an explicit `mapping`",
        };
        self.warn(pointer, format!("normalized document: {how}"));
        self.model.rewrites.push(Rewrite { pointer: pointer.to_string(), kind });
    }

    /// The type for a schema position. Inline schemas that need a named type get one derived
    /// from `hint` (never from `title`, which may name another component).
    fn lower_ref(&mut self, s: SchemaRef<'_>, hint: &str, ptr: &str, depth: usize) -> Result<TypeRef, Error> {
        if depth > MAX_DEPTH {
            return Err(Error::at(ptr, format!("schemas nested more than {MAX_DEPTH} levels deep")));
        }
        match s {
            SchemaRef::Ref(r) => {
                let key = self.doc.component_name(r, ptr)?;
                Ok(TypeRef::Named(self.components[key].clone()))
            }
            SchemaRef::Inline(schema) => {
                if let Some(seen) = self.inline.get(ptr) {
                    return Ok(seen.clone());
                }
                let hint = self.union_hint(schema).unwrap_or_else(|| hint.to_string());
                let name = self.unique(&hint);
                let lowered = match self.lower_as(&name, schema, ptr, depth + 1)? {
                    Lowered::Kind(kind) => {
                        let def = TypeDef {
                            name: name.clone(),
                            pointer: ptr.to_string(),
                            doc: schema_doc(Some(schema)),
                            kind,
                            validates: false,
                            gate: Vec::new(),
                            recursive: false,
                            deprecated: schema.schema_data.deprecated,
                        };
                        self.model.types.insert(name.clone(), def);
                        TypeRef::Named(name)
                    }
                    Lowered::Ref(r) => {
                        self.taken.remove(&name);
                        r
                    }
                };
                self.inline.insert(ptr.to_string(), lowered.clone());
                Ok(lowered)
            }
        }
    }

    /// An inline union of components is named after what their names share
    /// (`AirPort | SeaPort` -> `Port`) when that name is free.
    fn union_hint(&self, schema: &openapiv3::Schema) -> Option<String> {
        let branches = match shape(schema) {
            Shape::OneOf(b) | Shape::AnyOf(b) if b.len() > 1 => b,
            _ => return None,
        };
        let names: Option<Vec<String>> = branches
            .iter()
            .map(|b| match b {
                SchemaRef::Ref(r) => self.doc.component_name(r, "#").ok().map(|k| self.components[k].clone()),
                SchemaRef::Inline(_) => None,
            })
            .collect();
        names::common_suffix(&names?).filter(|n| !self.taken.contains(n))
    }

    /// Lowers an inline schema that may become the named type `name`.
    fn lower_as(&mut self, name: &str, schema: &openapiv3::Schema, ptr: &str, depth: usize) -> Result<Lowered, Error> {
        Ok(match shape(schema) {
            Shape::String(format) => Lowered::Ref(match format.as_deref() {
                Some("uuid") => TypeRef::Uuid,
                Some("date-time") => TypeRef::DateTime,
                Some("date") => TypeRef::Date,
                _ => TypeRef::String,
            }),
            Shape::Integer(format) => {
                Lowered::Ref(format.as_deref().and_then(IntType::from_format).map_or(TypeRef::Integer, TypeRef::Sized))
            }
            Shape::Number => Lowered::Ref(TypeRef::Number),
            Shape::Boolean => Lowered::Ref(TypeRef::Boolean),
            Shape::Any => Lowered::Ref(TypeRef::Json),
            Shape::Loose(why) => {
                self.warn(ptr, format!("{why}; typed as a JSON value"));
                Lowered::Ref(TypeRef::Json)
            }
            Shape::StringEnum(values) => {
                let docs = BTreeMap::new();
                Lowered::Kind(TypeKind::Enum(enum_of(&values, &docs, schema.schema_data.default.as_ref())))
            }
            Shape::Array { items, .. } => {
                let item = match items {
                    Some(i) => self.lower_ref(i, &format!("{name}Item"), &format!("{ptr}/items"), depth)?,
                    None => TypeRef::Json,
                };
                Lowered::Ref(TypeRef::Vec(Box::new(item)))
            }
            Shape::Object { properties, additional, .. } => {
                // `{}` and nothing else: an empty struct, not a map.
                if properties.is_empty() && matches!(additional, Some(openapiv3::AdditionalProperties::Any(false))) {
                    return Ok(Lowered::Kind(TypeKind::Struct(Struct {
                        fields: Vec::new(),
                        form: false,
                        presence: None,
                    })));
                }
                if properties.is_empty() {
                    let value = match additional {
                        Some(openapiv3::AdditionalProperties::Schema(s)) => self.lower_ref(
                            s.as_ref().into(),
                            &format!("{name}Value"),
                            &format!("{ptr}/additionalProperties"),
                            depth,
                        )?,
                        _ => TypeRef::Json,
                    };
                    return Ok(Lowered::Ref(TypeRef::Map(Box::new(value))));
                }
                let parts = self.object_parts(schema, ptr, &[])?.unwrap_or_default();
                let mut lowered = self.lower_struct(name, &parts, depth)?;
                lowered.presence = shape::presence_sets(schema).map(|(exactly_one, sets)| Presence {
                    exactly_one,
                    sets: sets
                        .iter()
                        .map(|set| {
                            set.iter().filter_map(|w| lowered.fields.iter().position(|f| &f.wire == w)).collect()
                        })
                        .collect(),
                });
                Lowered::Kind(TypeKind::Struct(lowered))
            }
            Shape::AllOf(branches) | Shape::OneOf(branches) | Shape::AnyOf(branches)
                if branches.len() == 1 && schema.schema_data.discriminator.is_none() && !declares_own(schema) =>
            {
                // A single-element composition is its element (docs renderers wrap `$ref`s so).
                let inner_ptr = format!("{ptr}/{}/0", shape(schema).keyword().unwrap_or("allOf"));
                match branches[0] {
                    SchemaRef::Inline(inner) => self.lower_as(name, inner, &inner_ptr, depth + 1)?,
                    r => Lowered::Ref(self.lower_ref(r, name, &inner_ptr, depth)?),
                }
            }
            Shape::AllOf(_) => match self.object_parts(schema, ptr, &[])? {
                Some(parts) => Lowered::Kind(TypeKind::Struct(self.lower_struct(name, &parts, depth)?)),
                None => {
                    self.warn(ptr, "allOf of schemas that are not all objects cannot be merged; typed as a JSON value");
                    Lowered::Ref(TypeRef::Json)
                }
            },
            Shape::OneOf(branches) => self.lower_union(name, schema, &branches, &format!("{ptr}/oneOf"), depth)?,
            Shape::AnyOf(branches) => self.lower_union(name, schema, &branches, &format!("{ptr}/anyOf"), depth)?,
        })
    }

    /// The properties of an object, or of several merged by `allOf` (each `$ref` followed,
    /// nested `allOf`s flattened; a later declaration of a property refines an earlier one).
    /// `None` when a part is not an object: such an `allOf` has no struct. `chain` holds the
    /// pointers of the schemas being merged, to refuse one that includes itself.
    fn object_parts<'a>(
        &self,
        schema: &'a openapiv3::Schema,
        ptr: &str,
        chain: &[&str],
    ) -> Result<Option<ObjectParts<'a>>, Error>
    where
        'd: 'a,
    {
        use openapiv3::{SchemaKind, Type};
        if chain.len() > MAX_DEPTH {
            return Err(Error::at(ptr, format!("allOf nested more than {MAX_DEPTH} levels deep")));
        }
        let (properties, required, additional, all_of) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                (Some(&o.properties), &o.required[..], o.additional_properties.as_ref(), &[][..])
            }
            SchemaKind::AllOf { all_of } => (None, &[][..], None, &all_of[..]),
            // A `oneOf`/`anyOf` that only says which properties must be present leaves the
            // object an object (`shape::presence_sets`).
            SchemaKind::Any(a)
                if matches!(a.typ.as_deref(), None | Some("object"))
                    && ((a.one_of.is_empty() && a.any_of.is_empty()) || shape::presence_sets(schema).is_some())
                    && a.enumeration.is_empty()
                    && a.items.is_none() =>
            {
                (Some(&a.properties), &a.required[..], a.additional_properties.as_ref(), &a.all_of[..])
            }
            _ => return Ok(None),
        };
        let mut parts = ObjectParts::default();
        let mut chain = chain.to_vec();
        chain.push(ptr);
        for (i, branch) in all_of.iter().enumerate() {
            let branch_ptr = format!("{ptr}/allOf/{i}");
            let (inner, component) = self.doc.resolve(branch.into(), &branch_ptr)?;
            let inner_ptr = component.map_or(branch_ptr.clone(), |n| push_pointer("#/components/schemas", n));
            if chain.contains(&inner_ptr.as_str()) {
                return Err(Error::at(
                    &branch_ptr,
                    format!("{inner_ptr} includes itself through allOf (reference cycle); it cannot be a type"),
                ));
            }
            let Some(more) = self.object_parts(inner, &inner_ptr, &chain)? else { return Ok(None) };
            parts.merge(more);
        }
        let own = ObjectParts {
            props: properties
                .into_iter()
                .flatten()
                .map(|(wire, schema)| Prop { wire, schema, ptr: push_pointer(&format!("{ptr}/properties"), wire) })
                .collect(),
            required: required.iter().map(String::as_str).collect(),
            additional: match additional {
                None | Some(openapiv3::AdditionalProperties::Any(false)) => None,
                Some(a) => Some((a, format!("{ptr}/additionalProperties"))),
            },
        };
        parts.merge(own);
        Ok(Some(parts))
    }

    fn lower_struct(&mut self, name: &str, parts: &ObjectParts<'_>, depth: usize) -> Result<Struct, Error> {
        let mut fields = Vec::new();
        let mut used = BTreeSet::new();
        for Prop { wire, schema: prop, ptr: prop_ptr } in &parts.props {
            let field = names::claim(&mut used, &field_name(wire), "_");
            let sref = SchemaRef::from(*prop);
            let ty = self.lower_ref(sref, &format!("{name}{}", type_name(wire)), prop_ptr, depth)?;
            let (resolved, _) = self.doc.resolve(sref, prop_ptr)?;
            let format = match shape(resolved) {
                Shape::String(f) => f,
                _ => None,
            };
            let (rules, warning) = rules::rules(resolved, &ty);
            if let Some(warning) = warning {
                self.warn(prop_ptr, warning);
            }
            // An annotation counts whether it is on the property or on the schema it names.
            let inline = match sref {
                SchemaRef::Inline(s) => Some(&s.schema_data),
                SchemaRef::Ref(_) => None,
            };
            let flag = |f: fn(&openapiv3::SchemaData) -> bool| inline.is_some_and(f) || f(&resolved.schema_data);
            let read_only = flag(|d| d.read_only);
            let mut doc = match sref {
                SchemaRef::Inline(s) => schema_doc(Some(s)),
                SchemaRef::Ref(_) => None,
            };
            let note = |doc: &mut Option<String>, line: &str| {
                *doc = Some(match doc.take() {
                    Some(d) => format!("{d}\n\n{line}"),
                    None => line.to_string(),
                });
            };
            // Formats the Rust type does not carry are stated, so the expected text is known.
            if let Some(f) =
                format.as_deref().filter(|f| !["uuid", "binary", "password", "date-time", "date"].contains(f))
            {
                note(&mut doc, &format!("Format: `{f}`."));
            }
            if read_only {
                note(&mut doc, "Read-only: set by the server, so optional here and left out of requests when `None`.");
            }
            if flag(|d| d.write_only) {
                note(&mut doc, "Write-only: sent in requests, never returned.");
            }
            fields.push(Field {
                name: field,
                wire: wire.to_string(),
                doc,
                ty,
                required: parts.required.contains(wire) && !read_only,
                nullable: flag(|d| d.nullable),
                deprecated: flag(|d| d.deprecated),
                flatten: false,
                sensitive: is_secret(wire, format.as_deref()),
                constant: false,
                rules,
                correlated_with: None,
                part_type: None,
                clearable: !parts.required.contains(wire) && flag(|d| d.nullable),
            });
        }
        if let Some((additional, ptr)) = &parts.additional {
            // Properties beyond the declared ones are kept, not dropped on the way through.
            let value = match additional {
                openapiv3::AdditionalProperties::Schema(s) => {
                    self.lower_ref(s.as_ref().into(), &format!("{name}Value"), ptr, depth)?
                }
                openapiv3::AdditionalProperties::Any(_) => TypeRef::Json,
            };
            fields.push(Field {
                name: names::claim(&mut used, "additional_properties", "_"),
                wire: String::new(),
                doc: Some("Properties beyond the declared ones (`additionalProperties`).".into()),
                ty: TypeRef::Map(Box::new(value)),
                required: false,
                nullable: false,
                deprecated: false,
                flatten: true,
                sensitive: false,
                constant: false,
                rules: Rules::default(),
                correlated_with: None,
                part_type: None,
                clearable: false,
            });
        }
        Ok(Struct { fields, form: false, presence: None })
    }

    /// The struct for a `multipart/form-data` body: the object's properties, with each
    /// `format: binary` one (or list of them) as a file. `None` when the schema is no object.
    fn lower_form(
        &mut self,
        s: SchemaRef<'_>,
        hint: &str,
        ptr: &str,
        encoding: &indexmap::IndexMap<String, openapiv3::Encoding>,
    ) -> Result<Option<TypeRef>, Error> {
        let (schema, component) = self.doc.resolve(s, ptr)?;
        let schema_ptr = component.map_or_else(|| ptr.to_string(), |n| push_pointer("#/components/schemas", n));
        let Some(mut parts) = self.object_parts(schema, &schema_ptr, &[])? else { return Ok(None) };
        // A form has no place for undeclared properties.
        parts.additional = None;
        let name = self.unique(hint);
        let mut form = self.lower_struct(&name, &parts, 0)?;
        form.form = true;
        for (field, prop) in form.fields.iter_mut().zip(&parts.props) {
            // A part is there or not: a form has no `null`.
            field.clearable = false;
            let (resolved, _) = self.doc.resolve(prop.schema.into(), &prop.ptr)?;
            // The part's media type, when the `encoding` entry names one (a list or a wildcard
            // says what is allowed, not what a part is: the file's own type or the default stands).
            let declared = encoding.get(&field.wire).and_then(|e| e.content_type.as_deref());
            field.part_type = declared.filter(|m| !m.contains([',', '*'])).map(|m| m.trim().to_string());
            if encoding.get(&field.wire).is_some_and(|e| !e.headers.is_empty()) {
                let at = push_pointer(&format!("{}/encoding", ptr.strip_suffix("/schema").unwrap_or(ptr)), &field.wire);
                self.warn_wire(&at, "per-part headers of a multipart `encoding` are not sent");
            }
            let binary = |s: &openapiv3::Schema| matches!(shape(s), Shape::String(Some(f)) if f == "binary");
            if binary(resolved) {
                field.ty = TypeRef::File;
            } else if let Shape::Array { items: Some(items), .. } = shape(resolved) {
                if binary(self.doc.resolve(items, &prop.ptr)?.0) {
                    field.ty = TypeRef::Vec(Box::new(TypeRef::File));
                }
            }
            // An object part is JSON text: labelling it as another media type would misstate it.
            let object = |ty: &TypeRef| match ty {
                TypeRef::Map(_) | TypeRef::Json => true,
                TypeRef::Named(n) => {
                    matches!(self.model.types.get(n).map(|t| &t.kind), Some(TypeKind::Struct(_) | TypeKind::Union(_)))
                }
                _ => false,
            };
            let element = match &field.ty {
                TypeRef::Vec(inner) => inner.as_ref(),
                other => other,
            };
            if let Some(media) =
                field.part_type.clone().filter(|m| object(element) && !operations::is_json(operations::media_type(m)))
            {
                let at = push_pointer(&format!("{}/encoding", ptr.strip_suffix("/schema").unwrap_or(ptr)), &field.wire);
                self.warn_wire(
                    &at,
                    format!("an object part declared as {media}: it is sent as JSON text, labelled application/json"),
                );
                field.part_type = None;
            }
        }
        let def = TypeDef {
            name: name.clone(),
            pointer: schema_ptr,
            doc: schema_doc(Some(schema)),
            kind: TypeKind::Struct(form),
            validates: false,
            gate: Vec::new(),
            recursive: false,
            deprecated: false,
        };
        self.model.types.insert(name.clone(), def);
        Ok(Some(TypeRef::Named(name)))
    }
}

/// A string enum; `docs` maps a value to its documentation. A single-valued enum defaults to
/// its value, so a constant property never has to be spelled by users.
fn enum_of(values: &[String], docs: &BTreeMap<String, String>, default: Option<&serde_json::Value>) -> Enum {
    let mut seen = BTreeSet::new();
    let mut used = BTreeSet::new();
    let mut variants = Vec::new();
    for v in values {
        if !seen.insert(v.clone()) {
            continue;
        }
        let name = names::claim(&mut used, &type_name(v), "");
        variants.push(Variant { name, wire: v.clone(), doc: docs.get(v).cloned() });
    }
    let default = match default.and_then(|d| d.as_str()) {
        Some(d) => variants.iter().position(|v| v.wire == d),
        None if variants.len() == 1 => Some(0),
        None => None,
    };
    Enum { variants, default, catch_all: None }
}
