//! From parsed clauses to ranked, highlighted hits.
//!
//! Every query word is looked up two ways at once: as a *word* (BM25 over
//! title, subtitle, body and captions, with the title weighing most) and, for
//! Chinese, as an *exact unit sequence* in the bigram fields. The second way
//! means a word that jieba cut differently in the article's context (`作了汇报`
//! inside `等作了汇报`) is still found; it scores only in such articles (see
//! `otherwise`). A run the user typed as one string
//! that splits into several words also scores a phrase bonus, so adjacent
//! matches outrank scattered ones. Quoted phrases match in the bigram fields
//! only (one of Chinese characters is looked up as a word first, which spares
//! position checks where it is one).

use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use newsreel_analysis::script::is_han;
use newsreel_analysis::units::{bigram_term, is_word_pair, units, Separator, UnitKind};
use newsreel_analysis::{tokenizers, Analyzer, WordToken};
use newsreel_indexer::schema::{day_number, Fields, QUOTED};
use newsreel_indexer::{open_analyzer, open_existing, INDEX_GLOSSARY_FILE};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocSet, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term,
};

use crate::any_of::AnyOf;
use crate::columns::SegmentColumns;
use crate::deadline::Deadline;
use crate::expand::{self, Expansion};
use crate::facets::{FacetCollector, FacetColumns};
use crate::generation::PerGeneration;
use crate::glossary::{Glossary, GlossaryWarning};
use crate::grouping::{GroupedTopDocs, Groups};
use crate::indexed::{InIndexedField, IndexedFieldsCache};
use crate::otherwise::Otherwise;
use crate::results::{ArticleMeta, ArticleQuote, ArticleView, Hit, SearchResults};
use crate::snippet::{to_html, Highlighter};
use crate::suggest::{self, Suggestions};
use crate::syntax::{self, Clause, ParsedQuery, Scope};
use crate::tier::Tiered;
use crate::timeline::DateUnit;
use crate::vocabulary::Vocabulary;
use crate::SearchError;

/// A run of Chinese characters (`han`) as word `terms`, otherwise as its
/// `exact` sequence: the sequence adds the articles jieba cut differently,
/// and scores only there (see `otherwise`). A sequence of two characters is
/// one bigram term, cheap to walk along; a longer one is a phrase, asked
/// about one article at a time.
fn word_or_sequence(
    terms: Vec<Box<dyn Query>>,
    exact: Vec<Box<dyn Query>>,
    han: &str,
) -> Box<dyn Query> {
    if han.chars().nth(2).is_some() {
        // Members moved only as far as asked (see `any_of`).
        Box::new(Otherwise::new(Box::new(AnyOf::new(terms)), exact))
    } else {
        Box::new(AnyOf::preferring(terms, exact))
    }
}

/// Field weights. Titles name what an article is about; captions only illustrate it.
const TITLE_BOOST: f32 = 3.0;
const SUBTITLE_BOOST: f32 = 2.0;
const BODY_BOOST: f32 = 1.0;
const CAPTION_BOOST: f32 = 0.5;
/// Weight of a word found only as an exact sequence (jieba cut the
/// article's text around it differently): weaker evidence than the word.
const EXACT_WORD_BOOST: f32 = 0.5;
/// Bonus for finding a multi-word run exactly as typed.
const ADJACENCY_BOOST: f32 = 2.0;
/// Longest unquoted run (in units) that earns the adjacency bonus.
const MAX_ADJACENT_UNITS: usize = 64;
/// Added to a clause's score when the clause matches as typed, so direct
/// matches rank above matches through a translation, pinyin or a spelling
/// correction (whose own scores, even boosted by a title, stay below it).
const DIRECT_TIER: f32 = 1000.0;
/// Weight of a match through an expansion, among expanded matches.
const EXPANSION_WEIGHT: f32 = 0.5;
/// Snippet width in characters: a Chinese character says about as much as an English word.
const SNIPPET_CHARS_HAN: usize = 120;
const SNIPPET_CHARS_LATIN: usize = 240;

/// Deepest page a search may ask for: results are collected in a heap of
/// `offset + limit` entries, so an unbounded offset is unbounded memory.
pub const MAX_OFFSET: usize = 10_000;

/// Most words (after segmentation) plus exact-phrase units one query may ask
/// for. Every word is a clause of the query and every phrase unit a postings
/// list to intersect, so the cost grows with them; a pasted page is not a
/// search (quote verification is the tool for long passages).
pub const MAX_QUERY_WORDS: usize = 200;

/// A search to run.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: String,
    pub lang: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub to: Option<String>,
    pub limit: usize,
    pub offset: usize,
    /// Compute snippets (costs a re-analysis of each hit's body).
    pub snippets: bool,
    /// Count the matching articles by language, source, reporter and date.
    pub facets: bool,
    /// What a bar of the date facet covers; `None` picks the unit that
    /// fits the matches' span (see [`crate::timeline`]).
    pub date_unit: Option<DateUnit>,
    /// Stop matching after this long and return what was found, flagged
    /// `timed_out` (None: no limit).
    pub time_limit: Option<Duration>,
    /// Only articles that quote someone whose name contains this (either script).
    pub speaker: Option<String>,
    /// Only articles with quotations.
    pub quoted_only: bool,
    /// Also search translations (glossary), pinyin readings and spelling
    /// corrections of the words (see [`crate::expand`]).
    pub expand: bool,
    /// An article and its translations are one result (the best of them);
    /// `total` then counts results, not articles.
    pub group: bool,
}

/// The time limit of a search unless the caller sets another.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(2);

impl SearchRequest {
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            lang: None,
            from: None,
            to: None,
            limit: 10,
            offset: 0,
            snippets: true,
            facets: false,
            date_unit: None,
            time_limit: Some(DEFAULT_TIME_LIMIT),
            speaker: None,
            quoted_only: false,
            expand: true,
            group: true,
        }
    }
}

/// A request made into queries.
pub(crate) struct Plan {
    /// Every required clause must match.
    pub(crate) strict: Box<dyn Query>,
    /// Any of them may (the partial fallback, for queries of several words).
    loose: Option<Box<dyn Query>>,
    pub(crate) parsed: ParsedQuery,
    pub(crate) words: Vec<Vec<Vec<WordToken>>>,
    /// Per clause, what it was expanded to.
    pub(crate) expansions: Vec<Vec<Expansion>>,
    deadline: Option<Deadline>,
}

