// End-to-end checks of a built sadoc site in headless Chromium, as a reader uses it.
//
// Usage: node e2e.cjs <site-dir> <screenshot-dir>
// Serves the site under /mr-42/ on 127.0.0.1 (a merge-request preview prefix), then browses
// it over HTTP and from file://. Every request that leaves localhost is blocked and reported.
// Prints `ok: …` / `FAIL: …` lines and `metric: …` lines; exits 1 when anything failed.
// Driven by tests/sadoc/browser.rs; `.ci/run` installs playwright-core and Debian's chromium.
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");
const { serve } = require("./serve.cjs");

const [siteDir, shots] = process.argv.slice(2);
const PREFIX = "/mr-42/";
const failures = [];
const ok = (what) => console.log("ok: " + what);
const fail = (what) => { failures.push(what); console.log("FAIL: " + what); };
const check = (cond, what) => (cond ? ok(what) : fail(what));
const metric = (name, value) => console.log("metric: " + name + " = " + value);
fs.mkdirSync(shots, { recursive: true });

// A page that records console errors, page errors and every request that leaves localhost.
async function watchedPage(context, label) {
  const page = await context.newPage();
  page.errors = [];
  page.external = [];
  page.searchBytes = 0;
  page.on("console", (m) => {
    // The 404 test asks for a missing page on purpose.
    if (m.type() === "error" && !(m.location().url || "").includes("no/such/page")) page.errors.push(label + ": console: " + m.text() + " at " + m.location().url);
  });
  page.on("pageerror", (e) => page.errors.push(label + ": " + e.message));
  page.on("response", async (r) => {
    if (r.url().includes("/search/")) {
      try { page.searchBytes += (await r.body()).length; } catch (e) { /* navigation */ }
    }
  });
  await page.route("**/*", (route) => {
    const u = new URL(route.request().url());
    const local = u.protocol === "file:" || u.protocol === "data:" || u.protocol === "blob:" ||
      u.hostname === "127.0.0.1" || u.hostname === "localhost";
    if (local) return route.continue();
    page.external.push(u.href);
    return route.abort();
  });
  return page;
}

async function clickLink(page, selector, what) {
  const link = page.locator(selector).first();
  if ((await link.count()) === 0) { fail(what + ": no link " + selector); return false; }
  await Promise.all([page.waitForLoadState("load"), link.click()]);
  await page.waitForLoadState("load");
  return true;
}

// Home → the views overview → the pipeline view, by links as a reader would.
async function homeToView(page, what) {
  if (!(await clickLink(page, '.sidebar a[href$="views/index.html"]', what + ": home → views"))) return false;
  if (!(await clickLink(page, '.content a[href$="views/pipeline.html"]', what + ": views → pipeline view"))) return false;
  check(page.url().endsWith("views/pipeline.html"), what + ": home → views → the pipeline view: " + page.url());
  return true;
}

async function diagramDrawn(page, what) {
  try {
    await page.waitForSelector("pre.mermaid svg", { timeout: 15000 });
    ok(what + ": the Mermaid diagram is drawn as SVG");
    return true;
  } catch (e) {
    fail(what + ": no Mermaid SVG on " + page.url());
    return false;
  }
}

async function search(page, query) {
  await page.keyboard.press("Escape");
  await page.locator("body").click({ position: { x: 5, y: 200 } }).catch(() => {});
  await page.keyboard.press("/");
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.classList.contains("search-input"));
  check(focused, "`/` focuses the search box (" + query + ")");
  await page.fill(".search-input", "");
  const started = Date.now();
  await page.keyboard.type(query);
  await page.waitForSelector(".search-result, .search-message", { timeout: 10000 });
  const elapsed = Date.now() - started;
  await page.waitForTimeout(300);
  const results = await page.$$eval(".search-result", (items) => items.map((a) => ({
    href: a.getAttribute("href"), title: a.querySelector(".search-title").textContent,
    kind: a.querySelector(".badge").textContent, excerpt: a.querySelector(".search-excerpt").innerHTML,
  })));
  return { results, elapsed };
}

