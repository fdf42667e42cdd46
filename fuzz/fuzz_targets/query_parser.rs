//! Any text through the query parser: no panic, and every clause it keeps
//! has something to search.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsreel_query::syntax;

fuzz_target!(|text: &str| {
    let parsed = syntax::parse(text);
    for clause in &parsed.clauses {
        assert!(!clause.alternatives.is_empty());
    }
});
