//! Serialize + deserialize of a full session request and of the 200 body: the generated types
//! against hand-written serde structs for the same JSON.

use bench::{baseline, FULL_REQUEST, OK_RESPONSE};
use criterion::{criterion_group, criterion_main, Criterion};
use serde::{de::DeserializeOwned, Serialize};
use std::hint::black_box;

/// Decode `json`, then encode the value again.
fn round_trip<T: Serialize + DeserializeOwned>(json: &str) -> Vec<u8> {
    let value: T = serde_json::from_str(black_box(json)).unwrap();
    serde_json::to_vec(black_box(&value)).unwrap()
}

fn serde(c: &mut Criterion) {
    let mut group = c.benchmark_group("serde");
    group.bench_function("request/generated", |b| {
        b.iter(|| round_trip::<anchor_api::SessionCreateRequestSchema>(FULL_REQUEST))
    });
    group.bench_function("request/baseline", |b| b.iter(|| round_trip::<baseline::Request>(FULL_REQUEST)));
    group.bench_function("response/generated", |b| {
        b.iter(|| round_trip::<anchor_api::SessionCreateResponseSchema>(OK_RESPONSE))
    });
    group.bench_function("response/baseline", |b| b.iter(|| round_trip::<baseline::Response>(OK_RESPONSE)));
    group.finish();
}

criterion_group!(benches, serde);
criterion_main!(benches);
