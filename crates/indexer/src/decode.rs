//! Bytes to text: decompression and encoding detection.
//!
//! Nothing is configured: gzip is recognised by its magic bytes (and every
//! member of a multi-member file is read), UTF-16 and UTF-8 by their BOM,
//! valid UTF-8 is taken as such, and anything else is handed to `chardetng`,
//! which tells GB18030/GBK from Big5 and the rest by statistics.

use std::io::Read;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use flate2::read::MultiGzDecoder;

use crate::ReadError;

/// Decompress when the bytes are gzip; return them unchanged otherwise.
pub fn decompress(bytes: Vec<u8>) -> Result<Vec<u8>, ReadError> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::with_capacity(bytes.len() * 3);
        MultiGzDecoder::new(&bytes[..]).read_to_end(&mut out)?;
        Ok(out)
    } else {
        Ok(bytes)
    }
}

/// Decode text bytes, detecting the encoding; line endings become `\n`.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static Encoding), ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let (encoding, body) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        (UTF_8, rest)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (UTF_16LE, rest)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (UTF_16BE, rest)
    } else if looks_binary(bytes) {
        return Err(ReadError::Binary);
    } else if std::str::from_utf8(bytes).is_ok() {
        (UTF_8, bytes)
    } else {
        let mut detector = chardetng::EncodingDetector::new();
        detector.feed(bytes, true);
        (detector.guess(None, true), bytes)
    };
    let (text, _) = encoding.decode_without_bom_handling(body);
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.into_owned()
    };
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    Ok((text, encoding))
}

/// A NUL byte in the first 8 KiB of text without a UTF-16 BOM means binary.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8192).any(|&b| b == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "2025上合组织国家电影节在永川举行，观众欣赏了来自十个国家的影片。";

    #[test]
    fn gbk_without_bom_is_detected() {
        let (bytes, _, _) = encoding_rs::GBK.encode(SAMPLE);
        let (text, enc) = decode(&bytes).unwrap();
        assert_eq!(text, SAMPLE);
        assert!(
            enc == encoding_rs::GBK || enc == encoding_rs::GB18030,
            "{}",
            enc.name()
        );
    }

    #[test]
    fn big5_without_bom_is_detected() {
        let traditional = "上海合作組織國家電影節在永川舉行，觀眾欣賞了來自十個國家的影片。";
        let (bytes, _, _) = encoding_rs::BIG5.encode(traditional);
        let (text, _) = decode(&bytes).unwrap();
        assert_eq!(text, traditional);
    }

    #[test]
    fn utf16_with_bom_and_crlf() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "电影节\r\n第二行".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap().0, "电影节\n第二行");
    }

    #[test]
    fn utf8_bom_is_dropped_and_binary_rejected() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode(&bytes).unwrap().0, SAMPLE);
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(ReadError::Binary)
        ));
        assert!(matches!(decode(b""), Err(ReadError::Empty)));
    }

    #[test]
    fn concatenated_gzip_members_are_all_read() {
        use flate2::{write::GzEncoder, Compression};
        use std::io::Write;
        let mut all = Vec::new();
        for part in ["{\"a\":1}\n", "{\"b\":2}\n"] {
            let mut enc = GzEncoder::new(Vec::new(), Compression::default());
            enc.write_all(part.as_bytes()).unwrap();
            all.extend(enc.finish().unwrap());
        }
        assert_eq!(decompress(all).unwrap(), b"{\"a\":1}\n{\"b\":2}\n");
    }
}
