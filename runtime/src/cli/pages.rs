//! `--all`: a paged list read to its end, each item printed as a JSON line as its page arrives.

use super::builtins::written;
use super::output::{write_values, Filter, Format};
use super::send::report;
use super::{App, EXIT_API, EXIT_OK, EXIT_USAGE};
use crate::ops::{Args, Operation, Output, PagingStyle};
use serde_json::{json, Value};

/// The value at a path of field names.
fn at<'v>(value: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(value, |v, field| v.get(field))
}

/// `--all`: every page, each item printed as a JSON line as its page arrives.
pub(super) async fn every_page<C>(
    app: &App<C>,
    client: &C,
    op: &'static Operation,
    mut args: Args,
    filter: Option<&Filter>,
) -> u8
where
    C: From<crate::Client> + Send + Sync + 'static,
{
    let Some(paging) = op.paging else { return super::fail("this operation is not a paged list", EXIT_USAGE) };
    let mut position = args.as_map().get(paging.param).and_then(Value::as_i64).unwrap_or(match paging.style {
        PagingStyle::Page => paging.first,
        _ => 0,
    });
    let (mut seen_cursors, mut previous) = (std::collections::HashSet::new(), None);
    loop {
        let answer = match app.api.call(client, op, args.clone()).await {
            Ok(a) => a,
            Err(failure) => return report(app, op, failure),
        };
        let Output::Json(page) = answer.output else { return EXIT_OK };
        let items = at(&page, paging.items).and_then(Value::as_array).cloned().unwrap_or_default();
        if !items.is_empty() && previous.as_ref() == Some(&items) {
            return super::fail(
                format!("the server answered the same items for `{}` {position} as before; stopped", paging.param),
                EXIT_API,
            );
        }
        for item in &items {
            let values = match filter.map(|f| f.run(item)).transpose() {
                Ok(v) => v.unwrap_or_else(|| vec![item.clone()]),
                Err(e) => return super::fail(e, EXIT_USAGE),
            };
            if let Err(e) = write_values(&values, Format::JsonLines) {
                return written(e);
            }
        }
        let more = at(&page, paging.has_more).and_then(Value::as_bool);
        // A count may be declared a `number`: 2.0 counts as 2.
        let total = at(&page, paging.total).and_then(Value::as_f64);
        if items.is_empty() || more == Some(false) {
            return EXIT_OK;
        }
        match paging.style {
            PagingStyle::Page => {
                position = position.saturating_add(1);
                // Pages numbered from `first`: `total` of them end before `first + total`.
                if total.is_some_and(|t| position.saturating_sub(paging.first) as f64 >= t) {
                    return EXIT_OK;
                }
                args.set(paging.param, json!(position));
            }
            PagingStyle::Offset => {
                position = position.saturating_add(i64::try_from(items.len()).unwrap_or(i64::MAX));
                if total.is_some_and(|t| position as f64 >= t) {
                    return EXIT_OK;
                }
                args.set(paging.param, json!(position));
            }
            PagingStyle::Cursor => match at(&page, paging.next).filter(|_| !paging.next.is_empty()) {
                Some(next) if !next.is_null() && next != "" && seen_cursors.insert(next.to_string()) => {
                    args.set(paging.param, next.clone());
                }
                _ => return EXIT_OK,
            },
        }
        previous = Some(items);
    }
}
