// Times a reader's first search on a built site in headless Chromium: for each query, a fresh
// browser context (empty cache) opens the home page, types the query and waits for the first
// result. Reports the time from the last keystroke to the first result and the bytes of the
// search index downloaded (everything under search/).
//
// Usage: node search_first_query.cjs <site-dir> <query>...   (NODE_PATH must hold playwright-core)
// Prints one JSON line per query: {"query", "ms", "kb", "files", "results"}.
"use strict";
const http = require("http");
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const [siteDir, ...queries] = process.argv.slice(2);

function serve() {
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(req.url.split("?")[0]).replace(/^\/+/, "");
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    const file = path.join(siteDir, rel);
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); res.end(); return; }
    res.writeHead(200);
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

(async () => {
  const server = await serve();
  const base = "http://127.0.0.1:" + server.address().port + "/";
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
  });
  for (const query of queries) {
    const context = await browser.newContext();
    const page = await context.newPage();
    let bytes = 0, files = 0;
    page.on("response", async (r) => {
      if (!r.url().includes("/search/")) return;
      try { bytes += (await r.body()).length; files += 1; } catch (e) { /* ignore */ }
    });
    await page.goto(base, { waitUntil: "load" });
    await page.click(".search-input");
    // Timed inside the page: from the input event that completes the query (the search box
    // waits 80 ms for more typing, included) to the first result or message in the panel.
    await page.evaluate((q) => {
      window.__typed = null; window.__shown = null;
      const input = document.querySelector(".search-input");
      input.addEventListener("input", () => { if (input.value === q) window.__typed = performance.now(); });
      new MutationObserver(() => {
        if (window.__shown === null && window.__typed !== null &&
            document.querySelector(".search-result, .search-message")) window.__shown = performance.now();
      }).observe(document.querySelector(".search-results"), { childList: true, subtree: true });
    }, query);
    await page.keyboard.type(query, { delay: 0 });
    await page.waitForFunction(() => window.__shown !== null, null, { timeout: 30000 });
    const ms = Math.round(await page.evaluate(() => window.__shown - window.__typed));
    await page.waitForTimeout(500); // excerpts
    const results = await page.$$eval(".search-result", (a) => a.length);
    console.log(JSON.stringify({ query, ms, kb: +(bytes / 1024).toFixed(1), files, results }));
    await context.close();
  }
  await browser.close();
  server.close();
})();
