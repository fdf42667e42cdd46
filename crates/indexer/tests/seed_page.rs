//! Golden tests on the shipped newspaper page: its three reports, with the
//! layout damage repaired.

use std::path::PathBuf;

use newsreel_indexer::corpus::{load, parse, InputFile};
use newsreel_indexer::Article;

fn seed_articles() -> Vec<Article> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/zh/000_fcb534285d604426.txt");
    let file = InputFile {
        key: path.to_string_lossy().into_owned(),
        path,
    };
    let loaded = load(&file).unwrap();
    let content = parse(&file, &loaded).unwrap();
    assert!(content.warnings.is_empty(), "{:?}", content.warnings);
    content.articles
}

#[test]
fn three_articles_with_titles_subtitles_reporters_dates() {
    let a = seed_articles();
    type Heading<'a> = (
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );
    let got: Vec<Heading> = a
        .iter()
        .map(|x| {
            (
                x.title.as_str(),
                x.subtitle.as_deref(),
                x.reporter.as_deref(),
                x.date.as_deref(),
                x.source.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "2025上合组织国家电影节人工智能主题活动举行",
                None,
                Some("凌泽英"),
                Some("2025-07-05"),
                Some("渝西都市报")
            ),
            (
                "2025上合组织国家电影节\"聚焦单元\"活动成功举办",
                Some("《巴扎喜事》等十国佳片共谱文明互鉴新篇章"),
                Some("吕薇"),
                Some("2025-07-05"),
                Some("渝西都市报")
            ),
            (
                "国际佳作共筑文化桥梁",
                Some("三部特别影片亮相永则银幕"),
                Some("陈欣薇"),
                Some("2025-07-06"),
                Some("渝西都市报")
            ),
        ]
    );
    let ids: Vec<&str> = a.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "000_fcb534285d604426-1",
            "000_fcb534285d604426-2",
            "000_fcb534285d604426-3"
        ]
    );
}

#[test]
fn layout_spaces_inside_chinese_are_gone_latin_spacing_kept() {
    let a = seed_articles();
    assert!(a[0]
        .body
        .contains("2025上合组织国家电影节人工智能主题活动在永川国际会展中心举行"));
    assert!(a[0].body.contains("探讨 AI 赋能电影产业"));
    assert!(a[0].body.contains("\"中影电影 AI 配音译制系统\""));
    assert!(!a[0].body.contains("电影 节"));
}

#[test]
fn words_broken_across_columns_are_joined() {
    let a = seed_articles();
    assert!(a[0].body.contains("作品屡获华表奖、金鸡奖"));
    assert!(a[0].body.contains("未来推动电影业发展的方式"));
    assert!(a[2].body.contains("《空战》《名单之外》,以震撼的战争场景"));
    assert!(a[2].body.contains("引发强烈回响。市民覃祖凤"));
    assert!(a[1].body.contains("每部影片放映前,各国的主创团队"));
    assert!(a[1]
        .body
        .contains("来到重庆永川参加2025上合组织国家电影节的感受:"));
}

#[test]
fn captions_leave_the_body_and_the_sentence_is_rejoined() {
    let a = seed_articles();
    assert_eq!(a[1].captions, ["《巴扎喜事》主创团队与观众见面互动。"]);
    assert_eq!(a[2].captions, ["《音乐家》主创与观众交流。"]);
    assert!(a[1]
        .body
        .contains("白俄罗斯电影制片人娜塔莉娅在观看完《巴扎喜事》后称赞道。"));
    assert!(a[2].body.contains("秀丽风光,吸引众多剧组取景"));
    assert!(!a[1].body.contains("见面互动。"));
}

#[test]
fn a_quote_followed_by_its_speaker_keeps_its_own_paragraph() {
    let a = seed_articles();
    let paragraphs: Vec<&str> = a[1].body.lines().collect();
    assert!(paragraphs.contains(&"\"这部电影是我们了解新疆的一扇窗口,相信观众会通过它爱上这片土地。\"天山电影制片厂党委书记荆鲁洲"));
}

#[test]
fn raw_text_is_kept_for_reference() {
    let a = seed_articles();
    assert!(a[0].raw.as_deref().unwrap().contains("电影 节人工智能"));
}