impl Plan {
    fn highlighter(&self, engine: &Engine) -> Highlighter {
        engine.highlighter(&self.parsed, &self.words, &self.expansions)
    }

    pub(crate) fn timed_out(&self) -> bool {
        self.deadline.as_ref().is_some_and(Deadline::expired)
    }
}

/// Whether a plan's queries leave out the articles with an excluded term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exclusions {
    Applied,
    Ignored,
}

/// The matches of a request, best first, with what is needed to read them.
pub(crate) struct Ranked {
    pub(crate) searcher: Searcher,
    pub(crate) plan: Plan,
    pub(crate) addresses: Vec<(f32, DocAddress)>,
}

/// An open index, ready to search. Cheap to share across threads.
pub struct Engine {
    dir: PathBuf,
    index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    analyzer: Analyzer,
    glossary: Glossary,
    glossary_warnings: Vec<GlossaryWarning>,
    /// The words of the index for pinyin and spelling, read when first needed.
    vocabulary: PerGeneration<Vocabulary>,
    /// Translation groups, read when first needed.
    groups: PerGeneration<Groups>,
    /// Each segment's description columns (see [`crate::columns`]).
    columns: PerGeneration<SegmentColumns>,
    /// Each segment's facet columns (see [`crate::facets`]).
    facet_columns: PerGeneration<FacetColumns>,
    /// The fields some article has (see [`crate::indexed`]).
    indexed_fields: IndexedFieldsCache,
}

impl Engine {
    /// Open the index in `dir` with the analyzer it was built with.
    pub fn open(dir: &Path) -> Result<Self, SearchError> {
        let analyzer = open_analyzer(dir)?;
        Self::open_with_analyzer(dir, analyzer)
    }

    /// Open with an analyzer already loaded (it must match the index's dictionary).
    pub fn open_with_analyzer(dir: &Path, analyzer: Analyzer) -> Result<Self, SearchError> {
        let (index, fields) = open_existing(dir)?;
        tokenizers::register(&index, &analyzer);
        let reader = open_reader(&index, None)?;
        let glossary_path = dir.join(INDEX_GLOSSARY_FILE);
        let (glossary, glossary_warnings) = match Glossary::load(&glossary_path, &analyzer) {
            Ok(loaded) => loaded,
            Err(e) => (
                Glossary::default(),
                vec![GlossaryWarning {
                    path: glossary_path.to_string_lossy().into_owned(),
                    line: 0,
                    message: format!("cannot be read: {e}"),
                }],
            ),
        };
        Ok(Engine {
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
            analyzer,
            glossary,
            glossary_warnings,
            vocabulary: PerGeneration::default(),
            groups: PerGeneration::default(),
            columns: PerGeneration::default(),
            facet_columns: PerGeneration::default(),
            indexed_fields: IndexedFieldsCache::default(),
        })
    }

    /// Search with this glossary instead of the index's copy.
    pub fn with_glossary(mut self, glossary: Glossary) -> Self {
        self.glossary = glossary;
        self.glossary_warnings.clear();
        self
    }

    /// Keep up to about `bytes` of decompressed document-store blocks in
    /// memory, split evenly among the segments the index has now.
    ///
    /// Every snippet reads its article from the store, and a store block is
    /// zstd (see `schema::settings`): decompressing blocks was a quarter of a
    /// server's time under load (benches/README, "HTTP"). A server answers the
    /// same popular articles again and again, so it keeps them; a one-shot
    /// search from the shell keeps tantivy's default of 100 blocks per segment.
    pub fn with_store_cache(mut self, bytes: usize) -> Result<Self, SearchError> {
        let segments = self.index.searchable_segment_metas()?.len().max(1);
        let block = self.index.settings().docstore_blocksize.max(1);
        self.reader = open_reader(&self.index, Some(bytes / block / segments))?;
        Ok(self)
    }

    pub fn glossary(&self) -> &Glossary {
        &self.glossary
    }

    /// Lines of the index's glossary that could not be read.
    pub fn glossary_warnings(&self) -> &[GlossaryWarning] {
        &self.glossary_warnings
    }

    /// The words of the index as `searcher` sees them (read once per index
    /// generation). None when they cannot be read: expansion is then
    /// skipped rather than failing the search.
    pub(crate) fn vocabulary(&self, searcher: &Searcher) -> Option<Arc<Vocabulary>> {
        self.vocabulary
            .get(searcher, || {
                Ok::<_, SearchError>(Vocabulary::open(searcher, self.fields.suggest))
            })
            .ok()
    }

    /// Read now what the first searches would otherwise read: the
    /// vocabulary (with its Chinese words and their pinyin), the
    /// translation groups, and the description and facet columns. A server
    /// does this on a thread of its own as it starts, so that its first
    /// users do not wait: a first pinyin search over 45,000 news articles
    /// took 0.7 s. What cannot be read is left for a search to report.
    pub fn warm(&self) {
        let searcher = self.reader.searcher();
        if let Some(vocabulary) = self.vocabulary(&searcher) {
            vocabulary.warm();
        }
        let _ = self.groups(&searcher);
        let _ = self.segment_columns(&searcher);
        let _ = self.facet_columns(&searcher);
    }

    /// Each segment's description columns.
    fn segment_columns(&self, searcher: &Searcher) -> Result<Arc<SegmentColumns>, SearchError> {
        self.columns
            .get(searcher, || SegmentColumns::open(searcher, &self.fields))
    }

    /// Each segment's facet columns.
    fn facet_columns(&self, searcher: &Searcher) -> Result<Arc<FacetColumns>, SearchError> {
        Ok(self
            .facet_columns
            .get(searcher, || FacetColumns::open(searcher))?)
    }

