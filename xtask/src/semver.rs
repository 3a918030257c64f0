//! The semver impact of a regeneration, read from the two versions of the generated source:
//! every public item, field, variant, method signature and trait implementation is a key with
//! its spelling; what disappears or changes breaks callers, what is added does not, unless it
//! is a field or variant of a type callers can build or match exhaustively.
//!
//! This is a quick source-level reading for `cargo xtask codegen`; `cargo semver-checks`, run on
//! the fixture pair in `xtask/tests/semver.rs`, is the reference it is tested against.

use quote::ToTokens;
use std::collections::BTreeMap;
use std::fmt;

/// How a new version of the generated code relates to the old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Same public API.
    Patch,
    /// Only additions callers cannot notice.
    Minor,
    /// Something callers may use is removed or changed.
    Major,
}

/// The changes found, with the level they call for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Impact {
    /// The highest level among the changes.
    pub level: Level,
    /// Changes that break callers.
    pub breaking: Vec<String>,
    /// Additions.
    pub added: Vec<String>,
}

impl fmt::Display for Impact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Patch => "patch (public API unchanged)",
            Level::Minor => "minor (additions only)",
            Level::Major => "major (breaks callers)",
        };
        write!(f, "semver impact: {level}")?;
        const SHOWN: usize = 12;
        for (label, list) in [("breaking", &self.breaking), ("added", &self.added)] {
            if list.is_empty() {
                continue;
            }
            write!(f, "\n  {label} ({}):", list.len())?;
            for line in list.iter().take(SHOWN) {
                write!(f, "\n    {line}")?;
            }
            if list.len() > SHOWN {
                write!(f, "\n    ... and {} more", list.len() - SHOWN)?;
            }
        }
        Ok(())
    }
}

/// Compares two versions of a Rust source file's public API.
pub fn impact(old: &str, new: &str) -> Result<Impact, String> {
    let (old, new) = (surface(old)?, surface(new)?);
    let mut breaking = Vec::new();
    let mut added = Vec::new();
    for (key, entry) in &old {
        match new.get(key) {
            None => breaking.push(format!("removed {key}")),
            Some(now) if now.spelling != entry.spelling => {
                breaking.push(format!("changed {key}: `{}` -> `{}`", entry.spelling, now.spelling))
            }
            Some(_) => {}
        }
    }
    for (key, entry) in &new {
        if old.contains_key(key) {
            continue;
        }
        // A new field of a struct callers build with a literal, or a new variant of an enum
        // they match, breaks them; only a type that existed before counts.
        let closed = entry.parent.as_ref().is_some_and(|p| old.get(p).is_some_and(|e| e.exhaustive));
        if closed {
            breaking.push(format!("added {key} to an exhaustive type"));
        } else {
            added.push(format!("added {key}"));
        }
    }
    let level = if !breaking.is_empty() {
        Level::Major
    } else if !added.is_empty() {
        Level::Minor
    } else {
        Level::Patch
    };
    Ok(Impact { level, breaking, added })
}

/// One public thing and how it is spelled.
#[derive(Debug)]
struct Entry {
    spelling: String,
    /// For a field or variant: the key of its type.
    parent: Option<String>,
    /// For a type: whether callers can build it with a literal (all fields public) or match it
    /// without a wildcard; a `#[non_exhaustive]` type is not.
    exhaustive: bool,
}

fn surface(source: &str) -> Result<BTreeMap<String, Entry>, String> {
    let file = syn::parse_file(source).map_err(|e| format!("not Rust source: {e}"))?;
    let mut out = BTreeMap::new();
    items(&file.items, "", &mut out);
    Ok(out)
}

