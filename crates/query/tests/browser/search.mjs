// End-to-end check of the search page in a real headless Chromium.
// Usage: node search.mjs http://127.0.0.1:PORT [screenshot.png]
// Exits non-zero, saying what broke, when the page does not behave.
import { chromium } from "playwright-core";

const base = process.argv[2];
const screenshot = process.argv[3];
if (!base) {
  console.error("usage: node search.mjs BASE_URL [SCREENSHOT]");
  process.exit(2);
}
const TIMEOUT = 15000;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function marks(page) {
  await page.locator(".hit mark").first().waitFor({ timeout: TIMEOUT });
  return page.locator(".hit mark").allTextContents();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const problems = [];
try {
  // A Chinese-speaking user: the interface follows the browser's language.
  const zh = await browser.newContext({ locale: "zh-CN", viewport: { width: 1100, height: 900 } });
  const page = await zh.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  await page.goto(`${base}/`);
  check((await page.locator("label[for=q]").textContent()).includes("检索"), "UI is not in Chinese for a zh-CN browser");

  // Type a prefix, pick the suggestion with the keyboard.
  await page.locator("#q").click();
  await page.keyboard.insertText("冼");
  const option = page.locator("#suggestions [role=option]", { hasText: "冼星海" });
  await option.waitFor({ timeout: TIMEOUT });
  check((await page.locator("#q").getAttribute("aria-expanded")) === "true", "combobox not expanded");
  const options = await page.locator("#suggestions [role=option]").allTextContents();
  for (let i = 0; i <= options.indexOf("冼星海"); i++) await page.keyboard.press("ArrowDown");
  check((await page.locator("#q").getAttribute("aria-activedescendant")) !== null, "no active suggestion");
  await page.keyboard.press("Enter");
  const zhMarks = await marks(page);
  check(zhMarks.some((m) => m.includes("冼星海")), `no highlighted 冼星海 in ${JSON.stringify(zhMarks)}`);
  check(decodeURIComponent(page.url()).includes("q=冼星海"), `query not in the URL: ${page.url()}`);
  const zhTitle = await page.locator(".hit h3 a").first().textContent();

  // A second query, in English, typed and submitted.
  await page.locator("#q").fill("musician");
  await page.keyboard.press("Enter");
  await page.waitForURL(/q=musician/, { timeout: TIMEOUT });
  await page.locator(".hit mark", { hasText: /musician/i }).first().waitFor({ timeout: TIMEOUT });
  const enMarks = await marks(page);
  check(enMarks.some((m) => /musician/i.test(m)), `no highlighted musician in ${JSON.stringify(enMarks)}`);
  check((await page.locator("#facet-lists li").count()) > 0, "no facet counts");
  check((await page.locator("#timeline svg rect.bar").count()) > 0, "no timeline bars");

  // The back button returns to the Chinese results.
  await page.goBack();
  await page.waitForURL(/q=%E5%86%BC/, { timeout: TIMEOUT });
  await page.locator(".hit h3 a", { hasText: zhTitle }).waitFor({ timeout: TIMEOUT });

  // The full article view.
  await page.locator(".hit h3 a").first().click();
  await page.locator("#article-view h1").waitFor({ timeout: TIMEOUT });
  check((await page.locator("#article-view").textContent()).includes("冼星海"), "article view lacks the text");

  // A timeline bar filters the search to its days, through the date inputs.
  await page.goto(`${base}/?q=${encodeURIComponent("电影")}`);
  await page.locator("#timeline svg rect.bar").first().waitFor({ timeout: TIMEOUT });
  check((await page.locator("#timeline figcaption").textContent()).includes("相关报道数"), "timeline caption not in Chinese");
  const bar = page.locator("#timeline svg rect.bar").first();
  const barFrom = await bar.getAttribute("data-from");
  const barTo = await bar.getAttribute("data-to");
  check(/^\d{4}-\d{2}-\d{2}$/.test(barFrom) && barFrom <= barTo, `bar bounds ${barFrom}..${barTo}`);
  await bar.click();
  await page.waitForURL((u) => u.searchParams.get("from") === barFrom && u.searchParams.get("to") === barTo, { timeout: TIMEOUT });
  await page.locator(".hit").first().waitFor({ timeout: TIMEOUT });
  check((await page.locator("#from").inputValue()) === barFrom, "from input not set by the bar");

  // Filters live in the URL too: a shared link opens the same results.
  await page.goto(`${base}/?q=${encodeURIComponent("festival OR 电影")}&lang=en`);
  await page.locator(".hit").first().waitFor({ timeout: TIMEOUT });
  check((await page.locator("#lang").inputValue()) === "en", "lang filter not restored from the URL");
  const langs = await page.locator(".hit").evaluateAll((hits) => hits.map((h) => h.lang));
  check(langs.length > 0 && langs.every((l) => l === "en"), `lang filter not applied: ${langs}`);

  // Across languages: pinyin finds the Chinese report and says how; a
  // misheard character is answered with a link to the nearer query.
  await page.goto(`${base}/?q=xianxinghai`);
  await page.locator(".hit .expanded").first().waitFor({ timeout: TIMEOUT });
  const how = await page.locator(".hit .expanded").first().textContent();
  check(how.includes("xianxinghai → 冼星海"), `no pinyin explanation: ${how}`);
  await page.goto(`${base}/?q=${encodeURIComponent("冼星孩")}`);
  const dym = page.locator("#status a.did-you-mean");
  await dym.waitFor({ timeout: TIMEOUT });
  check((await dym.textContent()) === "冼星海", `did-you-mean is ${await dym.textContent()}`);
  await dym.click();
  await page.waitForURL(/q=%E5%86%BC%E6%98%9F%E6%B5%B7/, { timeout: TIMEOUT });
  await marks(page);

  // An English-speaking user on a phone.
  const en = await browser.newContext({ locale: "en-US", viewport: { width: 390, height: 800 }, isMobile: true });
  const phone = await en.newPage();
  phone.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await phone.goto(`${base}/?q=festival`);
  await marks(phone);
  check((await phone.locator("label[for=q]").textContent()).includes("Search"), "UI is not in English for en-US");
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `page wider than the phone screen by ${overflow}px`);

  if (screenshot) {
    await page.goto(`${base}/?q=${encodeURIComponent("冼星海 OR musician")}`);
    await marks(page);
    await page.screenshot({ path: screenshot, fullPage: false });
  }
  check(problems.length === 0, problems.join("; "));
  console.log(`ok: ${zhMarks.length} zh marks, ${enMarks.length} en marks, facets, timeline, history, article view, phone layout`);
} catch (err) {
  console.error(`FAIL: ${err.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
