// A versioned site read in headless Chromium under a preview prefix: two versions built with
// `sadoc build --versioned` in mike's layout. The selector lists the versions and keeps the
// reader on the same page (or that version's home when it has no such page); the banner on the
// older version leads to the same page in the latest; search answers from the version only.
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");
const { serve } = require("./serve.cjs");

const [siteDir, shots] = process.argv.slice(2);
const PREFIX = "/mr-40/";
const failures = [];
const ok = (what) => console.log("ok: " + what);
const fail = (what) => { failures.push(what); console.log("FAIL: " + what); };
const check = (cond, what) => (cond ? ok(what) : fail(what));
fs.mkdirSync(shots, { recursive: true });

async function watchedPage(context, label) {
  const page = await context.newPage();
  page.errors = [];
  page.external = [];
  // The selector asks whether the other version has this page (a HEAD request): the 404 for
  // the page 2.0 retired is the answer, not an error.
  page.on("console", (m) => {
    if (m.type() === "error" && !(m.location().url || "").endsWith("/2.0/retired.html")) page.errors.push(label + ": console: " + m.text() + " at " + m.location().url);
  });
  page.on("pageerror", (e) => page.errors.push(label + ": " + e.message));
  await page.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === "127.0.0.1") return route.continue();
    page.external.push(u.href);
    return route.abort();
  });
  return page;
}

async function run(browser, base, width) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, isMobile: width < 600, hasTouch: width < 600 });
  const page = await watchedPage(context, "versions-" + width);
  await page.goto(base + "arch/1.0/guide.html", { waitUntil: "load" });
  await page.waitForSelector(".version-select select", { timeout: 5000 }).catch(() => {});
  const options = await page.$$eval(".version-select option", (os) => os.map((o) => o.textContent + "|" + o.selected));
  check(options.length === 2 && /^2\.0 \(latest\)\|false$/.test(options[0]) && /^1\.0\|true$/.test(options[1]),
    width + " px: the selector lists the versions, this one chosen: " + options.join(", "));
  await page.waitForSelector(".version-banner:not([hidden])", { timeout: 5000 }).catch(() => {});
  const banner = await page.evaluate(() => {
    const b = document.querySelector(".version-banner");
    const a = b && b.querySelector("a");
    return b && { hidden: b.hidden, text: b.textContent, href: a && a.href };
  });
  check(banner && !banner.hidden && banner.text === "You are reading 1.0 — the latest is 2.0.", width + " px: the banner says which version this is: " + (banner && banner.text));
  check(banner && banner.href === base.replace(/\/$/, "") + "/arch/2.0/guide.html", width + " px: the banner leads to this page in the latest: " + (banner && banner.href));
  await page.screenshot({ path: path.join(shots, "versions-" + width + ".png") });
  // Switching keeps the page.
  await Promise.all([page.waitForURL(/\/arch\/2\.0\/guide\.html$/, { timeout: 5000 }).catch(() => {}), page.selectOption(".version-select select", "2.0")]);
  check(/\/arch\/2\.0\/guide\.html$/.test(page.url()), width + " px: switching to 2.0 stays on the guide: " + page.url());
  const latestBanner = await page.evaluate(() => { const b = document.querySelector(".version-banner"); return !b || b.hidden; });
  check(latestBanner, width + " px: the latest version shows no banner");
  // A page 2.0 no longer has: that version's home.
  await page.goto(base + "arch/1.0/retired.html", { waitUntil: "load" });
  await page.waitForSelector(".version-select select", { timeout: 5000 }).catch(() => {});
  await Promise.all([page.waitForURL(/\/arch\/2\.0\/$/, { timeout: 5000 }).catch(() => {}), page.selectOption(".version-select select", "2.0")]);
  check(/\/arch\/2\.0\/$/.test(page.url()), width + " px: a page the other version lacks leads to its home: " + page.url());
  // Search answers from the version it is in.
  await page.goto(base + "arch/1.0/index.html", { waitUntil: "load" });
  const input = page.locator(".search-input");
  if (await input.isVisible()) {
    await input.fill("retired");
    await page.waitForSelector(".search-results a", { timeout: 5000 }).catch(() => {});
    const hits = await page.$$eval(".search-results a", (as) => as.map((a) => a.href));
    check(hits.length > 0 && hits.every((h) => h.includes("/arch/1.0/")), width + " px: search stays inside 1.0 (" + hits.length + " results)");
  }
  page.errors.forEach((e) => fail("console error: " + e));
  page.external.forEach((u) => fail("request left localhost: " + u));
  await context.close();
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
    for (const width of [1400, 390]) await run(browser, base, width);
  } catch (e) {
    fail("unexpected: " + (e && e.stack || e));
  } finally {
    await browser.close();
    server.close();
  }
  console.log(failures.length ? failures.length + " checks failed" : "all checks passed");
  process.exit(failures.length ? 1 : 0);
})();
