// Decisions through review, read in headless Chromium under a merge-request prefix: an ADR's
// status history (entries, merge-request links, readable on a phone), the decision log's
// "proposed in", and the Review page, whose states the browser counts again from the dates
// (the site was built on a day long past), in light and dark, at 1400 and 390 px.
"use strict";
const fs = require("fs");
const path = require("path");
const { serve } = require("./serve.cjs");
const { checks, watchedPage, reportPage, launch } = require("./harness.cjs");

const [siteDir, shots] = process.argv.slice(2);
const PREFIX = "/mr-39/";
const { fail, check, finish } = checks();
fs.mkdirSync(shots, { recursive: true });

const lum = (c) => {
  const m = c.match(/\d+(\.\d+)?/g).map(Number);
  const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(m[0]) + 0.7152 * f(m[1]) + 0.0722 * f(m[2]);
};
const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };

// The background a text is drawn on: the first ancestor with a colour of its own.
const background = (el) => {
  for (let e = el; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (c && c !== "rgba(0, 0, 0, 0)" && c !== "transparent") return c;
  }
  return "rgb(255, 255, 255)";
};

async function timelineTests(browser, base, width) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, isMobile: width < 600, hasTouch: width < 600 });
  const page = await watchedPage(context, "timeline-" + width);
  await page.goto(base + "adr/0002-use-kafka.html", { waitUntil: "load" });
  const t = await page.evaluate(() => {
    const section = document.querySelector("section.status-history");
    if (!section) return null;
    const items = [...section.querySelectorAll("li.status-change")];
    const r = section.getBoundingClientRect();
    return {
      items: items.map((li) => li.textContent.replace(/\s+/g, " ").trim()),
      links: [...section.querySelectorAll("a.merge-request")].map((a) => a.getAttribute("href")),
      overflow: section.scrollWidth - section.clientWidth,
      right: r.right,
      viewport: window.innerWidth,
    };
  });
  check(t && t.items.length === 2, width + " px: the ADR page shows two status changes (" + (t && t.items.join(" | ")) + ")");
  if (t) {
    check(/2025-03-04/.test(t.items[0]) && /recorded/.test(t.items[0]) && /Supersedes ADR-1/.test(t.items[0]) && /!12/.test(t.items[0]),
      width + " px: the first entry is the proposal in !12");
    check(/proposed\s*→\s*accepted/.test(t.items[1]) && /!15/.test(t.items[1]), width + " px: the second is the acceptance in !15");
    check(t.links[0] === "https://gitlab.example.com/data/platform/-/merge_requests/12", width + " px: merge requests link to GitLab");
    check(t.overflow <= 1 && t.right <= t.viewport + 1, width + " px: the timeline fits the page (overflow " + t.overflow + ")");
  }
  await page.locator("section.status-history").scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, "status-history-" + width + ".png") });
  reportPage(page, fail);
  await context.close();
}

async function logTest(browser, base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await watchedPage(context, "log");
  await page.goto(base + "adr/index.html", { waitUntil: "load" });
  const proposed = await page.$$eval(".adr-log tr[data-status='proposed'] .proposed-in a", (els) => els.map((a) => a.textContent + " " + a.getAttribute("href")));
  check(proposed.length === 1 && /^!21 https:\/\/gitlab\.example\.com\/data\/platform\/-\/merge_requests\/21$/.test(proposed[0]),
    "the decision log names the merge request that proposed the open proposal: " + proposed.join(", "));
  reportPage(page, fail);
  await context.close();
}

