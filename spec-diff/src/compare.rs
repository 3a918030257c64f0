//! The comparison of two documents' facts and its report.

use std::cmp::Ordering;
use std::fmt;

use serde_json::{Map, Value};

use crate::deviations::Deviation;
use crate::facts::{child_context, empty, escape, is_prose, item_context, strip_prose, Context, METHODS};

/// Values longer than this many characters are shortened with `…` when printed.
const SHORT: usize = 100;

/// One difference in facts: at `pointer` (a JSON pointer into our document; a sequence item only
/// upstream is named by its index upstream), our value `old` became upstream's `new`. `None` means
/// the place is absent on that side.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Where, as a JSON pointer (`#/paths/~1v1~1items/get/...`).
    pub pointer: String,
    /// Our value; `None` when only upstream has the place.
    pub old: Option<Value>,
    /// Upstream's value; `None` when only we have the place.
    pub new: Option<Value>,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} -> {}", self.pointer, short(self.old.as_ref()), short(self.new.as_ref()))
    }
}

/// An operation (`METHOD /path`) or schema present in both documents whose facts differ.
#[derive(Clone, Debug, PartialEq)]
pub struct Changed {
    /// `POST /v1/items` for an operation, the schema's name for a schema.
    pub name: String,
    /// Its differences, sorted by pointer.
    pub changes: Vec<Change>,
}

/// What [`compare`] found. Lists are sorted: operations by path then method, schemas by name,
/// changes by pointer (numeric segments as numbers).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Operations only upstream, as `METHOD /path`.
    pub operations_added: Vec<String>,
    /// Operations only in our document, as `METHOD /path`.
    pub operations_removed: Vec<String>,
    /// Operations in both whose facts differ.
    pub operations_changed: Vec<Changed>,
    /// `components/schemas` entries only upstream.
    pub schemas_added: Vec<String>,
    /// `components/schemas` entries only in our document.
    pub schemas_removed: Vec<String>,
    /// Schemas in both whose facts differ.
    pub schemas_changed: Vec<Changed>,
    /// Differences outside operations and schemas (`info`, `servers`, `security`, path-level
    /// parameters, `components/securitySchemes`, ...).
    pub other_changes: Vec<Change>,
    /// Differences at or under a deviation's pointer: known, so not listed above.
    pub explained: Vec<Change>,
    /// Deviations with no difference at or under their pointer.
    pub stale: Vec<Deviation>,
    /// Pointers to a `description` upstream has where ours has none (or a blank one), at places
    /// both documents have. Informational: not part of [`Report::is_empty`].
    pub unworded: Vec<String>,
}

impl Report {
    /// Nothing to bring in: no unexplained difference and no stale deviation. Unworded
    /// descriptions do not count: they are prose, not facts.
    pub fn is_empty(&self) -> bool {
        self.operations_added.is_empty()
            && self.operations_removed.is_empty()
            && self.operations_changed.is_empty()
            && self.schemas_added.is_empty()
            && self.schemas_removed.is_empty()
            && self.schemas_changed.is_empty()
            && self.other_changes.is_empty()
            && self.stale.is_empty()
    }
}

impl fmt::Display for Report {
    /// Non-empty sections in a fixed order, then one summary line (always, with no newline after
    /// it).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        names(f, "operations added", "+", &self.operations_added)?;
        names(f, "operations removed", "-", &self.operations_removed)?;
        changed(f, "operations changed", &self.operations_changed)?;
        names(f, "schemas added", "+", &self.schemas_added)?;
        names(f, "schemas removed", "-", &self.schemas_removed)?;
        changed(f, "schemas changed", &self.schemas_changed)?;
        lines(f, "other changes", &self.other_changes)?;
        lines(f, "explained by DEVIATIONS", &self.explained)?;
        let stale: Vec<_> = self.stale.iter().map(|d| d.pointer.as_str()).collect();
        lines(f, "stale deviations", &stale)?;
        lines(f, "descriptions with no wording of ours yet", &self.unworded)?;
        write!(
            f,
            "summary: operations {} added, {} removed, {} changed; schemas {} added, {} removed, {} changed; \
             {} other changes; {} explained; {} stale; {} unworded",
            self.operations_added.len(),
            self.operations_removed.len(),
            self.operations_changed.len(),
            self.schemas_added.len(),
            self.schemas_removed.len(),
            self.schemas_changed.len(),
            self.other_changes.len(),
            self.explained.len(),
            self.stale.len(),
            self.unworded.len(),
        )
    }
}

