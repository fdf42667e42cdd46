//! Finding input files and reading each into articles.
//!
//! A corpus folder holds report files plus a few files that are not reports:
//! the jieba user dictionary (`dict.txt`), metadata sidecars
//! (`NAME.meta.toml` beside `NAME`), glossaries (`*.tsv`), READMEs and hidden
//! files. Those are skipped here, and every failure is returned with its path
//! instead of stopping the walk.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::decode::{decode, decompress};
use crate::formats::{id_stem, parse_front_matter, parse_jsonl, parse_newspaper, FileMeta, Format};
use crate::stream::check_lines;
use crate::{Article, ReadError};

/// The name of the user dictionary inside a corpus folder.
pub const DICT_FILE: &str = "dict.txt";
/// File name of the bilingual glossary at the top of a corpus folder.
pub const GLOSSARY_FILE: &str = "glossary.tsv";
/// Suffix of metadata sidecars.
pub const SIDECAR_SUFFIX: &str = ".meta.toml";

/// A report file found under one of the indexed roots.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// The path as reached from what the user gave (shown in results).
    pub path: PathBuf,
    /// Canonical absolute path: the file's identity in the manifest.
    pub key: String,
}

/// Everything read from one file.
#[derive(Debug, Default)]
pub struct FileContent {
    pub articles: Vec<Article>,
    /// Problems that did not stop the file (missing structure…).
    pub warnings: Vec<String>,
    /// Parts of the file that were skipped, with the reason (bad JSON lines).
    pub skipped: Vec<String>,
}

/// Is this file name a report (and not a dictionary, sidecar, glossary…)?
pub fn is_report_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !(lower.starts_with('.')
        || lower == DICT_FILE
        || lower.ends_with(SIDECAR_SUFFIX)
        || lower.ends_with(".tsv")
        || lower.ends_with(".tsv.gz")
        || lower.starts_with("readme")
        || lower.starts_with("license"))
}

/// Canonical key of a path (absolute, symlinks resolved).
pub fn key_of(path: &Path) -> std::io::Result<String> {
    Ok(std::fs::canonicalize(path)?.to_string_lossy().into_owned())
}

/// All report files under `roots`, sorted, with the failures met on the way.
pub fn discover(roots: &[PathBuf]) -> (Vec<InputFile>, Vec<(PathBuf, String)>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for root in roots {
        for entry in WalkDir::new(root).follow_links(true).sort_by_file_name() {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let name = e.file_name().to_string_lossy();
                    if !is_report_file(&name) {
                        continue;
                    }
                    match key_of(e.path()) {
                        Ok(key) => files.push(InputFile {
                            path: e.path().to_path_buf(),
                            key,
                        }),
                        Err(err) => failures.push((e.path().to_path_buf(), err.to_string())),
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.clone());
                    let reason = if err.loop_ancestor().is_some() {
                        "symbolic link loop".to_string()
                    } else {
                        err.io_error()
                            .map_or_else(|| err.to_string(), |io| io.to_string())
                    };
                    failures.push((path, reason));
                }
            }
        }
    }
    files.dedup_by(|a, b| a.key == b.key);
    (files, failures)
}

/// A file's bytes (decompressed) and its sidecar, read once, with their hash.
pub struct Loaded {
    pub bytes: Vec<u8>,
    pub sidecar: Option<String>,
    /// Content hash of the file and its sidecar: what decides re-reading.
    pub hash: String,
}

/// Read a file and its sidecar.
pub fn load(file: &InputFile) -> Result<Loaded, ReadError> {
    let raw = std::fs::read(&file.path)?;
    let sidecar = read_sidecar(&file.path)?;
    let mut hasher = blake3::Hasher::new();
    hasher.update(&raw);
    let hash = finish_hash(hasher, sidecar.as_deref());
    Ok(Loaded {
        bytes: decompress(raw)?,
        sidecar,
        hash,
    })
}

/// The content hash of a file and its sidecar (the same as [`load`] gives),
/// reading the file as a stream; and the sidecar.
pub fn fingerprint(file: &InputFile) -> Result<(String, Option<String>), ReadError> {
    let sidecar = read_sidecar(&file.path)?;
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(std::fs::File::open(&file.path)?)?;
    Ok((finish_hash(hasher, sidecar.as_deref()), sidecar))
}

/// A hash of some text, in hex (the user dictionary's identity).
pub fn text_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

fn finish_hash(mut hasher: blake3::Hasher, sidecar: Option<&str>) -> String {
    if let Some(s) = sidecar {
        hasher.update(b"\0sidecar\0");
        hasher.update(s.as_bytes());
    }
    hasher.finalize().to_hex().to_string()
}

fn read_sidecar(path: &Path) -> Result<Option<String>, ReadError> {
    let sidecar_path = sidecar_of(path);
    match std::fs::read_to_string(&sidecar_path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ReadError::Sidecar {
            path: sidecar_path,
            message: e.to_string(),
        }),
    }
}

/// The metadata a sidecar gives about a file (none without one).
pub fn file_meta(file: &InputFile, sidecar: Option<&str>) -> Result<FileMeta, ReadError> {
    match sidecar {
        Some(s) => toml::from_str(s).map_err(|e| ReadError::Sidecar {
            path: sidecar_of(&file.path),
            message: e.to_string(),
        }),
        None => Ok(FileMeta::default()),
    }
}

/// The warning for a page in which no article structure was found.
pub const UNSTRUCTURED_PAGE: &str =
    "no dateline found: indexed as one article titled by its first line";

fn sidecar_of(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(SIDECAR_SUFFIX);
    path.with_file_name(name)
}

/// Parse a loaded file into articles.
pub fn parse(file: &InputFile, loaded: &Loaded) -> Result<FileContent, ReadError> {
    let meta = file_meta(file, loaded.sidecar.as_deref())?;
    let (text, _) = decode(&loaded.bytes)?;
    let name = file
        .path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let stem = id_stem(&name);
    let path = file.path.to_string_lossy().into_owned();
    let mut content = FileContent::default();
    let format = Format::of(&name, &text);
    if format != Format::JsonLines {
        check_lines(&text)?;
    }
    match format {
        Format::JsonLines => {
            let (articles, errors) = parse_jsonl(&text, &stem, &path, &meta);
            content.articles = articles;
            content.skipped = errors.into_iter().map(|e| e.to_string()).collect();
        }
        Format::Article => content
            .articles
            .push(parse_front_matter(&text, &stem, &path, &meta)?),
        Format::Page => {
            let (articles, unstructured) = parse_newspaper(&text, &stem, &path, &meta);
            if unstructured {
                content.warnings.push(UNSTRUCTURED_PAGE.into());
            }
            content.articles = articles;
        }
    }
    Ok(content)
}