async function httpTests(browser, base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await watchedPage(context, "http");
  const home = await page.goto(base, { waitUntil: "load" });
  check(home.status() === 200, "the home page is served under " + PREFIX);
  check((await page.title()).length > 0, "the home page has a title");
  const css = await page.evaluate(() => getComputedStyle(document.querySelector(".topbar")).position);
  check(css === "sticky", "the stylesheet applies under the prefix");
  await page.screenshot({ path: path.join(shots, "home.png") });

  // Keyboard: the first Tab reaches the skip link, visibly focused.
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => {
    const el = document.activeElement;
    return { cls: el.className, outline: getComputedStyle(el).left };
  });
  check(skip.cls === "skip-link" && skip.outline !== "-999px", "Tab first reaches the visible skip link");

  // Home → a view → an ADR, by links.
  if (await homeToView(page, "http")) {
    check(page.url().startsWith(base), "the view is under the prefix");
    await diagramDrawn(page, "view");
    await page.screenshot({ path: path.join(shots, "view.png"), fullPage: false });
    const anchors = await page.$$eval(".markdown h2 .heading-anchor", (a) => a.length);
    check(anchors > 0, "headings have anchor links");
  }
  if (await clickLink(page, '.content a[href*="adr/00"]', "view → ADR")) {
    check(/adr\/00\d\d-[^/]+\.html/.test(page.url()), "view → an ADR: " + page.url());
    const badge = await page.locator(".page-header .badge, .status-badge, .badge").count();
    check(badge > 0, "the ADR shows its status badge");
    const footer = await page.textContent(".footer");
    check(/Last updated/.test(footer), "the ADR says when it was last updated: " + footer.replace(/\s+/g, " ").trim());
    check(await page.locator(".footer .edit-link").count() === 1, "the ADR has an edit link");
    await page.screenshot({ path: path.join(shots, "adr.png") });
  }

  // Search: a first query, timed, and the bytes of index it downloaded.
  const fresh = await watchedPage(context, "search");
  await fresh.goto(base, { waitUntil: "load" });
  const kafka = await search(fresh, "kafka");
  check(kafka.results.length > 0, "searching `kafka` finds pages (" + kafka.results.length + ")");
  check(kafka.results.some((r) => /kafka/i.test(r.title)), "a result has Kafka in its title");
  check(kafka.results.some((r) => /<mark>/i.test(r.excerpt)), "results quote an excerpt with the match marked");
  check(kafka.results.some((r) => /Decision/.test(r.kind)), "ADR results are labelled as decisions with a status");
  metric("search first query ms", kafka.elapsed);
  metric("search first query KB", (fresh.searchBytes / 1024).toFixed(1));
  await fresh.screenshot({ path: path.join(shots, "search.png") });
  const target = kafka.results[0] && kafka.results[0].href;
  await fresh.keyboard.press("ArrowDown");
  await Promise.all([fresh.waitForLoadState("load"), fresh.keyboard.press("Enter")]);
  await fresh.waitForTimeout(200);
  check(target && fresh.url().split("#")[0] === new URL(target, base).href.split("#")[0], "Enter opens the selected result: " + fresh.url());

  // Korean.
  const korean = await search(fresh, "재처리");
  check(korean.results.some((r) => r.title === "온보딩 가이드"), "searching 재처리 finds the Korean onboarding guide");
  await fresh.screenshot({ path: path.join(shots, "search-ko.png") });
  if (await clickLink(fresh, '.search-result:has-text("온보딩 가이드")', "Korean result")) {
    check(decodeURIComponent(fresh.url()).includes("onboarding-ko.html"), "the Korean result opens its page: " + decodeURIComponent(fresh.url()));
  }
  const number = await search(fresh, "0006");
  check(number.results.length > 0 && /ADR-0006/.test(number.results[0].title), "searching an ADR number finds that ADR first: " + (number.results[0] || {}).title);
  const prefix = await search(fresh, "debez");
  check(prefix.results.some((r) => /Debezium/.test(r.title)), "a word's start finds it (debez → Debezium)");
  const none = await search(fresh, "zzqxv");
  check(none.results.length === 0 && (await fresh.isVisible(".search-message")), "a query without results says so");

  // Dark mode: the toggle switches the colours and the diagram is drawn again.
  await page.goto(base + "sad/views/pipeline.html", { waitUntil: "load" });
  await diagramDrawn(page, "before dark mode");
  const lightBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.click(".theme-toggle");
  await page.waitForTimeout(1500);
  const dark = await page.evaluate(() => ({
    theme: document.documentElement.dataset.theme,
    bg: getComputedStyle(document.body).backgroundColor,
    svg: !!document.querySelector("pre.mermaid svg"),
  }));
  check(dark.theme === "dark" && dark.bg !== lightBg, "the toggle switches to dark colours (" + lightBg + " → " + dark.bg + ")");
  check(dark.svg, "the diagram is drawn again in dark mode");
  await page.screenshot({ path: path.join(shots, "view-dark.png") });
  await page.reload({ waitUntil: "load" });
  check(await page.evaluate(() => document.documentElement.dataset.theme) === "dark", "dark mode is remembered");
  await page.click(".theme-toggle");

  // A page without diagrams does not load the Mermaid bundle.
  const requested = [];
  page.on("request", (r) => requested.push(r.url()));
  await page.goto(base + "runbooks/replay-a-topic.html", { waitUntil: "load" });
  check(!requested.some((u) => u.includes("mermaid")), "a page without diagrams does not load Mermaid");
  check(await page.locator(".markdown pre .copy-button").count() > 0, "code blocks have a copy button");

  // Missing pages: the 404 page, styled.
  const missing = await page.goto(base + "no/such/page.html", { waitUntil: "load" });
  check(missing.status() === 404 && /not/i.test(await page.textContent("body")), "a missing page shows the 404 page");

  // Mobile: the navigation collapses into a drawer.
  const phone = await browser.newContext({ viewport: { width: 400, height: 800 }, isMobile: true });
  const mobile = await watchedPage(phone, "mobile");
  await mobile.goto(base + "sad/overview.html", { waitUntil: "load" });
  const hidden = await mobile.isHidden(".sidebar");
  await mobile.click(".menu-toggle");
  await mobile.waitForTimeout(400);
  const shown = await mobile.isVisible(".sidebar");
  check(hidden && shown, "on a phone the navigation is a drawer opened by the menu button");
  await mobile.screenshot({ path: path.join(shots, "mobile-nav.png") });

  // When the index cannot be loaded, the search box says so.
  const broken = await watchedPage(context, "broken");
  await broken.route("**/search/index.js", (route) => route.abort());
  await broken.goto(base, { waitUntil: "load" });
  await broken.click(".search-input");
  await broken.keyboard.type("kafka");
  try {
    await broken.waitForSelector(".search-error", { timeout: 5000 });
    ok("an unavailable index is reported in the search box");
  } catch (e) { fail("an unavailable index is not reported"); }

  for (const p of [page, fresh, mobile]) {
    p.errors.forEach((e) => fail("console error: " + e));
    p.external.forEach((u) => fail("request left localhost: " + u));
  }
  check([page, fresh, mobile].every((p) => !p.errors.length), "no console errors over HTTP");
  check([page, fresh, mobile, broken].every((p) => !p.external.length), "no request left localhost");
  await context.close();
  await phone.close();
}

