//! Paged list operations read as streams. A generated call of an operation its API's settings
//! declare paged has `pages()` and `items()`: each fetches a page only when the stream is read
//! past the previous one, sends each page's request once (re-sent only as the client's retry
//! policy allows, like any call), and ends after the last page or with the first error as its
//! last item.
//!
//! Which page comes next is decided here, from what the generated code reads off a page: how
//! many items it held, and the signal the settings name (a "has more" flag, a total, the
//! next cursor). A page with no items ends a page- or offset-numbered list, so a list whose
//! responses carry no signal costs one request more than its pages, and never loses one.

use crate::client::Sending;
use crate::error::Error;
use futures::stream::{self, Stream, StreamExt};
use std::collections::VecDeque;
use std::pin::Pin;

/// A stream of pages (`call.pages()`): each page's decoded response, in order.
pub type Pages<'a, P, E> = Pin<Box<dyn Stream<Item = Result<P, Error<E>>> + Send + 'a>>;

/// A stream of the items of every page (`call.items()`), in order.
pub type Items<'a, T, E> = Pin<Box<dyn Stream<Item = Result<T, Error<E>>> + Send + 'a>>;

/// The pages from `first` on: `next` makes the call of the page after the one just read (from
/// the call that read it), or says there is none.
#[doc(hidden)]
pub fn pages<'a, C, P, E>(first: C, send: fn(C) -> Sending<'a, P, E>, next: fn(&C, &P) -> Option<C>) -> Pages<'a, P, E>
where
    C: Clone + Send + 'a,
    P: Send + 'a,
    E: Send + 'a,
{
    Box::pin(stream::unfold(Some(first), move |call| async move {
        let call = call?;
        match send(call.clone()).await {
            Ok(page) => {
                let following = next(&call, &page);
                Some((Ok(page), following))
            }
            Err(error) => Some((Err(error), None)),
        }
    }))
}

/// The items of the pages from `first` on: `take` moves a page's items out of it.
#[doc(hidden)]
pub fn items<'a, C, P, T, E>(
    first: C,
    send: fn(C) -> Sending<'a, P, E>,
    next: fn(&C, &P) -> Option<C>,
    take: fn(&mut P) -> Vec<T>,
) -> Items<'a, T, E>
where
    C: Clone + Send + 'a,
    P: Send + 'a,
    T: Send + 'a,
    E: Send + 'a,
{
    let pages = pages(first, send, next).map(move |page| page.map(|mut page| take(&mut page)));
    Box::pin(pages.flat_map(|page| {
        let items: VecDeque<Result<T, Error<E>>> = match page {
            Ok(items) => items.into_iter().map(Ok).collect(),
            Err(error) => VecDeque::from([Err(error)]),
        };
        stream::iter(items)
    }))
}

/// A page number or offset as its parameter holds it: an integer, or an integer written as
/// text (some documents declare them as strings with a digits pattern).
#[doc(hidden)]
pub trait Position: Sized {
    /// The number, if it is one.
    fn number(&self) -> Option<i128>;
    /// The parameter's value for `n`, if its type holds it.
    fn from_number(n: i128) -> Option<Self>;
}

macro_rules! integer_position {
    ($($t:ty),*) => {$(
        impl Position for $t {
            fn number(&self) -> Option<i128> {
                Some(i128::from(*self))
            }
            fn from_number(n: i128) -> Option<Self> {
                <$t>::try_from(n).ok()
            }
        }
    )*};
}
integer_position!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Position for String {
    fn number(&self) -> Option<i128> {
        self.trim().parse().ok()
    }
    fn from_number(n: i128) -> Option<Self> {
        Some(n.to_string())
    }
}

/// A count a page reports (a total of items or pages): an integer or a whole JSON number.
#[doc(hidden)]
pub trait Count {
    /// The count, if it is a whole number.
    fn count(&self) -> Option<i128>;
}

macro_rules! integer_count {
    ($($t:ty),*) => {$(
        impl Count for $t {
            fn count(&self) -> Option<i128> {
                Some(i128::from(*self))
            }
        }
    )*};
}
integer_count!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Count for f64 {
    fn count(&self) -> Option<i128> {
        // Counts beyond 2^53 are not exact in JSON numbers anyway.
        (self.is_finite() && self.fract() == 0.0 && self.abs() < 9.0e15).then_some(*self as i128)
    }
}

/// The page number after `current` (the call's, or `first` when the call left it to the
/// server), or `None` after the last page: a page without items, `has_more` false, or the
/// pages from `first` to `current` reaching the page count `last`.
#[doc(hidden)]
pub fn next_page<N: Position, L: Count>(
    current: Option<&N>,
    first: i128,
    items: usize,
    has_more: Option<bool>,
    last: Option<L>,
) -> Option<N> {
    let current = current.map_or(Some(first), Position::number)?;
    // `last` counts pages; the pages read so far are those from `first` to `current`.
    let read = current.checked_sub(first)?.checked_add(1)?;
    if items == 0 || has_more == Some(false) || last.as_ref().and_then(Count::count).is_some_and(|last| read >= last) {
        return None;
    }
    N::from_number(current.checked_add(1)?)
}

