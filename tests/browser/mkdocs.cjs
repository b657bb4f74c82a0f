// The mkdocs-material fixture as sadoc builds it, read in headless Chromium from file://:
// content tabs switch, linked tabs follow (and are remembered on the next page), snippets are
// inlined, abbreviations have titles, marked code lines stand out, Mermaid is drawn, icons are
// drawn in light and dark mode, and no console error happens.
//
// Usage: node mkdocs.cjs <site-dir> <screenshot-dir>; prints ok:/FAIL: lines, exits 1 on failure.
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const [siteDir, shots] = process.argv.slice(2);
const failures = [];
const check = (cond, what) => {
  if (cond) console.log("ok: " + what); else { failures.push(what); console.log("FAIL: " + what); }
};
fs.mkdirSync(shots, { recursive: true });
const url = (rel) => "file://" + path.resolve(siteDir, rel);

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium" });
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(e.message));

  // The header is the palette's primary colour (teal), with the white logo drawn for it.
  await page.goto(url("index.html"));
  const topbar = await page.evaluate(() => {
    const bar = getComputedStyle(document.querySelector(".topbar"));
    const brand = getComputedStyle(document.querySelector(".brand"));
    return { bg: bar.backgroundColor, fg: brand.color, logo: !!document.querySelector(".brand img.logo") };
  });
  check(topbar.bg === "rgb(0, 148, 133)", "the header is the palette's teal: " + topbar.bg);
  check(topbar.fg === "rgb(255, 255, 255)", "its title is white on it: " + topbar.fg);
  check(topbar.logo, "the logo is in the header");
  await page.screenshot({ path: path.join(shots, "mkdocs-header.png") });

  await page.goto(url("guide/tabs.html"));
  const sets = page.locator(".tabbed-set");
  check((await sets.count()) === 4, "four tab sets");
  const first = sets.nth(0), second = sets.nth(1), third = sets.nth(2);
  check(await first.locator(".tabbed-block").nth(0).isVisible(), "the first tab is shown");
  check(!(await first.locator(".tabbed-block").nth(1).isVisible()), "the second tab is hidden");
  check(await third.locator(".tabbed-block").nth(0).isVisible() &&
        (await third.locator(".tabbed-labels label").nth(0).textContent()) === "Second is selected",
        "`===+` opens its tab");
  await first.locator("label", { hasText: "Rust" }).click();
  check(await first.locator(".tabbed-block").nth(1).isVisible(), "clicking a label switches the tab");
  check(!(await first.locator(".tabbed-block").nth(0).isVisible()), "and hides the other");
  check(await second.locator(".tabbed-block").nth(1).isVisible(), "the linked tab with the same label follows");
  check((await first.locator(".tabbed-block").nth(1).locator("pre code").textContent()).includes("platform-client"),
        "code inside a tab is there");
  await page.screenshot({ path: path.join(shots, "mkdocs-tabs.png"), fullPage: true });
  // The choice is remembered on the next page that has the same labels.
  await page.goto(url("guide/tabs.html"));
  check(await page.locator(".tabbed-set").nth(1).locator(".tabbed-block").nth(1).isVisible(),
        "the chosen label is remembered across loads");

  await page.goto(url("guide/code.html"));
  const code = await page.locator("pre code").nth(1).textContent();
  check(code.includes("INGEST_TOPIC") && !code.includes("--8<--"), "the snippet section is inlined without its markers");
  check((await page.locator(".code-title").first().textContent()) === "ingest.py", "code blocks have their title");
  const hll = page.locator(".line.hll");
  check((await hll.count()) === 3, "three lines are marked");
  const bg = await hll.first().evaluate((e) => getComputedStyle(e).backgroundColor);
  check(bg !== "rgba(0, 0, 0, 0)" && bg !== "transparent", "marked lines have a background: " + bg);
  const number = await page.locator(".linenums .line").nth(2).evaluate((e) => getComputedStyle(e, "::before").content);
  check(number === '"3"', "line numbers are shown: " + number);
  const copied = await page.locator(".linenums code").first().evaluate((e) => e.innerText);
  check(!/^\s*1/.test(copied), "line numbers are not part of the code's text");
  // Code annotations: each marker is a button opening its note, with the mouse and the
  // keyboard; the list after the block is gone.
  const buttons = page.locator("button.annotation");
  check((await buttons.count()) === 2, "two annotation buttons");
  check(!(await page.locator("#annotation-1-1").isVisible()), "notes are closed at first");
  await buttons.nth(0).click();
  check(await page.locator("#annotation-1-1").isVisible() &&
        (await page.locator("#annotation-1-1").textContent()).includes("one per source table"),
        "a click opens the note");
  const placed = await page.evaluate(() => {
    const b = document.querySelector("button.annotation").getBoundingClientRect();
    const n = document.querySelector("#annotation-1-1").getBoundingClientRect();
    return Math.abs(n.top - b.bottom) < 40 || Math.abs(b.top - n.bottom) < 40;
  });
  check(placed, "the note opens beside its button");
  await page.screenshot({ path: path.join(shots, "mkdocs-annotation.png") });
  await page.keyboard.press("Escape");
  check(!(await page.locator("#annotation-1-1").isVisible()), "Escape closes it");
  await buttons.nth(1).focus();
  await page.keyboard.press("Enter");
  check(await page.locator("#annotation-1-2").isVisible(), "Enter on the focused button opens its note");
  await page.keyboard.press("Escape");
  check((await page.locator(".markdown > ol").count()) === 0, "the annotation list left the page");
  await page.waitForSelector("pre.mermaid svg", { timeout: 15000 }).catch(() => {});
  check((await page.locator("pre.mermaid svg").count()) === 1, "the Mermaid diagram is drawn");
  await page.screenshot({ path: path.join(shots, "mkdocs-code.png"), fullPage: true });

  await page.goto(url("guide/text.html"));
  check((await page.locator('abbr[title="Change Data Capture"]').count()) >= 1, "abbreviations have their titles");
  check((await page.locator(".markdown mark").count()) === 1 && (await page.locator(".keys kbd").count()) === 3, "marks and keys");
  check((await page.locator("dl dt").count()) === 2, "definition lists");
  check((await page.locator("nav.toc a").count()) === 6, "[TOC] lists the headings");
  check(await page.locator("a.md-button").isVisible(), "attribute lists on links");
  // Icon shortcodes are inline SVG drawn in the text's colour, in light and dark mode.
  const icons = async () => page.evaluate(() => [...document.querySelectorAll(".markdown .twemoji svg")].map((svg) => {
    const box = svg.getBoundingClientRect();
    return { w: box.width, h: box.height, fill: getComputedStyle(svg).fill, bg: getComputedStyle(document.body).backgroundColor };
  }));
  const light = await icons();
  check(light.length === 3 && light.every((i) => i.w >= 12 && i.h >= 12), "three icons drawn: " + JSON.stringify(light.map((i) => [i.w, i.h])));
  check(light[0].w > light[1].w, "`{ .lg }` draws an icon larger");
  check(light.every((i) => i.fill !== i.bg), "icons stand out in light mode: " + light[0].fill + " on " + light[0].bg);
  await page.screenshot({ path: path.join(shots, "mkdocs-text.png"), fullPage: true });
  await page.click(".theme-toggle");
  await page.waitForTimeout(300);
  const darkIcons = await icons();
  check(darkIcons.every((i) => i.fill !== i.bg) && darkIcons[0].fill !== light[0].fill,
        "icons stand out in dark mode: " + darkIcons[0].fill + " on " + darkIcons[0].bg);
  await page.screenshot({ path: path.join(shots, "mkdocs-text-dark.png"), fullPage: true });
  await page.click(".theme-toggle");

  check(errors.length === 0, "no console errors: " + errors.join("; "));
  await browser.close();
  if (failures.length) { console.log(failures.length + " checks failed"); process.exit(1); }
  console.log("all checks passed");
})().catch((e) => { console.log("FAIL: " + e.stack); process.exit(1); });