// Every HTML page of the built site (paths relative to the site root).
function sitePages() {
  const files = [];
  const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).forEach((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== "assets" && e.name !== "search") walk(full); }
    else if (e.name.endsWith(".html")) files.push(path.relative(siteDir, full));
  });
  walk(siteDir);
  return files.sort();
}

// The first hour on a phone and a wide screen: no page scrolls sideways, the pipeline view's
// diagram keeps readable labels and opens full screen, the drawer closes from its backdrop,
// the header title fits, metadata cards are one column, Korean renders in a CJK font.
async function layoutTests(browser, base) {
  const pages = sitePages();
  check(pages.length >= 20, "the example has its pages: " + pages.length);
  for (const width of [390, 1400]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, isMobile: width < 600, hasTouch: width < 600 });
    const page = await watchedPage(context, "layout-" + width);
    const sideways = [];
    for (const rel of pages) {
      await page.goto(base + rel.split(path.sep).join("/"), { waitUntil: "load" });
      if (rel.includes("views/")) await page.waitForTimeout(400);
      const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: document.documentElement.clientWidth }));
      if (widths.doc > widths.view + 1) sideways.push(rel + " (" + widths.doc + " > " + widths.view + ")");
    }
    check(sideways.length === 0, width + " px: no page of the example scrolls sideways" + (sideways.length ? ": " + sideways.join(", ") : " (" + pages.length + " pages)"));

    // The pipeline view's wide left-to-right diagram: labels at a readable size.
    await page.goto(base + "sad/views/pipeline.html", { waitUntil: "load" });
    await diagramDrawn(page, width + " px pipeline view");
    await page.waitForTimeout(300);
    const labels = await page.$$eval("pre.mermaid svg .nodeLabel, pre.mermaid svg .edgeLabel, pre.mermaid svg text", (els) =>
      els.map((e) => e.getBoundingClientRect().height).filter((h) => h > 0).sort((a, b) => a - b));
    const median = labels.length ? labels[Math.floor(labels.length / 2)] : 0;
    metric("pipeline diagram median label height at " + width + " px", median.toFixed(1));
    check(median >= 8, width + " px: the pipeline diagram's median label is " + median.toFixed(1) + " px high (at least 8)");
    // Its label text is at least the body's small text (0.85 of the body's font size).
    const fonts = await page.evaluate(() => {
      const svg = document.querySelector("pre.mermaid > svg");
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const label = parseFloat(getComputedStyle(svg.querySelector(".nodeLabel, text")).fontSize);
      return { shown: label * scale, small: parseFloat(getComputedStyle(document.body).fontSize) * 0.85 };
    });
    check(fonts.shown >= fonts.small - 0.1, width + " px: the diagram's labels are " + fonts.shown.toFixed(1) + " px, at least the body's small text (" + fonts.small.toFixed(1) + " px)");
    const frame = await page.evaluate(() => {
      const f = document.querySelector("pre.mermaid.diagram-frame");
      return f && { scroll: f.scrollWidth, client: f.clientWidth, overflow: getComputedStyle(f).overflowX };
    });
    check(frame && (frame.scroll <= frame.client + 1 || frame.overflow === "auto"), width + " px: a diagram wider than the column scrolls inside its frame");
    await page.screenshot({ path: path.join(shots, "view-" + width + ".png") });
    // Full screen: opens, zooms, closes, and the diagram is back in its frame.
    await page.click(".diagram-box .diagram-open");
    await page.waitForSelector("dialog.diagram-viewer[open] svg", { timeout: 5000 }).catch(() => {});
    const opened = await page.evaluate(() => {
      const d = document.querySelector("dialog.diagram-viewer");
      const svg = d && d.querySelector(".diagram-stage svg");
      const r = svg && svg.getBoundingClientRect();
      return { open: !!(d && d.open), width: r ? r.width : 0, transform: svg ? svg.style.transform : "" };
    });
    check(opened.open && opened.width > width * 0.5, width + " px: the full-screen view opens with the diagram filling it (" + Math.round(opened.width) + " px wide)");
    await page.screenshot({ path: path.join(shots, "diagram-full-" + width + ".png") });
    await page.click(".diagram-viewer .diagram-zoom-in");
    const zoomed = await page.evaluate(() => document.querySelector(".diagram-stage svg").style.transform);
    check(zoomed !== opened.transform, width + " px: zooming in changes the scale (" + zoomed + ")");
    await page.keyboard.press("Escape");
    // Closing puts the drawing back in the page from the dialog's `close` event, which comes
    // after `open` is false: wait for both (a loaded CI machine takes its time).
    await page.waitForFunction(
      () => !document.querySelector("dialog.diagram-viewer").open && !!document.querySelector("pre.mermaid > svg"),
      null, { timeout: 10000 }).catch(() => {});
    const closed = await page.evaluate(() => ({
      open: document.querySelector("dialog.diagram-viewer").open,
      back: !!document.querySelector("pre.mermaid > svg"),
    }));
    check(!closed.open && closed.back, width + " px: Escape closes the full-screen view and the diagram is back in the page");

    if (width < 600) {
      // The header title fits: not cut off.
      const title = await page.evaluate(() => {
        const t = document.querySelector(".brand-title");
        return { cut: t.scrollWidth > t.clientWidth + 1 || t.scrollHeight > t.clientHeight + 1, text: t.textContent };
      });
      check(!title.cut, "390 px: the header title fits: " + title.text);
      // The view's metadata card is one column, and its code paths stay inside it.
      const card = await page.evaluate(() => {
        const box = document.querySelector(".view-links");
        const rows = [...box.querySelectorAll(":scope > div")].map((d) => { const dt = d.querySelector("dt").getBoundingClientRect(), dd = d.querySelector("dd").getBoundingClientRect(); return dd.top >= dt.bottom - 1; });
        const outer = box.getBoundingClientRect();
        const inside = [...box.querySelectorAll("code")].every((c) => c.getBoundingClientRect().right <= outer.right + 1);
        return { column: rows.every(Boolean), inside };
      });
      check(card.column && card.inside, "390 px: the view's metadata card is one column with its code paths inside it");
      // The drawer opens over a dimmed backdrop, which closes it.
      await page.click(".menu-toggle");
      await page.waitForSelector(".sidebar", { state: "visible", timeout: 5000 }).catch(() => {});
      await page.waitForFunction(() => getComputedStyle(document.querySelector(".nav-backdrop")).opacity === "1", null, { timeout: 5000 }).catch(() => {});
      const dim = await page.evaluate(() => getComputedStyle(document.querySelector(".nav-backdrop")).backgroundColor);
      check(await page.isVisible(".sidebar") && dim !== "rgba(0, 0, 0, 0)", "390 px: the drawer opens over a dimmed backdrop (" + dim + ")");
      await page.screenshot({ path: path.join(shots, "drawer-390.png") });
      await page.mouse.click(width - 20, 600);
      const closedDrawer = await page.waitForSelector(".sidebar", { state: "hidden", timeout: 5000 }).then(() => true, () => false);
      const stillOpen = await page.evaluate(() => document.body.classList.contains("nav-open"));
      check(!stillOpen && closedDrawer, "390 px: a tap on the backdrop closes the drawer");
      // Search folds into a button and opens over the bar.
      await page.click(".search-input");
      const searchWidth = await page.evaluate(() => document.querySelector(".search").getBoundingClientRect().width);
      check(searchWidth > 300, "390 px: the search box opens across the bar (" + Math.round(searchWidth) + " px)");
      await page.keyboard.press("Escape");
    }

    // The pages a reader meets first, looked at: home, a view, the log, a superseded ADR, the code map.
    for (const [name, rel] of [["home", ""], ["decision-log", "adr/index.html"], ["superseded-adr", "adr/0008-serve-metrics-through-graphql.html"], ["code-map", "code.html"]]) {
      await page.goto(base + rel, { waitUntil: "load" });
      await page.screenshot({ path: path.join(shots, name + "-" + width + ".png"), fullPage: true });
    }
    // A superseded ADR's header states the supersession and the date once, in plain text.
    await page.goto(base + "adr/0008-serve-metrics-through-graphql.html", { waitUntil: "load" });
    const adr = await page.evaluate(() => {
      const h = document.querySelector(".page-header");
      return {
        text: h.textContent.replace(/\s+/g, " "),
        successorLinks: h.querySelectorAll('a[href*="0009-"]').length,
        raw: /\]\(|\.md\)/.test(h.textContent),
      };
    });
    check(adr.successorLinks === 1, "the superseded ADR's header links its successor once (" + adr.successorLinks + ")");
    check((adr.text.match(/2025-07-01/g) || []).length === 1, "the superseded ADR's header shows its date once");
    check(!adr.raw, "the superseded ADR's header shows no raw markdown");
    check(!/superseded by/i.test(adr.text.replace(/superseded by ADR-0009/i, "")) , "the header says superseded once: " + adr.text.trim().slice(0, 160));
    page.errors.forEach((e) => fail("console error: " + e));
    page.external.forEach((u) => fail("request left localhost: " + u));
    await context.close();
  }
}

