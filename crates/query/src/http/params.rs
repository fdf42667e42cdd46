//! Query-string parameters, decoded strictly.
//!
//! axum's `Query` extractor decodes invalid UTF-8 into U+FFFD and searches
//! for the damaged text; a client that sent broken bytes should be told so
//! (400 `bad_encoding`). Each endpoint's parameters are a typed struct that
//! validates its values here, so handlers receive only sane requests, and
//! that also describes them to OpenAPI.

use std::collections::HashMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use percent_encoding::percent_decode;
use serde::Deserialize;
use utoipa::IntoParams;

use super::error::ApiError;
use crate::engine::MAX_OFFSET;
use crate::kwic::{DEFAULT_WIDTH, MAX_WIDTH};
use crate::timeline::DateUnit;

/// Longest accepted `q`, in bytes: longer is not a search-box query.
pub const MAX_QUERY_BYTES: usize = 1024;
/// Most hits per page.
pub const MAX_LIMIT: u64 = 100;
/// Most suggestions per request.
pub const MAX_SUGGESTIONS: u64 = 20;

/// The decoded `name=value` pairs of a query string (a repeated name keeps its last value).
#[derive(Debug, Default)]
pub struct QueryParams(HashMap<String, String>);

impl QueryParams {
    pub fn parse(raw: Option<&str>) -> Result<Self, ApiError> {
        let mut params = HashMap::new();
        for pair in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = decode(name, "a parameter name")?;
            let value = decode(value, &name)?;
            params.insert(name, value);
        }
        Ok(QueryParams(params))
    }

    fn take(&mut self, name: &str) -> Option<String> {
        self.0.remove(name)
    }

    /// A whole number parameter within `range` (inclusive), `default` when absent or empty.
    fn number(
        &mut self,
        name: &str,
        code: &'static str,
        min: u64,
        max: u64,
        default: u64,
    ) -> Result<u64, ApiError> {
        let Some(raw) = self.take(name).filter(|v| !v.trim().is_empty()) else {
            return Ok(default);
        };
        let bad = || {
            ApiError::bad_request(
                code,
                format!("`{name}` must be a whole number from {min} to {max}, not {raw:?}"),
            )
        };
        let n: u64 = raw.trim().parse().map_err(|_| bad())?;
        if (min..=max).contains(&n) {
            Ok(n)
        } else {
            Err(bad())
        }
    }

    /// The search text `q`: present, not blank, at most [`MAX_QUERY_BYTES`].
    fn query(&mut self) -> Result<String, ApiError> {
        let q = self.take("q").unwrap_or_default();
        if q.trim().is_empty() {
            return Err(ApiError::bad_request(
                "missing_query",
                "`q` is required and must not be empty",
            ));
        }
        if q.len() > MAX_QUERY_BYTES {
            return Err(ApiError::bad_request(
                "query_too_long",
                format!(
                    "`q` is {} bytes; at most {MAX_QUERY_BYTES} are accepted",
                    q.len()
                ),
            ));
        }
        Ok(q)
    }

    /// A yes/no parameter: `true`/`false` (also `1`/`0`, `yes`/`no`), `default` when absent.
    fn flag(&mut self, name: &str, default: bool) -> Result<bool, ApiError> {
        let Some(raw) = self.optional(name) else {
            return Ok(default);
        };
        match raw.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" => Ok(false),
            _ => Err(ApiError::bad_request(
                "bad_flag",
                format!("`{name}` must be true or false, not {raw:?}"),
            )),
        }
    }

    /// An optional [`DateUnit`]; `auto` is the same as none.
    fn date_unit(&mut self, name: &str) -> Result<Option<DateUnit>, ApiError> {
        let Some(raw) = self.optional(name) else {
            return Ok(None);
        };
        if raw.trim().eq_ignore_ascii_case("auto") {
            return Ok(None);
        }
        DateUnit::parse(&raw).map(Some).ok_or_else(|| {
            ApiError::bad_request(
                "bad_date_unit",
                format!("`{name}` must be day, month, year or auto, not {raw:?}"),
            )
        })
    }

    fn optional(&mut self, name: &str) -> Option<String> {
        self.take(name).filter(|v| !v.trim().is_empty())
    }

    /// An optional text parameter of at most [`MAX_QUERY_BYTES`].
    fn optional_text(&mut self, name: &str) -> Result<Option<String>, ApiError> {
        let value = self.optional(name);
        if let Some(v) = &value {
            if v.len() > MAX_QUERY_BYTES {
                return Err(ApiError::bad_request(
                    "query_too_long",
                    format!(
                        "`{name}` is {} bytes; at most {MAX_QUERY_BYTES} are accepted",
                        v.len()
                    ),
                ));
            }
        }
        Ok(value)
    }
}

