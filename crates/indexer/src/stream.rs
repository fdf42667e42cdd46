//! Files too big to hold in memory: decoded and parsed part by part.
//!
//! A 200 MB file of newspaper pages, or a JSON Lines dump, is read as a
//! stream of decoded text and cut into parts of a few MiB at places that
//! keep the parse of the whole file: JSON Lines at a line break, pages just
//! before an article's headline (the last article of a part is read again
//! with the next part, since it may go on there). Memory then depends on the
//! part size, not on the file size.
//!
//! Text is also refused where it cannot be a report: a page or article with
//! a line of more than [`MAX_LINE_BYTES`] (no line break at all, whatever
//! the file size) is an error, and such a line in JSON Lines is skipped.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use encoding_rs::{Decoder, Encoding, UTF_16BE, UTF_16LE, UTF_8};
use flate2::read::MultiGzDecoder;

use crate::decode::looks_binary;
use crate::formats::Format;
use crate::page::last_article_start;
use crate::ReadError;

/// The longest line a report may have, in bytes of UTF-8.
///
/// Real paragraphs are a few KiB; JSON Lines put a whole article on a line,
/// which stays under a MiB or so. Beyond this, the text is a dump or a
/// machine-written file, and indexing it as one paragraph helps nobody.
pub const MAX_LINE_BYTES: usize = 16 << 20;

/// Why a JSON line too long to be an article was skipped.
pub fn overlong_line(line: usize) -> ReadError {
    ReadError::Line {
        line,
        message: format!("longer than {} MiB; skipped", MAX_LINE_BYTES >> 20),
    }
}

/// The first line of a page or article that is too long to be text, as an error.
pub fn check_lines(text: &str) -> Result<(), ReadError> {
    match text.split('\n').position(|l| l.len() > MAX_LINE_BYTES) {
        Some(n) => Err(ReadError::EndlessLine {
            line: n + 1,
            max_mib: MAX_LINE_BYTES >> 20,
        }),
        None => Ok(()),
    }
}

/// Bytes read from the file at a time.
const BLOCK_BYTES: usize = 64 << 10;
/// Bytes looked at to tell the encoding.
const SNIFF_BYTES: usize = 64 << 10;

/// How big the parts are.
#[derive(Debug, Clone, Copy)]
pub struct PartSize {
    /// A part is cut once this much text has been read.
    pub target: usize,
    /// A page part that has found no place to cut (one huge article, or no
    /// datelines at all) is cut at a paragraph break past this size.
    pub forced: usize,
}

impl PartSize {
    /// Parts for files above `stream_above` bytes: a quarter of it, between 4 KiB and 4 MiB.
    pub fn for_threshold(stream_above: u64) -> PartSize {
        let target = (stream_above / 4).clamp(4 << 10, 4 << 20) as usize;
        PartSize {
            target,
            forced: target * 4,
        }
    }
}

/// One part of a file, as handed to the parser.
#[derive(Debug)]
pub enum Part<'a> {
    /// Text of whole lines; `first_line` is the number of its first line.
    Text {
        text: &'a str,
        first_line: usize,
        /// The part ends inside an article (a forced cut).
        cut_inside: bool,
    },
    /// A line longer than [`MAX_LINE_BYTES`] was left out (JSON Lines only).
    SkippedLine { line: usize },
}

/// Decoded text of a (possibly gzip-compressed) file, block by block, with
/// line endings made `\n`.
pub struct TextStream {
    reader: Box<dyn Read>,
    decoder: Decoder,
    /// Bytes read but not yet decoded (the sniffed head).
    head: Vec<u8>,
    /// Text already decoded and handed back ([`TextStream::peek`]).
    peeked: String,
    /// The previous block ended with `\r`: a `\n` opening this one is part of it.
    after_cr: bool,
    finished: bool,
    /// The encoding found, for messages.
    pub encoding: &'static Encoding,
}

impl TextStream {
    /// Open `path`, tell its compression and encoding from its first 64 KiB.
    pub fn open(path: &Path) -> Result<TextStream, ReadError> {
        let mut file = BufReader::new(File::open(path)?);
        let mut magic = [0u8; 2];
        let n = read_full(&mut file, &mut magic)?;
        let prefix = magic[..n].to_vec();
        let chained = std::io::Cursor::new(prefix).chain(file);
        let mut reader: Box<dyn Read> = if n == 2 && magic == [0x1f, 0x8b] {
            Box::new(MultiGzDecoder::new(chained))
        } else {
            Box::new(chained)
        };
        let mut head = vec![0u8; SNIFF_BYTES];
        let n = read_full(&mut reader, &mut head)?;
        head.truncate(n);
        let (encoding, bom) = sniff(&head)?;
        head.drain(..bom);
        Ok(TextStream {
            reader,
            decoder: encoding.new_decoder_without_bom_handling(),
            head,
            peeked: String::new(),
            after_cr: false,
            finished: false,
            encoding,
        })
    }

    /// The first block of text, left in the stream for [`TextStream::next_block`].
    pub fn peek(&mut self) -> Result<&str, ReadError> {
        if self.peeked.is_empty() {
            let mut first = String::new();
            self.next_block(&mut first)?;
            self.peeked = first;
        }
        Ok(&self.peeked)
    }

