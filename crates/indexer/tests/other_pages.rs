//! The cleaning rules on pages other than the seed: another paper's layout,
//! GBK with CRLF line ends, other dateline forms, a masthead, a year that
//! only the page prints, captions with a photographer's credit.

use newsreel_indexer::corpus::{load, parse, InputFile};
use newsreel_indexer::Article;

/// A page written for this test in the shape of a county paper's PDF export.
const PAGE: &str = "永川日报 2025年7月8日 星期二 第2版

科技片场迎来新剧组

【永川日报】7月7日电 （记者 王 小 明 通讯员 李华）7月7日上午，一部讲述
西部科学城故事的电影在永川科技 片场开机。该片导演表示，片场的虚拟拍摄
技术让创作团队节省了大量外景时间。

据了解，影片计划于明年春节前后上映，届时将在全国各大影

院同步放映。

剧组在永川科技片场拍摄外景。（记者 王小明 摄）

当天，剧组还与当地高校签订了合作协议。

影迷节活动丰富多彩

新华社重庆7月8日电(记者 张 伟)记者从永川区获悉，为期三天的影迷节将于本月中旬举行。活动包括露天
放映、电影音乐会和 Q&A 形式的青年导演见面会等。
";

fn articles_of(bytes: &[u8], name: &str) -> Vec<Article> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let file = InputFile {
        key: path.to_string_lossy().into_owned(),
        path,
    };
    let content = parse(&file, &load(&file).unwrap()).unwrap();
    assert!(content.warnings.is_empty(), "{:?}", content.warnings);
    content.articles
}

#[test]
fn gbk_page_with_crlf_splits_and_cleans() {
    let crlf = PAGE.replace('\n', "\r\n");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&crlf);
    assert!(!unmappable);
    let a = articles_of(&gbk, "yongchuan-daily-p2.txt");
    assert_eq!(a.len(), 2);

    assert_eq!(
        a[0].title, "科技片场迎来新剧组",
        "the masthead is not a headline"
    );
    assert_eq!(a[0].subtitle, None);
    assert_eq!(a[0].source.as_deref(), Some("永川日报"));
    assert_eq!(a[0].reporter.as_deref(), Some("王小明、李华"));
    assert_eq!(
        a[0].date.as_deref(),
        Some("2025-07-07"),
        "year from the masthead"
    );
    assert!(
        a[0].body
            .contains("一部讲述西部科学城故事的电影在永川科技片场开机"),
        "{}",
        a[0].body
    );
    assert!(
        a[0].body.contains("在全国各大影院同步放映。"),
        "{}",
        a[0].body
    );
    assert_eq!(
        a[0].captions,
        ["剧组在永川科技片场拍摄外景。（记者王小明摄）"]
    );
    assert!(a[0]
        .body
        .ends_with("当天，剧组还与当地高校签订了合作协议。"));

    assert_eq!(a[1].title, "影迷节活动丰富多彩");
    assert_eq!(a[1].source.as_deref(), Some("新华社"));
    assert_eq!(a[1].reporter.as_deref(), Some("张伟"));
    assert_eq!(a[1].date.as_deref(), Some("2025-07-08"));
    assert!(
        a[1].body
            .contains("活动包括露天放映、电影音乐会和 Q&A 形式的青年导演见面会等。"),
        "{}",
        a[1].body
    );
    assert_eq!(a[1].id, "yongchuan-daily-p2-2");
}

#[test]
fn big5_traditional_page_is_read() {
    let page = "電影節開幕\n\n本報訊（記者 陳大文）7月5日，上海合作組織國家電影節在永川開幕。\n";
    let (big5, _, _) = encoding_rs::BIG5.encode(page);
    let a = articles_of(&big5, "tw.txt");
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].title, "電影節開幕");
    assert!(a[0].body.contains("上海合作組織國家電影節在永川開幕"));
    assert_eq!(a[0].reporter.as_deref(), Some("陳大文"));
    assert_eq!(
        a[0].date, None,
        "no year anywhere: no date rather than a guessed one"
    );
}

#[test]
fn a_page_without_datelines_is_one_article_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "观影笔记\n\n这部电影讲述了一段跨越国界的友谊。\n\n值得一看。\n",
    )
    .unwrap();
    let file = InputFile {
        key: path.to_string_lossy().into_owned(),
        path,
    };
    let content = parse(&file, &load(&file).unwrap()).unwrap();
    assert_eq!(content.articles.len(), 1);
    assert_eq!(content.articles[0].title, "观影笔记");
    assert_eq!(content.warnings.len(), 1);
}