    /// The translation groups of `searcher`'s index.
    fn groups(&self, searcher: &Searcher) -> Result<Arc<Groups>, SearchError> {
        let f = &self.fields;
        Ok(self
            .groups
            .get(searcher, || Groups::read(searcher, f.translation_of, f.id))?)
    }

    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Number of articles in the index.
    pub fn article_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Which version of the index searches read now, as a hash of its
    /// segments and their deletions: it changes with every commit that
    /// changes what is searched, so anything derived from answers is valid
    /// while it stays the same. (tantivy's searcher generation also changes
    /// on a reload that found nothing new, as the first one always is.)
    pub fn index_version(&self) -> u64 {
        crate::generation::content_version(&self.reader.searcher())
    }

    /// Run a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        let started = Instant::now();
        if request.offset > MAX_OFFSET {
            return Err(SearchError::BadParameter {
                name: "offset",
                message: format!("at most {MAX_OFFSET} results can be skipped"),
            });
        }
        let plan = self.plan(request, started)?;
        let searcher = self.reader.searcher();
        let groups = if request.group {
            Some(self.groups(&searcher)?).filter(|g| !g.is_empty())
        } else {
            None
        };
        let (mut top, mut total, mut facets) =
            self.collect(&searcher, &plan.strict, request, &groups)?;
        let mut partial = false;
        if total == 0 {
            if let Some(loose) = &plan.loose {
                (top, total, facets) = self.collect(&searcher, loose, request, &groups)?;
                partial = total > 0;
            }
        }
        let highlighter = request.snippets.then(|| plan.highlighter(self));
        let expanded = plan.expansions.iter().any(|e| !e.is_empty());
        let mut hits = Vec::with_capacity(top.len());
        for &(score, address) in &top {
            hits.push(self.hit(&searcher, address, score, highlighter.as_ref())?);
        }
        if expanded {
            let addresses: Vec<DocAddress> = top.iter().map(|&(_, a)| a).collect();
            self.attribute(&searcher, &plan, &mut hits, &addresses)?;
        }
        let did_you_mean = if total == 0 || partial {
            self.did_you_mean(&searcher, &request.query, &plan)
        } else {
            None
        };
        Ok(SearchResults {
            query: request.query.clone(),
            total,
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            partial,
            timed_out: plan.timed_out(),
            expanded: plan.expansions.iter().flatten().cloned().collect(),
            did_you_mean,
            hits,
            facets,
        })
    }

    /// The page of hits, the number of results (groups count once when
    /// `groups` is given) and the facets (of articles) of one query.
    #[allow(clippy::type_complexity)]
    fn collect(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        request: &SearchRequest,
        groups: &Option<Arc<Groups>>,
    ) -> Result<(Vec<(f32, DocAddress)>, usize, Option<crate::facets::Facets>), SearchError> {
        let facets = if request.facets {
            Some(FacetCollector {
                columns: self.facet_columns(searcher)?,
                date_unit: request.date_unit,
            })
        } else {
            None
        };
        Ok(match groups {
            Some(groups) => {
                let top = GroupedTopDocs {
                    groups: groups.clone(),
                    limit: request.limit.max(1),
                    offset: request.offset,
                };
                let ((top, total), facets) = searcher.search(query, &(top, facets))?;
                (top, total, facets)
            }
            None => {
                let top = TopDocs::with_limit(request.limit.max(1))
                    .and_offset(request.offset)
                    .order_by_score();
                searcher.search(query, &(top, Count, facets))?
            }
        })
    }

    /// A query worth trying instead of one that found nothing (or only
    /// partial matches): each typed
    /// word the index does not have, replaced by the nearest one it has —
    /// an English word within two edits, the Chinese word a pinyin key or a
    /// misheard character (same pinyin) points at.
    fn did_you_mean(&self, searcher: &Searcher, typed: &str, plan: &Plan) -> Option<String> {
        let vocabulary = self.vocabulary(searcher)?;
        let normalize = |t: &str| self.analyzer.normalizer().normalize_str(t);
        let mut suggestion = typed.to_string();
        let mut changed = false;
        for clause in plan.parsed.clauses.iter().filter(|c| !c.excluded) {
            for term in clause.alternatives.iter().filter(|t| !t.phrase) {
                for typed_word in term.text.split_whitespace() {
                    let word = normalize(typed_word);
                    let better = if word.chars().all(|c| c.is_ascii_alphabetic()) {
                        if vocabulary.latin_freq(&word) > 0 {
                            continue;
                        }
                        newsreel_analysis::pinyin::typed_key(&word)
                            .and_then(|k| vocabulary.by_pinyin(&k).first().map(|w| w.to_string()))
                            .or_else(|| vocabulary.closest_latin(&word))
                    } else if word.chars().all(is_han) {
                        if vocabulary.han_freq(&word) > 0 {
                            continue;
                        }
                        newsreel_analysis::pinyin::keys_of(&word)
                            .iter()
                            .find_map(|k| vocabulary.by_pinyin(k).first().map(|w| w.to_string()))
                    } else {
                        None
                    };
                    if let Some(better) = better {
                        if let Some(at) = suggestion.find(typed_word) {
                            suggestion.replace_range(at..at + typed_word.len(), &better);
                            changed = true;
                        }
                    }
                }
            }
        }
        changed.then_some(suggestion)
    }

    /// Every article the search matches, best first, handed to `each` one
    /// at a time (for export: nothing but the ranked addresses is held).
    /// `limit` and `offset` of the request are ignored; `each` returns
    /// false to stop. Returns how many articles were handed over.
    pub fn search_all(
        &self,
        request: &SearchRequest,
        mut each: impl FnMut(Hit) -> bool,
    ) -> Result<usize, SearchError> {
        let ranked = self.ranked(request, None)?;
        let highlighter = request.snippets.then(|| ranked.plan.highlighter(self));
        let mut handed = 0;
        for &(score, address) in &ranked.addresses {
            handed += 1;
            let hit = self.hit(&ranked.searcher, address, score, highlighter.as_ref())?;
            if !each(hit) {
                break;
            }
        }
        Ok(handed)
    }

    /// The whole articles the search matches, best first, at most `limit`
    /// (all when None), one at a time: for callers that read the text
    /// itself (kwic, verify) and need no hit, snippet or score. `each`
    /// returns false to stop.
    pub fn search_articles(
        &self,
        request: &SearchRequest,
        limit: Option<usize>,
        mut each: impl FnMut(ArticleView) -> bool,
    ) -> Result<(), SearchError> {
        let ranked = self.ranked(request, limit)?;
        for &(_, address) in &ranked.addresses {
            if !each(self.view(&ranked.searcher, address)?) {
                break;
            }
        }
        Ok(())
    }

    /// The addresses of the articles a request matches, best first (at most
    /// `limit`), with the partial fallback when no article has every word.
    fn ranked(&self, request: &SearchRequest, limit: Option<usize>) -> Result<Ranked, SearchError> {
        let plan = self.plan(request, Instant::now())?;
        self.rank(plan, limit, true)
    }

    /// The addresses of every article that matches all of a request's
    /// clauses, best first (no partial fallback: quote search wants every
    /// word). Exclusions are left to the caller: a quotation without the
    /// excluded word may stand in an article that has it.
    pub(crate) fn ranked_strict(&self, request: &SearchRequest) -> Result<Ranked, SearchError> {
        let plan = self.plan_with(request, Instant::now(), Exclusions::Ignored)?;
        self.rank(plan, None, false)
    }

    /// Run a plan's strict query (or, when `partial` and nothing matches
    /// it, its loose one) for the best `limit` addresses (all when None).
    fn rank(&self, plan: Plan, limit: Option<usize>, partial: bool) -> Result<Ranked, SearchError> {
        let searcher = self.reader.searcher();
        let mut query = &plan.strict;
        let mut total = searcher.search(query, &Count)?;
        if total == 0 && partial {
            if let Some(loose) = &plan.loose {
                query = loose;
                total = searcher.search(query, &Count)?;
            }
        }
        let wanted = limit.map_or(total, |l| l.min(total));
        let addresses = if wanted == 0 {
            Vec::new()
        } else {
            searcher.search(query, &TopDocs::with_limit(wanted).order_by_score())?
        };
        Ok(Ranked {
            searcher,
            plan,
            addresses,
        })
    }

    /// Parse, check and build the queries of a request.
    fn plan(&self, request: &SearchRequest, started: Instant) -> Result<Plan, SearchError> {
        self.plan_with(request, started, Exclusions::Applied)
    }

    fn plan_with(
        &self,
        request: &SearchRequest,
        started: Instant,
        exclusions: Exclusions,
    ) -> Result<Plan, SearchError> {
        let parsed = syntax::parse(&request.query);
        let filters = self.filters(request, &parsed)?;
        let (parsed, expansions) = if request.expand {
            let searcher = self.reader.searcher();
            let expanded = expand::expand(parsed, &self.analyzer, &self.glossary, &mut || {
                self.vocabulary(&searcher)
            });
            (expanded.parsed, expanded.expansions)
        } else {
            let none = vec![Vec::new(); parsed.clauses.len()];
            (parsed, none)
        };
        if parsed.required().next().is_none() {
            let reason = if parsed.clauses.is_empty() {
                "no words or phrases"
            } else {
                "only exclusions"
            };
            return Err(SearchError::EmptyQuery {
                query: request.query.clone(),
                reason: reason.into(),
            });
        }
        // Each unquoted term is cut once; the query, its fallback and the
        // highlighter all use these words.
        let words: Vec<Vec<Vec<WordToken>>> = parsed
            .clauses
            .iter()
            .map(|c| {
                c.alternatives
                    .iter()
                    .map(|t| {
                        if t.phrase || t.scope == Scope::Reporter {
                            Vec::new()
                        } else {
                            self.analyzer.query_words(&t.text)
                        }
                    })
                    .collect()
            })
            .collect();
        let size = query_size(&parsed, &words) + expansions.iter().map(Vec::len).sum::<usize>();
        if size > MAX_QUERY_WORDS {
            return Err(SearchError::TooComplex {
                size,
                max: MAX_QUERY_WORDS,
            });
        }
        let Some(strict) = self.build(&parsed, &words, &expansions, &filters, true, exclusions)
        else {
            return Err(SearchError::EmptyQuery {
                query: request.query.clone(),
                reason: "no searchable words (only punctuation?)".into(),
            });
        };
        let loose = if word_count(&parsed, &words) > 1 {
            self.build(&parsed, &words, &expansions, &filters, false, exclusions)
        } else {
            None
        };
        let deadline = request
            .time_limit
            .map(|limit| Deadline::new(started + limit));
        let limited = |query: Box<dyn Query>| match &deadline {
            Some(d) => d.limit(query),
            None => query,
        };
        Ok(Plan {
            strict: limited(strict),
            loose: loose.map(limited),
            parsed,
            words,
            expansions,
            deadline,
        })
    }

    /// Completions of the last word of `typed`, most frequent first.
    /// Typed pinyin also completes to Chinese words (`xianx` → 冼星海), after
    /// the words that start with the letters themselves.
    pub fn suggest(&self, typed: &str, limit: usize) -> Result<Suggestions, SearchError> {
        let searcher = self.reader.searcher();
        let mut found =
            suggest::suggest(&searcher, self.fields.suggest, &self.analyzer, typed, limit)?;
        if found.suggestions.len() < limit {
            let (head, last) = suggest::split_last_word(typed);
            let key = newsreel_analysis::pinyin::typed_key(last).filter(|k| k.len() >= 2);
            if let Some((key, vocabulary)) = key.zip(self.vocabulary(&searcher)) {
                for word in vocabulary.by_pinyin_prefix(&key, limit) {
                    let shown = suggest::with_head(head, word);
                    if found.suggestions.len() < limit && !found.suggestions.contains(&shown) {
                        found.suggestions.push(shown);
                    }
                }
            }
        }
        Ok(found)
    }

    /// The whole article with this id.
    pub fn article(&self, id: &str) -> Result<Option<ArticleView>, SearchError> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = top.first() else {
            return Ok(None);
        };
        Ok(Some(self.view(&searcher, *address)?))
    }

    /// The whole article at `address`.
    fn view(&self, searcher: &Searcher, address: DocAddress) -> Result<ArticleView, SearchError> {
        let (article, translation_of) = self.described(searcher, address)?;
        let doc: TantivyDocument = searcher.doc(address)?;
        let f = &self.fields;
        Ok(ArticleView {
            article,
            body: text(&doc, f.body).unwrap_or_default(),
            captions: doc
                .get_all(f.captions)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            translation_of,
            raw: text(&doc, f.raw),
            quotes: quotes_of(&doc, f.quotes),
        })
    }

    /// The description of the article at `address`, from its segment's
    /// fast fields (no stored document is read), without its translations;
    /// and the id of the original it translates.
    pub(crate) fn description(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<(ArticleMeta, Option<String>), SearchError> {
        let columns = self.segment_columns(searcher)?;
        columns.segment(address.segment_ord).meta(address.doc_id)
    }

    /// [`Self::description`] with the other members of the translation group.
    fn described(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<(ArticleMeta, Option<String>), SearchError> {
        let (mut article, translation_of) = self.description(searcher, address)?;
        let group = translation_of.as_deref().unwrap_or(&article.id);
        article.translations = self.translations(searcher, &article.id, group)?;
        Ok((article, translation_of))
    }

    fn hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        score: f32,
        highlighter: Option<&Highlighter>,
    ) -> Result<Hit, SearchError> {
        let (article, _) = self.described(searcher, address)?;
        let snippet = match highlighter {
            Some(h) => {
                let doc: TantivyDocument = searcher.doc(address)?;
                let body = text(&doc, self.fields.body).unwrap_or_default();
                let width = if article.lang == "zh" {
                    SNIPPET_CHARS_HAN
                } else {
                    SNIPPET_CHARS_LATIN
                };
                to_html(&h.snippet(&self.analyzer, &body, width))
            }
            None => String::new(),
        };
        Ok(Hit {
            article,
            score,
            snippet,
            expanded: Vec::new(),
        })
    }

    /// Other members of the article's translation group: read from the
    /// groups of the index generation, so an article without translations
    /// costs one hash lookup (it was a term lookup in every segment).
    fn translations(
        &self,
        searcher: &Searcher,
        id: &str,
        group: &str,
    ) -> Result<Vec<String>, SearchError> {
        Ok(self.groups(searcher)?.others(group, id))
    }

    pub(crate) fn filters(
        &self,
        request: &SearchRequest,
        parsed: &ParsedQuery,
    ) -> Result<Vec<Box<dyn Query>>, SearchError> {
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        if let Some(lang) = request.lang.as_deref().or(parsed.lang.as_deref()) {
            let lang = lang.trim().to_ascii_lowercase();
            if lang.is_empty() || !lang.chars().all(|c| c.is_ascii_alphabetic()) {
                return Err(SearchError::BadParameter {
                    name: "lang",
                    message: format!("{lang:?} is not a language code"),
                });
            }
            filters.push(Box::new(TermQuery::new(
                Term::from_field_text(self.fields.lang, &lang),
                IndexRecordOption::Basic,
            )));
        }
        let from = parse_date("from", request.from.as_deref())?;
        let to = parse_date("to", request.to.as_deref())?;
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(SearchError::BadParameter {
                    name: "from",
                    message: "`from` is after `to`".into(),
                });
            }
        }
        if request.quoted_only {
            filters.push(Box::new(TermQuery::new(
                Term::from_field_text(self.fields.quoted, QUOTED),
                IndexRecordOption::Basic,
            )));
        }
        if let Some(name) = request.speaker.as_deref() {
            let Some(q) = self.exact(name, &[(self.fields.speakers, 1.0)]) else {
                return Err(SearchError::BadParameter {
                    name: "speaker",
                    message: format!("{name:?} has no letters to match a name with"),
                });
            };
            filters.push(q);
        }
        if from.is_some() || to.is_some() {
            let bound = |d: Option<u64>| {
                d.map_or(Bound::Unbounded, |d| {
                    Bound::Included(Term::from_field_u64(self.fields.day, d))
                })
            };
            filters.push(Box::new(RangeQuery::new(bound(from), bound(to))));
        }
        Ok(filters)
    }

    /// The whole query; `strict` requires every clause and every word,
    /// otherwise any of them will do (the partial fallback).
    fn build(
        &self,
        parsed: &ParsedQuery,
        words: &[Vec<Vec<WordToken>>],
        expansions: &[Vec<Expansion>],
        filters: &[Box<dyn Query>],
        strict: bool,
        exclusions: Exclusions,
    ) -> Option<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut any_required = false;
        for ((clause, words), expansions) in parsed.clauses.iter().zip(words).zip(expansions) {
            let Some(q) = self.expanded_clause(clause, words, expansions, strict) else {
                continue;
            };
            if clause.excluded {
                if exclusions == Exclusions::Applied {
                    clauses.push((Occur::MustNot, q));
                }
            } else {
                any_required = true;
                clauses.push((if strict { Occur::Must } else { Occur::Should }, q));
            }
        }
        if !any_required {
            return None;
        }
        if !strict && !filters.is_empty() {
            // Should-clauses next to a Must filter would become optional: group them.
            let (should, rest): (Vec<_>, Vec<_>) =
                clauses.into_iter().partition(|(o, _)| *o == Occur::Should);
            clauses = rest;
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(should))));
        }
        for f in filters {
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(f.box_clone(), 0.0)),
            ));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// A clause and its expansions: a direct match scores [`DIRECT_TIER`]
    /// above any match through an expansion, so it ranks first whatever the
    /// two BM25 scores; among themselves, direct matches keep their order.
    fn expanded_clause(
        &self,
        clause: &Clause,
        words: &[Vec<WordToken>],
        expansions: &[Expansion],
        strict: bool,
    ) -> Option<Box<dyn Query>> {
        let direct = self.clause(clause, words, strict);
        if expansions.is_empty() {
            return direct;
        }
        let scope = clause.alternatives.first().map_or(Scope::All, |t| t.scope);
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(direct) = direct {
            should.push((Occur::Should, Box::new(Tiered::new(direct, DIRECT_TIER))));
        }
        for e in expansions {
            if let Some(q) = self.expansion(e, scope) {
                should.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(q, EXPANSION_WEIGHT)),
                ));
            }
        }
        (!should.is_empty()).then(|| Box::new(BooleanQuery::new(should)) as Box<dyn Query>)
    }

    /// What an expansion searches: Chinese as an exact sequence (a name is
    /// found however jieba cut its context), other text as words, all required.
    fn expansion(&self, e: &Expansion, scope: Scope) -> Option<Box<dyn Query>> {
        if e.to.chars().any(is_han) {
            self.exact(&e.to, &self.bigram_fields(scope))
        } else {
            let words = self.analyzer.query_words(&e.to);
            self.words(&e.to, &words, scope, true)
        }
    }

    /// Fill each hit's `expanded`: for each expanded clause a hit does not
    /// match as typed, the first expansion it matches. Each query is made
    /// into a weight once and read once per segment, in document order.
    fn attribute(
        &self,
        searcher: &Searcher,
        plan: &Plan,
        hits: &mut [Hit],
        addresses: &[DocAddress],
    ) -> Result<(), SearchError> {
        let mut order: Vec<usize> = (0..addresses.len()).collect();
        order.sort_by_key(|&i| addresses[i]);
        let clauses = plan.parsed.clauses.iter().zip(&plan.words);
        for ((clause, words), expansions) in clauses.zip(&plan.expansions) {
            if expansions.is_empty() || clause.excluded {
                continue;
            }
            let direct = match self.clause(clause, words, true) {
                Some(q) => matching(searcher, q.as_ref(), addresses, &order)?,
                None => vec![false; addresses.len()],
            };
            if direct.iter().all(|&d| d) {
                continue;
            }
            let scope = clause.alternatives.first().map_or(Scope::All, |t| t.scope);
            let mut explained = direct;
            // The first expansion that matched says how (`The Bazaar Wedding`
            // also matching as `Bazaar Wedding` adds nothing).
            for e in expansions {
                let Some(q) = self.expansion(e, scope) else {
                    continue;
                };
                let found = matching(searcher, q.as_ref(), addresses, &order)?;
                for (i, hit) in hits.iter_mut().enumerate() {
                    if found[i] && !explained[i] {
                        hit.expanded.push(e.clone());
                        explained[i] = true;
                    }
                }
                if explained.iter().all(|&x| x) {
                    break;
                }
            }
        }
        Ok(())
    }

    fn clause(
        &self,
        clause: &Clause,
        words: &[Vec<WordToken>],
        strict: bool,
    ) -> Option<Box<dyn Query>> {
        let alternatives: Vec<Box<dyn Query>> = clause
            .alternatives
            .iter()
            .zip(words)
            .filter_map(|(term, words)| {
                if term.scope == Scope::Reporter {
                    self.exact(&term.text, &[(self.fields.reporter, 1.0)])
                } else if term.phrase {
                    self.phrase(&term.text, term.scope)
                } else {
                    self.words(&term.text, words, term.scope, strict)
                }
            })
            .collect();
        match alternatives.len() {
            0 => None,
            1 => alternatives.into_iter().next(),
            _ => Some(Box::new(BooleanQuery::new(
                alternatives
                    .into_iter()
                    .map(|q| (Occur::Should, q))
                    .collect(),
            ))),
        }
    }

    fn bigram_fields(&self, scope: Scope) -> Vec<(Field, f32)> {
        match scope {
            Scope::Title => vec![(self.fields.title_bigrams, TITLE_BOOST)],
            _ => vec![
                (self.fields.title_bigrams, TITLE_BOOST),
                (self.fields.body_bigrams, BODY_BOOST),
            ],
        }
    }

    /// An unquoted run of text: each of its words, plus a bonus when they stand together.
    fn words(
        &self,
        text: &str,
        words: &[WordToken],
        scope: Scope,
        strict: bool,
    ) -> Option<Box<dyn Query>> {
        if words.is_empty() {
            // Punctuation only (`《》`): searchable as an exact sequence.
            return self.exact(text, &self.bigram_fields(scope));
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for w in words {
            if seen.insert(w.text.as_str()) {
                clauses.push((
                    if strict { Occur::Must } else { Occur::Should },
                    self.word(w, scope),
                ));
            }
        }
        // The adjacency bonus tells a typed run from scattered words; for a
        // pasted passage it would be one phrase query of hundreds of units.
        if words.len() > 1 && units(text).count() <= MAX_ADJACENT_UNITS {
            if let Some(adjacent) = self.exact(text, &self.bigram_fields(scope)) {
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(adjacent, ADJACENCY_BOOST)),
                ));
            }
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// The word fields a scope searches, each with its weight.
    fn word_fields(&self, scope: Scope) -> Vec<(Field, f32)> {
        let f = &self.fields;
        match scope {
            Scope::Title => vec![(f.title, TITLE_BOOST), (f.subtitle, SUBTITLE_BOOST)],
            _ => vec![
                (f.title, TITLE_BOOST),
                (f.subtitle, SUBTITLE_BOOST),
                (f.body, BODY_BOOST),
                (f.captions, CAPTION_BOOST),
            ],
        }
    }

    /// `text` as a term of each word field of `scope`.
    fn word_terms(&self, text: &str, scope: Scope) -> Vec<Box<dyn Query>> {
        self.word_fields(scope)
            .into_iter()
            .map(|(field, boost)| {
                let q = TermQuery::new(
                    Term::from_field_text(field, text),
                    IndexRecordOption::WithFreqs,
                );
                let q = InIndexedField::new(q, self.indexed_fields.clone());
                Box::new(BoostQuery::new(Box::new(q), boost)) as Box<dyn Query>
            })
            .collect()
    }

    fn word(&self, w: &WordToken, scope: Scope) -> Box<dyn Query> {
        let terms = self.word_terms(&w.text, scope);
        if w.han {
            if let Some(exact) = self.exact_members(&w.text, &self.bigram_fields(scope)) {
                let exact = exact
                    .into_iter()
                    .map(|q| Box::new(BoostQuery::new(q, EXACT_WORD_BOOST)) as Box<dyn Query>)
                    .collect();
                return word_or_sequence(terms, exact, &w.text);
            }
        }
        Box::new(BooleanQuery::new(
            terms.into_iter().map(|q| (Occur::Should, q)).collect(),
        ))
    }

    /// A quoted phrase: its exact unit sequence. A phrase of Chinese
    /// characters only is also looked up as a word, which jieba indexed only
    /// where the article has those characters in a row, so the phrase is
    /// checked position by position only in the other articles (see
    /// `otherwise`). The documents are those of the sequence alone.
    fn phrase(&self, text: &str, scope: Scope) -> Option<Box<dyn Query>> {
        let fields = self.bigram_fields(scope);
        let norm = self.analyzer.normalize(text);
        let han_run = norm.text.chars().nth(1).is_some() && norm.text.chars().all(is_han);
        if !han_run {
            return self.exact(text, &fields);
        }
        let exact = self.exact_members(text, &fields)?;
        Some(word_or_sequence(
            self.word_terms(&norm.text, scope),
            exact,
            &norm.text,
        ))
    }

    /// Exact unit sequence of `text` in the given bigram fields.
    fn exact(&self, text: &str, fields: &[(Field, f32)]) -> Option<Box<dyn Query>> {
        let mut members = self.exact_members(text, fields)?;
        Some(if members.len() == 1 {
            members.pop()?
        } else {
            // Phrases moved only as far as asked (see `any_of`).
            Box::new(AnyOf::new(members))
        })
    }

    /// Exact unit sequence of `text`, one query per field (one in all for
    /// a single character or symbol, which has a field of its own; a single
    /// word is a term of the exact fields).
    fn exact_members(&self, text: &str, fields: &[(Field, f32)]) -> Option<Vec<Box<dyn Query>>> {
        let norm = self.analyzer.normalize(text);
        let mut us: Vec<_> = units(&norm.text).collect();
        if us.is_empty() {
            return None;
        }
        // A line break inside a typed phrase means a space.
        for u in us.iter_mut().skip(1) {
            if u.sep == Separator::Break {
                u.sep = Separator::Space;
            }
        }
        if us.len() == 1 && us[0].kind != UnitKind::Word {
            let u = &us[0];
            let unit = &norm.text[u.start..u.end];
            let single_field = if fields.iter().any(|(f, _)| *f == self.fields.reporter) {
                self.fields.reporter
            } else {
                self.fields.units
            };
            return Some(vec![Box::new(TermQuery::new(
                Term::from_field_text(single_field, unit),
                IndexRecordOption::WithFreqs,
            ))]);
        }
        // The terms the exact field indexed for this sequence, with their
        // offsets: a bigram per pair of units, except two spaced words,
        // which are each alone at their position. Every pair is needed:
        // skipping one would pin its two units but not the separator between
        // them (`展。两国` would match `展。 两国`), which the property test
        // against a substring scan caught. A word that a bigram already pins
        // is not looked up alone.
        let bigram_at: Vec<bool> = us.windows(2).map(|p| !is_word_pair(&p[0], &p[1])).collect();
        let mut terms: Vec<(usize, String)> = Vec::with_capacity(us.len());
        let mut scratch = String::new();
        for (j, unit) in us.iter().enumerate() {
            let before = j.checked_sub(1).map(|i| bigram_at[i]);
            let after = bigram_at.get(j).copied();
            let alone = us.len() == 1 || before == Some(false) || after == Some(false);
            let pinned = before == Some(true) || after == Some(true);
            if alone && !pinned {
                terms.push((j, norm.text[unit.start..unit.end].to_string()));
            }
            if after == Some(true) {
                bigram_term(&norm.text, unit, &us[j + 1], &mut scratch);
                terms.push((j, scratch.clone()));
            }
        }
        let per_field = fields
            .iter()
            .map(|&(field, boost)| {
                let q: Box<dyn Query> = if terms.len() == 1 {
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, &terms[0].1),
                        IndexRecordOption::WithFreqs,
                    ))
                } else {
                    Box::new(PhraseQuery::new_with_offset(
                        terms
                            .iter()
                            .map(|(offset, text)| (*offset, Term::from_field_text(field, text)))
                            .collect(),
                    ))
                };
                Box::new(BoostQuery::new(q, boost)) as Box<dyn Query>
            })
            .collect();
        Some(per_field)
    }

    fn highlighter(
        &self,
        parsed: &ParsedQuery,
        words: &[Vec<Vec<WordToken>>],
        expansions: &[Vec<Expansion>],
    ) -> Highlighter {
        let mut h = Highlighter::default();
        let kept = parsed
            .clauses
            .iter()
            .zip(expansions)
            .filter(|(c, _)| !c.excluded);
        for e in kept.flat_map(|(_, e)| e) {
            if e.to.chars().any(is_han) {
                h.add_sequence(&self.analyzer, &e.to);
            } else {
                for w in self.analyzer.query_words(&e.to) {
                    h.add_stem(&w.text);
                }
            }
        }
        for (clause, words) in parsed
            .clauses
            .iter()
            .zip(words)
            .filter(|(c, _)| !c.excluded)
        {
            for (term, words) in clause.alternatives.iter().zip(words) {
                if term.phrase {
                    h.add_sequence(&self.analyzer, &term.text);
                    continue;
                }
                for w in words {
                    if w.han {
                        h.add_sequence(&self.analyzer, &w.text);
                    } else {
                        h.add_stem(&w.text);
                    }
                }
            }
        }
        h
    }
}

