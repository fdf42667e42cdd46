//! Incremental, idempotent indexing.
//!
//! The index records, in the payload of each tantivy commit, a [`Manifest`]:
//! every source file's content hash and the number of articles it produced
//! (their ids are read back from the index, where each article names its file).
//! Because the manifest is written by the same atomic commit as the documents,
//! the two can never disagree. Re-indexing reads only files whose hash
//! changed, replaces their articles, and drops the articles of files that
//! disappeared from an indexed folder; the same input twice gives the same index.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use newsreel_analysis::Analyzer;
use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexWriter, Term};

use crate::corpus::{
    discover, file_meta, fingerprint, key_of, load, parse, text_hash, InputFile, DICT_FILE,
    GLOSSARY_FILE, UNSTRUCTURED_PAGE,
};
use crate::document::ArticleDocument;
use crate::formats::{id_stem, parse_front_matter, parse_jsonl_lines, Format, PageParts};
use crate::merge::RunMergePolicy;
use crate::schema::{self, day_number, Fields};
use crate::stream::{open_parts, overlong_line, read_parts, Part, PartSize};
use crate::{Article, IndexError, ReadError};

/// The copy of the user dictionary kept inside an index, so queries segment
/// text exactly as the indexer did.
pub const INDEX_DICT_FILE: &str = "newsreel-dict.txt";

/// The copy of the bilingual glossary kept inside an index. It changes no
/// indexed word (search reads it when it opens the index), so a changed
/// glossary is copied without re-reading any article.
pub const INDEX_GLOSSARY_FILE: &str = "newsreel-glossary.tsv";

/// What the index knows about its sources.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    /// Hash of the user dictionary the articles were cut with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dict: Option<String>,
    /// By file key (canonical path).
    pub files: BTreeMap<String, FileEntry>,
}

/// One source file in the manifest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    pub hash: String,
    pub path: String,
    /// How many articles the file gave, as the commit recorded it.
    #[serde(default)]
    pub articles: usize,
    /// The ids of those articles. Not written into the commit (45,407 ids
    /// were 1.5 MB of `meta.json`): [`read_manifest`] reads them from the
    /// index's `id` and `file` columns.
    #[serde(skip)]
    pub ids: Vec<String>,
}

impl Manifest {
    /// Articles by the manifest's own count.
    pub fn article_count(&self) -> usize {
        self.files.values().map(|f| f.articles).sum()
    }
}

/// Options for building.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// A jieba user dictionary; default: `dict.txt` at the top of the first indexed folder.
    pub dict: Option<PathBuf>,
    /// A bilingual glossary; default: `glossary.tsv` at the top of the first indexed folder.
    pub glossary: Option<PathBuf>,
    /// Total writer memory budget in bytes.
    pub writer_memory: usize,
    /// Indexing threads (tokenization runs in them); default: the number of cores.
    pub threads: Option<usize>,
    /// Commit after a file once this many articles were added since the last
    /// commit, so an interrupted run keeps what it did (a re-run skips the
    /// committed files). The run always ends with a commit.
    pub commit_every: usize,
    /// Files larger than this (bytes on disk; an eighth of it for gzip) are
    /// read as a stream, in parts, instead of whole (see [`crate::stream`]).
    pub stream_above: u64,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            dict: None,
            glossary: None,
            // 128 MiB indexes the news corpus as fast as 256 and peaks at
            // ~350 MB RSS instead of ~500 (benches/README, "Index memory").
            writer_memory: 128 << 20,
            threads: None,
            commit_every: 50_000,
            stream_above: 32 << 20,
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
    /// Commits made (one at the end, more with [`IndexOptions::commit_every`]).
    pub commits: usize,
}

/// Opens (or creates) an index and brings it up to date with input folders.
pub struct IndexBuilder {
    dir: PathBuf,
    index: Index,
    fields: Fields,
    options: IndexOptions,
    analyzer: Option<Analyzer>,
}

/// The state of one indexing run.
struct Run {
    writer: IndexWriter<ArticleDocument>,
    manifest: Manifest,
    /// Which file (key) each article id of the manifest comes from.
    owners: HashMap<String, String>,
    report: IndexReport,
    /// Articles added since the last commit.
    since_commit: usize,
}

