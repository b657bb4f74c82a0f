// sadoc search: queries the chunked index under search/ (see src/search/mod.rs) without a
// server. Index files are scripts loaded with <script> tags, so search works from file:// and
// under any prefix. Only the shards a query needs are loaded, then the excerpts of the results
// shown. Tokenizing mirrors src/search/tokens.rs: change both together.
(function () {
  "use strict";
  var box = document.querySelector(".search");
  if (!box) return;
  var input = box.querySelector("input");
  var panel = box.querySelector(".search-results");
  var root = box.dataset.root || "";
  var strings = {};
  try { strings = JSON.parse(box.dataset.strings || "{}"); } catch (e) { /* defaults */ }
  var VERSION = 2;
  var MAX_RESULTS = 10;
  var MAX_EXPANSION = 300;
  var STOP = {};
  ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on",
   "or", "that", "the", "this", "to", "was", "with"].forEach(function (w) { STOP[w] = true; });

  box.hidden = false;

  // --- loading index files -------------------------------------------------------------
  var loaded = {};
  var waiting = {};
  window.__sadocSearch = function (name, data) {
    loaded[name] = data;
    if (waiting[name]) { waiting[name].resolve(data); delete waiting[name]; }
  };
  var promises = {};
  // `fresh` asks past any cache: the index was replaced since this page loaded it.
  function load(name, fresh) {
    if (promises[name]) return promises[name];
    promises[name] = new Promise(function (resolve, reject) {
      if (loaded[name]) { resolve(loaded[name]); return; }
      waiting[name] = { resolve: resolve };
      var script = document.createElement("script");
      script.src = root + "search/" + name + ".js" + (fresh ? "?fresh=" + Date.now() : "");
      script.async = true;
      script.onerror = function () {
        delete promises[name];
        reject(new Error("could not load search/" + name + ".js"));
      };
      document.head.appendChild(script);
    });
    return promises[name];
  }
  function meta(fresh) {
    if (fresh) { delete promises.index; delete loaded.index; }
    return load("index", fresh).then(function (m) {
      if (m.v !== VERSION) throw new Error("search index version " + m.v);
      return m;
    });
  }

  // --- tokenizing, as src/search/tokens.rs -------------------------------------------------
  function isCjk(cp) {
    return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3040 && cp <= 0x30FF) ||
      (cp >= 0x3130 && cp <= 0x318F) || (cp >= 0x3400 && cp <= 0x4DBF) ||
      (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA960 && cp <= 0xA97F) ||
      (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xD7B0 && cp <= 0xD7FF) ||
      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF66 && cp <= 0xFF9F) ||
      (cp >= 0x20000 && cp <= 0x2FA1F);
  }
  var wordChar = /[\p{L}\p{N}]/u;
  function tokenize(text) {
    var tokens = [], current = "", cjk = false;
    function flush() {
      if (current) tokens.push({ cjk: cjk, text: cjk ? current : current.toLowerCase() });
      current = "";
    }
    for (var ch of text) {
      var cp = ch.codePointAt(0);
      var kind = isCjk(cp) ? 1 : wordChar.test(ch) ? 0 : -1;
      if (kind < 0) { flush(); continue; }
      if ((kind === 1) !== cjk) { flush(); cjk = kind === 1; }
      current += ch;
    }
    flush();
    return tokens;
  }
  function bigrams(run) {
    var chars = Array.from(run);
    if (chars.length === 1) return [run];
    var out = [];
    for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    return out;
  }
  // A query becomes groups: every group must match; within one, every pattern must match.
  // A pattern is a term, found exactly or as a prefix.
  function parse(query) {
    var groups = [];
    tokenize(query).forEach(function (token) {
      if (token.cjk) {
        var grams = bigrams(token.text);
        groups.push({ text: token.text, patterns: grams.map(function (g) {
          return { term: g, prefix: Array.from(g).length === 1 };
        }) });
      } else if (!STOP[token.text] && Array.from(token.text).length <= 40) {
        var number = /^0+\d/.test(token.text) ? token.text.replace(/^0+/, "") : null;
        groups.push({ text: token.text, patterns: [{ term: number || token.text, prefix: number ? false : token.text.length > 1 }] });
      }
    });
    return groups;
  }

  // --- the index --------------------------------------------------------------------------
  function decode(encoded) {
    var values = [], value = 0, shift = 0;
    for (var i = 0; i < encoded.length; i++) {
      var c = encoded.charCodeAt(i);
      var digit = c <= 57 ? c - 48 : c <= 90 ? c - 65 + 36 : c === 95 ? 63 : c === 45 ? 62 : c - 97 + 10;
      value += (digit & 31) * Math.pow(2, shift);
      if (digit & 32) { shift += 5; } else { values.push(value); value = 0; shift = 0; }
    }
    var postings = [], doc = 0;
    for (var j = 0; j + 1 < values.length; j += 2) {
      doc += values[j];
      postings.push([doc, values[j + 1]]);
    }
    return postings;
  }
  function lowerBound(list, key) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] < key) lo = mid + 1; else hi = mid; }
    return lo;
  }
  // The shards that may hold terms starting with `term`.
  function shardsFor(m, pattern) {
    var firsts = m.shards.map(function (s) { return s[0]; });
    var i = Math.max(0, lowerBound(firsts, pattern.term) - 1);
    if (i + 1 < firsts.length && firsts[i + 1] === pattern.term) i += 1;
    var out = [m.shards[i][1]];
    if (pattern.prefix) {
      for (var k = i + 1; k < firsts.length && firsts[k].indexOf(pattern.term) === 0; k++) out.push(m.shards[k][1]);
    }
    return out;
  }
  // Documents matching a pattern, with scores.
  function match(m, shards, pattern) {
    var scores = {};
    var expanded = 0;
    shards.forEach(function (shard) {
      var terms = shard.terms;
      for (var i = lowerBound(terms, pattern.term); i < terms.length && expanded < MAX_EXPANSION; i++) {
        var term = terms[i];
        var exact = term === pattern.term;
        if (!exact && !(pattern.prefix && term.indexOf(pattern.term) === 0)) break;
        expanded++;
        var postings = decode(shard.postings[i]);
        var idf = Math.log(1 + m.docs / postings.length);
        var factor = exact ? 1 : 0.6;
        postings.forEach(function (p) {
          var s = idf * Math.log(1 + p[1]) * factor;
          if (!(p[0] in scores) || scores[p[0]] < s) scores[p[0]] = s;
        });
      }
    });
    return scores;
  }
  function intersect(a, b) {
    var out = {};
    Object.keys(a).forEach(function (d) { if (d in b) out[d] = a[d] + b[d]; });
    return out;
  }

  // A site deployed again since this page loaded may have removed the shards the old index
  // named: on a failed load, read the index again once.
  function search(query) {
    return searchWith(query, false).catch(function () { return searchWith(query, true); });
  }
  function searchWith(query, fresh) {
    var groups = parse(query);
    if (!groups.length) return Promise.resolve({ groups: groups, results: [] });
    return meta(fresh).then(function (m) {
      if (!m.shards.length) return { groups: groups, results: [], total: 0 };
      var names = {};
      var patternShards = [];
      groups.forEach(function (g) {
        g.patterns.forEach(function (p) {
          var hashes = shardsFor(m, p);
          patternShards.push(hashes);
          hashes.forEach(function (h) { names["t/" + h] = true; });
        });
      });
      return Promise.all(Object.keys(names).map(load)).then(function () {
        var k = 0;
        var total = null;
        groups.forEach(function (g) {
          var groupScores = null;
          g.patterns.forEach(function (p) {
            var shards = patternShards[k++].map(function (h) { return loaded["t/" + h]; });
            var scores = match(m, shards, p);
            groupScores = groupScores === null ? scores : intersect(groupScores, scores);
          });
          total = total === null ? groupScores : intersect(total, groupScores);
        });
        var ranked = Object.keys(total).map(function (d) { return [Number(d), total[d]]; });
        ranked.sort(function (x, y) { return y[1] - x[1] || x[0] - y[0]; });
        return describe(m, ranked.slice(0, MAX_RESULTS)).then(function (results) {
          return { groups: groups, results: results, total: ranked.length };
        });
      });
    });
  }
  function describe(m, ranked) {
    var chunks = {};
    ranked.forEach(function (r) { chunks["d/" + m.chunks[Math.floor(r[0] / m.chunk)]] = true; });
    return Promise.all(Object.keys(chunks).map(load)).then(function () {
      return ranked.map(function (r) {
        var doc = loaded["d/" + m.chunks[Math.floor(r[0] / m.chunk)]][r[0] % m.chunk];
        return { url: doc[0], title: doc[1], kind: doc[2], status: doc[3], fragment: doc[4] };
      });
    });
  }

  // --- excerpts ---------------------------------------------------------------------------
  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function excerpt(fragment, groups) {
    var text = fragment.t;
    var words = groups.map(function (g) { return escapeRegExp(g.text); }).filter(Boolean);
    var re = words.length ? new RegExp(words.join("|"), "giu") : null;
    var first = re ? text.search(re) : -1;
    var start = Math.max(0, first - 60);
    if (start > 0) { var space = text.indexOf(" ", start); if (space >= 0 && space < first) start = space + 1; }
    var end = Math.min(text.length, start + 220);
    if (end < text.length) { var cut = text.lastIndexOf(" ", end); if (cut > first) end = cut; }
    var slice = text.slice(start, end);
    var html = re ? escapeHtml(slice).replace(new RegExp(words.map(function (w) { return escapeHtml(w); }).join("|"), "giu"), function (s) { return "<mark>" + s + "</mark>"; }) : escapeHtml(slice);
    var anchor = null;
    fragment.h.forEach(function (h) { if (first >= 0 && h[0] <= first) anchor = h; });
    return { html: (start > 0 ? "… " : "") + html + (end < text.length ? " …" : ""), anchor: anchor };
  }

  // --- the results panel ------------------------------------------------------------------
  var seq = 0;
  var active = -1;
  function kindLabel(r) {
    var label = strings["kind_" + r.kind] || r.kind;
    return r.kind === "adr" && r.status ? label + " · " + (strings["status_" + r.status] || r.status) : label;
  }
  function show(html) {
    panel.innerHTML = html;
    panel.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }
  function hide() {
    panel.hidden = true;
    active = -1;
    input.setAttribute("aria-expanded", "false");
  }
  function options() { return Array.prototype.slice.call(panel.querySelectorAll(".search-result")); }
  function select(i) {
    var items = options();
    if (!items.length) return;
    active = (i + items.length) % items.length;
    items.forEach(function (el, k) { el.setAttribute("aria-selected", k === active ? "true" : "false"); });
    items[active].scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", items[active].id);
  }
  function unavailable(error) {
    var fileHint = location.protocol === "file:" ? " " + (strings.file_hint || "") : "";
    show('<p class="search-message search-error" role="alert">' + escapeHtml((strings.unavailable || "Search is unavailable.") + fileHint) + "</p>");
    if (window.console) console.warn("sadoc search:", error.message);
  }
  function run() {
    var query = input.value.trim();
    var mine = ++seq;
    if (!query) { hide(); return; }
    search(query).then(function (found) {
      if (mine !== seq) return;
      if (!found.results.length) {
        show('<p class="search-message">' + escapeHtml(strings.no_results || "No results") + "</p>");
        return;
      }
      var html = found.results.map(function (r, i) {
        return '<a class="search-result" role="option" id="search-result-' + i + '" aria-selected="false" href="' + escapeHtml(root + r.url) + '" data-fragment="' + r.fragment + '">' +
          '<span class="search-title">' + escapeHtml(r.title) + '</span> <span class="badge kind kind-' + r.kind + (r.status ? " status-" + r.status : "") + '">' + escapeHtml(kindLabel(r)) + "</span>" +
          '<span class="search-excerpt"></span></a>';
      }).join("");
      var more = found.total > found.results.length ? '<p class="search-message">' + escapeHtml((strings.more || "{n} more").replace("{n}", found.total - found.results.length)) + "</p>" : "";
      show(html + more);
      active = -1;
      found.results.forEach(function (r, i) {
        load("f/" + r.fragment).then(function (fragment) {
          if (mine !== seq) return;
          var item = document.getElementById("search-result-" + i);
          if (!item) return;
          var e = excerpt(fragment, found.groups);
          item.querySelector(".search-excerpt").innerHTML = e.html;
          if (e.anchor) item.setAttribute("href", root + r.url + "#" + encodeURIComponent(e.anchor[1]));
        }, function () { /* the title still links to the page */ });
      });
    }, function (error) { if (mine === seq) unavailable(error); });
  }

  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 80); });
  input.addEventListener("focus", function () {
    meta().catch(function (error) { unavailable(error); });
    if (input.value.trim() && panel.innerHTML) { panel.hidden = false; input.setAttribute("aria-expanded", "true"); }
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); select(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); select(active - 1); }
    else if (e.key === "Enter") {
      var items = options();
      var target = items[active >= 0 ? active : 0];
      if (target) { e.preventDefault(); location.href = target.href; }
    } else if (e.key === "Escape") { hide(); input.blur(); }
  });
  document.addEventListener("keydown", function (e) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) || document.activeElement.isContentEditable;
    if (!typing && (e.key === "/" || (e.key === "k" && (e.ctrlKey || e.metaKey)))) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
  document.addEventListener("click", function (e) { if (!box.contains(e.target)) hide(); });
})();
