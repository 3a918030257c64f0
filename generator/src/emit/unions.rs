//! Unions: the Rust enum of a `oneOf`/`anyOf`, its decoding by the plan lowering chose (tag,
//! value kind, first match), and the methods of a union of enumerations.

use super::{arbitrary, doc, ident, Cx};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// The Rust enum of a union, with its decoding and conversions.
pub(super) fn emit_union(cx: &Cx, def: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&def.name);
    let text = format!("{}\n\n{}", def.doc.clone().unwrap_or_default(), decoding_doc(u)).trim().to_string();
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
    let froms = u.api.conversions.iter().map(|&i| &u.variants[i]).map(|v| {
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
        UnionStrategy::Tagged(plan) => (quote!(), tagged_deserialize(cx, &name, u, plan)),
    };
    let enum_methods = enum_union_methods(cx, def, u);
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

/// How a union's value is decoded, for its docs: by tag (each variant's tags, and which
/// earlier variant a shared tag tries first), first match, or the value's kind.
fn decoding_doc(u: &Union) -> String {
    match &u.strategy {
        UnionStrategy::Tagged(plan) => {
            let mut lines = vec![format!("Decoded by the `{}` property:", plan.property)];
            for (i, v) in u.variants.iter().enumerate() {
                lines.push(if plan.by_kind.contains(&i) {
                    format!("a value that is not an object, by its kind: [`Self::{}`]", v.name)
                } else if v.tags.is_empty() {
                    format!("any other value, or none: [`Self::{}`]", v.name)
                } else {
                    let tags: Vec<String> = v
                        .tags
                        .iter()
                        .map(|t| if plan.numeric { format!("`{t}`") } else { format!("`{t:?}`") })
                        .collect();
                    // A value an earlier variant also has reaches this one when that one refuses it.
                    let mut before: Vec<usize> = plan
                        .routes
                        .iter()
                        .filter_map(|r| r.variants.iter().position(|&j| j == i).map(|at| &r.variants[..at]))
                        .flatten()
                        .copied()
                        .collect();
                    before.sort_unstable();
                    before.dedup();
                    let earlier: Vec<String> =
                        before.iter().map(|&j| format!("[`Self::{}`]", u.variants[j].name)).collect();
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
    }
}

/// The `Deserialize` of a tagged union: read the tag, try the variants its route names in
/// order, then the fallback; values that are not objects go by their kind.
fn tagged_deserialize(cx: &Cx, name: &proc_macro2::Ident, u: &Union, plan: &TagPlan) -> TokenStream {
    let rt = &cx.rt;
    let property = &plan.property;
    // Integer tags are matched as their digits, so both kinds share one match.
    let (read_tag, unknown) = match plan.numeric {
        true => (quote!(number_tag), quote!(unknown_number_tag)),
        false => (quote!(tag), quote!(unknown_tag)),
    };
    let decode = |v: &UnionVariant| {
        let (vn, label) = (ident(&v.name), format!("{} ({})", v.name, ty_label(&v.ty)));
        quote!(#rt::union::variant(&value, #property, #label).map(Self::#vn))
    };
    let arms = plan.routes.iter().map(|route| {
        let tags = &route.tags;
        let mut tries = route.variants.iter().map(|&j| decode(&u.variants[j]));
        let first = tries.next();
        quote!(::std::option::Option::Some(#(#tags)|*) => #first #(.or_else(|_: D::Error| #tries))*,)
    });
    let fallback = match plan.fallback.map(|j| &u.variants[j]) {
        Some(v) => {
            let (vn, label) = (ident(&v.name), format!("{} ({})", v.name, ty_label(&v.ty)));
            quote!(_ => #rt::union::variant(&value, #property, #label).map(Self::#vn),)
        }
        None => {
            let known = &plan.known;
            quote!(other => ::std::result::Result::Err(#rt::union::#unknown(#property, other, &[#(#known),*])),)
        }
    };
    // Values that are not objects go to the variants chosen by kind, tried in order
    // (their kinds do not overlap).
    let mut by_kind = plan.by_kind.iter().map(|&j| &u.variants[j]).map(|v| {
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
    quote! {
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
    }
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
fn enum_union_methods(cx: &Cx, def: &TypeDef, u: &Union) -> TokenStream {
    let Some(of_enums) = &u.api.of_enums else { return TokenStream::new() };
    // An open enum's `as_str` returns its `Unknown` text, so it is not `const`.
    let as_str = if of_enums.open {
        quote!(pub fn as_str(&self) -> &str)
    } else {
        quote!(pub const fn as_str(&self) -> &'static str)
    };
    let name = ident(&def.name);
    let arms = u.variants.iter().map(|v| {
        let vn = ident(&v.name);
        quote!(Self::#vn(value) => value.as_str(),)
    });
    let listed = match (&of_enums.lists, &u.selector) {
        (Some(lists), Some(selector)) => {
            // A value that titles no variant (or one this version does not know) leaves every
            // value allowed.
            let sname = ident(selector);
            let arms = lists.picks.iter().map(|(s, v)| {
                let (svn, t) = (ident(s), cx.ty(&u.variants[*v].ty));
                quote!(#sname::#svn => #t::VALUES.contains(&self.as_str()),)
            });
            let rest = if lists.rest_allowed { quote!(_ => true,) } else { quote!() };
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