fn names(f: &mut fmt::Formatter<'_>, title: &str, mark: &str, items: &[String]) -> fmt::Result {
    if !items.is_empty() {
        writeln!(f, "{title} ({}):", items.len())?;
        for item in items {
            writeln!(f, "  {mark} {item}")?;
        }
    }
    Ok(())
}

fn changed(f: &mut fmt::Formatter<'_>, title: &str, items: &[Changed]) -> fmt::Result {
    if !items.is_empty() {
        writeln!(f, "{title} ({}):", items.len())?;
        for item in items {
            writeln!(f, "  ~ {}", item.name)?;
            for change in &item.changes {
                writeln!(f, "    {change}")?;
            }
        }
    }
    Ok(())
}

fn lines<T: fmt::Display>(f: &mut fmt::Formatter<'_>, title: &str, items: &[T]) -> fmt::Result {
    if !items.is_empty() {
        writeln!(f, "{title} ({}):", items.len())?;
        for item in items {
            writeln!(f, "  {item}")?;
        }
    }
    Ok(())
}

/// One-line JSON, at most [`SHORT`] characters (longer values end in `…`); `(absent)` for none.
fn short(value: Option<&Value>) -> String {
    let Some(value) = value else { return "(absent)".into() };
    let text = value.to_string();
    if text.chars().count() <= SHORT {
        text
    } else {
        let mut cut: String = text.chars().take(SHORT - 1).collect();
        cut.push('…');
        cut
    }
}

/// Where a difference belongs in the report.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    /// An operation, by path and method.
    Operation(String, String),
    /// A component schema, by name.
    Schema(String),
    /// Anywhere else.
    Other,
}

/// One difference found, before deviations are applied.
struct Found {
    place: Place,
    /// Whether the whole operation or schema is on one side only.
    whole: bool,
    change: Change,
}

