//! Objects: the properties of an object or of an `allOf` merge of objects, lowered to a struct
//! (names, optionality, nullability, secrets, value rules), and the struct of a form body.

// More of the `Lowerer`'s methods: the parent module's names, as they are there.
use super::*;

/// One property of an object, with the pointer of its schema.
pub(super) struct Prop<'d> {
    pub(super) wire: &'d str,
    pub(super) schema: &'d openapiv3::ReferenceOr<Box<openapiv3::Schema>>,
    pub(super) ptr: String,
}

/// What an object (or an `allOf` of objects) declares.
#[derive(Default)]
pub(super) struct ObjectParts<'d> {
    pub(super) props: Vec<Prop<'d>>,
    pub(super) required: BTreeSet<&'d str>,
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
    /// The properties of an object, or of several merged by `allOf` (each `$ref` followed,
    /// nested `allOf`s flattened; a later declaration of a property refines an earlier one).
    /// `None` when a part is not an object: such an `allOf` has no struct. `chain` holds the
    /// pointers of the schemas being merged, to refuse one that includes itself.
    pub(super) fn object_parts<'a>(
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

    pub(super) fn lower_struct(&mut self, name: &str, parts: &ObjectParts<'_>, depth: usize) -> Result<Struct, Error> {
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
            // A read-only property is never required of a request; one the document lists as
            // required is not sent as `null` either.
            let listed = parts.required.contains(wire);
            let state = match (listed && !read_only, flag(|d| d.nullable)) {
                (true, false) => FieldState::Required,
                (true, true) => FieldState::RequiredNullable,
                (false, true) if !listed => FieldState::Clearable,
                (false, _) => FieldState::Optional,
            };
            fields.push(Field {
                name: field,
                wire: wire.to_string(),
                doc,
                ty,
                state,
                deprecated: flag(|d| d.deprecated),
                sensitive: is_secret(wire, format.as_deref()),
                rules,
                correlated_with: None,
                part_type: None,
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
                state: FieldState::Extra,
                deprecated: false,
                sensitive: false,
                rules: Rules::default(),
                correlated_with: None,
                part_type: None,
            });
        }
        Ok(Struct { fields, form: false, presence: None })
    }

    /// The struct for a `multipart/form-data` body: the object's properties, with each
    /// `format: binary` one (or list of them) as a file. `None` when the schema is no object.
    pub(super) fn lower_form(
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
            if field.state == FieldState::Clearable {
                field.state = FieldState::Optional;
            }
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
            prose_rules: None,
        };
        self.model.types.insert(name.clone(), def);
        Ok(Some(TypeRef::Named(name)))
    }
}