// Korean UI strings and text render in a font that has Hangul (the glyphs of the page's
// heading come from a CJK family of the stylesheet's stack, not from a fallback without them).
async function koreanFontTest(browser, base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(base + "guides/onboarding-ko.html", { waitUntil: "load" });
  const cdp = await context.newCDPSession(page);
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument");
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: ".page .markdown h1, .page h1" });
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  const stack = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  const cjk = fonts.filter((f) => /CJK|Gothic|Nanum|KR|Han Sans|Hiragino|YaHei|PingFang|Meiryo/i.test(f.familyName));
  metric("Korean heading fonts", fonts.map((f) => f.familyName + ":" + f.glyphCount).join(", "));
  check(cjk.length > 0 && cjk.every((f) => f.glyphCount > 0), "Korean text is drawn with a CJK font: " + fonts.map((f) => f.familyName).join(", "));
  check(/Noto Sans CJK KR/.test(stack) && /Malgun Gothic/.test(stack) && /Apple SD Gothic Neo/.test(stack), "the font stack names the common CJK system fonts");
  await page.screenshot({ path: path.join(shots, "korean.png") });
  await context.close();
}

async function fileTests(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await watchedPage(context, "file");
  const base = "file://" + path.resolve(siteDir) + "/";
  await page.goto(base + "index.html", { waitUntil: "load" });
  if (await homeToView(page, "file")) {
    await diagramDrawn(page, "file://");
  }
  if (await clickLink(page, '.content a[href*="adr/00"]', "file: view → ADR")) {
    check(/adr\/00\d\d-[^/]+\.html$/.test(page.url()), "file: view → an ADR");
  }
  const found = await search(page, "debezium");
  check(found.results.length > 0, "search works from file:// too (" + found.results.length + " results for debezium)");
  await page.screenshot({ path: path.join(shots, "file-search.png") });
  page.errors.forEach((e) => fail("console error: " + e));
  page.external.forEach((u) => fail("request left localhost: " + u));
  check(!page.errors.length, "no console errors from file://");
  await context.close();
}

