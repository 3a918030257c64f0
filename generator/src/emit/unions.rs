//! Unions: the Rust enum of a `oneOf`/`anyOf`, its decoding by the plan lowering chose (tag,
//! value kind, first match), and the methods of a union of enumerations.

use super::{arbitrary, doc, ident, Cx};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit_union(cx: &Cx, model: &Model, def: &TypeDef, u: &Union) -> TokenStream {
    let rt = &cx.rt;
    let name = ident(&def.name);
    let mut text = def.doc.clone().unwrap_or_default();
    let rule = match &u.strategy {
        UnionStrategy::Tagged { property, numeric } => {
            let mut lines = vec![format!("Decoded by the `{property}` property:")];
            for (i, v) in u.variants.iter().enumerate() {
                lines.push(if v.by_kind {
                    format!("a value that is not an object, by its kind: [`Self::{}`]", v.name)
                } else if v.tags.is_empty() {
                    format!("any other value, or none: [`Self::{}`]", v.name)
                } else {
                    let tags: Vec<String> =
                        v.tags.iter().map(|t| if *numeric { format!("`{t}`") } else { format!("`{t:?}`") }).collect();
                    // A value an earlier variant also has reaches this one when that one refuses it.
                    let earlier: Vec<String> = u.variants[..i]
                        .iter()
                        .filter(|w| w.tags.iter().any(|t| v.tags.contains(t)))
                        .map(|w| format!("[`Self::{}`]", w.name))
                        .collect();
                    match earlier.is_empty() {
                        true => format!("{}: [`Self::{}`]", tags.join(", "), v.name),
                        false => format!(
                            "{}: [`Self::{}`] when {} does not accept it",
                            tags.join(", "),
                            v.name,
                            earlier.join(" or ")
                        ),
                    }
                });
            }
            lines.join("\n- ").replacen(":\n- ", ":\n\n- ", 1)
        }
        UnionStrategy::Untagged => "Decoded as the first variant that accepts the value.".to_string(),
        UnionStrategy::ByKind => {
            "Decoded as the variant that accepts the value's kind (string, number, array, object, ...).".to_string()
        }
    };
    text = format!("{text}\n\n{rule}").trim().to_string();
    let d = doc(Some(&text));
    let variants = u.variants.iter().map(|v| {
        let (vn, t) = (ident(&v.name), cx.ty(&v.ty));
        // Only named types can be linked.
        let vd = match &v.ty {
            TypeRef::Named(_) | TypeRef::Boxed(_) => doc(Some(&format!("Carries a [`{}`].", ty_label(&v.ty)))),
            other => doc(Some(&format!("Carries a `{}`.", ty_label(other)))),
        };
        let strategy = if def.recursive { TokenStream::new() } else { arbitrary::variant(cx, &v.ty) };
        quote!(#vd #vn(#strategy #t),)
    });
    // One `From` per Rust type: two variants whose types are the same after aliases get none.
    let same = |a: &TypeRef, b: &TypeRef| through_aliases(model, a) == through_aliases(model, b);
    let froms = u.variants.iter().filter(|v| u.variants.iter().filter(|w| same(&w.ty, &v.ty)).count() == 1).map(|v| {
        let vn = ident(&v.name);
        // A boxed variant (a cycle's back edge) converts from the value; the box stays inside.
        let (t, value) = match &v.ty {
            TypeRef::Boxed(inner) => (cx.ty(inner), quote!(::std::boxed::Box::new(value))),
            other => (cx.ty(other), quote!(value)),
        };
        quote! {
            impl ::std::convert::From<#t> for #name {
                fn from(value: #t) -> Self { Self::#vn(#value) }
            }
        }
    });
    let (derive_de, deserialize) = match &u.strategy {
        UnionStrategy::Untagged | UnionStrategy::ByKind => (quote!(::serde::Deserialize,), TokenStream::new()),
        UnionStrategy::Tagged { property, numeric } => {
            // Integer tags are matched as their digits, so both kinds share one match.
            let (read_tag, unknown) = match numeric {
                true => (quote!(number_tag), quote!(unknown_number_tag)),
                false => (quote!(tag), quote!(unknown_tag)),
            };
            let decode = |v: &UnionVariant| {
                let (vn, label) = (ident(&v.name), format!("{} ({})", v.name, ty_label(&v.ty)));
                quote!(#rt::union::variant(&value, #property, #label).map(Self::#vn))
            };
            // A value several variants have is tried on each in document order; the others
            // are grouped by the variant that alone has them.
            let owners = |tag: &String| u.variants.iter().filter(|w| w.tags.contains(tag)).collect::<Vec<_>>();
            let mut arms = Vec::new();
            let mut shared: Vec<&String> = Vec::new();
            for v in &u.variants {
                let (own, more): (Vec<&String>, Vec<&String>) = v.tags.iter().partition(|t| owners(t).len() == 1);
                if !own.is_empty() {
                    let chosen = decode(v);
                    arms.push(quote!(::std::option::Option::Some(#(#own)|*) => #chosen,));
                }
                for t in more {
                    if !shared.contains(&t) {
                        shared.push(t);
                    }
                }
            }
            for tag in shared {
                let mut tries = owners(tag).into_iter().map(decode);
                let first = tries.next();
                arms.push(quote!(::std::option::Option::Some(#tag) => #first #(.or_else(|_: D::Error| #tries))*,));
            }
            let fallback = match u.variants.iter().find(|v| v.tags.is_empty() && !v.by_kind) {
                Some(v) => {
                    let (vn, label) = (ident(&v.name), format!("{} ({})", v.name, ty_label(&v.ty)));
                    quote!(_ => #rt::union::variant(&value, #property, #label).map(Self::#vn),)
                }
                None => {
                    let mut all: Vec<&String> = Vec::new();
                    for t in u.variants.iter().flat_map(|v| &v.tags) {
                        if !all.contains(&t) {
                            all.push(t);
                        }
                    }
                    quote!(other => ::std::result::Result::Err(#rt::union::#unknown(#property, other, &[#(#all),*])),)
                }
            };
            // Values that are not objects go to the variants chosen by kind, tried in order
            // (their kinds do not overlap).
            let mut by_kind = u.variants.iter().filter(|v| v.by_kind).map(|v| {
                let (vn, label) = (ident(&v.name), format!("{} ({})", v.name, ty_label(&v.ty)));
                quote!(#rt::union::by_kind(&value, #label).map(Self::#vn))
            });
            let not_object = match by_kind.next() {
                Some(first) => quote! {
                    if !#rt::union::is_object(&value) {
                        return #first #(.or_else(|_: D::Error| #by_kind))*;
                    }
                },
                None => TokenStream::new(),
            };
            let de = quote! {
                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        let value = #rt::union::capture(deserializer)?;
                        #not_object
                        match #rt::union::#read_tag(&value, #property).as_deref() {
                            #(#arms)*
                            #fallback
                        }
                    }
                }
            };
            (quote!(), de)
        }
    };
    let enum_methods = enum_union_methods(cx, model, def, u);
    let arbitrary = if def.recursive { TokenStream::new() } else { arbitrary::derive() };
    // A union of string enums is a string: equal when the wire values are.
    let partial_eq = if enum_methods.is_empty() { quote!(::std::cmp::PartialEq,) } else { quote!() };
    quote! {
        #d
        #[derive(Debug, Clone, #partial_eq ::serde::Serialize, #derive_de)]
        #arbitrary
        #[serde(untagged)]
        pub enum #name { #(#variants)* }
        #deserialize
        #(#froms)*
        #enum_methods
    }
}

/// The type an alias stands for (aliases are `type A = B;`, the same Rust type).
fn through_aliases<'m>(model: &'m Model, mut t: &'m TypeRef) -> &'m TypeRef {
    // Alias chains are acyclic (checked when lowering); the bound is only a guard.
    for _ in 0..model.types.len() {
        match t {
            TypeRef::Named(n) => match model.types.get(n).map(|d| &d.kind) {
                Some(TypeKind::Alias(target)) => t = target,
                _ => return t,
            },
            _ => return t,
        }
    }
    t
}

/// A type as a reader would write it (`Pet`, `i64`, `Vec<String>`), for docs and messages.
fn ty_label(t: &TypeRef) -> String {
    match t {
        TypeRef::Named(n) => n.clone(),
        TypeRef::Boxed(inner) => ty_label(inner),
        TypeRef::String => "String".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::DateTime => "DateTime<Utc>".into(),
        TypeRef::Date => "NaiveDate".into(),
        TypeRef::Integer => "i64".into(),
        TypeRef::Sized(t) => t.rust().into(),
        TypeRef::Number => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::File => "File".into(),
        TypeRef::Vec(inner) => format!("Vec<{}>", ty_label(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", ty_label(inner)),
    }
}

/// A union of string enums gets `as_str`, and, when its variants are titled, a check of a
/// value against the list of the variant a title names (used by correlated fields).
fn enum_union_methods(cx: &Cx, model: &Model, def: &TypeDef, u: &Union) -> TokenStream {
    let as_enum = |t: &TypeRef| match through_aliases(model, t) {
        TypeRef::Named(n) => match model.types.get(n).map(|t| &t.kind) {
            Some(TypeKind::Enum(e)) => Some(e),
            _ => None,
        },
        _ => None,
    };
    let all_enums = u.variants.iter().all(|v| as_enum(&v.ty).is_some());
    if !all_enums {
        return TokenStream::new();
    }
    // An open enum's `as_str` returns its `Unknown` text, so it is not `const`.
    let any_open = u.variants.iter().any(|v| as_enum(&v.ty).is_some_and(|e| e.catch_all.is_some()));
    let as_str = if any_open {
        quote!(pub fn as_str(&self) -> &str)
    } else {
        quote!(pub const fn as_str(&self) -> &'static str)
    };
    let name = ident(&def.name);
    let arms = u.variants.iter().map(|v| {
        let vn = ident(&v.name);
        quote!(Self::#vn(value) => value.as_str(),)
    });
    let selector_enum = u.selector.as_ref().and_then(|s| as_enum(&TypeRef::Named(s.clone())));
    let listed = match (&u.selector, selector_enum) {
        (Some(selector), Some(e)) => {
            // Each selector value picks the variant titled with it; a value that titles no
            // variant (or one this version does not know) leaves every value allowed.
            let sname = ident(selector);
            let mut covered = 0;
            let arms: Vec<TokenStream> = e
                .variants
                .iter()
                .filter_map(|sv| {
                    let v = u.variants.iter().find(|v| v.title.as_deref() == Some(sv.wire.as_str()))?;
                    covered += 1;
                    let (svn, t) = (ident(&sv.name), cx.ty(&v.ty));
                    Some(quote!(#sname::#svn => #t::VALUES.contains(&self.as_str()),))
                })
                .collect();
            let rest = if covered < e.variants.len() || e.catch_all.is_some() { quote!(_ => true,) } else { quote!() };
            quote! {
                /// Whether the value is in the list that `selector` picks.
                pub fn is_listed_for(&self, selector: &#sname) -> bool {
                    match selector { #(#arms)* #rest }
                }
            }
        }
        _ => TokenStream::new(),
    };
    quote! {
        impl #name {
            /// The value as sent on the wire.
            #as_str { match self { #(#arms)* } }
            #listed
        }
        impl ::std::cmp::PartialEq for #name {
            fn eq(&self, other: &Self) -> bool { self.as_str() == other.as_str() }
        }
        impl ::std::cmp::Eq for #name {}
        impl ::std::hash::Hash for #name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) { self.as_str().hash(state) }
        }
    }
}