async function reviewTests(browser, base, width, dark) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, isMobile: width < 600, hasTouch: width < 600,
    colorScheme: dark ? "dark" : "light" });
  const page = await watchedPage(context, "review-" + width + (dark ? "-dark" : ""));
  // Without JavaScript: the build's day (2025-04-12) decides.
  const bare = await browser.newContext({ javaScriptEnabled: false });
  const plain = await bare.newPage();
  await plain.goto(base + "review.html", { waitUntil: "load" });
  const built = await plain.$$eval(".review-row", (rows) => rows.map((r) => r.textContent.replace(/\s+/g, " ").trim()));
  await bare.close();
  check(built.some((r) => /Guide/.test(r) && /next review in 165 days/.test(r)), width + " px: without JavaScript the page says what was true on the build's day");

  await page.goto(base + "review.html", { waitUntil: "load" });
  const groups = await page.$$eval("section.review-group h2", (hs) => hs.map((h) => h.textContent.replace(/\s+/g, " ").trim()));
  check(groups.length === 2 && /^@sre/.test(groups[0]) && /No owner/.test(groups[1]), width + " px: documents grouped by owner, owners first: " + groups.join(" | "));
  const rows = await page.evaluate(() => [...document.querySelectorAll(".review-row")].map((r) => {
    const state = r.querySelector(".review-state");
    return {
      text: r.textContent.replace(/\s+/g, " ").trim(),
      cls: r.className,
      due: state.dataset.due,
      next: (r.querySelector(".review-next") || {}).textContent,
    };
  }));
  // Today, in the browser: every review of 2025 is long overdue.
  const today = Math.floor(Date.now() / 86400000);
  const guide = rows.find((r) => /Guide/.test(r.text));
  const expected = guide ? today - Math.floor(Date.parse(guide.due + "T00:00:00Z") / 86400000) : null;
  check(guide && /review-overdue/.test(guide.cls) && guide.next === "review overdue by " + expected + " days",
    width + " px: the browser counts the days again from the dates: " + (guide && guide.next));
  const counts = await page.evaluate(() => ({
    overdue: document.querySelector(".review-summary .count.overdue").textContent,
    rows: new Set([...document.querySelectorAll(".review-row.review-overdue a")].map((a) => a.getAttribute("href"))).size,
    sre: (document.querySelector(".review-group h2 .badge.review-overdue") || {}).textContent,
  }));
  check(counts.overdue === String(counts.rows) && counts.rows === 3 && counts.sre === "1",
    width + " px: the counts follow the recounted states (" + counts.overdue + " overdue)");
  const overdue = await page.evaluate((bg) => {
    const el = document.querySelector(".review-row.review-overdue .review-next");
    const bgFn = new Function("return " + bg)();
    return el && { fg: getComputedStyle(el).color, bg: bgFn(el) };
  }, background.toString());
  const ratio = overdue ? contrast(overdue.fg, overdue.bg) : 0;
  check(ratio >= 4.5, width + " px " + (dark ? "dark" : "light") + ": overdue text contrasts with the page (" + ratio.toFixed(1) + ")");
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  check(fits, width + " px: the Review page does not scroll sideways");
  await page.screenshot({ path: path.join(shots, "review-" + width + (dark ? "-dark" : "") + ".png"), fullPage: true });
  // A reviewed page says so in its footer, recounted too.
  await page.goto(base + "guide.html", { waitUntil: "load" });
  const footer = await page.$eval(".page-review", (e) => e.textContent.replace(/\s+/g, " ").trim()).catch(() => "");
  check(/^reviewed \d+ days ago · review overdue by \d+ days$/.test(footer), width + " px: the page's footer says when it was reviewed: " + footer);
  reportPage(page, fail);
  await context.close();
}

(async () => {
  const server = await serve(siteDir, PREFIX);
  const base = "http://127.0.0.1:" + server.address().port + PREFIX;
  const browser = await launch();
  try {
    for (const width of [1400, 390]) await timelineTests(browser, base, width);
    await logTest(browser, base);
    for (const width of [1400, 390]) for (const dark of [false, true]) await reviewTests(browser, base, width, dark);
  } catch (e) {
    fail("unexpected: " + (e && e.stack || e));
  } finally {
    await browser.close();
    server.close();
  }
  finish();
})();
