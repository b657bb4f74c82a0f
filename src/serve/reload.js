// sadoc serve: reloads this page when a rebuild changes it, keeping the scroll position, and
// shows build errors over the page. Injected by `sadoc serve` only, never by `sadoc build`.
(() => {
  const scrollKey = "sadoc-serve-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    const restore = () => window.scrollTo(0, Number(saved));
    restore();
    window.addEventListener("load", restore);
  }

  // The site file this page was served from, as the server names files.
  const file = () => {
    let path;
    try {
      path = decodeURIComponent(location.pathname);
    } catch (_) {
      path = location.pathname;
    }
    path = path.replace(/^\/+/, "");
    return path === "" || path.endsWith("/") ? path + "index.html" : path;
  };

  const overlay = (errors) => {
    let box = document.getElementById("sadoc-serve-errors");
    if (!errors.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "sadoc-serve-errors";
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;inset:auto 1rem 1rem 1rem;max-height:50vh;overflow:auto;z-index:2147483647;" +
        "background:#2b0b0e;color:#ffe4e6;border:2px solid #f43f5e;border-radius:8px;padding:1rem 1.25rem;" +
        "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 8px 30px rgba(0,0,0,.4)";
      document.body.appendChild(box);
    }
    box.replaceChildren();
    const title = document.createElement("strong");
    title.textContent =
      "sadoc: the build has " + errors.length + (errors.length === 1 ? " error" : " errors") +
      "; fix and save, and this goes away";
    box.appendChild(title);
    for (const error of errors) {
      const item = document.createElement("div");
      item.style.marginTop = ".6rem";
      const where = document.createElement("div");
      where.style.fontWeight = "bold";
      where.textContent = error.location;
      const what = document.createElement("div");
      what.textContent = error.message;
      item.append(where, what);
      if (error.help) {
        const help = document.createElement("div");
        help.style.opacity = ".8";
        help.textContent = "help: " + error.help;
        item.appendChild(help);
      }
      box.appendChild(item);
    }
  };

  const events = new EventSource("/__sadoc/events");
  events.addEventListener("errors", (e) => overlay(JSON.parse(e.data)));
  events.addEventListener("reload", (e) => {
    const changed = JSON.parse(e.data);
    if (changed.all || changed.files.includes(file())) {
      sessionStorage.setItem(scrollKey, String(window.scrollY));
      location.reload();
    }
  });
})();
