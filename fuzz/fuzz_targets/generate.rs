//! Any text through load -> lower -> emit: an `Err` is fine, a panic, an abort or a stack
//! overflow is a finding. The generator turns a panic on its worker thread into an
//! "internal error", so that message counts as a crash too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let options = generator::Options::default();
    if let Err(e) = generator::generate_str(text, &options) {
        assert!(!e.to_string().contains("internal error"), "{e}");
    }
});
