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

  var menu = document.querySelector(".menu-toggle");
  if (menu) {
    menu.addEventListener("click", function () {
      var open = document.body.classList.toggle("nav-open");
      menu.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && document.body.classList.contains("nav-open")) {
        document.body.classList.remove("nav-open");
        menu.setAttribute("aria-expanded", "false");
      }
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

  // Decision log: status and tag filters, sortable columns. Without JavaScript the full table
  // is shown in log order.
  var log = document.querySelector(".adr-log");
  if (log) {
    var body = log.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
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