/// Tokens as a reader writes them (`Vec<T>`, not `:: std :: vec :: Vec < T >`). Prelude items
/// read by their short names, however spelled: generators spelled them in full until 2026-12.
fn tokens(t: &impl ToTokens) -> String {
    let mut text = t.to_token_stream().to_string();
    for (from, to) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" < ", "<"),
        (" <", "<"),
        ("< ", "<"),
        (" >", ">"),
        ("& ", "&"),
        (" ,", ","),
        ("( ", "("),
        (" )", ")"),
        // A trailing comma is layout, not API (a formatter adds one where it breaks a line).
        (",>", ">"),
        (",)", ")"),
        ("::std::option::Option", "Option"),
        ("::std::result::Result", "Result"),
        ("::std::string::String", "String"),
        ("::std::vec::Vec", "Vec"),
        ("::std::boxed::Box", "Box"),
        ("::std::convert::Into", "Into"),
        ("::std::convert::From", "From"),
    ] {
        text = text.replace(from, to);
    }
    text
}

fn public(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
}

/// Derived traits are part of the API (losing `Default` breaks `T::default()`).
/// A trait as a derive would name it: its last segment, with type arguments but no lifetimes
/// (`::serde::Deserialize<'de>` is `Deserialize`, `From<Pet>` stays `From<Pet>`), so a derive
/// replaced by a hand-written impl of the same trait is no change.
fn trait_name(tr: &syn::Path) -> String {
    let Some(last) = tr.segments.last() else { return tokens(tr) };
    let mut name = last.ident.to_string();
    if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
        let types: Vec<String> =
            args.args.iter().filter(|a| !matches!(a, syn::GenericArgument::Lifetime(_))).map(tokens).collect();
        if !types.is_empty() {
            name += &format!("<{}>", types.join(", "));
        }
    }
    name
}

fn derives(attrs: &[syn::Attribute], path: &str, out: &mut BTreeMap<String, Entry>) {
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let Ok(list) = attr.parse_args_with(syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        else {
            continue;
        };
        for derived in list {
            let name = derived.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
            let key = format!("impl {name} for {path}");
            out.insert(key, Entry { spelling: String::new(), parent: None, exhaustive: false });
        }
    }
}

fn add(out: &mut BTreeMap<String, Entry>, key: String, spelling: String, parent: Option<String>, exhaustive: bool) {
    out.insert(key, Entry { spelling, parent, exhaustive });
}