impl Run {
    fn new(writer: IndexWriter<ArticleDocument>, manifest: Manifest) -> Run {
        let owners = manifest
            .files
            .iter()
            .flat_map(|(key, entry)| entry.ids.iter().map(move |id| (id.clone(), key.clone())))
            .collect();
        Run {
            writer,
            manifest,
            owners,
            report: IndexReport::default(),
            since_commit: 0,
        }
    }

    /// Is the file as the manifest has it? (Counted when it is.)
    fn unchanged(&mut self, file: &InputFile, hash: &str) -> bool {
        let same = self
            .manifest
            .files
            .get(&file.key)
            .is_some_and(|f| f.hash == hash);
        self.report.files_unchanged += usize::from(same);
        same
    }

    /// Delete a file's articles and its manifest entry.
    fn forget_file(&mut self, key: &str, file_field: tantivy::schema::Field) {
        if let Some(old) = self.manifest.files.remove(key) {
            self.writer
                .delete_term(Term::from_field_text(file_field, key));
            self.report.articles_removed += old.ids.len();
            for id in &old.ids {
                self.owners.remove(id);
            }
        }
    }

    fn remember_file(&mut self, file: &InputFile, shown: &str, hash: String, ids: Vec<String>) {
        self.manifest.files.insert(
            file.key.clone(),
            FileEntry {
                hash,
                path: shown.to_string(),
                articles: ids.len(),
                ids,
            },
        );
    }
}

fn tantivy_err(dir: &Path) -> impl Fn(tantivy::TantivyError) -> IndexError + '_ {
    move |source| IndexError::Tantivy {
        path: dir.to_path_buf(),
        source,
    }
}

/// Opening an index: a file tantivy cannot read is damage, told in a
/// line (tantivy's own message quotes the whole file, `meta.json` included).
fn open_err(dir: &Path) -> impl Fn(tantivy::TantivyError) -> IndexError + '_ {
    move |e| match e {
        e @ tantivy::TantivyError::DataCorruption(_) => IndexError::Damaged {
            path: dir.to_path_buf(),
            message: brief(&e.to_string(), 240),
        },
        e => tantivy_err(dir)(e),
    }
}

