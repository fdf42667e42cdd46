//! Compressed bodies for answers that are kept.
//!
//! Browsers ask for gzip or brotli, and compressing a 60 KB search answer
//! cost more than finding it among the kept answers: a cached answer served
//! compressed by the response layer ran at an eighth of the rate of the same
//! answer sent plain. So `/api/search` picks the encoding itself and keeps
//! each compressed form with its answer; the compression layer leaves a
//! response that already has a `Content-Encoding` alone.

use std::io::Write;

use axum::http::HeaderValue;

/// Brotli quality: the on-the-fly level web servers use (tower-http's and
/// nginx's default), a fraction of the time of the maximum for a body a
/// few percent larger.
const BROTLI_QUALITY: u32 = 4;
/// Brotli window, log2 bytes (its default).
const BROTLI_WINDOW: u32 = 22;

/// How a body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Encoding {
    /// The encoding `accept` (an `Accept-Encoding` header) prefers among
    /// those served: the highest `q`, brotli on a tie (smaller), identity
    /// when neither is acceptable. A coding with `q=0` is refused, and `*`
    /// stands for every coding not named.
    pub fn preferred(accept: Option<&HeaderValue>) -> Self {
        let Some(accept) = accept.and_then(|v| v.to_str().ok()) else {
            return Encoding::Identity;
        };
        let (mut gzip, mut brotli, mut any) = (None, None, None);
        for item in accept.split(',') {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let slot =
                if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
                    &mut gzip
                } else if coding.eq_ignore_ascii_case("br") {
                    &mut brotli
                } else if coding == "*" {
                    &mut any
                } else {
                    continue;
                };
            *slot = Some(q);
        }
        let gzip = gzip.or(any).unwrap_or(0.0);
        let brotli = brotli.or(any).unwrap_or(0.0);
        if brotli > 0.0 && brotli >= gzip {
            Encoding::Brotli
        } else if gzip > 0.0 {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }

    /// The `Content-Encoding` value, none for identity.
    pub fn header(self) -> Option<HeaderValue> {
        match self {
            Encoding::Identity => None,
            Encoding::Gzip => Some(HeaderValue::from_static("gzip")),
            Encoding::Brotli => Some(HeaderValue::from_static("br")),
        }
    }

    /// `body` in this encoding.
    pub fn encode(self, body: &[u8]) -> Vec<u8> {
        match self {
            Encoding::Identity => body.to_vec(),
            Encoding::Gzip => {
                let mut out = flate2::write::GzEncoder::new(
                    Vec::with_capacity(body.len() / 4),
                    flate2::Compression::default(),
                );
                // Writing to a Vec cannot fail.
                let _ = out.write_all(body);
                out.finish().unwrap_or_default()
            }
            Encoding::Brotli => {
                let mut out = brotli::CompressorWriter::new(
                    Vec::with_capacity(body.len() / 4),
                    4096,
                    BROTLI_QUALITY,
                    BROTLI_WINDOW,
                );
                let _ = out.write_all(body);
                out.into_inner()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn preferred(accept: &str) -> Encoding {
        Encoding::preferred(Some(&HeaderValue::from_str(accept).unwrap()))
    }

    #[test]
    fn the_client_s_preference_decides() {
        assert_eq!(Encoding::preferred(None), Encoding::Identity);
        assert_eq!(preferred("gzip, deflate, br, zstd"), Encoding::Brotli);
        assert_eq!(preferred("gzip"), Encoding::Gzip);
        assert_eq!(preferred("GZIP"), Encoding::Gzip);
        assert_eq!(preferred("br;q=0.5, gzip"), Encoding::Gzip);
        assert_eq!(preferred("br;q=0, gzip;q=0"), Encoding::Identity);
        assert_eq!(preferred("br; q=0.8, gzip;q=0.8"), Encoding::Brotli);
        assert_eq!(preferred("*"), Encoding::Brotli);
        assert_eq!(preferred("br;q=0, *"), Encoding::Gzip);
        assert_eq!(preferred("deflate, identity"), Encoding::Identity);
        assert_eq!(preferred(""), Encoding::Identity);
    }

    #[test]
    fn encoded_bodies_decode_to_the_body() {
        let body = "{\"query\":\"电影节\",\"hits\":[]}".repeat(200);
        let mut text = String::new();
        flate2::read::GzDecoder::new(&Encoding::Gzip.encode(body.as_bytes())[..])
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, body);
        let mut text = String::new();
        brotli::Decompressor::new(&Encoding::Brotli.encode(body.as_bytes())[..], 4096)
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, body);
        assert!(Encoding::Brotli.encode(body.as_bytes()).len() < body.len() / 10);
        assert_eq!(Encoding::Identity.encode(body.as_bytes()), body.as_bytes());
    }
}