/// `+` is a space in a query string; `%XX` a byte; the bytes must be UTF-8.
fn decode(text: &str, what: &str) -> Result<String, ApiError> {
    let spaced = text.replace('+', " ");
    let bytes: Vec<u8> = percent_decode(spaced.as_bytes()).collect();
    String::from_utf8(bytes).map_err(|_| {
        ApiError::bad_request(
            "bad_encoding",
            format!("{what} is not valid UTF-8 once percent-decoded"),
        )
    })
}

/// Parameters an endpoint reads from its query string.
pub trait FromQuery: Sized {
    fn from_query(params: QueryParams) -> Result<Self, ApiError>;
}

/// Extracts `T` from the query string, answering 400 on bad input.
pub struct Params<T>(pub T);

impl<T: FromQuery, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let params = QueryParams::parse(parts.uri.query())?;
        T::from_query(params).map(Params)
    }
}

/// `GET /api/search`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The query: words, "exact phrase", -excluded (or NOT), a OR b, title:, reporter:, lang:
    /// (at most 1024 bytes).
    pub q: String,
    /// Only articles in this language (`zh`, `en`).
    pub lang: Option<String>,
    /// Only articles dated on or after this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Only articles dated on or before this day (`YYYY-MM-DD`).
    pub to: Option<String>,
    /// Hits per page, 1 to 100 (default 10).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// Hits to skip, 0 to 10000 (default 0).
    #[param(minimum = 0, maximum = 10000)]
    pub offset: Option<u64>,
    /// An article and its translations are one result (default `true`);
    /// `false` lists them apart.
    pub group: Option<bool>,
    /// Also search glossary translations, pinyin readings and spelling
    /// corrections (default `true`).
    pub expand: Option<bool>,
    /// Count the matching articles by language, source, reporter and date
    /// (default `true`); `false` leaves `facets` out, for a search box that
    /// shows none (counting them reads every matching article's columns).
    pub facets: Option<bool>,
    /// What a bar of the `date` facet covers: `day`, `month` or `year`
    /// (default: days within three calendar months, months within ten
    /// years, else years).
    pub date_unit: Option<DateUnit>,
}

impl FromQuery for SearchParams {
    fn from_query(mut p: QueryParams) -> Result<Self, ApiError> {
        Ok(SearchParams {
            q: p.query()?,
            lang: p.optional("lang"),
            from: p.optional("from"),
            to: p.optional("to"),
            limit: Some(p.number("limit", "bad_limit", 1, MAX_LIMIT, 10)?),
            offset: Some(p.number("offset", "bad_offset", 0, MAX_OFFSET as u64, 0)?),
            group: Some(p.flag("group", true)?),
            expand: Some(p.flag("expand", true)?),
            facets: Some(p.flag("facets", true)?),
            date_unit: p.date_unit("date_unit")?,
        })
    }
}

/// `GET /api/suggest`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestParams {
    /// What the user has typed so far; its last word is completed.
    pub q: String,
    /// Suggestions wanted, 1 to 20 (default 8).
    #[param(minimum = 1, maximum = 20)]
    pub limit: Option<u64>,
}

impl FromQuery for SuggestParams {
    fn from_query(mut p: QueryParams) -> Result<Self, ApiError> {
        Ok(SuggestParams {
            q: p.query()?,
            limit: Some(p.number("limit", "bad_limit", 1, MAX_SUGGESTIONS, 8)?),
        })
    }
}