    /// Append the next block of text to `out`; `false` once the file is done.
    pub fn next_block(&mut self, out: &mut String) -> Result<bool, ReadError> {
        if !self.peeked.is_empty() {
            out.push_str(&std::mem::take(&mut self.peeked));
            return Ok(true);
        }
        if self.finished {
            return Ok(false);
        }
        let bytes = if self.head.is_empty() {
            let mut block = vec![0u8; BLOCK_BYTES];
            let n = read_full(&mut self.reader, &mut block)?;
            block.truncate(n);
            block
        } else {
            std::mem::take(&mut self.head)
        };
        let last = bytes.is_empty();
        let mut text = String::with_capacity(
            self.decoder
                .max_utf8_buffer_length(bytes.len())
                .unwrap_or(bytes.len() * 3),
        );
        let _ = self.decoder.decode_to_string(&bytes, &mut text, last);
        let mut text = text.as_str();
        if self.after_cr {
            text = text.strip_prefix('\n').unwrap_or(text);
        }
        self.after_cr = text.ends_with('\r');
        if text.contains('\r') {
            out.push_str(&text.replace("\r\n", "\n").replace('\r', "\n"));
        } else {
            out.push_str(text);
        }
        self.finished = last;
        Ok(true)
    }
}

/// Read until `buf` is full or the reader is done; how many bytes were read.
fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// The encoding of a file from its head, and the length of its BOM.
///
/// As [`crate::decode::decode`] does for a whole file, except that UTF-8 is
/// decided on the head alone (a character cut at its end does not count).
fn sniff(head: &[u8]) -> Result<(&'static Encoding, usize), ReadError> {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok((UTF_8, 3));
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return Ok((UTF_16LE, 2));
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Ok((UTF_16BE, 2));
    }
    if looks_binary(head) {
        return Err(ReadError::Binary);
    }
    match std::str::from_utf8(head) {
        Ok(_) => return Ok((UTF_8, 0)),
        Err(e) if e.error_len().is_none() => return Ok((UTF_8, 0)),
        Err(_) => {}
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(head, false);
    Ok((detector.guess(None, true), 0))
}

/// Where to cut text that has no article boundary: the last paragraph
/// break within the first `max` bytes, else the last line break there, else
/// the end of the first line.
fn forced_cut(text: &str, max: usize) -> usize {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let window = &text[..end];
    window
        .rfind("\n\n")
        .map(|p| p + 2)
        .or_else(|| window.rfind('\n').map(|p| p + 1))
        .unwrap_or_else(|| text.find('\n').map_or(text.len(), |p| p + 1))
}

/// Open `path` as a stream; the format is told from its name and first block.
pub fn open_parts(path: &Path) -> Result<(TextStream, Format), ReadError> {
    let mut stream = TextStream::open(path)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let format = Format::of(&name, stream.peek()?);
    Ok((stream, format))
}

/// Read the stream of a file in `format` and hand its parts to `sink`, in order.
///
/// Errors from `sink` stop the reading and are returned. A page or article
/// with an endless line is an error; for a single article (front matter,
/// Markdown) the whole text must fit in one part of `size.forced` bytes.
pub fn read_parts(
    mut stream: TextStream,
    format: Format,
    size: PartSize,
    mut sink: impl FnMut(Part<'_>) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    let mut buf = String::new();
    // Line number of the first line in `buf`.
    let mut first_line = 1;
    // Where the last, unfinished line of `buf` starts, and its number.
    let mut line_start = 0;
    let mut line_no = 1;
    // Dropping the rest of an endless JSON line.
    let mut skipping = false;
    // `buf` length when a place to cut a page was last looked for.
    let mut looked_at = 0;
    let mut any_text = false;
    loop {
        let before = buf.len();
        let more = stream.next_block(&mut buf)?;
        any_text |= !buf[before..].trim_start().is_empty();
        if skipping {
            match buf[before..].find('\n') {
                None => {
                    buf.truncate(before);
                    if more {
                        continue;
                    }
                    break;
                }
                Some(p) => {
                    buf.replace_range(before..=before + p, "");
                    skipping = false;
                    line_no += 1;
                    first_line = line_no;
                }
            }
        }
        let mut from = before;
        while let Some(p) = buf[from..].find('\n') {
            from += p + 1;
            line_start = from;
            line_no += 1;
        }
        if buf.len() - line_start > MAX_LINE_BYTES {
            if format != Format::JsonLines {
                return Err(ReadError::EndlessLine {
                    line: line_no,
                    max_mib: MAX_LINE_BYTES >> 20,
                });
            }
            if line_start > 0 {
                sink(Part::Text {
                    text: &buf[..line_start],
                    first_line,
                    cut_inside: false,
                })?;
            }
            sink(Part::SkippedLine { line: line_no })?;
            buf.clear();
            line_start = 0;
            skipping = true;
        }
        if !more {
            break;
        }
        if format == Format::Article && buf.len() > size.forced {
            return Err(ReadError::TooLarge {
                max_mib: (size.forced >> 20).max(1),
            });
        }
        // Hand over parts while the text read makes some.
        while buf.len() >= size.target && line_start > 0 {
            let (cut, cut_inside) = match format {
                Format::JsonLines => (line_start, false),
                Format::Page => {
                    if buf.len() < looked_at + size.target {
                        break;
                    }
                    looked_at = buf.len();
                    match last_article_start(&buf[..line_start]) {
                        Some(cut) if cut > 0 => (cut, false),
                        _ if buf.len() >= size.forced => {
                            (forced_cut(&buf[..line_start], size.forced), true)
                        }
                        _ => break,
                    }
                }
                Format::Article => break,
            };
            sink(Part::Text {
                text: &buf[..cut],
                first_line,
                cut_inside,
            })?;
            first_line += buf[..cut].matches('\n').count();
            buf.drain(..cut);
            line_start -= cut;
            looked_at = 0;
        }
    }
    if !any_text {
        return Err(ReadError::Empty);
    }
    if !buf.is_empty() {
        sink(Part::Text {
            text: &buf,
            first_line,
            cut_inside: false,
        })?;
    }
    Ok(())
}
