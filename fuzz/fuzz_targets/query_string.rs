//! Any bytes as the query string of an HTTP request: decoding and
//! validation answer a value or a 4xx error, never a panic or a 5xx.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsreel_query::http::params::{FromQuery, QueryParams, SearchParams, SuggestParams};

fuzz_target!(|bytes: &[u8]| {
    // A request line carries bytes; the query string is whatever follows `?`.
    let raw = String::from_utf8_lossy(bytes);
    let check = |result: Result<(), newsreel_query::http::error::ApiError>| {
        if let Err(e) = result {
            assert!(e.status.is_client_error(), "{e:?}");
        }
    };
    check(QueryParams::parse(Some(&raw)).and_then(SearchParams::from_query).map(drop));
    check(QueryParams::parse(Some(&raw)).and_then(SuggestParams::from_query).map(drop));
});
