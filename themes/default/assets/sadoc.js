// sadoc default theme: theme toggle, mobile navigation, code copy buttons, table-of-contents
// highlighting and the decision-log status filter. No dependencies; every feature degrades to
// plain HTML without JavaScript.
(function () {
  "use strict";
  var root = document.documentElement;

  function currentTheme() {
    if (root.dataset.theme) return root.dataset.theme;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.dataset.theme = next;
      try { localStorage.setItem("sadoc-theme", next); } catch (e) { /* private mode */ }
    });
  }

  // The navigation drawer of narrow screens: the menu button opens it over a dimmed backdrop;
  // the backdrop, Escape or the button close it.
  var menu = document.querySelector(".menu-toggle");
  if (menu) {
    var backdrop = document.createElement("div");
    backdrop.className = "nav-backdrop";
    backdrop.setAttribute("aria-hidden", "true");
    document.body.appendChild(backdrop);
    var setOpen = function (open) {
      document.body.classList.toggle("nav-open", open);
      menu.setAttribute("aria-expanded", open ? "true" : "false");
    };
    menu.addEventListener("click", function () {
      setOpen(!document.body.classList.contains("nav-open"));
    });
    backdrop.addEventListener("click", function () { setOpen(false); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && document.body.classList.contains("nav-open")) setOpen(false);
    });
  }
  // Bring the current page into view in the sidebar only; scrollIntoView would also scroll
  // the page itself.
  var sidebar = document.querySelector(".sidebar");
  var active = document.querySelector(".sidebar .active > a");
  if (sidebar && active) {
    var top = active.getBoundingClientRect().top - sidebar.getBoundingClientRect().top;
    if (top > sidebar.clientHeight * 0.8) sidebar.scrollTop += top - sidebar.clientHeight / 2;
  }

  var copyLabel = document.body.dataset.copy || "Copy";
  var copiedLabel = document.body.dataset.copied || "Copied";
  document.querySelectorAll(".markdown pre > code").forEach(function (code) {
    var pre = code.parentElement;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = copyLabel;
    button.addEventListener("click", function () {
      var done = function () {
        button.textContent = copiedLabel;
        setTimeout(function () { button.textContent = copyLabel; }, 1500);
      };
      if (navigator.clipboard) navigator.clipboard.writeText(code.innerText).then(done, function () {});
    });
    pre.appendChild(button);
  });

  var tocLinks = Array.prototype.slice.call(document.querySelectorAll(".toc a"));
  if (tocLinks.length && "IntersectionObserver" in window) {
    var byId = {};
    tocLinks.forEach(function (a) { byId[decodeURIComponent(a.getAttribute("href").slice(1))] = a; });
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        tocLinks.forEach(function (a) { a.classList.remove("current"); });
        var link = byId[entry.target.id];
        if (link) link.classList.add("current");
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    Object.keys(byId).forEach(function (id) {
      var heading = document.getElementById(id);
      if (heading) observer.observe(heading);
    });
  }

  // Reviews: "reviewed N days ago" and the next review's state, counted again in the
  // reader's browser from the dates, so a page built long ago does not say a review is current.
  var today = Math.floor(Date.now() / 86400000);
  var dayOf = function (text) {
    return /^\d{4}-\d{2}-\d{2}$/.test(text || "") ? Math.floor(Date.parse(text + "T00:00:00Z") / 86400000) : null;
  };
  Array.prototype.forEach.call(document.querySelectorAll(".review-state"), function (el) {
    var ago = el.querySelector(".review-ago[data-last]");
    var last = ago && dayOf(ago.dataset.last);
    if (last !== null && last !== undefined && today >= last) {
      ago.textContent = ago.dataset.text.replace("{n}", today - last);
    }
    var next = el.querySelector(".review-next");
    var due = dayOf(el.dataset.due);
    if (!next || due === null) return;
    var left = due - today;
    var within = parseInt(el.dataset.within || "30", 10);
    var state = left < 0 ? "overdue" : left <= within ? "due" : "current";
    var n = state === "overdue" ? -left : left;
    next.textContent = next.dataset[state].replace("{n}", n);
    el.classList.remove("review-overdue", "review-due", "review-current", "review-unknown");
    el.classList.add("review-" + state);
    var row = el.closest(".review-row");
    if (row) {
      row.classList.remove("review-overdue", "review-due", "review-current", "review-unknown");
      row.classList.add("review-" + state);
    }
  });

  // The Review page's counts follow the recounted states: the page's, and each owner's.
  var summary = document.querySelector(".review-summary");
  if (summary) {
    var tally = function (rows) {
      var seen = {}, counts = { overdue: 0, due: 0 };
      rows.forEach(function (row) {
        var link = row.querySelector("a");
        var key = link ? link.getAttribute("href") : Math.random();
        if (seen[key]) return;
        seen[key] = true;
        if (row.classList.contains("review-overdue")) counts.overdue++;
        if (row.classList.contains("review-due")) counts.due++;
      });
      return counts;
    };
    var day = summary.querySelector("time");
    if (day) {
      var iso = new Date(today * 86400000).toISOString().slice(0, 10);
      day.textContent = iso;
      day.setAttribute("datetime", iso);
    }
    var all = tally(Array.prototype.slice.call(document.querySelectorAll(".review-row")));
    ["overdue", "due"].forEach(function (state) {
      var el = summary.querySelector(".count." + state);
      if (el) el.textContent = all[state];
    });
    Array.prototype.forEach.call(document.querySelectorAll(".review-group"), function (group) {
      var counts = tally(Array.prototype.slice.call(group.querySelectorAll(".review-row")));
      var heading = group.querySelector("h2");
      ["overdue", "due"].forEach(function (state) {
        var badge = heading.querySelector(".badge.review-" + state);
        if (!counts[state]) { if (badge) badge.remove(); return; }
        if (!badge) {
          badge = document.createElement("span");
          badge.className = "badge review-" + state;
          heading.appendChild(document.createTextNode(" "));
          heading.appendChild(badge);
        }
        badge.textContent = counts[state];
      });
    });
  }

  // Versions (a site per release, `sadoc versions`): the selector and the banner read
  // `versions.json` beside the version's folder, so they work under any prefix and in
  // previews; a site that is not versioned has no such file and shows neither.
  var picker = document.querySelector(".version-select");
  if (picker && location.protocol !== "file:" && window.fetch) {
    var siteRoot = new URL(picker.dataset.root || "./", location.href);
    var parent = new URL("../", siteRoot);
    var here = decodeURIComponent(siteRoot.pathname.split("/").filter(Boolean).pop() || "");
    var pagePath = picker.dataset.page || "";
    var named = function (list, name) {
      for (var i = 0; i < list.length; i++) {
        if (list[i].version === name || (list[i].aliases || []).indexOf(name) >= 0) return list[i];
      }
      return null;
    };
    // The same page in another version when it has it, else that version's home.
    var samePage = function (version) {
      var home = new URL(encodeURIComponent(version) + "/", parent);
      var page = new URL(pagePath, home);
      return fetch(page, { method: "HEAD" })
        .then(function (r) { return r.ok ? page.href : home.href; })
        .catch(function () { return home.href; });
    };
    fetch(new URL("versions.json", parent)).then(function (r) { return r.ok ? r.json() : null; }).then(function (list) {
      if (!Array.isArray(list)) return;
      var mine = named(list, here);
      if (!mine) return;
      var select = document.createElement("select");
      select.setAttribute("aria-label", picker.dataset.label || "Version");
      list.forEach(function (v) {
        var option = document.createElement("option");
        option.value = v.version;
        option.textContent = v.title + ((v.aliases || []).length ? " (" + v.aliases.join(", ") + ")" : "");
        if (v === mine) option.selected = true;
        select.appendChild(option);
      });
      select.addEventListener("change", function () {
        samePage(select.value).then(function (url) { location.href = url; });
      });
      picker.appendChild(select);
      picker.hidden = false;
      return fetch(new URL("index.html", parent)).then(function (r) { return r.ok ? r.text() : ""; }).then(function (html) {
        var m = /url=([^"'\/ >]+)\//.exec(html);
        var latest = m && named(list, decodeURIComponent(m[1]));
        if (!latest || latest === mine) return;
        return samePage(latest.version).then(function (url) {
          var banner = document.querySelector(".version-banner");
          if (!banner) return;
          var text = (picker.dataset.reading || "{version} / {latest}").split(/(\{version\}|\{latest\})/);
          text.forEach(function (part) {
            if (part === "{version}") {
              var b = document.createElement("strong");
              b.textContent = mine.title;
              banner.appendChild(b);
            } else if (part === "{latest}") {
              var a = document.createElement("a");
              a.href = url;
              a.textContent = latest.title;
              banner.appendChild(a);
            } else if (part) {
              banner.appendChild(document.createTextNode(part));
            }
          });
          banner.hidden = false;
        });
      });
    }).catch(function () { /* not a versioned site */ });
  }

  // Decision log: status and tag filters, sortable columns. Without JavaScript the full table
  // is shown in log order.
  var log = document.querySelector(".adr-log");
  if (log) {
    var body = log.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    // A proposal's age, counted in the reader's browser so the page itself never goes stale.
    var waiting = log.dataset.waiting;
    if (waiting) {
      rows.forEach(function (row) {
        var date = row.dataset.date;
        if (row.dataset.status !== "proposed" || !/^\d{4}-\d{2}-\d{2}$/.test(date || "")) return;
        var days = Math.floor((Date.now() - Date.parse(date + "T00:00:00Z")) / 86400000);
        if (days < 0) return;
        var cell = row.querySelector("time");
        if (!cell) return;
        var age = document.createElement("span");
        age.className = "in-review";
        age.textContent = waiting.replace("{n}", days);
        cell.parentNode.appendChild(age);
      });
    }
    var state = { status: "", tags: {}, project: "" };
    var apply = function () {
      var wanted = Object.keys(state.tags);
      rows.forEach(function (row) {
        var tags = row.dataset.tags ? row.dataset.tags.split("|") : [];
        var okStatus = state.status === "" || row.dataset.status === state.status;
        var okTags = wanted.every(function (t) { return tags.indexOf(t) >= 0; });
        var okProject = state.project === "" || row.dataset.project === state.project;
        row.hidden = !(okStatus && okTags && okProject);
      });
    };
    var statusFilter = document.querySelector(".log-filter");
    if (statusFilter) {
      statusFilter.hidden = false;
      statusFilter.addEventListener("click", function (e) {
        var button = e.target.closest(".filter");
        if (!button) return;
        statusFilter.querySelectorAll(".filter").forEach(function (b) { b.classList.toggle("active", b === button); });
        state.status = button.dataset.status;
        apply();
      });
    }
    // A workspace portal's decision log: one project at a time.
    var projectFilter = document.querySelector(".project-filter");
    if (projectFilter) {
      projectFilter.hidden = false;
      projectFilter.addEventListener("click", function (e) {
        var button = e.target.closest(".filter");
        if (!button) return;
        projectFilter.querySelectorAll(".filter").forEach(function (b) { b.classList.toggle("active", b === button); });
        state.project = button.dataset.project;
        apply();
      });
    }
    var tagFilter = document.querySelector(".tag-filter");
    if (tagFilter) {
      tagFilter.hidden = false;
      tagFilter.addEventListener("click", function (e) {
        var button = e.target.closest(".tag");
        if (!button) return;
        var tag = button.dataset.tag;
        if (state.tags[tag]) { delete state.tags[tag]; } else { state.tags[tag] = true; }
        button.classList.toggle("active", !!state.tags[tag]);
        apply();
      });
    }
    var order = ["proposed", "accepted", "rejected", "deprecated", "superseded", "unknown"];
    log.querySelectorAll("th button[data-sort]").forEach(function (button) {
      button.addEventListener("click", function () {
        var key = button.dataset.sort;
        var ascending = button.getAttribute("aria-sort") !== "ascending";
        log.querySelectorAll("th button").forEach(function (b) { b.removeAttribute("aria-sort"); });
        button.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var value = function (row) {
          if (key === "number") return Number(row.dataset.number);
          if (key === "status") return order.indexOf(row.dataset.status);
          return row.dataset[key] || "";
        };
        rows.sort(function (a, b) {
          var x = value(a), y = value(b);
          var c = x < y ? -1 : x > y ? 1 : Number(a.dataset.number) - Number(b.dataset.number);
          return ascending ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
})();

// Linked content tabs: choosing a tab chooses the tab with the same label in every other tab
// set of the page and of later pages (as mkdocs-material's content.tabs.link does).
(function () {
  var KEY = "sadoc-tab";
  function labelOf(input) {
    var label = input.parentNode.querySelector('label[for="' + input.id + '"]');
    return label ? label.textContent.trim() : null;
  }
  function choose(text, except) {
    document.querySelectorAll(".tabbed-set").forEach(function (set) {
      if (set === except) return;
      set.querySelectorAll(":scope > input").forEach(function (input) {
        if (labelOf(input) === text) input.checked = true;
      });
    });
  }
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!input.matches || !input.matches(".tabbed-set > input")) return;
    var text = labelOf(input);
    if (text === null) return;
    choose(text, input.parentNode);
    try { localStorage.setItem(KEY, text); } catch (err) {}
  });
  try {
    var saved = localStorage.getItem(KEY);
    if (saved) choose(saved, null);
  } catch (err) {}
})();

// Diagrams (Mermaid once drawn, PlantUML drawn at build time, the views' pictures): drawn at a
// readable size — never so small that their labels fall below the body's small text (0.85 of
// its size), nor larger than their natural size — and scrolled or dragged inside their frame
// when wider than the column; a button opens one full screen, where it zooms (buttons, +/-/0
// keys, the wheel) and pans (drag, arrow keys). diagrams.js calls
// `window.sadocDiagrams.frame(block)` after drawing.
(function () {
  "use strict";
  var SMALL_TEXT = 0.85;
  var body = document.body;
  var text = {
    open: body.dataset.diagramOpen || "Open full screen",
    close: body.dataset.diagramClose || "Close",
    zoomIn: body.dataset.zoomIn || "Zoom in",
    zoomOut: body.dataset.zoomOut || "Zoom out",
    fit: body.dataset.zoomFit || "Fit to screen"
  };
  var frames = [];

  function naturalSize(svg) {
    var box = svg.viewBox && svg.viewBox.baseVal;
    if (box && box.width && box.height) return { w: box.width, h: box.height };
    var w = parseFloat(svg.getAttribute("width")), h = parseFloat(svg.getAttribute("height"));
    if (w && h) return { w: w, h: h };
    try { var b = svg.getBBox(); return { w: b.width || 1, h: b.height || 1 }; } catch (e) { return { w: 1, h: 1 }; }
  }

  // The median font size of a drawing's labels at its natural size, in its own units.
  function labelSize(svg) {
    if (svg.dataset.font) return parseFloat(svg.dataset.font);
    var sizes = Array.prototype.map.call(
      svg.querySelectorAll("text, .nodeLabel, .edgeLabel, foreignObject div"),
      function (el) { return parseFloat(getComputedStyle(el).fontSize) || 0; }
    ).filter(function (px) { return px > 0; }).sort(function (a, b) { return a - b; });
    var median = sizes.length ? sizes[Math.floor(sizes.length / 2)] : 16;
    svg.dataset.font = median;
    return median;
  }

  // Sizes the diagram in its frame: its natural size when that fits the column, else the
  // column's width, but never smaller than keeps its labels at the body's small text (then the
  // frame scrolls).
  function size(frame) {
    var svg = frame.querySelector(":scope > svg");
    if (!svg) return;
    var natural = naturalSize(svg);
    svg.dataset.w = natural.w;
    svg.dataset.h = natural.h;
    var small = parseFloat(getComputedStyle(body).fontSize) * SMALL_TEXT;
    var minScale = Math.min(1, small / labelSize(svg));
    var style = getComputedStyle(frame);
    var room = frame.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    var width = Math.min(natural.w, Math.max(room, natural.w * minScale));
    svg.removeAttribute("style");
    svg.setAttribute("width", Math.round(width));
    svg.setAttribute("height", Math.round(width * natural.h / natural.w));
    svg.style.maxWidth = "none";
    frame.classList.toggle("diagram-wide", width > room + 1);
  }

  // Drag to pan a wide frame with the mouse (touch scrolls natively).
  function draggable(frame, scroller, move) {
    var start = null;
    scroller.addEventListener("pointerdown", function (e) {
      if (e.pointerType !== "mouse" || e.button !== 0 || e.target.closest("button, a")) return;
      start = { x: e.clientX, y: e.clientY };
      scroller.setPointerCapture(e.pointerId);
      scroller.classList.add("dragging");
    });
    scroller.addEventListener("pointermove", function (e) {
      if (!start) return;
      move(e.clientX - start.x, e.clientY - start.y);
      start = { x: e.clientX, y: e.clientY };
    });
    var end = function () { start = null; scroller.classList.remove("dragging"); };
    scroller.addEventListener("pointerup", end);
    scroller.addEventListener("pointercancel", end);
  }

  function frame(block) {
    if (!block.querySelector(":scope > svg")) return;
    block.classList.add("diagram-frame");
    if (frames.indexOf(block) < 0) {
      frames.push(block);
      draggable(block, block, function (dx, dy) {
        block.scrollLeft -= dx;
        block.scrollTop -= dy;
      });
    }
    // The frame scrolls; the box around it holds the full-screen button in its corner.
    var box = block.parentNode;
    if (!box.classList.contains("diagram-box")) {
      box = document.createElement("div");
      box.className = "diagram-box";
      block.parentNode.insertBefore(box, block);
      box.appendChild(block);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "diagram-open";
      button.title = text.open;
      button.setAttribute("aria-label", text.open);
      button.innerHTML = "<span aria-hidden=\"true\">⤢</span>";
      button.addEventListener("click", function () { open(block); });
      box.appendChild(button);
    }
    size(block);
  }

  var viewer = null;
  function makeViewer() {
    var dialog = document.createElement("dialog");
    dialog.className = "diagram-viewer";
    var bar = document.createElement("div");
    bar.className = "diagram-tools";
    var tools = [["zoom-out", "−", text.zoomOut], ["zoom-in", "+", text.zoomIn], ["zoom-fit", "⤧", text.fit], ["close", "✕", text.close]];
    tools.forEach(function (t) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "icon-button diagram-" + t[0];
      b.title = t[2];
      b.setAttribute("aria-label", t[2]);
      b.textContent = t[1];
      bar.appendChild(b);
    });
    var stage = document.createElement("div");
    stage.className = "diagram-stage";
    dialog.appendChild(bar);
    dialog.appendChild(stage);
    body.appendChild(dialog);
    var v = { dialog: dialog, stage: stage, scale: 1, x: 0, y: 0, svg: null, home: null };
    v.apply = function () {
      if (v.svg) v.svg.style.transform = "translate(" + v.x + "px," + v.y + "px) scale(" + v.scale + ")";
    };
    v.fit = function () {
      if (!v.svg) return;
      var w = parseFloat(v.svg.dataset.w) || 1, h = parseFloat(v.svg.dataset.h) || 1;
      var sw = stage.clientWidth, sh = stage.clientHeight;
      v.scale = Math.min(sw / w, sh / h) * 0.95;
      v.x = (sw - w * v.scale) / 2;
      v.y = (sh - h * v.scale) / 2;
      v.apply();
    };
    v.zoom = function (factor, cx, cy) {
      var next = Math.min(8, Math.max(0.1, v.scale * factor));
      if (cx === undefined) { cx = stage.clientWidth / 2; cy = stage.clientHeight / 2; }
      v.x = cx - (cx - v.x) * next / v.scale;
      v.y = cy - (cy - v.y) * next / v.scale;
      v.scale = next;
      v.apply();
    };
    bar.querySelector(".diagram-zoom-in").addEventListener("click", function () { v.zoom(1.25); });
    bar.querySelector(".diagram-zoom-out").addEventListener("click", function () { v.zoom(0.8); });
    bar.querySelector(".diagram-zoom-fit").addEventListener("click", v.fit);
    bar.querySelector(".diagram-close").addEventListener("click", function () { dialog.close(); });
    stage.addEventListener("wheel", function (e) {
      e.preventDefault();
      var r = stage.getBoundingClientRect();
      v.zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    draggable(stage, stage, function (dx, dy) { v.x += dx; v.y += dy; v.apply(); });
    dialog.addEventListener("keydown", function (e) {
      var step = 40;
      if (e.key === "+" || e.key === "=") v.zoom(1.25);
      else if (e.key === "-") v.zoom(0.8);
      else if (e.key === "0") v.fit();
      else if (e.key === "ArrowLeft") { v.x += step; v.apply(); }
      else if (e.key === "ArrowRight") { v.x -= step; v.apply(); }
      else if (e.key === "ArrowUp") { v.y += step; v.apply(); }
      else if (e.key === "ArrowDown") { v.y -= step; v.apply(); }
      else return;
      e.preventDefault();
    });
    // Closing (the button, Escape, a click outside) puts the diagram back in its frame.
    dialog.addEventListener("click", function (e) { if (e.target === dialog) dialog.close(); });
    dialog.addEventListener("close", function () {
      var home = v.home, svg = v.svg;
      v.svg = null;
      v.home = null;
      if (!svg || !home) return;
      svg.style.transform = "";
      // Drawn again meanwhile (the theme changed): keep the new drawing.
      if (!home.querySelector(":scope > svg")) home.insertBefore(svg, home.firstChild);
      else svg.remove();
      size(home);
      var button = home.parentNode.querySelector(".diagram-open");
      if (button) button.focus();
    });
    return v;
  }

  function open(block) {
    var svg = block.querySelector(":scope > svg");
    if (!svg) return;
    viewer = viewer || makeViewer();
    viewer.home = block;
    viewer.svg = svg;
    svg.removeAttribute("style");
    svg.setAttribute("width", svg.dataset.w);
    svg.setAttribute("height", svg.dataset.h);
    svg.style.maxWidth = "none";
    viewer.stage.appendChild(svg);
    viewer.dialog.showModal();
    viewer.fit();
    viewer.dialog.querySelector(".diagram-close").focus();
  }

  window.sadocDiagrams = { frame: frame };
  document.querySelectorAll(".markdown figure.diagram").forEach(frame);
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { frames.forEach(size); if (viewer && viewer.svg) viewer.fit(); }, 120);
  });
})();

// Code annotations: the browser opens and closes each note (a popover) by itself, with the
// mouse and the keyboard; this only places an opened note beside its button instead of in
// the middle of the window.
(function () {
  document.addEventListener("toggle", function (e) {
    var note = e.target;
    if (!note.classList || !note.classList.contains("annotation-body") || e.newState !== "open") return;
    var button = document.querySelector('[popovertarget="' + note.id + '"]');
    if (!button) return;
    var at = button.getBoundingClientRect();
    note.style.margin = "0";
    note.style.inset = "auto";
    var width = note.offsetWidth, height = note.offsetHeight;
    var left = Math.max(8, Math.min(at.left, window.innerWidth - width - 8));
    var top = at.bottom + 6 + height > window.innerHeight ? Math.max(8, at.top - height - 6) : at.bottom + 6;
    note.style.left = left + "px";
    note.style.top = top + "px";
  }, true);
})();
