// A versioned site read in headless Chromium under a preview prefix: two versions built with
// `sadoc build --versioned` in mike's layout. The selector lists the versions and keeps the
// reader on the same page (or that version's home when it has no such page); the banner on the
// older version leads to the same page in the latest; search answers from the version only.
"use strict";
const fs = require("fs");
const path = require("path");
const { serve } = require("./serve.cjs");
const { checks, watchedPage, reportPage, launch } = require("./harness.cjs");

const [siteDir, shots] = process.argv.slice(2);
const PREFIX = "/mr-40/";
const { fail, check, finish } = checks();
fs.mkdirSync(shots, { recursive: true });

async function run(browser, base, width) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, isMobile: width < 600, hasTouch: width < 600 });
  // The selector asks whether the other version has this page (a HEAD request): the 404 for
  // the page 2.0 retired is the answer, not an error.
  const page = await watchedPage(context, "versions-" + width, (url) => url.endsWith("/2.0/retired.html"));
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
  // The banner lines up with the page it sits above, and reads in dark mode too.
  const aligned = await page.evaluate(() => {
    const b = document.querySelector(".version-banner").getBoundingClientRect();
    const p = document.querySelector(".page").getBoundingClientRect();
    return Math.abs(b.left - p.left) <= 1 && Math.abs(b.right - p.right) <= 1;
  });
  check(aligned, width + " px: the banner lines up with the page");
  await page.evaluate(() => { document.documentElement.dataset.theme = "dark"; });
  await page.screenshot({ path: path.join(shots, "versions-dark-" + width + ".png") });
  await page.evaluate(() => { document.documentElement.dataset.theme = "light"; });
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
  reportPage(page, fail);
  await context.close();
}

(async () => {
  const server = await serve(siteDir, PREFIX);
  const base = "http://127.0.0.1:" + server.address().port + PREFIX;
  const browser = await launch();
  try {
    for (const width of [1400, 390]) await run(browser, base, width);
  } catch (e) {
    fail("unexpected: " + (e && e.stack || e));
  } finally {
    await browser.close();
    server.close();
  }
  finish();
})();
