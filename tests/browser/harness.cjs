// What the browser scripts share: pass/fail bookkeeping, a page that records console errors and
// every request leaving 127.0.0.1, and Chromium launched headless as the tests run it.
"use strict";
const { chromium } = require("playwright-core");

function checks() {
  const failures = [];
  const ok = (what) => console.log("ok: " + what);
  const fail = (what) => { failures.push(what); console.log("FAIL: " + what); };
  const check = (cond, what) => (cond ? ok(what) : fail(what));
  // Prints the verdict and exits with it.
  const finish = () => {
    console.log(failures.length ? failures.length + " checks failed" : "all checks passed");
    process.exit(failures.length ? 1 : 0);
  };
  return { ok, fail, check, finish };
}

// A page that keeps its console errors (but those `ignore(url)` accepts) and the requests that
// left 127.0.0.1, which it aborts.
async function watchedPage(context, label, ignore = () => false) {
  const page = await context.newPage();
  page.errors = [];
  page.external = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !ignore(m.location().url || "")) page.errors.push(label + ": console: " + m.text() + " at " + m.location().url);
  });
  page.on("pageerror", (e) => page.errors.push(label + ": " + e.message));
  await page.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === "127.0.0.1" || u.protocol === "data:") return route.continue();
    page.external.push(u.href);
    return route.abort();
  });
  return page;
}

// Reports a page's console errors and outside requests as failures.
function reportPage(page, fail) {
  page.errors.forEach((e) => fail("console error: " + e));
  page.external.forEach((u) => fail("request left localhost: " + u));
}

function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
  });
}

module.exports = { checks, watchedPage, reportPage, launch };