/// The first `max` characters of `message`, marked when cut.
fn brief(message: &str, max: usize) -> String {
    match message.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &message[..cut]),
        None => message.to_string(),
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
    let index = Index::open_in_dir(dir).map_err(open_err(dir))?;
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
        // An existing index keeps the store settings it was created with.
        let index = Index::builder()
            .schema(schema)
            .settings(schema::settings())
            .open_or_create(directory)
            .map_err(|e| match e {
                tantivy::TantivyError::SchemaError(_) => IndexError::Outdated(dir.to_path_buf()),
                e => open_err(dir)(e),
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

    /// Keep the index's copy of the glossary in step with the corpus's
    /// (written aside and renamed, so a search never reads half a file).
    /// Without a glossary in the corpus, the copy already there stays.
    fn copy_glossary(&self, roots: &[PathBuf]) -> Result<(), IndexError> {
        let source = self.options.glossary.clone().or_else(|| {
            roots
                .iter()
                .map(|r| r.join(GLOSSARY_FILE))
                .find(|p| p.is_file())
        });
        let Some(source) = source else {
            return Ok(());
        };
        let text = std::fs::read(&source).map_err(io_err(&source))?;
        let target = self.dir.join(INDEX_GLOSSARY_FILE);
        if std::fs::read(&target).ok().as_deref() == Some(text.as_slice()) {
            return Ok(());
        }
        let aside = self.dir.join(format!("{INDEX_GLOSSARY_FILE}.new"));
        std::fs::write(&aside, &text).map_err(io_err(&aside))?;
        std::fs::rename(&aside, &target).map_err(io_err(&target))
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
        self.copy_glossary(roots)?;

        let threads = self.options.threads.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(8)
        });
        let memory = self.options.writer_memory.max(threads * (20 << 20));
        let writer: IndexWriter<ArticleDocument> = self
            .index
            .writer_with_num_threads(threads, memory)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => IndexError::Busy(self.dir.clone()),
                e => tantivy_err(&self.dir)(e),
            })?;
        // Read under the writer lock: no other process can commit in between.
        let manifest = self.manifest()?;
        let earlier = self
            .index
            .searchable_segment_ids()
            .map_err(tantivy_err(&self.dir))?;
        let (merge_policy, run_segments) = RunMergePolicy::new(earlier);
        writer.set_merge_policy(Box::new(merge_policy));
        let mut run = Run::new(writer, manifest);

        // The manifest names the dictionary its articles were cut with; an
        // index from before it did is compared with its stored copy.
        let dict_hash = new_dict.as_deref().map(text_hash);
        let dict_changed = match &run.manifest.dict {
            Some(hash) => dict_hash.as_ref() != Some(hash),
            None => new_dict != stored_dict,
        };
        if dict_changed {
            run.writer
                .delete_all_documents()
                .map_err(tantivy_err(&self.dir))?;
            run.report.rebuilt = !run.manifest.files.is_empty();
            run.report.articles_removed += run.manifest.article_count();
            run.manifest.files.clear();
            run.owners.clear();
        }
        run.manifest.dict = dict_hash;
        if let Some(text) = new_dict
            .as_ref()
            .filter(|t| Some(*t) != stored_dict.as_ref())
        {
            // Before any commit: a commit made with the new dictionary must
            // never be read with the old one. Written whole, then renamed.
            let tmp = self.dir.join(format!("{INDEX_DICT_FILE}.tmp"));
            std::fs::write(&tmp, text).map_err(io_err(&tmp))?;
            std::fs::rename(&tmp, &stored_dict_path).map_err(io_err(&stored_dict_path))?;
        }

        let (files, failures) = discover(roots);
        for (path, reason) in failures {
            run.report
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
        let vanished: Vec<String> = run
            .manifest
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
            run.forget_file(&key, self.fields.file);
            run.report.files_removed += 1;
        }

        let total = files.len();
        for (done, file) in files.iter().enumerate() {
            progress(Progress {
                done,
                total,
                path: &file.path,
            });
            self.index_file(&mut run, file);
            if run.since_commit >= self.options.commit_every.max(1) {
                self.commit(&mut run)?;
            }
        }
        progress(Progress {
            done: total,
            total,
            path: Path::new(""),
        });
        run_segments.finish();
        self.commit(&mut run)?;
        let ours = run_segments.ours(
            self.index
                .searchable_segment_ids()
                .map_err(tantivy_err(&self.dir))?,
        );
        if ours.len() > 1 {
            // The merge keeps the commit's payload, so the manifest stays as
            // committed. Everything is committed already: a failed merge
            // (a full disk) leaves the run's segments as they were.
            if let Err(e) = run.writer.merge(&ours).wait() {
                run.report.warnings.push((
                    self.dir.to_string_lossy().into_owned(),
                    format!("the new segments could not be merged: {e}"),
                ));
            }
        }
        run.writer
            .wait_merging_threads()
            .map_err(tantivy_err(&self.dir))?;
        run.report.articles_total = run.manifest.article_count();
        Ok(run.report)
    }

    /// Commit the documents and the manifest that describes them, atomically.
    fn commit(&self, run: &mut Run) -> Result<(), IndexError> {
        run.manifest.version = 1;
        let payload = serde_json::to_string(&run.manifest).expect("manifest serializes");
        let mut prepared = run
            .writer
            .prepare_commit()
            .map_err(tantivy_err(&self.dir))?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(tantivy_err(&self.dir))?;
        run.since_commit = 0;
        run.report.commits += 1;
        Ok(())
    }

    fn index_file(&self, run: &mut Run, file: &InputFile) {
        let shown = file.path.to_string_lossy().into_owned();
        let streamed = std::fs::metadata(&file.path).is_ok_and(|m| {
            let gzip = shown.to_ascii_lowercase().ends_with(".gz");
            m.len() > self.options.stream_above || (gzip && m.len() > self.options.stream_above / 8)
        });
        let result = if streamed {
            self.index_streamed(run, file, &shown)
        } else {
            self.index_whole(run, file, &shown)
        };
        if let Err(e) = result {
            run.report.failures.push((shown, e.to_string()));
        }
    }

    /// A file read whole: parsed first, so a file that fails keeps the
    /// articles of its previous version.
    fn index_whole(&self, run: &mut Run, file: &InputFile, shown: &str) -> Result<(), ReadError> {
        let loaded = load(file)?;
        if run.unchanged(file, &loaded.hash) {
            return Ok(());
        }
        let content = parse(file, &loaded)?;
        run.report.files_read += 1;
        for w in content.warnings {
            run.report.warnings.push((shown.to_string(), w));
        }
        for part in content.skipped {
            run.report.failures.push((shown.to_string(), part));
        }
        run.forget_file(&file.key, self.fields.file);
        let mut ids = Vec::with_capacity(content.articles.len());
        self.add_articles(run, file, shown, content.articles, &mut ids);
        run.remember_file(file, shown, loaded.hash, ids);
        Ok(())
    }

    /// A file too big to hold: added part by part. If it fails half-way,
    /// what was added of it is deleted again and it is left out of the
    /// manifest (the next run tries it again).
    fn index_streamed(
        &self,
        run: &mut Run,
        file: &InputFile,
        shown: &str,
    ) -> Result<(), ReadError> {
        let (hash, sidecar) = fingerprint(file)?;
        if run.unchanged(file, &hash) {
            return Ok(());
        }
        let meta = file_meta(file, sidecar.as_deref())?;
        let (stream, format) = open_parts(&file.path)?;
        run.report.files_read += 1;
        run.forget_file(&file.key, self.fields.file);
        let name = file.path.file_name().unwrap_or_default().to_string_lossy();
        let stem = id_stem(&name);
        let mut pages = PageParts::new(&stem, shown, &meta);
        let mut ids = Vec::new();
        let size = PartSize::for_threshold(self.options.stream_above);
        let result = read_parts(stream, format, size, |part| {
            let (text, first_line, cut_inside) = match part {
                Part::SkippedLine { line } => {
                    run.report
                        .failures
                        .push((shown.to_string(), overlong_line(line).to_string()));
                    return Ok(());
                }
                Part::Text {
                    text,
                    first_line,
                    cut_inside,
                } => (text, first_line, cut_inside),
            };
            let articles = match format {
                Format::JsonLines => {
                    let (articles, errors) =
                        parse_jsonl_lines(text, first_line, &stem, shown, &meta);
                    for e in errors {
                        run.report.failures.push((shown.to_string(), e.to_string()));
                    }
                    articles
                }
                Format::Page => {
                    let articles = pages.parse(text);
                    if cut_inside {
                        pages.cut_inside_article();
                    }
                    articles
                }
                Format::Article => vec![parse_front_matter(text, &stem, shown, &meta)?],
            };
            self.add_articles(run, file, shown, articles, &mut ids);
            Ok(())
        });
        if let Err(e) = result {
            run.writer
                .delete_term(Term::from_field_text(self.fields.file, &file.key));
            for id in &ids {
                run.owners.remove(id);
            }
            run.report.articles_added -= ids.len();
            return Err(e);
        }
        if format == Format::Page && pages.unstructured() {
            run.report
                .warnings
                .push((shown.to_string(), UNSTRUCTURED_PAGE.to_string()));
        }
        run.remember_file(file, shown, hash, ids);
        Ok(())
    }

    /// Add a file's articles; an id can live in one file only (the last one read wins).
    fn add_articles(
        &self,
        run: &mut Run,
        file: &InputFile,
        shown: &str,
        articles: Vec<Article>,
        ids: &mut Vec<String>,
    ) {
        for article in articles {
            if let Some(owner) = run.owners.get(&article.id) {
                if *owner == file.key {
                    run.report.warnings.push((
                        shown.to_string(),
                        format!("duplicate id {} skipped", article.id),
                    ));
                    continue;
                }
                if let Some(entry) = run.manifest.files.get_mut(owner) {
                    entry.ids.retain(|i| *i != article.id);
                    entry.articles = entry.ids.len();
                    run.report.articles_removed += 1;
                    run.report.warnings.push((
                        shown.to_string(),
                        format!("id {} also in {}; replaced", article.id, entry.path),
                    ));
                }
                run.writer
                    .delete_term(Term::from_field_text(self.fields.id, &article.id));
            }
            // An id no file owns is not in the index (the manifest names
            // exactly its articles), so there is nothing to delete: a delete
            // per article would be kept and checked against every new segment.
            if let Err(e) = run.writer.add_document(self.document(&article, &file.key)) {
                run.report
                    .failures
                    .push((shown.to_string(), format!("article {}: {e}", article.id)));
                continue;
            }
            run.owners.insert(article.id.clone(), file.key.clone());
            run.report.articles_added += 1;
            run.since_commit += 1;
            ids.push(article.id);
        }
    }

    fn document(&self, a: &Article, file_key: &str) -> ArticleDocument {
        let f = &self.fields;
        let mut doc = ArticleDocument::default();
        doc.add_text(&[f.id], &a.id);
        doc.add_text(&[f.lang], &a.lang);
        doc.add_text(&[f.title, f.title_bigrams, f.units, f.suggest], &a.title);
        if let Some(sub) = &a.subtitle {
            doc.add_text(&[f.subtitle, f.title_bigrams, f.units, f.suggest], sub);
        }
        doc.add_text(&[f.body, f.body_bigrams, f.units, f.suggest], &a.body);
        for c in &a.captions {
            doc.add_text(&[f.captions, f.body_bigrams, f.units, f.suggest], c);
        }
        if let Some(r) = &a.reporter {
            doc.add_text(&[f.reporter], r);
            for name in a.reporters() {
                doc.add_text(&[f.reporters], name);
            }
        }
        if let Some(s) = &a.source {
            doc.add_text(&[f.source], s);
        }
        if let Some(d) = &a.date {
            doc.add_text(&[f.date], d);
            if let Some(n) = day_number(d) {
                doc.add_u64(f.day, n);
            }
        }
        doc.add_text(&[f.path], &a.path);
        doc.add_text(&[f.file], file_key);
        if let Some(t) = &a.translation_of {
            doc.add_text(&[f.translation_of], t);
        }
        if let Some(analyzer) = &self.analyzer {
            let quotes = crate::quotes::extract(&a.body, analyzer);
            if !quotes.is_empty() {
                doc.add_text(&[f.quoted], schema::QUOTED);
                for name in quotes.iter().filter_map(|q| q.speaker.as_deref()) {
                    doc.add_text(&[f.speakers], name);
                }
                if let Ok(json) = serde_json::to_string(&quotes) {
                    doc.add_text(&[f.quotes], &json);
                }
            }
        }
        if let Some(raw) = a.raw.as_deref().filter(|r| *r != a.body) {
            doc.add_text(&[f.raw], raw);
        }
        doc
    }
}

