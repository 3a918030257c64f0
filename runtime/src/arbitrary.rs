//! Strategies for the generated types' `Arbitrary` derives (feature `proptest`), for the
//! field types that have none of their own or whose arbitrary values JSON cannot carry.

use proptest::prelude::*;

/// Any UUID.
pub fn uuid() -> impl Strategy<Value = uuid::Uuid> {
    any::<u128>().prop_map(uuid::Uuid::from_u128)
}

/// A finite number (JSON has no NaN or infinity).
pub fn number() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("finite", |n| n.is_finite())
}

/// A small JSON value: scalars, arrays and objects a few levels deep.
pub fn json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<String>().prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::btree_map(any::<String>(), inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A small JSON value other than `null`: the value of an optional field, where a `null` on the
/// wire reads back as the field left out.
pub fn json_present() -> impl Strategy<Value = serde_json::Value> {
    json().prop_filter("null reads back as absent", |v| !v.is_null())
}

/// Any instant RFC 3339 can write (years 1 to 9999), to the nanosecond.
pub fn date_time() -> impl Strategy<Value = chrono::DateTime<chrono::Utc>> {
    // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z as Unix seconds.
    (-62_135_596_800i64..=253_402_300_799, 0u32..1_000_000_000)
        .prop_filter_map("in range", |(secs, nanos)| chrono::DateTime::from_timestamp(secs, nanos))
}

/// Any calendar date of the years 1 to 9999.
pub fn date() -> impl Strategy<Value = chrono::NaiveDate> {
    (1i32..=3_652_059).prop_filter_map("in range", chrono::NaiveDate::from_num_days_from_ce_opt)
}