// A picture drawn from the view's model (the module decomposition declares its elements and
// relations and draws nothing by hand): inline SVG that reads without JavaScript, labels of a
// readable size at 1400 and 390 px, framed like every diagram (full screen opens and closes),
// each element leading to its catalog row, and readable in dark mode.
async function proposalAgeTest(browser, base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await watchedPage(context, "log");
  await page.goto(base + "adr/index.html", { waitUntil: "load" });
  const ages = await page.$$eval(".adr-log tr[data-status='proposed'] .in-review", (els) => els.map((e) => e.textContent));
  check(ages.length >= 1 && ages.every((a) => /^\d+ days in review$/.test(a)), "the decision log shows each proposal's age: " + ages.join(", "));
  const others = await page.$$eval(".adr-log tr:not([data-status='proposed']) .in-review", (els) => els.length);
  check(others === 0, "only proposals show an age");
  page.errors.forEach((e) => fail("console error: " + e));
  await context.close();
}

async function generatedPictureTests(browser, base) {
  for (const width of [1400, 390]) {
    const noScript = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
    const bare = await noScript.newPage();
    await bare.goto(base + "sad/views/module-decomposition.html", { waitUntil: "load" });
    const plain = await bare.evaluate(() => {
      const svg = document.querySelector("figure.view-diagram svg.view-graph");
      return svg && { elements: svg.querySelectorAll("a.element").length, box: svg.getBoundingClientRect().width };
    });
    check(plain && plain.elements >= 6 && plain.box > 0, width + " px: the generated picture is drawn without JavaScript (" + (plain && plain.elements) + " elements)");
    await noScript.close();

    const context = await browser.newContext({ viewport: { width, height: 900 }, isMobile: width < 600, hasTouch: width < 600 });
    const page = await watchedPage(context, "generated-" + width);
    await page.goto(base + "sad/views/module-decomposition.html", { waitUntil: "load" });
    await page.waitForTimeout(300);
    const labels = await page.$$eval("svg.view-graph text.element-name", (els) =>
      els.map((e) => e.getBoundingClientRect().height).filter((h) => h > 0).sort((a, b) => a - b));
    const median = labels.length ? labels[Math.floor(labels.length / 2)] : 0;
    metric("generated picture median label height at " + width + " px", median.toFixed(1));
    check(median >= 8, width + " px: the generated picture's median label is " + median.toFixed(1) + " px high (at least 8)");
    const boxes = await page.$$eval("svg.view-graph a.element", (els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height };
    }));
    let overlaps = 0;
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.x + 1 < b.x + b.w && b.x + 1 < a.x + a.w && a.y + 1 < b.y + b.h && b.y + 1 < a.y + a.h) overlaps++;
    }
    check(overlaps === 0, width + " px: no two elements of the generated picture overlap on screen");
    await page.screenshot({ path: path.join(shots, "generated-" + width + ".png") });
    // Full screen, like every diagram.
    await page.click("figure.view-diagram .diagram-open, .diagram-box:has(figure.view-diagram) .diagram-open");
    await page.waitForSelector("dialog.diagram-viewer[open] svg", { timeout: 5000 }).catch(() => {});
    const opened = await page.evaluate(() => !!document.querySelector("dialog.diagram-viewer[open] .diagram-stage svg.view-graph"));
    check(opened, width + " px: the generated picture opens full screen");
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !document.querySelector("dialog.diagram-viewer").open &&
      !!document.querySelector("figure.view-diagram svg.view-graph"), null, { timeout: 10000 }).catch(() => {});
    check(await page.evaluate(() => !!document.querySelector("figure.view-diagram svg.view-graph")), width + " px: Escape puts the generated picture back in the page");
    // An element leads to its row of the catalog.
    await page.click('svg.view-graph a.element[href="#element-ingest"]');
    await page.waitForTimeout(200);
    const row = await page.evaluate(() => {
      const target = document.getElementById(location.hash.slice(1));
      return { hash: location.hash, row: !!target && target.tagName === "TR", text: target ? target.textContent : "" };
    });
    check(row.hash === "#element-ingest" && row.row && /Ingest service/.test(row.text), width + " px: an element leads to its catalog row (" + row.hash + ")");
    // Dark mode: shapes and names change colour and stay readable against each other.
    const colours = () => page.evaluate(() => {
      const shape = document.querySelector("svg.view-graph .shape");
      const name = document.querySelector("svg.view-graph .element-name");
      return { fill: getComputedStyle(shape).fill, text: getComputedStyle(name).fill };
    });
    const light = await colours();
    await page.evaluate(() => { document.documentElement.dataset.theme = "dark"; });
    await page.waitForTimeout(100);
    const dark = await colours();
    const lum = (c) => {
      const m = c.match(/\d+(\.\d+)?/g).map(Number);
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
      return 0.2126 * f(m[0]) + 0.7152 * f(m[1]) + 0.0722 * f(m[2]);
    };
    const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    check(dark.fill !== light.fill && dark.text !== light.text, width + " px: dark mode recolours the generated picture");
    check(contrast(dark.fill, dark.text) >= 4.5 && contrast(light.fill, light.text) >= 4.5,
      width + " px: element names contrast with their shapes (light " + contrast(light.fill, light.text).toFixed(1) + ", dark " + contrast(dark.fill, dark.text).toFixed(1) + ")");
    await page.screenshot({ path: path.join(shots, "generated-dark-" + width + ".png") });
    page.errors.forEach((e) => fail("console error: " + e));
    page.external.forEach((u) => fail("request left localhost: " + u));
    await context.close();
  }
}

(async () => {
  const server = await serve(siteDir, PREFIX);
  const base = "http://127.0.0.1:" + server.address().port + PREFIX;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
  });
  try {
    await httpTests(browser, base);
    await layoutTests(browser, base);
    await generatedPictureTests(browser, base);
    await proposalAgeTest(browser, base);
    await koreanFontTest(browser, base);
    await fileTests(browser);
  } catch (e) {
    fail("unexpected: " + (e && e.stack || e));
  } finally {
    await browser.close();
    server.close();
  }
  console.log(failures.length ? failures.length + " checks failed" : "all checks passed");
  process.exit(failures.length ? 1 : 0);
})();
