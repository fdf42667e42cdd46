//! Quotations and their speakers: the seed page read by hand, English
//! translations of it, and sentences of the same shapes from other reports.

use std::path::{Path, PathBuf};

use newsreel_analysis::Analyzer;
use newsreel_indexer::corpus::{load, parse, InputFile};
use newsreel_indexer::quotes::{extract, Quote};
use newsreel_indexer::Article;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

fn articles(path: &Path) -> Vec<Article> {
    let file = InputFile {
        key: path.to_string_lossy().into_owned(),
        path: path.to_path_buf(),
    };
    let loaded = load(&file).unwrap();
    parse(&file, &loaded).unwrap().articles
}

fn shipped_analyzer() -> Analyzer {
    let dict = std::fs::read_to_string(corpus().join("dict.txt")).unwrap();
    Analyzer::builder()
        .user_dictionary("dict.txt", dict)
        .build()
        .unwrap()
}

/// (text begins with, speaker, role)
type Row = (&'static str, Option<&'static str>, Option<&'static str>);

fn check(quotes: &[Quote], body: &str, expected: &[Row]) {
    let got: Vec<(&str, Option<&str>, Option<&str>)> = quotes
        .iter()
        .map(|q| {
            let row = expected
                .iter()
                .find(|(start, _, _)| q.text.starts_with(start))
                .unwrap_or_else(|| panic!("unexpected quotation {:?}", q.text));
            (row.0, q.speaker.as_deref(), q.speaker_role.as_deref())
        })
        .collect();
    assert_eq!(got, expected.to_vec(), "{quotes:#?}");
    // Offsets are characters of the body.
    let chars: Vec<char> = body.chars().collect();
    for q in quotes {
        let at: String = chars[q.start..q.end].iter().collect();
        assert_eq!(at, q.text);
    }
}

/// Every quotation on the seed page, read by hand. Names in quotation
/// marks (`"聚焦单元"`, `"中影电影 AI 配音译制系统"`, `"水木学者"`, `"再现"`,
/// the marks inside 《…》) are not quotations.
#[test]
fn every_quotation_of_the_seed_page() {
    let analyzer = shipped_analyzer();
    let page = articles(&corpus().join("zh/000_fcb534285d604426.txt"));
    let expected: [&[Row]; 3] = [
        // The AI forum: names and titles in quotation marks only.
        &[],
        &[
            (
                "这部电影是我们了解新疆的一扇窗口",
                Some("荆鲁洲"),
                Some("天山电影制片厂党委书记"),
            ),
            (
                "影片以独特视角展现了真实的新疆生活",
                Some("娜塔莉娅"),
                Some("白俄罗斯电影制片人"),
            ),
            (
                "永川浓厚的电影氛围让我们印象深刻",
                Some("依克桑·塔依尔"),
                Some("影片演员"),
            ),
            ("这些电影让我足不出户", None, Some("重庆观众")),
        ],
        &[
            // Named in the sentence before (`出品人沈健强调`), then `他透露`.
            ("在电影节展示这部作品", Some("沈健"), Some("出品人")),
            // `首次到访永川的沈健,…给予高度评价:` — the role from his last mention.
            (
                "永川不仅拥有得天独厚的秀丽风光",
                Some("沈健"),
                Some("出品人"),
            ),
            ("战争的残酷与冼星海坚守的艰辛", Some("覃祖凤"), Some("市民")),
            ("与导演和主创的深入交流", Some("杨文琦"), Some("市民")),
        ],
    ];
    assert_eq!(page.len(), 3);
    for (article, rows) in page.iter().zip(expected) {
        let quotes = extract(&article.body, &analyzer);
        check(&quotes, &article.body, rows);
        assert!(quotes.iter().all(|q| q.lang == "zh"));
    }
}

#[test]
fn every_quotation_of_the_english_reports() {
    let analyzer = shipped_analyzer();
    let cases: [(&str, &[Row]); 3] = [
        ("sco-film-festival-ai-forum.md", &[]),
        (
            "sco-film-festival-focus-section.md",
            &[
                (
                    "This film is a window",
                    Some("Jing Luzhou"),
                    Some("Party secretary of the Tianshan Film Studio"),
                ),
                (
                    "The film shows the real life",
                    Some("Natalia"),
                    Some("Belarusian film producer"),
                ),
                (
                    "The strong film atmosphere",
                    Some("Yiksan Tayir"),
                    Some("Actor"),
                ),
                ("These films let me see", None, Some("Chongqing viewer")),
            ],
        ),
        (
            "sco-film-festival-the-musician.md",
            &[
                ("Showing this work", Some("Shen Jian"), Some("Producer")),
                (
                    "Yongchuan not only has",
                    Some("Shen Jian"),
                    Some("Producer"),
                ),
                ("The cruelty of war", Some("Qin Zufeng"), Some("Citizen")),
                ("The in-depth exchange", Some("Yang Wenqi"), Some("Citizen")),
            ],
        ),
    ];
    for (file, rows) in cases {
        let a = articles(&corpus().join("en").join(file));
        // A paragraph ending with a quotation's speaker is not joined to the next.
        if file.contains("focus") {
            assert!(
                a[0].body.contains("Tianshan Film Studio\n\"The film shows"),
                "{}",
                a[0].body
            );
        }
        let quotes = extract(&a[0].body, &analyzer);
        check(&quotes, &a[0].body, rows);
        assert!(quotes.iter().all(|q| q.lang == "en"), "{file}");
    }
}

/// The shapes of attribution, in sentences written for this test (names the
/// dictionaries do not know: they are read by their shape after a role).
#[test]
fn attribution_shapes_beyond_the_seed() {
    let analyzer = Analyzer::builder().build().unwrap();
    let one = |body: &str| {
        let q = extract(body, &analyzer);
        assert_eq!(q.len(), 1, "{body}: {q:?}");
        (q[0].speaker.clone(), q[0].speaker_role.clone())
    };
    let named = |n: &str, r: &str| (Some(n.to_string()), Some(r.to_string()));
    // Speaker before, a name read after its role and ending before `对`.
    assert_eq!(
        one("居民杨文琦对此赞不绝口:“社区的变化太大了,我们都很满意。”"),
        named("杨文琦", "居民")
    );
    // Speaker after, with the verb further on.
    assert_eq!(
        one("“今年的收成比去年好得多。”村民覃德明在田间接受采访时说道。"),
        named("覃德明", "村民")
    );
    // Speaker after, nothing else in the paragraph.
    assert_eq!(
        one("“我们会继续努力。”市体育局局长孙立平"),
        named("孙立平", "市体育局局长")
    );
    // A transliterated name.
    assert_eq!(
        one("俄罗斯导演安德烈·萨莫诺夫表示:“这里的观众非常热情。”"),
        named("安德烈·萨莫诺夫", "俄罗斯导演")
    );
    // Straight quotes, corner brackets.
    assert_eq!(
        one("律师陈明华说:「证据已经提交法院。」"),
        named("陈明华", "律师")
    );
    // Pronoun continuation: the last named speaker.
    let q = extract(
        "教练周国庆强调,球队还需要时间。“年轻球员进步很快,下赛季会更好。”他说。",
        &analyzer,
    );
    assert_eq!(q[0].speaker.as_deref(), Some("周国庆"));
    // No speaker in the text: none invented.
    let q = extract("标语上写着:“安全第一,预防为主。”", &analyzer);
    assert_eq!((q.len(), q[0].speaker.as_deref()), (1, None));
    let q = extract("“会议很成功。”这句话在网上流传。", &analyzer);
    assert_eq!(q[0].speaker, None);
    // Many people, one speaker: the subject, not the object.
    assert_eq!(
        one("在与导演张艺谋交流后,演员刘晓丽表示:“收获很大,希望再合作。”"),
        named("刘晓丽", "演员")
    );
    // English shapes.
    assert_eq!(
        one("\"We will be back next year,\" said Maria Lopez, director of the festival."),
        named("Maria Lopez", "director of the festival")
    );
    assert_eq!(
        one("\"It was a long night,\" the mayor's spokesman Tom Reed told reporters."),
        named("Tom Reed", "mayor's spokesman")
    );
    assert_eq!(
        one("Professor Anna Berg said: \"The data are clear, and they are worrying.\""),
        named("Anna Berg", "Professor")
    );
    let q = extract("The banner read: \"Safety first, always.\"", &analyzer);
    assert_eq!(q[0].speaker, None);
}

/// A quotation broken by a photo caption across columns is one quotation:
/// extraction reads the body the page cleaning has mended.
#[test]
fn a_quotation_broken_by_a_caption_is_one_quotation() {
    let analyzer = shipped_analyzer();
    let page = articles(&corpus().join("zh/000_fcb534285d604426.txt"));
    let article = &page[2];
    let raw = article.raw.as_deref().unwrap_or("");
    let quotes = extract(&article.body, &analyzer);
    let q = quotes
        .iter()
        .find(|q| q.text.starts_with("永川不仅拥有"))
        .unwrap();
    assert!(q.text.ends_with("处于领先地位。"), "{}", q.text);
    // In the page as printed, the caption sits inside some quotation or the
    // quotation is cut by a line break: either way, not contiguous there.
    let printed_whole = raw.contains(q.text.as_str());
    assert!(
        !printed_whole,
        "expected the raw page to break this quotation"
    );
}
