//! `Validate` implementations: the schema rules serde does not check (item counts, lengths,
//! bounds, patterns, and enum lists chosen by a sibling field), with the field path of the
//! first failure.

use super::{field_ident, ident, Cx};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// Whether values of this type need checking.
fn validates(model: &Model, t: &TypeRef) -> bool {
    match t {
        TypeRef::Named(n) => model.types.get(n).is_some_and(|d| d.validates),
        TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Boxed(t) => validates(model, t),
        _ => false,
    }
}

/// Checks of `value` (a reference to a value of type `t`) at `path`, an expression giving a
/// `FieldPath`. `depth` counts the enclosing loops: each names its index, key, item and path
/// apart, since an inner item's path borrows the outer one's.
fn nested(cx: &Cx, model: &Model, t: &TypeRef, value: TokenStream, path: TokenStream, depth: usize) -> TokenStream {
    let rt = &cx.rt;
    let name = |base: &str| match depth {
        0 => ident(base),
        d => ident(&format!("{base}{d}")),
    };
    let (index, key, item, at) = (name("index"), name("key"), name("item"), name("at"));
    match t {
        TypeRef::Named(_) if validates(model, t) => quote!(#rt::Validate::validate_at(#value, &#path)?;),
        TypeRef::Vec(inner) if validates(model, inner) => {
            let check = nested(cx, model, inner, quote!(#item), quote!(#at.index(#index)), depth + 1);
            quote!(let #at = #path; for (#index, #item) in #value.iter().enumerate() { #check })
        }
        TypeRef::Boxed(inner) if validates(model, inner) => nested(cx, model, inner, quote!(&**#value), path, depth),
        TypeRef::Map(inner) if validates(model, inner) => {
            let check = nested(cx, model, inner, quote!(#item), quote!(#at.field(#key)), depth + 1);
            quote!(let #at = #path; for (#key, #item) in #value.iter() { #check })
        }
        _ => TokenStream::new(),
    }
}

/// Which sets of fields are complete, checked against the `oneOf` (exactly one) or `anyOf` (at
/// least one) that lists them. A field is present on the wire unless it is an unset `Option`
/// left out (a required nullable one is sent as `null`, which is present).
fn presence_check(cx: &Cx, s: &Struct, presence: &Presence) -> TokenStream {
    let rt = &cx.rt;
    let sets = presence.sets.iter().map(|set| {
        let present = set.iter().map(|&i| {
            let f = &s.fields[i];
            let n = field_ident(&f.name);
            if matches!(f.state, FieldState::Required | FieldState::RequiredNullable | FieldState::Constant) {
                quote!(true)
            } else {
                quote!(self.#n.is_some())
            }
        });
        if set.is_empty() {
            quote!(true)
        } else {
            quote!(#(#present)&&*)
        }
    });
    let names = presence_names(s, presence);
    let exactly_one = presence.exactly_one;
    quote!(#rt::present_sets(path, &[#(#sets),*], #names, #exactly_one)?;)
}

/// The sets of a presence rule as the messages and docs spell them: `` `a` or `b` with `c` ``.
pub(crate) fn presence_names(s: &Struct, presence: &Presence) -> String {
    let spell =
        |set: &Vec<usize>| set.iter().map(|&i| format!("`{}`", s.fields[i].wire)).collect::<Vec<_>>().join(" with ");
    let names: Vec<String> = presence.sets.iter().map(spell).collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

pub(crate) fn emit_validate(cx: &Cx, model: &Model, def: &TypeDef) -> TokenStream {
    let rt = &cx.rt;
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => {
            let checks = s.fields.iter().map(|f| {
                let fname = field_ident(&f.name);
                let wire = &f.wire;
                let path = quote!(path.field(#wire));
                let mut inner = nested(cx, model, &f.ty, quote!(value), path.clone(), 0);
                let rules = rule_checks(cx, &f.rules, &f.ty, &path);
                if !rules.is_empty() {
                    inner = quote! { #rules #inner };
                }
                if let Some(j) = f.correlated_with {
                    let sib = &s.fields[j];
                    let (sname, swire) = (field_ident(&sib.name), &sib.wire);
                    let sib_value = if sib.clearable() {
                        quote!(self.#sname.as_ref().and_then(::std::option::Option::as_ref))
                    } else if sib.optional() {
                        quote!(self.#sname.as_ref())
                    } else {
                        quote!(::std::option::Option::Some(&self.#sname))
                    };
                    inner = quote! {
                        if let ::std::option::Option::Some(selector) = #sib_value {
                            if !value.is_listed_for(selector) {
                                return ::std::result::Result::Err(#rt::ValidationError::new(
                                    #path,
                                    format!(
                                        "{:?} is not offered when `{}` is {:?}; choose a value from that list or another `{}`",
                                        value.as_str(), path.field(#swire), selector.as_str(), #swire
                                    ),
                                ));
                            }
                        }
                        #inner
                    };
                }
                if inner.is_empty() {
                    TokenStream::new()
                } else if !f.optional() {
                    quote!({ let value = &self.#fname; #inner })
                } else if f.clearable() {
                    quote!(if let ::std::option::Option::Some(::std::option::Option::Some(value)) = &self.#fname { #inner })
                } else {
                    quote!(if let ::std::option::Option::Some(value) = &self.#fname { #inner })
                }
            });
            let presence = s.presence.as_ref().map(|p| presence_check(cx, s, p));
            quote! { #presence #(#checks)* ::std::result::Result::Ok(()) }
        }
        TypeKind::Union(u) => {
            let arms = u.variants.iter().map(|v| {
                let vn = ident(&v.name);
                if validates(model, &v.ty) {
                    quote!(Self::#vn(value) => #rt::Validate::validate_at(value, path),)
                } else {
                    quote!(Self::#vn(_) => ::std::result::Result::Ok(()),)
                }
            });
            quote!(match self { #(#arms)* })
        }
        TypeKind::Enum(_) | TypeKind::Alias(_) => return TokenStream::new(),
    };
    // A type validated only because it is a request body may have nothing to check.
    let path = if uses_ident(&body, "path") { quote!(path) } else { quote!(_path) };
    // Lowering checked the path.
    let rules = def.prose_rules.as_deref().and_then(|path| syn::parse_str::<syn::Path>(path).ok());
    let prose = match rules {
        Some(rules) => quote! {
            fn prose_rules(&self) -> ::std::result::Result<(), #rt::ValidationError> { #rules(self) }
        },
        None => TokenStream::new(),
    };
    quote! {
        impl #rt::Validate for #name {
            fn validate_at(&self, #path: &#rt::FieldPath<'_>) -> ::std::result::Result<(), #rt::ValidationError> { #body }
            #prose
        }
    }
}

/// The checks of a field's value rules, in the order a reader fixes them: how many items,
/// how long, how large, what shape. `value` is a reference to the field's value.
fn rule_checks(cx: &Cx, rules: &Rules, ty: &TypeRef, path: &TokenStream) -> TokenStream {
    let rt = &cx.rt;
    // Integers are compared as `f64`, the type of the bounds.
    let number = if *ty == TypeRef::Number { quote!(*value) } else { quote!((*value as f64)) };
    let fail = |test: TokenStream, message: String| {
        quote! {
            if #test {
                return ::std::result::Result::Err(#rt::ValidationError::new(#path, #message));
            }
        }
    };
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let count = |n: u64| proc_macro2::Literal::usize_unsuffixed(n as usize);
    let mut checks = Vec::new();
    // At least one is "not empty", as clippy prefers it spelled.
    let fewer = |n: u64, len: TokenStream| {
        if n == 1 {
            quote!(value.is_empty())
        } else {
            let c = count(n);
            quote!(#len < #c)
        }
    };
    if let Some(n) = rules.min_items {
        checks.push(fail(fewer(n, quote!(value.len())), format!("must list at least {}", plural(n, "item", "items"))));
    }
    if let Some(n) = rules.max_items {
        let c = count(n);
        checks.push(fail(quote!(value.len() > #c), format!("must list at most {}", plural(n, "item", "items"))));
    }
    if rules.unique_items {
        let test = quote!(value.iter().enumerate().any(|(i, item)| value[..i].contains(item)));
        checks.push(fail(test, "must not list the same item twice".to_owned()));
    }
    if let Some(n) = rules.min_length {
        let message = format!("must be at least {} long", plural(n, "character", "characters"));
        checks.push(fail(fewer(n, quote!(value.chars().count())), message));
    }
    if let Some(n) = rules.max_length {
        let c = count(n);
        let message = format!("must be at most {} long", plural(n, "character", "characters"));
        checks.push(fail(quote!(value.chars().count() > #c), message));
    }
    if let Some(b) = rules.minimum {
        let v = proc_macro2::Literal::f64_unsuffixed(b.value);
        checks.push(if b.exclusive {
            fail(quote!(#number <= #v), format!("must be greater than {}", b.value))
        } else {
            fail(quote!(#number < #v), format!("must be at least {}", b.value))
        });
    }
    if let Some(b) = rules.maximum {
        let v = proc_macro2::Literal::f64_unsuffixed(b.value);
        checks.push(if b.exclusive {
            fail(quote!(#number >= #v), format!("must be less than {}", b.value))
        } else {
            fail(quote!(#number > #v), format!("must be at most {}", b.value))
        });
    }
    if let Some(p) = &rules.pattern {
        let message = format!("must match the pattern `{p}`");
        let test = fail(quote!(!PATTERN.is_match(value)), message);
        checks.push(quote! {
            static PATTERN: #rt::Pattern = #rt::Pattern::new(#p);
            #test
        });
    }
    quote!(#(#checks)*)
}

fn uses_ident(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        proc_macro2::TokenTree::Ident(i) => i == name,
        proc_macro2::TokenTree::Group(g) => uses_ident(&g.stream(), name),
        _ => false,
    })
}
