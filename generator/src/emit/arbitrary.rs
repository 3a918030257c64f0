//! `proptest` support, behind the generated crate's `proptest` feature: every type derives
//! `Arbitrary`, so property tests can range over all values a user could build. Fields whose
//! types have no `Arbitrary` of their own (`Uuid`, JSON values) or whose arbitrary values JSON
//! cannot carry (NaN floats) get a strategy from the runtime's `arbitrary` module.

use super::Cx;
use crate::ir::{Field, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The derive attribute every generated type carries.
pub(crate) fn derive() -> TokenStream {
    quote!(#[cfg_attr(feature = "proptest", derive(::proptest_derive::Arbitrary))])
}

/// `Arbitrary` for a string enum: a choice among its listed variants. (Derived, a long enum
/// becomes a strategy type nested as deep as the list is long, which overflows the stack.)
pub(crate) fn enum_impl(name: &proc_macro2::Ident, variants: &[proc_macro2::Ident]) -> TokenStream {
    quote! {
        #[cfg(feature = "proptest")]
        impl ::proptest::arbitrary::Arbitrary for #name {
            type Parameters = ();
            type Strategy = ::proptest::sample::Select<Self>;
            fn arbitrary_with(_: ()) -> <Self as ::proptest::arbitrary::Arbitrary>::Strategy {
                ::proptest::sample::select(vec![#(Self::#variants),*])
            }
        }
    }
}

/// A field's strategy attribute, when its type needs one.
pub(crate) fn field(cx: &Cx, f: &Field) -> TokenStream {
    let Some(mut s) = strategy(cx, &f.ty) else { return TokenStream::new() };
    // In an `Option`, a JSON `null` reads back as the field left out (or cleared).
    if f.optional() || f.clearable() {
        s = s.replace("::arbitrary::json()", "::arbitrary::json_present()");
    }
    let s = if f.clearable() {
        format!("::proptest::option::of(::proptest::option::of({s}))")
    } else if f.optional() {
        format!("::proptest::option::of({s})")
    } else {
        s
    };
    quote!(#[cfg_attr(feature = "proptest", proptest(strategy = #s))])
}

/// The `proptest` attribute of a union variant carrying a `t`.
pub(crate) fn variant(cx: &Cx, t: &TypeRef) -> TokenStream {
    let Some(s) = strategy(cx, t) else { return TokenStream::new() };
    quote!(#[cfg_attr(feature = "proptest", proptest(strategy = #s))])
}

/// The strategy for a collection's elements.
fn element(cx: &Cx, t: &TypeRef) -> String {
    strategy(cx, t)
        .unwrap_or_else(|| format!("::proptest::arbitrary::any::<{}>()", cx.ty(t).to_string().replace(' ', "")))
}

/// The strategy expression for `t`, or `None` when its own `Arbitrary` serves.
fn strategy(cx: &Cx, t: &TypeRef) -> Option<String> {
    let rt = cx.rt.to_string().replace(' ', "");
    match t {
        TypeRef::Uuid => Some(format!("{rt}::arbitrary::uuid()")),
        TypeRef::DateTime => Some(format!("{rt}::arbitrary::date_time()")),
        TypeRef::Date => Some(format!("{rt}::arbitrary::date()")),
        TypeRef::Json => Some(format!("{rt}::arbitrary::json()")),
        TypeRef::Number => Some(format!("{rt}::arbitrary::number()")),
        // Short collections: proptest's default of up to 100 elements makes nested values huge.
        TypeRef::Vec(inner) => Some(format!("::proptest::collection::vec({}, 0..4)", element(cx, inner))),
        TypeRef::Map(inner) => Some(format!(
            "::proptest::collection::btree_map(::proptest::arbitrary::any::<::std::string::String>(), {}, 0..4)",
            element(cx, inner)
        )),
        TypeRef::Boxed(inner) => strategy(cx, inner).map(|s| format!("({s}).prop_map(::std::boxed::Box::new)")),
        // An alias has the strategy of what it names (`pub type Loose = serde_json::Value`).
        TypeRef::Named(n) => cx.aliases.get(n).and_then(|target| strategy(cx, target)),
        TypeRef::String | TypeRef::Integer | TypeRef::Sized(_) | TypeRef::Boolean | TypeRef::File => None,
    }
}