/// Most concordance lines per page.
pub const MAX_KWIC_LINES: u64 = 1000;

/// `GET /api/kwic`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KwicParams {
    /// The word or phrase, matched as an exact phrase (at most 1024 bytes).
    pub q: String,
    /// Only articles in this language (`zh`, `en`).
    pub lang: Option<String>,
    /// Characters of context on each side, 1 to 500 (default 30).
    #[param(minimum = 1, maximum = 500)]
    pub width: Option<u64>,
    /// Lines per page, 1 to 1000 (default 100); `total` counts them all.
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u64>,
    /// Lines to skip, 0 to 10000 (default 0).
    #[param(minimum = 0, maximum = 10000)]
    pub offset: Option<u64>,
}

impl FromQuery for KwicParams {
    fn from_query(mut p: QueryParams) -> Result<Self, ApiError> {
        Ok(KwicParams {
            q: p.query()?,
            lang: p.optional("lang"),
            width: Some(p.number(
                "width",
                "bad_width",
                1,
                MAX_WIDTH as u64,
                DEFAULT_WIDTH as u64,
            )?),
            limit: Some(p.number("limit", "bad_limit", 1, MAX_KWIC_LINES, 100)?),
            offset: Some(p.number("offset", "bad_offset", 0, MAX_OFFSET as u64, 0)?),
        })
    }
}

/// `GET /api/quotes`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuotesParams {
    /// Words of the quotation, in the search syntax (optional; at most 1024 bytes).
    pub q: Option<String>,
    /// The speaker's name or part of it, either script (optional).
    pub speaker: Option<String>,
    /// Only articles in this language (`zh`, `en`).
    pub lang: Option<String>,
    /// Quotations per page, 1 to 100 (default 10); `total` counts them all.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// Quotations to skip, 0 to 10000 (default 0).
    #[param(minimum = 0, maximum = 10000)]
    pub offset: Option<u64>,
}

impl FromQuery for QuotesParams {
    fn from_query(mut p: QueryParams) -> Result<Self, ApiError> {
        Ok(QuotesParams {
            q: p.optional_text("q")?,
            speaker: p.optional_text("speaker")?,
            lang: p.optional("lang"),
            limit: Some(p.number("limit", "bad_limit", 1, MAX_LIMIT, 10)?),
            offset: Some(p.number("offset", "bad_offset", 0, MAX_OFFSET as u64, 0)?),
        })
    }
}

/// Most passages a verification returns.
pub const MAX_VERIFY_MATCHES: u64 = 20;

/// `GET /api/verify`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VerifyParams {
    /// The quote as remembered or reprinted (at most 1024 bytes).
    pub q: String,
    /// Passages wanted, best first, 1 to 20 (default 5).
    #[param(minimum = 1, maximum = 20)]
    pub limit: Option<u64>,
}

impl FromQuery for VerifyParams {
    fn from_query(mut p: QueryParams) -> Result<Self, ApiError> {
        Ok(VerifyParams {
            q: p.query()?,
            limit: Some(p.number("limit", "bad_limit", 1, MAX_VERIFY_MATCHES, 5)?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_plus_and_percent_and_keeps_the_last_repeat() {
        let mut p = QueryParams::parse(Some("q=%E5%86%BC+x&lang=zh&lang=en&flag")).unwrap();
        assert_eq!(p.take("q").as_deref(), Some("冼 x"));
        assert_eq!(p.take("lang").as_deref(), Some("en"));
        assert_eq!(p.take("flag").as_deref(), Some(""));
    }

    #[test]
    fn invalid_utf8_is_an_error_not_a_replacement_character() {
        let err = QueryParams::parse(Some("q=%E5%86")).unwrap_err();
        assert_eq!(err.code, "bad_encoding");
        // A lone surrogate, percent-encoded as CESU-8 bytes.
        let err = QueryParams::parse(Some("q=%ED%A0%80")).unwrap_err();
        assert_eq!(err.code, "bad_encoding");
    }
}
