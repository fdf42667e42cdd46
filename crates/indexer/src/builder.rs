//! Incremental, idempotent indexing.
//!
//! The index records, in the payload of each tantivy commit, a [`Manifest`]:
//! every source file's content hash and the ids of the articles it produced.
//! Because the manifest is written by the same atomic commit as the documents,
//! the two can never disagree. Re-indexing reads only files whose hash
//! changed, replaces their articles, and drops the articles of files that
//! disappeared from an indexed folder; the same input twice gives the same index.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use newsreel_analysis::Analyzer;
use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use crate::corpus::{discover, key_of, load, parse, InputFile, DICT_FILE};
use crate::schema::{self, day_number, Fields};
use crate::{Article, IndexError};

/// The copy of the user dictionary kept inside an index, so queries segment
/// text exactly as the indexer did.
pub const INDEX_DICT_FILE: &str = "newsreel-dict.txt";

/// What the index knows about its sources.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    /// By file key (canonical path).
    pub files: BTreeMap<String, FileEntry>,
}

/// One source file in the manifest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    pub hash: String,
    pub path: String,
    pub ids: Vec<String>,
}

impl Manifest {
    pub fn article_count(&self) -> usize {
        self.files.values().map(|f| f.ids.len()).sum()
    }
}

/// Options for building.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// A jieba user dictionary; default: `dict.txt` at the top of the first indexed folder.
    pub dict: Option<PathBuf>,
    /// Total writer memory budget in bytes.
    pub writer_memory: usize,
    /// Indexing threads (tokenization runs in them); default: the number of cores.
    pub threads: Option<usize>,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            dict: None,
            writer_memory: 256 << 20,
            threads: None,
        }
    }
}

/// Progress of an indexing run, for a progress bar.
#[derive(Debug, Clone)]
pub struct Progress<'a> {
    pub done: usize,
    pub total: usize,
    pub path: &'a Path,
}

/// What an indexing run did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct IndexReport {
    pub files_read: usize,
    pub files_unchanged: usize,
    pub files_removed: usize,
    pub articles_added: usize,
    pub articles_removed: usize,
    pub articles_total: usize,
    /// Files, or parts of files (a bad JSON line), that could not be
    /// indexed: (path, reason — naming the line for a part).
    pub failures: Vec<(String, String)>,
    /// Problems that did not stop a file: (path, message).
    pub warnings: Vec<(String, String)>,
    /// True when the user dictionary changed and everything was re-read.
    pub rebuilt: bool,
}

/// Opens (or creates) an index and brings it up to date with input folders.
pub struct IndexBuilder {
    dir: PathBuf,
    index: Index,
    fields: Fields,
    options: IndexOptions,
    analyzer: Option<Analyzer>,
}

fn tantivy_err(dir: &Path) -> impl Fn(tantivy::TantivyError) -> IndexError + '_ {
    move |source| IndexError::Tantivy {
        path: dir.to_path_buf(),
        source,
    }
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Does `dir` hold an index?
pub fn index_exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// Open an existing index for reading: it must exist and have the fields
/// this version of Newsreel writes.
pub fn open_existing(dir: &Path) -> Result<(Index, Fields), IndexError> {
    if !index_exists(dir) {
        return Err(IndexError::Missing(dir.to_path_buf()));
    }
    let index = Index::open_in_dir(dir).map_err(tantivy_err(dir))?;
    let (expected, fields) = schema::build();
    if index.schema() != expected {
        return Err(IndexError::Outdated(dir.to_path_buf()));
    }
    Ok((index, fields))
}

/// The analyzer an existing index was built with (its stored user dictionary).
pub fn open_analyzer(dir: &Path) -> Result<Analyzer, IndexError> {
    let dict_path = dir.join(INDEX_DICT_FILE);
    let mut builder = Analyzer::builder();
    match std::fs::read_to_string(&dict_path) {
        Ok(text) => builder = builder.user_dictionary(dict_path.to_string_lossy(), text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_err(&dict_path)(e)),
    }
    Ok(builder.build()?)
}

impl IndexBuilder {
    /// Open the index in `dir`, creating it (and the folder) if needed.
    pub fn open_or_create(dir: &Path, options: IndexOptions) -> Result<Self, IndexError> {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
        let (schema, fields) = schema::build();
        let directory = MmapDirectory::open(dir).map_err(|e| IndexError::Damaged {
            path: dir.to_path_buf(),
            message: e.to_string(),
        })?;
        let index = Index::open_or_create(directory, schema).map_err(|e| match e {
            tantivy::TantivyError::SchemaError(_) => IndexError::Outdated(dir.to_path_buf()),
            e => tantivy_err(dir)(e),
        })?;
        Ok(IndexBuilder {
            dir: dir.to_path_buf(),
            index,
            fields,
            options,
            analyzer: None,
        })
    }

