//! Enumerations: string enums (their wire text, `FromStr`, `Display`) and integer enums (their
//! number, `TryFrom<i64>`), each decoded through the runtime's shared lookup, with a catch-all
//! variant keeping unknown values when the server may send them.

use super::{arbitrary, doc, ident, Cx};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn emit_enum(cx: &Cx, def: &TypeDef, e: &Enum) -> TokenStream {
    if e.repr == EnumRepr::Integer {
        return integer_enum(cx, def, e);
    }
    let rt = &cx.rt;
    let name = ident(&def.name);
    let arms = e.variants.iter().map(|v| {
        let (vn, wire) = (ident(&v.name), &v.wire);
        quote!(Self::#vn => #wire,)
    });
    let wires = e.variants.iter().map(|v| &v.wire);
    // Serde through the wire texts: one shared decoder in the runtime instead of a derived
    // visitor per enum (long enums were most of a crate's serde code).
    let (unknown, as_str, decode) = if let Some(catch_all) = &e.catch_all {
        let catch_all = ident(catch_all);
        (
            quote! {
                /// A value this version does not know; kept as sent.
                #catch_all(::std::string::String),
            },
            quote!(pub fn as_str(&self) -> &str { match self { #(#arms)* Self::#catch_all(value) => value, } }),
            quote! {
                ::std::result::Result::Ok(match #rt::deserialize_open_enum(deserializer, Self::VALUES)? {
                    ::std::result::Result::Ok(index) => Self::ALL[index].clone(),
                    ::std::result::Result::Err(text) => Self::#catch_all(text),
                })
            },
        )
    } else {
        // The variants are declared in the order of `VALUES`, with no data: a variant's
        // discriminant is the index of its text.
        (
            quote!(),
            quote!(
                pub const fn as_str(&self) -> &'static str {
                    Self::VALUES[*self as usize]
                }
            ),
            quote!(#rt::deserialize_enum(deserializer, Self::VALUES).map(|index| Self::ALL[index])),
        )
    };
    let declaration =
        declaration(def, e, e.catch_all.is_none(), unknown, quote!(&'static str), quote!(#(#wires),*), as_str);
    quote! {
        #declaration
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { f.write_str(self.as_str()) }
        }
        impl ::std::str::FromStr for #name {
            type Err = #rt::ParseEnumError;
            fn from_str(text: &str) -> ::std::result::Result<Self, <Self as ::std::str::FromStr>::Err> { #rt::parse_enum(text, Self::VALUES) }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #decode
            }
        }
    }
}

/// What string and integer enums share: the documented `enum` with its derives, listed variants
/// and catch-all, its `Arbitrary`, and the `VALUES` / `ALL` constants beside the function giving a
/// value's wire form.
fn declaration(
    def: &TypeDef,
    e: &Enum,
    copy: bool,
    unknown: TokenStream,
    values_ty: TokenStream,
    values: TokenStream,
    wire_fn: TokenStream,
) -> TokenStream {
    let name = ident(&def.name);
    let d = doc(def.doc.as_deref());
    let derives = derives(e, copy);
    let variants = variants(e);
    let all: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    // Users build listed values; a catch-all holds what the server sends.
    let arbitrary = arbitrary::enum_impl(&name, &all);
    quote! {
        #d
        #[derive(#(#derives),*)]
        pub enum #name { #(#variants)* #unknown }
        #arbitrary
        impl #name {
            /// Every value the document lists, as sent on the wire.
            pub const VALUES: &'static [#values_ty] = &[#values];
            /// Every listed variant, in the order of [`Self::VALUES`].
            pub const ALL: &'static [Self] = &[#(Self::#all),*];
            /// The value as sent on the wire.
            #wire_fn
        }
    }
}

/// The listed variants, each documented (by its value when the document says nothing) and the
/// default marked.
fn variants(e: &Enum) -> Vec<TokenStream> {
    e.variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let vn = ident(&v.name);
            let fallback = format!("`{}`", v.wire);
            let vd = doc(Some(v.doc.as_deref().unwrap_or(&fallback)));
            let default = if e.default == Some(i) { quote!(#[default]) } else { quote!() };
            quote! { #vd #default #vn, }
        })
        .collect()
}

/// The derives every enum has; `Copy` unless a catch-all holds text.
fn derives(e: &Enum, copy: bool) -> Vec<TokenStream> {
    let mut derives = vec![
        quote!(Debug),
        quote!(::std::clone::Clone),
        quote!(::std::cmp::PartialEq),
        quote!(::std::cmp::Eq),
        quote!(Hash),
        quote!(::std::cmp::PartialOrd),
        quote!(::std::cmp::Ord),
    ];
    if copy {
        derives.insert(2, quote!(::std::marker::Copy));
    }
    if e.default.is_some() {
        derives.push(quote!(::std::default::Default));
    }
    derives
}

/// An integer enum: a variant per listed number, sent as the number.
fn integer_enum(cx: &Cx, def: &TypeDef, e: &Enum) -> TokenStream {
    let rt = &cx.rt;
    let name = ident(&def.name);
    // Lowering writes each value as its decimal digits; a negative one is a negated literal.
    let numbers: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|v| {
            let n: i64 = v.wire.parse().unwrap_or_default();
            let digits = proc_macro2::Literal::u64_unsuffixed(n.unsigned_abs());
            if n < 0 {
                quote!(-#digits)
            } else {
                quote!(#digits)
            }
        })
        .collect();
    let arms = e.variants.iter().zip(&numbers).map(|(v, n)| {
        let vn = ident(&v.name);
        quote!(Self::#vn => #n,)
    });
    let (unknown, unknown_arm, conversion, decode) = match &e.catch_all {
        Some(catch_all) => {
            let catch_all = ident(catch_all);
            (
                quote! {
                    /// A value this version does not know; kept as sent.
                    #catch_all(i64),
                },
                quote!(Self::#catch_all(value) => *value,),
                quote! {
                    impl ::std::convert::From<i64> for #name {
                        fn from(value: i64) -> Self {
                            match #rt::integer_enum_index(value, Self::VALUES) {
                                ::std::result::Result::Ok(index) => Self::ALL[index],
                                ::std::result::Result::Err(_) => Self::#catch_all(value),
                            }
                        }
                    }
                },
                quote! {
                    ::std::result::Result::Ok(match #rt::deserialize_open_integer_enum(deserializer, Self::VALUES)? {
                        ::std::result::Result::Ok(index) => Self::ALL[index],
                        ::std::result::Result::Err(value) => Self::#catch_all(value),
                    })
                },
            )
        }
        None => (
            quote!(),
            quote!(),
            quote! {
                impl ::std::convert::TryFrom<i64> for #name {
                    type Error = #rt::UnlistedNumberError;
                    fn try_from(value: i64) -> ::std::result::Result<Self, <Self as ::std::convert::TryFrom<i64>>::Error> {
                        #rt::integer_enum_index(value, Self::VALUES).map(|index| Self::ALL[index])
                    }
                }
            },
            quote!(#rt::deserialize_integer_enum(deserializer, Self::VALUES).map(|index| Self::ALL[index])),
        ),
    };
    let as_i64 = quote!(pub const fn as_i64(&self) -> i64 { match self { #(#arms)* #unknown_arm } });
    let declaration = declaration(def, e, true, unknown, quote!(i64), quote!(#(#numbers),*), as_i64);
    quote! {
        #declaration
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.as_i64(), f)
            }
        }
        #conversion
        impl ::std::convert::From<#name> for i64 {
            fn from(value: #name) -> i64 { value.as_i64() }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #decode
            }
        }
    }
}