/// The offset after a page of `items` read at `current` (0 when the call left it to the
/// server), or `None` after the last page: a page without items, `has_more` false, or the
/// next offset reaching `total`.
#[doc(hidden)]
pub fn next_offset<N: Position, L: Count>(
    current: Option<&N>,
    items: usize,
    has_more: Option<bool>,
    total: Option<L>,
) -> Option<N> {
    let current = current.map_or(Some(0), Position::number)?;
    let next = current.checked_add(i128::try_from(items).ok()?)?;
    if items == 0 || has_more == Some(false) || total.as_ref().and_then(Count::count).is_some_and(|total| next >= total)
    {
        return None;
    }
    N::from_number(next)
}

/// The cursor of the page after one read with `current`, or `None` after the last page: no
/// cursor or an empty one, `has_more` false, or the cursor just used again (which would read
/// the same page forever).
#[doc(hidden)]
pub fn next_cursor(current: Option<&str>, next: Option<String>, has_more: Option<bool>) -> Option<String> {
    let next = next.filter(|c| !c.is_empty())?;
    if has_more == Some(false) || current == Some(next.as_str()) {
        return None;
    }
    Some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_stop_at_the_signal_or_an_empty_page() {
        assert_eq!(next_page::<i64, _>(None, 1, 10, None, None::<i64>), Some(2));
        assert_eq!(next_page(Some(&2i64), 1, 10, None, None::<i64>), Some(3));
        assert_eq!(next_page::<i64, _>(None, 0, 10, None, None::<i64>), Some(1));
        assert_eq!(next_page(Some(&3i64), 1, 0, None, None::<i64>), None);
        assert_eq!(next_page(Some(&3i64), 1, 10, Some(false), None::<i64>), None);
        assert_eq!(next_page(Some(&3i64), 1, 10, Some(true), None::<i64>), Some(4));
        assert_eq!(next_page(Some(&3i64), 1, 10, None, Some(3.0f64)), None::<i64>);
        assert_eq!(next_page(Some(&2i64), 1, 10, None, Some(3i64)), Some(3));
        assert_eq!(next_page(Some(&"2".to_string()), 1, 10, None, None::<i64>), Some("3".to_string()));
        assert_eq!(next_page::<String, _>(None, 1, 10, None, None::<i64>), Some("2".to_string()));
        assert_eq!(next_page(Some(&"x".to_string()), 1, 10, None, None::<i64>), None);
        assert_eq!(next_page(Some(&i32::MAX), 1, 10, None, None::<i64>), None);
        // Pages counted from zero: three pages are 0, 1 and 2.
        assert_eq!(next_page(Some(&1i64), 0, 10, None, Some(3i64)), Some(2));
        assert_eq!(next_page(Some(&2i64), 0, 10, None, Some(3i64)), None);
        // A total that is not a whole number is no signal.
        assert_eq!(next_page(Some(&2i64), 1, 10, None, Some(2.5f64)), Some(3));
    }

    #[test]
    fn offsets_advance_by_the_items_read() {
        assert_eq!(next_offset::<i64, _>(None, 25, None, None::<i64>), Some(25));
        assert_eq!(next_offset(Some(&25i64), 25, None, Some(60i64)), Some(50));
        assert_eq!(next_offset(Some(&50i64), 10, None, Some(60i64)), None::<i64>);
        assert_eq!(next_offset(Some(&50i64), 0, None, None::<i64>), None);
        assert_eq!(next_offset(Some(&50i64), 5, Some(false), None::<i64>), None);
        assert_eq!(next_offset(Some(&"5".to_string()), 5, None, None::<i64>), Some("10".to_string()));
    }

    #[test]
    fn cursors_end_when_absent_empty_or_repeated() {
        assert_eq!(next_cursor(None, Some("c2".into()), None), Some("c2".into()));
        assert_eq!(next_cursor(Some("c2"), Some("c3".into()), Some(true)), Some("c3".into()));
        assert_eq!(next_cursor(Some("c2"), None, None), None);
        assert_eq!(next_cursor(Some("c2"), Some(String::new()), None), None);
        assert_eq!(next_cursor(Some("c2"), Some("c2".into()), None), None);
        assert_eq!(next_cursor(Some("c2"), Some("c3".into()), Some(false)), None);
    }

    #[tokio::test]
    async fn an_error_is_the_last_item_and_nothing_is_fetched_ahead() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static SENT: AtomicUsize = AtomicUsize::new(0);
        fn send(page: u32) -> Sending<'static, Vec<u32>, ()> {
            SENT.fetch_add(1, Ordering::SeqCst);
            Box::pin(async move {
                match page {
                    0 | 1 => Ok(vec![page * 10, page * 10 + 1]),
                    _ => Err(Error::Config(format!("page {page} failed"))),
                }
            })
        }
        fn next(call: &u32, _: &Vec<u32>) -> Option<u32> {
            Some(call + 1)
        }
        fn take(page: &mut Vec<u32>) -> Vec<u32> {
            std::mem::take(page)
        }
        let mut items = items(0u32, send, next, take);
        assert_eq!(items.next().await.map(|r| r.ok()), Some(Some(0)));
        assert_eq!(SENT.load(Ordering::SeqCst), 1, "the second page waits until it is needed");
        let rest: Vec<_> = items.collect().await;
        let shown: Vec<String> = rest.iter().map(|r| format!("{r:?}")).collect();
        assert_eq!(shown, ["Ok(1)", "Ok(10)", "Ok(11)", "Err(Config(\"page 2 failed\"))"]);
        assert_eq!(SENT.load(Ordering::SeqCst), 3, "no page is fetched after the error");
    }
}