/// Compares the facts of our document with upstream's (both whole documents as JSON, prose
/// included, as [`read_document`](crate::read_document) gives them; prose is removed here and
/// only used for [`Report::unworded`]). Operations are keyed by `METHOD /path`, schemas by name
/// under `components/schemas`; parameter lists are matched by (`in`, `name`), or by `$ref`, so
/// their order is not a fact. Differences at or under a deviation's pointer are explained.
///
/// Never panics: parts that are not the expected mappings are compared as plain values (run
/// [`validate`](crate::validate) first to reject them instead).
pub fn compare(ours: &Value, theirs: &Value, deviations: &[Deviation]) -> Report {
    let found = differences(&strip_prose(ours), &strip_prose(theirs));
    let mut report = Report::default();
    let mut used = vec![false; deviations.len()];
    let mut operations: Vec<(Place, Vec<Change>)> = Vec::new();
    let mut added_ops = Vec::new();
    let mut removed_ops = Vec::new();
    let mut added_schemas = Vec::new();
    let mut removed_schemas = Vec::new();
    for Found { place, whole, change } in found {
        let hits: Vec<usize> =
            (0..deviations.len()).filter(|&i| covers(&deviations[i].pointer, &change.pointer)).collect();
        if !hits.is_empty() {
            hits.into_iter().for_each(|i| used[i] = true);
            report.explained.push(change);
            continue;
        }
        match (&place, whole) {
            (Place::Operation(..), true) if change.old.is_none() => added_ops.push(place),
            (Place::Operation(..), true) => removed_ops.push(place),
            (Place::Schema(name), true) if change.old.is_none() => added_schemas.push(name.clone()),
            (Place::Schema(name), true) => removed_schemas.push(name.clone()),
            (Place::Other, _) => report.other_changes.push(change),
            _ => match operations.iter_mut().find(|(p, _)| *p == place) {
                Some((_, changes)) => changes.push(change),
                None => operations.push((place, vec![change])),
            },
        }
    }
    operations.sort_by(|x, y| x.0.cmp(&y.0));
    for (place, mut changes) in operations {
        changes.sort_by(|x, y| pointer_order(&x.pointer, &y.pointer));
        match place {
            Place::Operation(path, method) => {
                report.operations_changed.push(Changed { name: operation_name(&path, &method), changes })
            }
            Place::Schema(name) => report.schemas_changed.push(Changed { name, changes }),
            Place::Other => report.other_changes.extend(changes),
        }
    }
    let operation_names = |mut places: Vec<Place>| {
        places.sort();
        places
            .into_iter()
            .filter_map(|p| match p {
                Place::Operation(path, method) => Some(operation_name(&path, &method)),
                _ => None,
            })
            .collect()
    };
    report.operations_added = operation_names(added_ops);
    report.operations_removed = operation_names(removed_ops);
    added_schemas.sort();
    removed_schemas.sort();
    report.schemas_added = added_schemas;
    report.schemas_removed = removed_schemas;
    report.other_changes.sort_by(|x, y| pointer_order(&x.pointer, &y.pointer));
    report.explained.sort_by(|x, y| pointer_order(&x.pointer, &y.pointer));
    report.stale = deviations.iter().zip(&used).filter(|(_, used)| !**used).map(|(d, _)| d.clone()).collect();
    report.stale.sort_by(|x, y| pointer_order(&x.pointer, &y.pointer));
    report.stale.dedup();

    unworded("#", ours, theirs, Context::Keywords, &mut report.unworded);
    report.unworded.sort_by(|x, y| pointer_order(x, y));
    report
}

/// Every difference of the two documents (prose stripped), with the operation or schema it
/// belongs to and whether that whole operation or schema is added or removed.
fn differences(a: &Value, b: &Value) -> Vec<Found> {
    let (a_paths, a_schemas, a_rest) = split(a);
    let (b_paths, b_schemas, b_rest) = split(b);
    let mut found = Vec::new();

    for path in union(a_paths, b_paths) {
        let here = format!("#/paths/{}", escape(path));
        let (item_a, item_b) = (a_paths.get(path), b_paths.get(path));
        let (Some(map_a), Some(map_b)) = (as_map(item_a), as_map(item_b)) else {
            let mut out = Vec::new();
            entry(&here, item_a, item_b, Context::Names, path, &mut out);
            found.extend(out.into_iter().map(|change| Found { place: Place::Other, whole: false, change }));
            continue;
        };
        let (item_a, item_b) = (map_a.unwrap_or(empty()), map_b.unwrap_or(empty()));
        for key in union(item_a, item_b) {
            let at = format!("{here}/{}", escape(key));
            let (x, y) = (item_a.get(key), item_b.get(key));
            let place = if METHODS.contains(&key.as_str()) {
                Place::Operation(path.clone(), key.clone())
            } else {
                Place::Other
            };
            let whole = place != Place::Other && (x.is_none() || y.is_none());
            let mut out = Vec::new();
            entry(&at, x, y, Context::Keywords, key, &mut out);
            found.extend(out.into_iter().map(|change| Found { place: place.clone(), whole, change }));
        }
    }

    for name in union(a_schemas, b_schemas) {
        let at = format!("#/components/schemas/{}", escape(name));
        let (x, y) = (a_schemas.get(name), b_schemas.get(name));
        let whole = x.is_none() || y.is_none();
        let mut out = Vec::new();
        entry(&at, x, y, Context::Names, name, &mut out);
        found.extend(out.into_iter().map(|change| Found { place: Place::Schema(name.clone()), whole, change }));
    }

    let mut out = Vec::new();
    diff("#", &a_rest, &b_rest, Context::Keywords, &mut out);
    found.extend(out.into_iter().map(|change| Found { place: Place::Other, whole: false, change }));
    found
}

