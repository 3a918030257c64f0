//! Codegen time per stage (load, lower, emit) for the vendored spec, the whole upstream
//! Anchor spec and synthetic documents of 100, 1,000 and 10,000 schemas.
//! `cargo xtask bench` turns the medians into time per schema.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// (name, text) of each document measured.
fn documents() -> Vec<(String, String)> {
    let mut docs = vec![("spec".to_string(), std::fs::read_to_string(root().join("spec/anchor.yaml")).unwrap())];
    let upstream = root().join("../shared/corpus/anchor/openapi-mintlify.2025-11-16.yaml");
    match std::fs::read_to_string(&upstream) {
        Ok(text) => docs.push(("upstream".into(), text)),
        Err(e) => eprintln!("skipping the upstream Anchor spec: cannot read {}: {e}", upstream.display()),
    }
    let sizes: Vec<usize> = match std::env::var("BENCH_SCHEMAS") {
        Ok(list) => list.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
        Err(_) => vec![100, 1_000, 10_000],
    };
    for n in sizes {
        docs.push((format!("synthetic-{n}"), bench::synthetic::document(n)));
    }
    docs
}

fn codegen(c: &mut Criterion) {
    let (settings, spelling) = (generator::ApiSettings::default(), generator::Spelling::default());
    let mut group = c.benchmark_group("codegen");
    group.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    for (name, text) in documents() {
        let doc = generator::load::load_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let model = generator::lower::lower(&doc, &settings).unwrap_or_else(|e| panic!("{name}: {e}"));
        group.bench_function(BenchmarkId::new("load", &name), |b| {
            b.iter(|| generator::load::load_str(black_box(&text)).unwrap())
        });
        group.bench_function(BenchmarkId::new("lower", &name), |b| {
            b.iter(|| generator::lower::lower(black_box(&doc), &settings).unwrap())
        });
        group.bench_function(BenchmarkId::new("emit", &name), |b| {
            b.iter(|| {
                let code = generator::emit::emit(black_box(&model), &spelling).map(|emitted| emitted.code);
                let normalized = generator::normalize::normalize(&doc.raw, &model.rewrites, "bench").unwrap();
                (code, normalized)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, codegen);
criterion_main!(benches);
