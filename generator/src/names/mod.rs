//! Rust identifier rules, shared by lowering (which chooses names) and emitting (which spells
//! them): case conversion with `heck`, then sanitising (leading digits, keywords, empty names).

pub mod reserved;

use heck::{ToSnakeCase, ToUpperCamelCase};

const DIGITS: [&str; 10] = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine"];

/// Rust keywords (strict and reserved, 2021 edition).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "gen", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// `UpperCamelCase` name for a type or variant. A leading digit is spelled out
/// (`2FA` -> `TwoFa`), so the name stays readable and valid.
pub fn type_name(raw: &str) -> String {
    let raw = raw.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    let mut chars = raw.chars();
    let camel = match chars.next() {
        Some(c) if c.is_ascii_digit() => {
            let rest = chars.as_str();
            let rest = rest.to_upper_camel_case();
            format!("{}{rest}", DIGITS[c as usize - '0' as usize])
        }
        _ => raw.to_upper_camel_case(),
    };
    let camel: String = camel.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    match camel.as_str() {
        "" => "Value".to_string(),
        "Self" => "Self_".to_string(),
        _ => camel,
    }
}

/// `snake_case` name for a field or method; keywords are kept and spelled as raw identifiers
/// by the emitter (see [`is_keyword`]), except those that cannot be raw.
pub fn field_name(raw: &str) -> String {
    let snake: String = raw.to_snake_case().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    let snake = match snake.chars().next() {
        None => "value".to_string(),
        Some(c) if c.is_ascii_digit() => format!("n{snake}"),
        _ => snake,
    };
    match snake.as_str() {
        "self" | "super" | "crate" | "_" => format!("{snake}_"),
        _ => snake,
    }
}

/// The first of `base`, `base{sep}2`, `base{sep}3`, ... not in `taken`; it is added to `taken`.
/// Collisions resolve in document order, so the result is deterministic.
pub fn claim(taken: &mut std::collections::BTreeSet<String>, base: &str, sep: &str) -> String {
    let mut name = base.to_string();
    let mut n = 2;
    // `Self_` numbers as `Self2`, not `Self_2` (which is not UpperCamelCase).
    let stem = if sep.is_empty() { base.trim_end_matches('_') } else { base };
    while taken.contains(&name) {
        name = format!("{stem}{sep}{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// Whether `ident` must be written `r#ident`.
pub fn is_keyword(ident: &str) -> bool {
    KEYWORDS.contains(&ident)
}

/// Words of an `UpperCamelCase` name (`TwoStepConfig` -> `Two`, `Step`, `Config`).
fn words(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            out.push(&name[start..i]);
            start = i;
        }
    }
    out.push(&name[start..]);
    out
}

/// Short variant names for a union of named types: the words all names share at the start
/// and at the end are dropped (`CatPet`, `DogPet` -> `Cat`, `Dog`). With a single
/// name, the union's own name is dropped from it instead (`Pet` in `CatPet` -> `Cat`).
/// Falls back to the full names when stripping would leave an empty or duplicate name.
pub fn variant_names(union: &str, names: &[String]) -> Vec<String> {
    let split: Vec<Vec<&str>> = names.iter().map(|n| words(n)).collect();
    let stripped: Vec<String> = if split.len() == 1 {
        let own = words(union);
        let w = &split[0];
        let suffix =
            (0..=own.len().min(w.len())).rev().find(|&k| w[w.len() - k..] == own[own.len() - k..]).unwrap_or(0);
        let prefix = (0..=own.len().min(w.len())).rev().find(|&k| w[..k] == own[..k]).unwrap_or(0);
        let (a, b) = if suffix > 0 { (0, w.len() - suffix) } else { (prefix, w.len()) };
        vec![w[a..b].concat()]
    } else {
        let min = split.iter().map(Vec::len).min().unwrap_or(0);
        let prefix = (0..min).take_while(|&i| split.iter().all(|w| w[i] == split[0][i])).count();
        let suffix = (0..min - prefix)
            .take_while(|&i| split.iter().all(|w| w[w.len() - 1 - i] == split[0][split[0].len() - 1 - i]))
            .count();
        split.iter().map(|w| w[prefix..w.len() - suffix].concat()).collect()
    };
    let mut seen = std::collections::BTreeSet::new();
    // `Self` cannot be a variant name (not even raw).
    let usable = stripped.iter().all(|s| {
        !s.is_empty() && s != "Self" && s.starts_with(|c: char| c.is_ascii_alphabetic()) && seen.insert(s.clone())
    });
    let chosen = if usable { stripped } else { names.to_vec() };
    // Two branches of one type (`String` and a string enum's alias, the same `$ref` twice).
    let mut taken = std::collections::BTreeSet::new();
    chosen
        .iter()
        .map(|n| match reserved::NOT_VARIANTS.contains(&n.as_str()) {
            true => claim(&mut taken, &format!("{n}Variant"), ""),
            false => claim(&mut taken, n, ""),
        })
        .collect()
}

/// The words all names share at the end, as a name (`AirPort`, `SeaPort` -> `Port`).
pub fn common_suffix(names: &[String]) -> Option<String> {
    let split: Vec<Vec<&str>> = names.iter().map(|n| words(n)).collect();
    let min = split.iter().map(Vec::len).min()?;
    let n =
        (0..min).take_while(|&i| split.iter().all(|w| w[w.len() - 1 - i] == split[0][split[0].len() - 1 - i])).count();
    (n > 0 && names.len() > 1).then(|| split[0][split[0].len() - n..].concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_digits_are_spelled() {
        assert_eq!(type_name("2FA"), "TwoFa");
        assert_eq!(type_name("1STEP"), "OneStep");
        assert_eq!(type_name("123abc"), "One23abc");
        assert_eq!(field_name("123abc"), "n123abc");
    }

    #[test]
    fn keywords_and_empties() {
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(type_name(""), "Value");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("type"), "type");
        assert!(is_keyword("type"));
        assert_eq!(field_name("foo-bar"), "foo_bar");
        assert_eq!(field_name("@id"), "id");
    }

    #[test]
    fn variant_names_drop_shared_words() {
        let v = |u: &str, n: &[&str]| variant_names(u, &n.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(v("Pet", &["CatPet", "DogPet"]), ["Cat", "Dog"]);
        assert_eq!(v("Cfg", &["XAllSecretsConfig", "XSomeSecretsConfig"]), ["All", "Some"]);
        assert_eq!(v("Thing", &["OtherThing"]), ["Other"]);
        assert_eq!(v("Thing", &["Thing"]), ["Thing"]);
        assert_eq!(v("U", &["Ab", "Ab2"]), ["Ab", "Ab2"]);
    }
}
