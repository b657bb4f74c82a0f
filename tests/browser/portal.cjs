// A workspace's portal (examples/monorepo) in headless Chromium, served under /mr-42/ on
// 127.0.0.1 as a merge-request preview: the home lists the projects, the decision log filters
// by project, a search from a member's page finds pages of other members, cross-project links
// lead to the right pages, and nothing errs or leaves localhost.
//
// Usage: node portal.cjs <site-dir> <screenshot-dir>; prints ok:/FAIL: lines, exits 1 on failure.
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");
const { serve } = require("./serve.cjs");

const [siteDir, shots] = process.argv.slice(2);
const PREFIX = "/mr-42/";
const failures = [];
const check = (cond, what) => {
  if (cond) console.log("ok: " + what); else { failures.push(what); console.log("FAIL: " + what); }
};
fs.mkdirSync(shots, { recursive: true });
async function search(page, query) {
  await page.click(".search-input");
  await page.fill(".search-input", "");
  await page.keyboard.type(query);
  await page.waitForSelector(".search-result, .search-message", { timeout: 10000 });
  await page.waitForTimeout(300);
  return page.$$eval(".search-result", (items) => items.map((a) => ({
    href: a.getAttribute("href"), title: a.querySelector(".search-title").textContent,
  })));
}

(async () => {
  const server = await serve(siteDir, PREFIX);
  const base = "http://127.0.0.1:" + server.address().port + PREFIX;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium" });
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  const external = [];
  const missing = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("request", (r) => { if (!r.url().startsWith("http://127.0.0.1")) external.push(r.url()); });
  page.on("response", (r) => { if (r.status() >= 400) missing.push(r.url()); });

  await page.goto(base + "projects.html");
  const projects = await page.$$eval(".markdown table a", (as) => as.map((a) => a.textContent));
  check(["Platform architecture", "Billing service", "Orders service", "Change data capture pipeline"]
    .every((t) => projects.includes(t)), "the portal lists every project: " + projects.join(", "));
  await page.click("text=Orders service");
  check(page.url() === base + "orders/index.html", "a project's link opens its site: " + page.url());
  check((await page.locator("h1").first().textContent()).includes("Orders service"), "the project's home");

  // A cross-project reference, `platform:ADR-0001`, followed under the preview prefix.
  await page.click("text=shared database library");
  check(page.url() === base + "platform/adr/0001-share-one-database-library.html",
    "`platform:ADR-0001` leads to that ADR: " + page.url());
  await page.click("a.portal");
  check(page.url() === base + "index.html", "the portal link leads home: " + page.url());

  // One search over every project, from a member's page.
  await page.goto(base + "billing/index.html");
  const debezium = await search(page, "debezium");
  check(debezium.some((r) => r.title.includes("Capture changes with Debezium")),
    "from billing, search finds the CDC pipeline's ADR: " + debezium.map((r) => r.title).join(", "));
  const invoice = await search(page, "invoice");
  check(invoice.some((r) => r.title.includes("Invoice from order events")), "and billing's own pages");
  await page.screenshot({ path: path.join(shots, "portal-search.png") });
  const again = await search(page, "debezium");
  if (again.some((r) => r.title.includes("Debezium"))) {
    await page.click('.search-result:has-text("Capture changes with Debezium")');
    await page.waitForLoadState();
    check(page.url().split("#")[0] === base + "cdc/adr/0001-capture-changes-with-debezium.html",
      "the result opens the other project's page: " + page.url());
  }

  // The decision log of every project, filtered to one.
  await page.goto(base + "decisions.html");
  const rows = page.locator("table.adr-log tbody tr");
  check((await rows.count()) === 5, "the log has every project's decisions");
  await page.click('.project-filter button[data-project="orders"]');
  const shown = await rows.evaluateAll((rs) => rs.filter((r) => !r.hidden).map((r) => r.dataset.project));
  check(shown.length === 2 && shown.every((p) => p === "orders"), "filtering by project: " + shown.join(","));
  await page.screenshot({ path: path.join(shots, "portal-decisions.png"), fullPage: true });
  await page.click('text=Keep orders in PostgreSQL');
  check(page.url() === base + "orders/adr/0002-keep-orders-in-postgres.html", "a log row opens its ADR");
  await page.click("text=its decision");
  check(page.url() === base + "cdc/adr/0001-capture-changes-with-debezium.html",
    "a relative link into another project works: " + page.url());

  check(errors.length === 0, "no console errors: " + errors.join("; "));
  check(external.length === 0, "no request leaves localhost: " + external.join(", "));
  check(missing.length === 0, "no request fails: " + missing.join(", "));
  await browser.close();
  server.close();
  if (failures.length) { console.log(failures.length + " checks failed"); process.exit(1); }
  console.log("all checks passed");
})().catch((e) => { console.log("FAIL: " + e.stack); process.exit(1); });
