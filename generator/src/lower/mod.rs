//! Layer 2: OpenAPI -> [`Model`]. All the judgement lives here (union inference, enum
//! de-duplication, naming); the emitter only spells the result.

mod enumerations;
mod kinds;
mod objects;
mod operations;
mod paging;
mod params;
mod passes;
mod refs;
mod rules;
mod security;
mod servers;
mod settings;
mod shape;
mod unions;

use crate::names::{self, field_name, type_name};

use crate::error::{push_pointer, Error};
use crate::ir::*;
use crate::load::{Document, SchemaRef};
use crate::settings::ApiSettings;
use shape::{shape, Shape};
use std::collections::{BTreeMap, BTreeSet};

/// Deeper nesting than this is refused instead of risking the stack.
const MAX_DEPTH: usize = 40;

/// Lowers a loaded document to the model, with what the API's settings add to it.
///
/// The passes run in this order, each needing what the ones before it settled:
///
/// 1. **Names, schemas, operations.** Every component schema is named before any is lowered (a
///    schema may refer to one further down), then lowered; operations come after the schemas
///    they use, lowering their inline schemas under names taken from the operation.
/// 2. **Whole-model passes** (`passes/`): open enums and constants first (they change what a
///    union can tell apart), then the pairing of related types, which types validate, cycles
///    broken with boxes (before anything compares types by shape), documentation filled in,
///    structurally equal types shared, and each union's API settled last, on final types.
/// 3. **Client facts** from the document: the default base URL, the default security
///    requirement, the security schemes, `info`.
/// 4. **Settings** (`settings.rs`, `paging.rs`), checked against the model that is now
///    complete: the client's variables, each scheme's variable, documentation links, long
///    calls, paged lists, prose rules, and the tag features last, since they gate the
///    operations and types every earlier pass placed.
pub fn lower(doc: &Document, settings: &ApiSettings) -> Result<Model, Error> {
    let mut l = Lowerer {
        doc,
        model: Model::default(),
        components: BTreeMap::new(),
        taken: BTreeSet::new(),
        inline: BTreeMap::new(),
    };
    l.model.warnings.extend(doc.notes.iter().cloned());
    l.name_components();
    l.lower_components()?;
    passes::cycles::check_aliases(&l.model)?;
    operations::lower_operations(&mut l)?;

    let model = &mut l.model;
    passes::open_enums::open(model);
    passes::constants::mark(model);
    passes::correlate::correlate(model);
    passes::validating::mark(model);
    passes::cycles::break_cycles(model);
    passes::docs::fill(model);
    passes::shared_types::share(model);
    passes::union_api::settle(model);

    l.model.default_base_url = servers::default_base_url(&mut l);
    l.model.default_security = security::default_requirement(&mut l);
    l.model.schemes = security::schemes(&l);
    l.model.info = Info {
        title: doc.api.info.title.clone(),
        version: doc.api.info.version.clone(),
        description: doc.api.info.description.clone(),
    };

    let mut model = l.model;
    settings::client_facts(&mut model, settings);
    settings::scheme_vars(&mut model, settings)?;
    passes::docs::links(&mut model, settings.docs_url.as_deref());
    settings::long_calls(&mut model, settings)?;
    paging::declare(&mut model, settings)?;
    settings::prose_rules(&mut model, settings)?;
    if settings::groups_by_tag(&model, settings) {
        passes::features::group_by_tag(&mut model);
    }

    model.warnings.sort();
    model.rewrites.sort();
    model.rewrites.dedup();
    Ok(model)
}

impl Lowerer<'_> {
    /// Gives every component schema its type name, unique among them and the reserved names.
    fn name_components(&mut self) {
        for (key, _) in self.doc.schemas() {
            let base = type_name(key);
            let name = self.unique(&base);
            if name != base {
                self.warn(
                    &push_pointer("#/components/schemas", key),
                    format!("`{base}` is taken by another schema; named `{name}`"),
                );
            }
            self.components.insert(key.clone(), name);
        }
    }

    /// Lowers every component schema to its named type (an alias where it only refers on).
    fn lower_components(&mut self) -> Result<(), Error> {
        let doc = self.doc;
        for (key, schema) in doc.schemas() {
            let name = self.components[key].clone();
            let ptr = push_pointer("#/components/schemas", key);
            let lowered = match SchemaRef::from(schema) {
                SchemaRef::Ref(r) => {
                    // An alias chain must end in a schema, or the aliases would define each other.
                    doc.resolve(SchemaRef::Ref(r), &ptr)?;
                    Lowered::Ref(self.lower_ref(SchemaRef::Ref(r), &name, &ptr, 0)?)
                }
                SchemaRef::Inline(s) => self.lower_as(&name, s, &ptr, 0)?,
            };
            let kind = match lowered {
                Lowered::Kind(kind) => kind,
                Lowered::Ref(r) => TypeKind::Alias(r),
            };
            let def = TypeDef {
                name: name.clone(),
                pointer: ptr,
                doc: schema_doc(schema.as_item()),
                kind,
                validates: false,
                gate: Vec::new(),
                recursive: false,
                deprecated: schema.as_item().is_some_and(|s| s.schema_data.deprecated),
                prose_rules: None,
            };
            self.model.types.insert(name, def);
        }
        Ok(())
    }
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
        // Strings and integers become enums, whose variants carry the text.
        let typed = |v: &Vec<enumerations::Constant>| {
            v.iter().all(|c| c.value.is_string()) || v.iter().all(|c| c.value.is_i64())
        };
        if let Some(values) = enumerations::constants(&b).filter(|v| !typed(v)) {
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
                            prose_rules: None,
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
            Shape::IntegerEnum(values) => {
                let names = enumerations::given_names(schema);
                let listed: Vec<(i64, Option<String>, Option<String>)> =
                    values.iter().map(|v| (*v, names.get(v).cloned(), None)).collect();
                Lowered::Kind(TypeKind::Enum(enumerations::integer_enum(&listed, schema.schema_data.default.as_ref())))
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
    // A single value is its own default, whatever `default` says (a constant field needs one).
    let default = default
        .and_then(|d| d.as_str())
        .and_then(|d| variants.iter().position(|v| v.wire == d))
        .or((variants.len() == 1).then_some(0));
    Enum { repr: EnumRepr::Text, variants, default, catch_all: None }
}