/// Words and phrase units of the whole query (exclusions and alternatives included).
fn query_size(parsed: &ParsedQuery, words: &[Vec<Vec<WordToken>>]) -> usize {
    parsed
        .clauses
        .iter()
        .zip(words)
        .flat_map(|(c, words)| c.alternatives.iter().zip(words))
        .map(|(t, w)| {
            if t.phrase || t.scope == Scope::Reporter {
                units(&t.text).count()
            } else {
                w.len()
            }
        })
        .sum()
}

/// How many words the required clauses ask for (a phrase counts as one; of
/// alternatives, the longest).
fn word_count(parsed: &ParsedQuery, words: &[Vec<Vec<WordToken>>]) -> usize {
    parsed
        .clauses
        .iter()
        .zip(words)
        .filter(|(c, _)| !c.excluded)
        .map(|(c, words)| {
            c.alternatives
                .iter()
                .zip(words)
                .map(|(t, w)| if t.phrase { 1 } else { w.len() })
                .max()
                .unwrap_or(0)
        })
        .sum()
}

/// Which of `addresses` match `query`; `order` visits them in document
/// order, so one scorer per segment moves forward only.
fn matching(
    searcher: &Searcher,
    query: &dyn Query,
    addresses: &[DocAddress],
    order: &[usize],
) -> tantivy::Result<Vec<bool>> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut found = vec![false; addresses.len()];
    let mut current: Option<(u32, Box<dyn tantivy::query::Scorer>)> = None;
    for &i in order {
        let DocAddress {
            segment_ord,
            doc_id,
        } = addresses[i];
        if current.as_ref().is_none_or(|(s, _)| *s != segment_ord) {
            let segment = searcher.segment_reader(segment_ord);
            current = Some((segment_ord, weight.scorer(segment, 1.0)?));
        }
        if let Some((_, scorer)) = current.as_mut() {
            // A scorer starts on its first match, which may be past the document.
            if scorer.doc() < doc_id {
                scorer.seek(doc_id);
            }
            found[i] = scorer.doc() == doc_id;
        }
    }
    Ok(found)
}