    /// Use an analyzer already built (saves loading jieba twice in one process).
    /// It must have been built with the dictionary this run will use.
    pub fn with_analyzer(mut self, analyzer: Analyzer) -> Self {
        self.analyzer = Some(analyzer);
        self
    }

    /// The manifest of the last commit.
    pub fn manifest(&self) -> Result<Manifest, IndexError> {
        read_manifest(&self.index, &self.dir)
    }

    /// Bring the index up to date with the files under `roots`.
    pub fn index_paths(
        &mut self,
        roots: &[PathBuf],
        mut progress: impl FnMut(Progress<'_>),
    ) -> Result<IndexReport, IndexError> {
        for root in roots {
            if !root.exists() {
                return Err(IndexError::NoSuchInput(root.clone()));
            }
        }
        let mut report = IndexReport::default();

        // The user dictionary: a changed dictionary changes every word, so everything is re-read.
        let dict_source = self.options.dict.clone().or_else(|| {
            roots
                .iter()
                .map(|r| r.join(DICT_FILE))
                .find(|p| p.is_file())
        });
        let stored_dict_path = self.dir.join(INDEX_DICT_FILE);
        let stored_dict = std::fs::read_to_string(&stored_dict_path).ok();
        let new_dict = match &dict_source {
            Some(p) => Some(std::fs::read_to_string(p).map_err(io_err(p))?),
            None => stored_dict.clone(),
        };
        let dict_changed = new_dict != stored_dict;
        // An analyzer handed in (`with_analyzer`) is reused when it was built
        // with the dictionary this run uses, so jieba is loaded once per process.
        let analyzer = match &self.analyzer {
            Some(a) if a.user_dictionary() == new_dict.as_deref().unwrap_or("") => a.clone(),
            _ => {
                let mut b = Analyzer::builder();
                if let Some(text) = &new_dict {
                    let name = dict_source
                        .as_ref()
                        .map_or(stored_dict_path.clone(), Clone::clone);
                    b = b.user_dictionary(name.to_string_lossy(), text.clone());
                }
                b.build()?
            }
        };
        newsreel_analysis::tokenizers::register(&self.index, &analyzer);
        self.analyzer = Some(analyzer);

        let threads = self.options.threads.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(8)
        });
        let memory = self.options.writer_memory.max(threads * (20 << 20));
        let mut writer: IndexWriter<TantivyDocument> = self
            .index
            .writer_with_num_threads(threads, memory)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => IndexError::Busy(self.dir.clone()),
                e => tantivy_err(&self.dir)(e),
            })?;
        // Read under the writer lock: no other process can commit in between.
        let mut manifest = self.manifest()?;

        if dict_changed {
            writer
                .delete_all_documents()
                .map_err(tantivy_err(&self.dir))?;
            report.rebuilt = !manifest.files.is_empty();
            report.articles_removed += manifest.article_count();
            manifest.files.clear();
        }

        let (files, failures) = discover(roots);
        for (path, reason) in failures {
            report
                .failures
                .push((path.to_string_lossy().into_owned(), reason));
        }
        let seen: HashSet<&str> = files.iter().map(|f| f.key.as_str()).collect();

        // Files that vanished from an indexed folder.
        let mut root_keys = Vec::new();
        for root in roots {
            let key = key_of(root).map_err(io_err(root))?;
            root_keys.push(if root.is_dir() {
                format!("{key}{}", std::path::MAIN_SEPARATOR)
            } else {
                key
            });
        }
        let vanished: Vec<String> = manifest
            .files
            .keys()
            .filter(|k| {
                !seen.contains(k.as_str())
                    && root_keys
                        .iter()
                        .any(|r| k.starts_with(r.as_str()) || *k == r)
            })
            .cloned()
            .collect();
        for key in vanished {
            let entry = manifest.files.remove(&key).unwrap_or_default();
            writer.delete_term(Term::from_field_text(self.fields.file, &key));
            report.files_removed += 1;
            report.articles_removed += entry.ids.len();
        }

        let total = files.len();
        for (done, file) in files.iter().enumerate() {
            progress(Progress {
                done,
                total,
                path: &file.path,
            });
            self.index_file(&mut writer, file, &mut manifest, &mut report);
        }
        progress(Progress {
            done: total,
            total,
            path: Path::new(""),
        });

        if let Some(text) = &new_dict {
            if dict_changed {
                std::fs::write(&stored_dict_path, text).map_err(io_err(&stored_dict_path))?;
            }
        }
        manifest.version = 1;
        let payload = serde_json::to_string(&manifest).expect("manifest serializes");
        let mut prepared = writer.prepare_commit().map_err(tantivy_err(&self.dir))?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(tantivy_err(&self.dir))?;
        writer
            .wait_merging_threads()
            .map_err(tantivy_err(&self.dir))?;
        report.articles_total = manifest.article_count();
        Ok(report)
    }

    fn index_file(
        &self,
        writer: &mut IndexWriter<TantivyDocument>,
        file: &InputFile,
        manifest: &mut Manifest,
        report: &mut IndexReport,
    ) {
        let shown = file.path.to_string_lossy().into_owned();
        let loaded = match load(file) {
            Ok(l) => l,
            Err(e) => {
                report.failures.push((shown, e.to_string()));
                return;
            }
        };
        if manifest
            .files
            .get(&file.key)
            .is_some_and(|f| f.hash == loaded.hash)
        {
            report.files_unchanged += 1;
            return;
        }
        let content = match parse(file, &loaded) {
            Ok(c) => c,
            Err(e) => {
                report.failures.push((shown, e.to_string()));
                return;
            }
        };
        report.files_read += 1;
        for w in content.warnings {
            report.warnings.push((shown.clone(), w));
        }
        for part in content.skipped {
            report.failures.push((shown.clone(), part));
        }
        if let Some(old) = manifest.files.remove(&file.key) {
            writer.delete_term(Term::from_field_text(self.fields.file, &file.key));
            report.articles_removed += old.ids.len();
        }
        let mut ids = Vec::with_capacity(content.articles.len());
        let mut in_file = HashSet::new();
        for article in &content.articles {
            if !in_file.insert(article.id.clone()) {
                report.warnings.push((
                    shown.clone(),
                    format!("duplicate id {} skipped", article.id),
                ));
                continue;
            }
            // An id can live in one file only: the last file read wins.
            for entry in manifest.files.values_mut() {
                if let Some(pos) = entry.ids.iter().position(|i| *i == article.id) {
                    entry.ids.remove(pos);
                    report.articles_removed += 1;
                    report.warnings.push((
                        shown.clone(),
                        format!("id {} also in {}; replaced", article.id, entry.path),
                    ));
                }
            }
            writer.delete_term(Term::from_field_text(self.fields.id, &article.id));
            if let Err(e) = writer.add_document(self.document(article, &file.key)) {
                report
                    .failures
                    .push((shown.clone(), format!("article {}: {e}", article.id)));
                continue;
            }
            ids.push(article.id.clone());
        }
        report.articles_added += ids.len();
        manifest.files.insert(
            file.key.clone(),
            FileEntry {
                hash: loaded.hash,
                path: shown,
                ids,
            },
        );
    }

    fn document(&self, a: &Article, file_key: &str) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::new();
        doc.add_text(f.id, &a.id);
        doc.add_text(f.lang, &a.lang);
        doc.add_text(f.title, &a.title);
        doc.add_text(f.title_bigrams, &a.title);
        doc.add_text(f.units, &a.title);
        if let Some(sub) = &a.subtitle {
            doc.add_text(f.subtitle, sub);
            doc.add_text(f.title_bigrams, sub);
            doc.add_text(f.units, sub);
        }
        doc.add_text(f.body, &a.body);
        doc.add_text(f.body_bigrams, &a.body);
        doc.add_text(f.units, &a.body);
        for c in &a.captions {
            doc.add_text(f.captions, c);
            doc.add_text(f.body_bigrams, c);
            doc.add_text(f.units, c);
        }
        if let Some(r) = &a.reporter {
            doc.add_text(f.reporter, r);
            for name in a.reporters() {
                doc.add_text(f.reporters, name);
            }
        }
        doc.add_text(f.suggest, &a.title);
        if let Some(sub) = &a.subtitle {
            doc.add_text(f.suggest, sub);
        }
        doc.add_text(f.suggest, &a.body);
        for c in &a.captions {
            doc.add_text(f.suggest, c);
        }
        if let Some(s) = &a.source {
            doc.add_text(f.source, s);
        }
        if let Some(d) = &a.date {
            doc.add_text(f.date, d);
            if let Some(n) = day_number(d) {
                doc.add_u64(f.day, n);
            }
        }
        doc.add_text(f.path, &a.path);
        doc.add_text(f.file, file_key);
        if let Some(t) = &a.translation_of {
            doc.add_text(f.translation_of, t);
        }
        doc.add_text(f.group, a.translation_of.as_deref().unwrap_or(&a.id));
        if let Some(raw) = a.raw.as_deref().filter(|r| *r != a.body) {
            doc.add_text(f.raw, raw);
        }
        doc
    }
}

/// Read the manifest stored with the last commit of `index`.
pub fn read_manifest(index: &Index, dir: &Path) -> Result<Manifest, IndexError> {
    let metas = index.load_metas().map_err(tantivy_err(dir))?;
    match metas.payload {
        None => Ok(Manifest::default()),
        Some(p) => serde_json::from_str(&p).map_err(|e| IndexError::Damaged {
            path: dir.to_path_buf(),
            message: format!("manifest: {e}"),
        }),
    }
}