/// `Some(None)` when absent, `Some(Some(map))` for a mapping, `None` for any other value.
fn as_map(value: Option<&Value>) -> Option<Option<&Map<String, Value>>> {
    match value {
        None => Some(None),
        Some(Value::Object(map)) => Some(Some(map)),
        Some(_) => None,
    }
}

fn operation_name(path: &str, method: &str) -> String {
    format!("{} {path}", method.to_uppercase())
}

/// Whether a difference at `pointer` is at or under `deviation`.
fn covers(deviation: &str, pointer: &str) -> bool {
    pointer.strip_prefix(deviation).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Pointers in document order of their segments, numeric segments compared as numbers.
fn pointer_order(x: &str, y: &str) -> Ordering {
    let key = |s: &str| s.parse::<u64>().ok();
    let mut xs = x.split('/');
    let mut ys = y.split('/');
    loop {
        match (xs.next(), ys.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(a), Some(b)) => {
                let order = match (key(a), key(b)) {
                    (Some(m), Some(n)) => m.cmp(&n),
                    _ => a.cmp(b),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

/// `paths` and `components/schemas` when they are mappings (empty when absent), and the rest of
/// the document without them. A part that is not a mapping stays in the rest, compared whole.
fn split(doc: &Value) -> (&Map<String, Value>, &Map<String, Value>, Value) {
    let Value::Object(top) = doc else { return (empty(), empty(), doc.clone()) };
    let mut rest = top.clone();
    let paths = match top.get("paths") {
        Some(Value::Object(paths)) => {
            rest.remove("paths");
            paths
        }
        _ => empty(),
    };
    let schemas = match top.get("components").and_then(|c| c.get("schemas")) {
        Some(Value::Object(schemas)) => {
            if let Some(Value::Object(components)) = rest.get_mut("components") {
                components.remove("schemas");
                if components.is_empty() {
                    rest.remove("components");
                }
            }
            schemas
        }
        _ => empty(),
    };
    (paths, schemas, Value::Object(rest))
}

/// Keys of `a` in order, then keys only in `b`.
fn union<'m>(a: &'m Map<String, Value>, b: &'m Map<String, Value>) -> Vec<&'m String> {
    a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))).collect()
}

/// Compares one entry `key` of two mappings read in `context`, either side possibly absent.
fn entry(pointer: &str, a: Option<&Value>, b: Option<&Value>, context: Context, key: &str, out: &mut Vec<Change>) {
    match (a, b) {
        (Some(x), Some(y)) => {
            if context == Context::Keywords && key == "parameters" {
                if let (Value::Array(xs), Value::Array(ys)) = (x, y) {
                    if let Some(pairs) = match_items(xs, ys) {
                        return parameters(pointer, xs, ys, &pairs, out);
                    }
                }
            }
            diff(pointer, x, y, child_context(context, key), out)
        }
        (x, y) if x != y => {
            out.push(Change { pointer: pointer.to_owned(), old: x.cloned(), new: y.cloned() });
        }
        _ => {}
    }
}

/// Walks both values (read in `context`) and records every place below `pointer` where they
/// differ.
fn diff(pointer: &str, a: &Value, b: &Value, context: Context, out: &mut Vec<Change>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in union(x, y) {
                entry(&format!("{pointer}/{}", escape(key)), x.get(key), y.get(key), context, key, out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                diff(&format!("{pointer}/{i}"), v, w, item_context(context), out);
            }
        }
        _ if a != b => out.push(Change { pointer: pointer.to_owned(), old: Some(a.clone()), new: Some(b.clone()) }),
        _ => {}
    }
}

/// Parameters matched by key: pairs compared at our index, ours only removed at our index,
/// upstream's only added at upstream's index.
fn parameters(pointer: &str, xs: &[Value], ys: &[Value], pairs: &Pairs, out: &mut Vec<Change>) {
    for &(i, j) in &pairs.both {
        diff(&format!("{pointer}/{i}"), &xs[i], &ys[j], Context::Keywords, out);
    }
    for &i in &pairs.ours {
        out.push(Change { pointer: format!("{pointer}/{i}"), old: Some(xs[i].clone()), new: None });
    }
    for &j in &pairs.theirs {
        out.push(Change { pointer: format!("{pointer}/{j}"), old: None, new: Some(ys[j].clone()) });
    }
}

/// Parameter lists matched by key.
struct Pairs {
    /// (our index, upstream's index) of parameters in both.
    both: Vec<(usize, usize)>,
    /// Our indexes of parameters only we have.
    ours: Vec<usize>,
    /// Upstream's indexes of parameters only upstream has.
    theirs: Vec<usize>,
}

/// A parameter's identity: its `$ref`, or its `in` and `name`.
fn parameter_key(value: &Value) -> Option<String> {
    let map = value.as_object()?;
    if let Some(target) = map.get("$ref").and_then(Value::as_str) {
        return Some(format!("$ref {target}"));
    }
    Some(format!("{} {}", map.get("in")?.as_str()?, map.get("name")?.as_str()?))
}

/// Matches two parameter lists by key; `None` when an item has no key or a key repeats (the
/// lists are then compared by position).
fn match_items(xs: &[Value], ys: &[Value]) -> Option<Pairs> {
    let keys = |items: &[Value]| -> Option<Vec<String>> {
        let keys: Vec<String> = items.iter().map(parameter_key).collect::<Option<_>>()?;
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        (sorted.len() == keys.len()).then_some(keys)
    };
    let (kx, ky) = (keys(xs)?, keys(ys)?);
    let mut pairs = Pairs { both: Vec::new(), ours: Vec::new(), theirs: Vec::new() };
    for (i, k) in kx.iter().enumerate() {
        match ky.iter().position(|other| other == k) {
            Some(j) => pairs.both.push((i, j)),
            None => pairs.ours.push(i),
        }
    }
    pairs.theirs = (0..ky.len()).filter(|j| !kx.contains(&ky[*j])).collect();
    Some(pairs)
}

/// A `description` that is a non-blank string.
fn has_description(map: &Map<String, Value>) -> bool {
    map.get("description").and_then(Value::as_str).is_some_and(|text| !text.trim().is_empty())
}

/// Records `<place>/description` for every place in both documents where upstream has a
/// description and ours has none.
fn unworded(pointer: &str, a: &Value, b: &Value, context: Context, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            if context == Context::Keywords && has_description(y) && !has_description(x) {
                out.push(format!("{pointer}/description"));
            }
            for (key, v) in x {
                let inner = child_context(context, key);
                let Some(w) = y.get(key) else { continue };
                if (context == Context::Keywords && is_prose(key)) || inner == Context::Literal {
                    continue;
                }
                let here = format!("{pointer}/{}", escape(key));
                if let (Context::Keywords, "parameters", Value::Array(vs), Value::Array(ws)) =
                    (context, key.as_str(), v, w)
                {
                    if let Some(pairs) = match_items(vs, ws) {
                        for (i, j) in pairs.both {
                            unworded(&format!("{here}/{i}"), &vs[i], &ws[j], Context::Keywords, out);
                        }
                        continue;
                    }
                }
                unworded(&here, v, w, inner, out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                unworded(&format!("{pointer}/{i}"), v, w, item_context(context), out);
            }
        }
        _ => {}
    }
}
