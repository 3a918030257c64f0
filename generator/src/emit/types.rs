//! Named types: structs, string enums, unions, aliases.

use super::{arbitrary, doc, field_ident, ident, validate, Cx};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn emit_type(cx: &Cx, model: &Model, def: &TypeDef) -> TokenStream {
    let body = match &def.kind {
        TypeKind::Struct(s) => emit_struct(cx, def, s),
        TypeKind::Enum(e) => super::enums::emit_enum(cx, def, e),
        TypeKind::Union(u) => super::unions::emit_union(cx, def, u),
        TypeKind::Alias(t) => {
            let (name, d, t) = (ident(&def.name), doc(def.doc.as_deref()), cx.ty(t));
            quote! { #d pub type #name = #t; }
        }
    };
    let validate = if def.validates { validate::emit_validate(cx, model, def) } else { TokenStream::new() };
    let deprecated = if def.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
    quote! { #deprecated #body #validate }
}

fn emit_struct(cx: &Cx, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let d = match &s.presence {
        Some(p) => {
            let how = if p.exactly_one { "exactly one" } else { "at least one" };
            let rule = format!("Set {how} of {} (checked before sending).", super::validate::presence_names(s, p));
            doc(Some(&def.doc.as_ref().map_or(rule.clone(), |d| format!("{d}\n\n{rule}"))))
        }
        None => doc(def.doc.as_deref()),
    };
    let sensitive = s.fields.iter().any(|f| f.sensitive);
    let defaultable = s.fields.iter().all(|f| f.state != FieldState::Required);
    let mut derives = vec![quote!(::std::clone::Clone), quote!(::std::cmp::PartialEq)];
    if !s.form {
        derives.push(quote!(::serde::Serialize));
    }
    if !sensitive {
        derives.insert(0, quote!(Debug));
    }
    if defaultable {
        derives.push(quote!(::std::default::Default));
    }
    let fields = s.fields.iter().map(|f| {
        let fname = field_ident(&f.name);
        let mut attrs = Vec::new();
        if f.extra() {
            attrs.push(quote!(flatten));
        } else if f.name != f.wire {
            let wire = &f.wire;
            attrs.push(quote!(rename = #wire));
        }
        // A required nullable field is always sent, as `null` when `None`.
        if matches!(f.state, FieldState::Optional | FieldState::Clearable) {
            attrs.push(quote!(skip_serializing_if = "::std::option::Option::is_none"));
        }
        let serde = if attrs.is_empty() || s.form { quote!() } else { quote!(#[serde(#(#attrs),*)]) };
        let mut text = f.doc.clone().unwrap_or_default();
        if f.sensitive {
            text = format!("{text}\n\nSecret: never printed by `Debug`.").trim().to_string();
        }
        let d = doc(Some(&text).filter(|t| !t.is_empty()).map(String::as_str));
        let t = field_type(cx, f);
        let deprecated = if f.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
        // Form structs hold files, which have no `Arbitrary`; they are never decoded either.
        let strategy = if def.recursive || s.form { TokenStream::new() } else { arbitrary::field(cx, f) };
        quote! { #d #deprecated #serde #strategy pub #fname: #t, }
    });
    let arbitrary = if def.recursive || s.form { TokenStream::new() } else { arbitrary::derive() };
    let form = if s.form { form_parts(cx, def, s) } else { TokenStream::new() };
    let constructor = constructor(cx, def, s);
    let debug = if sensitive { redacted_debug(def, s) } else { TokenStream::new() };
    let deserialize = if s.form { TokenStream::new() } else { struct_deserialize(cx, def, s) };
    quote! {
        #d
        #[derive(#(#derives),*)]
        #arbitrary
        #[non_exhaustive]
        pub struct #name { #(#fields)* }
        #constructor
        #debug
        #deserialize
        #form
    }
}

/// `Deserialize` for a struct: the runtime's `de::FromMap`, a loop over the object's keys with an
/// arm per field, through the runtime's `de` helpers, behaving as serde's derive does (which
/// spells out three identifier visitors and a sequence visitor per struct); the visitor is the
/// runtime's, shared. Absent and `null` are told apart for a clearable field (`None` /
/// `Some(None)`); undeclared keys go to the flattened map, if there is one. Each arm gives a
/// `Result` and one `?` follows the match, not one per arm.
fn struct_deserialize(cx: &Cx, def: &TypeDef, s: &Struct) -> TokenStream {
    let rt = &cx.rt;
    let (name, label) = (ident(&def.name), &def.name);
    let declared: Vec<(usize, &Field)> = s.fields.iter().filter(|f| !f.extra()).enumerate().collect();
    let wires = declared.iter().map(|(_, f)| &f.wire);
    let slot = |i: &usize| ident(&format!("__f{i}"));
    let slots = declared.iter().map(|(i, _)| slot(i));
    let extra = s.fields.iter().find(|f| f.extra()).map(|f| field_ident(&f.name));
    let (seed, known, other) = match &extra {
        Some(extra) => (
            quote!(FieldOrName),
            quote!(::std::result::Result::Ok),
            quote! {
                ::std::result::Result::Ok(_) => #rt::de::skip(&mut __map),
                ::std::result::Result::Err(__key) => #rt::de::keep(&mut __map, &mut #extra, __key),
            },
        ),
        None => (quote!(FieldIndex), quote!(::std::option::Option::Some), quote!(_ => #rt::de::skip(&mut __map),)),
    };
    let arms = declared.iter().map(|(i, f)| {
        let (index, slot, wire) = (proc_macro2::Literal::usize_unsuffixed(*i), slot(i), &f.wire);
        quote!(#known(#index) => #rt::de::once(&mut __map, &mut #slot, #wire),)
    });
    let extra_init = extra.as_ref().map(|e| quote!(let mut #e = ::std::collections::BTreeMap::new();));
    let keys = if declared.is_empty() && extra.is_none() {
        quote! {
            while __map.next_key_seed(#rt::de::FieldIndex(__FIELDS))?.is_some() {
                #rt::de::skip(&mut __map)?;
            }
        }
    } else {
        quote! {
            while let ::std::option::Option::Some(__key) = __map.next_key_seed(#rt::de::#seed(__FIELDS))? {
                match __key {
                    #(#arms)*
                    #other
                }?;
            }
        }
    };
    let inits = declared.iter().map(|(i, f)| {
        let (n, slot, wire) = (field_ident(&f.name), slot(i), &f.wire);
        // A clearable field reads `Option<T>` per key (`null` is `Some(None)`); an optional one
        // reads `Option<T>` too, absent and `null` both `None`.
        if f.clearable() {
            quote!(#n: #slot)
        } else if f.optional() {
            quote!(#n: #slot.flatten())
        } else {
            quote!(#n: #rt::de::required(#slot, #wire)?)
        }
    });
    let inits = inits.chain(extra.iter().map(|e| quote!(#e)));
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                #rt::de::map(deserializer)
            }
        }
        #[allow(deprecated)]
        impl #rt::de::FromMap for #name {
            const NAME: &'static str = #label;
            fn from_map<'de, __A: ::serde::de::MapAccess<'de>>(mut __map: __A) -> ::std::result::Result<Self, __A::Error> {
                const __FIELDS: &[&str] = &[#(#wires),*];
                #(let mut #slots = ::std::option::Option::None;)*
                #extra_init
                #keys
                ::std::result::Result::Ok(#name { #(#inits),* })
            }
        }
    }
}

/// `multipart::Form` for a form struct: a part per field, files as files.
fn form_parts(cx: &Cx, def: &TypeDef, s: &Struct) -> TokenStream {
    let rt = &cx.rt;
    let name = ident(&def.name);
    let pushes = s.fields.iter().map(|f| {
        let (n, wire) = (field_ident(&f.name), &f.wire);
        let declared = match &f.part_type {
            Some(media) => quote!(::std::option::Option::Some(#media)),
            None => quote!(::std::option::Option::None),
        };
        let push = match &f.ty {
            TypeRef::File => quote!(#rt::multipart::file(&mut parts, #wire, value, #declared)?;),
            TypeRef::Vec(inner) if **inner == TypeRef::File => quote! {
                for file in value { #rt::multipart::file(&mut parts, #wire, file, #declared)?; }
            },
            _ => quote!(#rt::multipart::field(&mut parts, #wire, value, #declared)?;),
        };
        if !f.optional() {
            quote! { let value = &self.#n; #push }
        } else {
            quote! { if let ::std::option::Option::Some(value) = &self.#n { #push } }
        }
    });
    quote! {
        impl #rt::multipart::Form for #name {
            fn parts(&self) -> ::std::result::Result<::std::vec::Vec<#rt::multipart::Part>, #rt::ValidationError> {
                let mut parts = ::std::vec::Vec::new();
                #(#pushes)*
                ::std::result::Result::Ok(parts)
            }
        }
    }
}

fn field_type(cx: &Cx, f: &Field) -> TokenStream {
    let t = cx.ty(&f.ty);
    if f.clearable() {
        quote!(::std::option::Option<::std::option::Option<#t>>)
    } else if f.optional() {
        quote!(::std::option::Option<#t>)
    } else {
        t
    }
}

/// `new(required fields)` when the struct has required fields that are not constants, and a
/// `with_<field>` setter per field: with `#[non_exhaustive]`, that is how users build values, so
/// that a property the document adds later breaks no caller.
fn constructor(cx: &Cx, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let args: Vec<&Field> = s.fields.iter().filter(|f| f.state == FieldState::Required).collect();
    let new = if args.is_empty() {
        TokenStream::new()
    } else {
        let params = args.iter().map(|f| {
            let (n, t) = (field_ident(&f.name), cx.ty(&f.ty));
            quote!(#n: impl ::std::convert::Into<#t>)
        });
        let inits = s.fields.iter().map(|f| {
            let n = field_ident(&f.name);
            if matches!(f.state, FieldState::Constant | FieldState::Extra) {
                quote!(#n: ::std::default::Default::default())
            } else if f.optional() {
                quote!(#n: ::std::option::Option::None)
            } else {
                quote!(#n: #n.into())
            }
        });
        // One argument per required property mirrors the document; clippy's limit does not apply.
        let allow = if args.len() > 7 { quote!(#[allow(clippy::too_many_arguments)]) } else { TokenStream::new() };
        quote! {
            /// Takes the required fields; the optional ones start unset.
            #allow
            pub fn new(#(#params),*) -> Self { Self { #(#inits),* } }
        }
    };
    let setters = s.fields.iter().filter(|f| f.state != FieldState::Constant).map(|f| {
        let (n, t) = (field_ident(&f.name), cx.ty(&f.ty));
        let setter = ident(&format!("with_{}", f.name));
        let text = format!("Sets `{}`.", f.name);
        let deprecated = if f.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
        let value = if f.clearable() {
            quote!(::std::option::Option::Some(::std::option::Option::Some(value.into())))
        } else if f.optional() {
            quote!(::std::option::Option::Some(value.into()))
        } else {
            quote!(value.into())
        };
        // A clearable field can also be sent as `null`, unless that setter's name is a field's.
        let null_setter = format!("with_{}_null", f.name);
        let taken = s.fields.iter().any(|g| format!("with_{}", g.name) == null_setter);
        let clear = if f.clearable() && !taken {
            let (setter, text) = (ident(&null_setter), format!("Sends `{}` as `null` (clears it).", f.name));
            quote! {
                #[doc = #text]
                #deprecated
                pub fn #setter(mut self) -> Self {
                    self.#n = ::std::option::Option::Some(::std::option::Option::None);
                    self
                }
            }
        } else {
            TokenStream::new()
        };
        quote! {
            #[doc = #text]
            #deprecated
            pub fn #setter(mut self, value: impl ::std::convert::Into<#t>) -> Self {
                self.#n = #value;
                self
            }
            #clear
        }
    });
    quote! {
        impl #name {
            #new
            #(#setters)*
        }
    }
}

fn redacted_debug(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let label = &def.name;
    let fields = s.fields.iter().map(|f| {
        let (n, label) = (field_ident(&f.name), &f.name);
        if f.sensitive {
            quote!(.field(#label, &"<redacted>"))
        } else {
            quote!(.field(#label, &self.#n))
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#fields)* .finish()
            }
        }
    }
}