/// The manifest stored with the last commit of `index`, as committed: each
/// file's hash, path and article count, with its `ids` left empty.
pub(crate) fn committed_manifest(index: &Index, dir: &Path) -> Result<Manifest, IndexError> {
    let metas = index.load_metas().map_err(tantivy_err(dir))?;
    match metas.payload {
        None => Ok(Manifest::default()),
        Some(p) => serde_json::from_str(&p).map_err(|e| IndexError::Damaged {
            path: dir.to_path_buf(),
            message: format!("manifest: {e}"),
        }),
    }
}

/// Read the manifest stored with the last commit of `index`, with the ids
/// of each file's articles read from the index.
pub fn read_manifest(index: &Index, dir: &Path) -> Result<Manifest, IndexError> {
    let mut manifest = committed_manifest(index, dir)?;
    if manifest.files.is_empty() {
        return Ok(manifest);
    }
    let articles = indexed_articles(index).map_err(|e| IndexError::Damaged {
        path: dir.to_path_buf(),
        message: format!("reading the ids of its articles: {e}"),
    })?;
    for (file, id) in articles {
        if let Some(entry) = manifest.files.get_mut(&file) {
            entry.ids.push(id);
        }
    }
    Ok(manifest)
}

/// The (file key, id) of every live article of the last commit, from the
/// `file` and `id` columns. An article without either reads as empty.
pub fn indexed_articles(index: &Index) -> tantivy::Result<Vec<(String, String)>> {
    let reader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let schema = index.schema();
    let (_, fields) = schema::build();
    let mut out = Vec::with_capacity(searcher.num_docs() as usize);
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let files = fast.str(schema.get_field_name(fields.file))?;
        let ids = fast.str(schema.get_field_name(fields.id))?;
        let read = |column: &Option<tantivy::columnar::StrColumn>, doc| {
            let mut text = String::new();
            if let Some(column) = column {
                schema::column_value(column, doc, &mut text)?;
            }
            Ok::<_, std::io::Error>(text)
        };
        for doc in segment.doc_ids_alive() {
            out.push((read(&files, doc)?, read(&ids, doc)?));
        }
    }
    Ok(out)
}