fn items(list: &[syn::Item], module: &str, out: &mut BTreeMap<String, Entry>) {
    for item in list {
        match item {
            syn::Item::Struct(s) if public(&s.vis) => {
                let path = format!("{module}{}", s.ident);
                let key = format!("struct {path}");
                let all_public = s.fields.iter().all(|f| public(&f.vis));
                let exhaustive = all_public && !non_exhaustive(&s.attrs);
                add(out, key.clone(), tokens(&s.generics), None, exhaustive);
                derives(&s.attrs, &path, out);
                for (i, field) in s.fields.iter().enumerate().filter(|(_, f)| public(&f.vis)) {
                    let name = field.ident.as_ref().map_or_else(|| i.to_string(), ToString::to_string);
                    add(out, format!("field {path}.{name}"), tokens(&field.ty), Some(key.clone()), false);
                }
            }
            syn::Item::Enum(e) if public(&e.vis) => {
                let path = format!("{module}{}", e.ident);
                let key = format!("enum {path}");
                add(out, key.clone(), tokens(&e.generics), None, !non_exhaustive(&e.attrs));
                derives(&e.attrs, &path, out);
                for v in &e.variants {
                    add(out, format!("variant {path}::{}", v.ident), tokens(&v.fields), Some(key.clone()), false);
                }
            }
            syn::Item::Type(t) if public(&t.vis) => {
                add(out, format!("type {module}{}", t.ident), tokens(&t.ty), None, false);
            }
            syn::Item::Const(c) if public(&c.vis) => {
                add(out, format!("const {module}{}", c.ident), tokens(&c.ty), None, false);
            }
            syn::Item::Fn(f) if public(&f.vis) => {
                add(out, format!("fn {module}{}", f.sig.ident), tokens(&f.sig), None, false);
            }
            syn::Item::Mod(m) if public(&m.vis) => {
                if let Some((_, inner)) = &m.content {
                    // The document's types are re-exported beside the client, where users name
                    // them (and where generators before 2026-12 defined them).
                    let inner_module =
                        if m.ident == "types" { module.to_owned() } else { format!("{module}{}::", m.ident) };
                    items(inner, &inner_module, out);
                }
            }
            syn::Item::Impl(i) => {
                let ty = format!("{module}{}", tokens(&i.self_ty));
                if let Some((_, tr, _)) = &i.trait_ {
                    let key = format!("impl {} for {ty}", trait_name(tr));
                    add(out, key, String::new(), None, false);
                    continue;
                }
                for member in &i.items {
                    match member {
                        syn::ImplItem::Fn(f) if public(&f.vis) => {
                            add(out, format!("fn {ty}::{}", f.sig.ident), tokens(&f.sig), None, false);
                        }
                        syn::ImplItem::Const(c) if public(&c.vis) => {
                            add(out, format!("const {ty}::{}", c.ident), tokens(&c.ty), None, false);
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(old: &str, new: &str) -> (Level, Vec<String>) {
        let i = impact(old, new).unwrap();
        (i.level, i.breaking)
    }

    #[test]
    fn additions_to_non_exhaustive_types_are_minor_and_to_exhaustive_ones_major() {
        let old = "#[non_exhaustive] pub struct A { pub x: i64 } pub struct B { pub x: i64 }";
        let new = "#[non_exhaustive] pub struct A { pub x: i64, pub y: i64 } pub struct B { pub x: i64 }";
        assert_eq!(level(old, new).0, Level::Minor);
        let new = "#[non_exhaustive] pub struct A { pub x: i64 } pub struct B { pub x: i64, pub y: i64 }";
        assert_eq!(level(old, new), (Level::Major, vec!["added field B.y to an exhaustive type".to_string()]));
        let old = "pub enum E { A }";
        assert_eq!(level(old, "pub enum E { A, B }").0, Level::Major);
        assert_eq!(level(old, old).0, Level::Patch);
    }

    #[test]
    fn removed_or_retyped_items_are_major() {
        let old = "pub struct A { pub x: i64 } impl A { pub fn with_x(self, v: impl Into<i64>) -> Self { self } }";
        let retyped =
            "pub struct A { pub x: String } impl A { pub fn with_x(self, v: impl Into<String>) -> Self { self } }";
        let (l, breaking) = level(old, retyped);
        assert_eq!(l, Level::Major);
        assert_eq!(breaking[0], "changed field A.x: `i64` -> `String`");
        let (l, breaking) = level(old, "pub struct A {}");
        assert_eq!(l, Level::Major);
        assert!(breaking.contains(&"removed fn A::with_x".to_string()), "{breaking:?}");
        // Layout is no change.
        let wide = "pub struct A { pub x: Option<Vec<i64>> } impl A { pub fn f(&self, a: i64) {} }";
        let broken = "pub struct A { pub x: Option<\n  Vec<i64>,\n> } impl A { pub fn f(\n  &self,\n  a: i64,\n) {} }";
        assert_eq!(level(wide, broken).0, Level::Patch);
        // So is spelling a prelude item in full.
        let full =
            "pub struct A { pub x: ::std::option::Option<::std::vec::Vec<i64>> } impl A { pub fn f(&self, a: i64) {} }";
        assert_eq!(level(wide, full).0, Level::Patch);
        // A derive written out by hand is the same impl.
        let derived = "#[derive(serde::Deserialize)] pub enum E { A }";
        let by_hand = "pub enum E { A } impl<'de> ::serde::Deserialize<'de> for E {}";
        assert_eq!(level(derived, by_hand).0, Level::Patch);
        assert_eq!(
            level("pub struct A; impl From<i64> for A {}", "pub struct A; impl From<u8> for A {}").0,
            Level::Major
        );
        // Losing a derive loses `T::default()`.
        assert_eq!(level("#[derive(Default)] pub struct A {}", "pub struct A {}").0, Level::Major);
    }
}