/// The quotations stored with an article (none for an article without).
pub(crate) fn quotes_of(doc: &TantivyDocument, field: Field) -> Vec<ArticleQuote> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default()
}

pub(crate) fn text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str().map(str::to_string))
        .filter(|s| !s.is_empty())
}

fn parse_date(name: &'static str, value: Option<&str>) -> Result<Option<u64>, SearchError> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let bad = || SearchError::BadParameter {
        name,
        message: format!("{v:?} is not a date (YYYY-MM-DD)"),
    };
    day_number(v).map(Some).ok_or_else(bad)
}

/// A reader that follows the index's commits, keeping `store_cache_blocks`
/// decompressed store blocks per segment (tantivy's default when `None`).
fn open_reader(index: &Index, store_cache_blocks: Option<usize>) -> tantivy::Result<IndexReader> {
    let mut builder = index
        .reader_builder()
        .reload_policy(ReloadPolicy::OnCommitWithDelay);
    if let Some(blocks) = store_cache_blocks {
        builder = builder.doc_store_cache_num_blocks(blocks);
    }
    builder.try_into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What is read from the whole index is read once per content: a reload
    /// that found nothing new (as the file watcher's first always is) keeps
    /// it, a commit that deletes an article does not. Warming reads it all,
    /// the pinyin of the Chinese words included.
    #[test]
    fn what_is_read_from_the_whole_index_lasts_as_long_as_its_content() {
        let dir = crate::news_index::news_index(30);
        let engine = Engine::open(dir.path()).unwrap();
        engine.warm();
        let searcher = engine.reader.searcher();
        let vocabulary = engine.vocabulary(&searcher).unwrap();
        assert!(vocabulary.is_warm());
        let facets = engine.facet_columns(&searcher).unwrap();
        let version = engine.index_version();

        engine.reader.reload().unwrap();
        let reloaded = engine.reader.searcher();
        assert_ne!(
            reloaded.generation().generation_id(),
            searcher.generation().generation_id()
        );
        assert_eq!(engine.index_version(), version);
        assert!(Arc::ptr_eq(
            &engine.vocabulary(&reloaded).unwrap(),
            &vocabulary
        ));
        let same = engine
            .facet_columns
            .get(&reloaded, || -> Result<FacetColumns, SearchError> {
                panic!("read again for the same content")
            })
            .unwrap();
        assert!(Arc::ptr_eq(&same, &facets));

        let hit = engine.search(&SearchRequest::new("中国")).unwrap().hits[0]
            .article
            .id
            .clone();
        let mut writer: tantivy::IndexWriter = engine.index().writer(15_000_000).unwrap();
        writer.delete_term(tantivy::Term::from_field_text(engine.fields.id, &hit));
        writer.commit().unwrap();
        engine.reader.reload().unwrap();
        let changed = engine.reader.searcher();
        assert_ne!(engine.index_version(), version);
        let vocabulary_now = engine.vocabulary(&changed).unwrap();
        assert!(!Arc::ptr_eq(&vocabulary_now, &vocabulary));
        assert!(
            !vocabulary_now.is_warm(),
            "a new vocabulary reads its Chinese words when asked"
        );
    }

    /// A server's store cache keeps the blocks its snippets read: the same
    /// searches again read no block anew, and give the same snippets as an
    /// engine that keeps none. 400 news articles, Chinese and English.
    #[test]
    fn the_store_cache_keeps_what_snippets_read() {
        let dir = crate::news_index::news_index(200);
        let cached = Engine::open(dir.path())
            .unwrap()
            .with_store_cache(8 << 20)
            .unwrap();
        let uncached = Engine::open(dir.path())
            .unwrap()
            .with_store_cache(0)
            .unwrap();
        let snippets = |engine: &Engine| -> Vec<String> {
            ["中国", "经济", "government", "the president"]
                .iter()
                .flat_map(|q| engine.search(&SearchRequest::new(*q)).unwrap().hits)
                .map(|hit| hit.snippet)
                .collect()
        };
        // tantivy's file watcher reloads the index once when it starts,
        // whenever its thread gets to it: a new searcher, with new empty
        // caches. The two passes count only within one searcher.
        let generation = || cached.reader.searcher().generation().generation_id();
        let mut attempts = 0;
        let first = loop {
            attempts += 1;
            let at = generation();
            let first = snippets(&cached);
            let before = cached.reader.searcher().doc_store_cache_stats();
            let again = snippets(&cached);
            let after = cached.reader.searcher().doc_store_cache_stats();
            if generation() != at && attempts < 5 {
                continue;
            }
            assert!(first.len() >= 20 && first.iter().any(|s| s.contains("<mark>")));
            assert_eq!(again, first);
            assert_eq!(after.cache_misses, before.cache_misses, "a block read anew");
            assert!(after.cache_hits >= before.cache_hits + first.len());
            break first;
        };
        assert_eq!(snippets(&uncached), first);
        let none = uncached.reader.searcher().doc_store_cache_stats();
        assert_eq!((none.cache_hits, none.num_entries), (0, 0));
    }
}
