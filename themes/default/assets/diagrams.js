// sadoc diagrams: draws ```mermaid blocks with the Mermaid bundle shipped in the site (no CDN),
// in the site's light or dark colours, and draws them again when the theme is toggled. Loaded
// only by pages that have a diagram. Without JavaScript the diagram's source stays readable.
(function () {
  "use strict";
  if (!window.mermaid) return;
  var blocks = Array.prototype.slice.call(document.querySelectorAll("pre.mermaid"));
  if (!blocks.length) return;
  blocks.forEach(function (block) { block.dataset.source = block.textContent; });
  var root = document.documentElement;
  function dark() {
    if (root.dataset.theme) return root.dataset.theme === "dark";
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  var drawnDark = null;
  var drawing = Promise.resolve();
  function draw() {
    var isDark = dark();
    if (isDark === drawnDark) return;
    drawnDark = isDark;
    drawing = drawing.then(function () {
      blocks.forEach(function (block) {
        block.removeAttribute("data-processed");
        block.textContent = block.dataset.source;
      });
      window.mermaid.initialize({
        startOnLoad: false,
        securityLevel: "strict",
        theme: isDark ? "dark" : "default",
        fontFamily: getComputedStyle(document.body).fontFamily
      });
      return window.mermaid.run({ nodes: blocks, suppressErrors: true });
    }).then(function () {
      blocks.forEach(function (block) {
        block.classList.add("diagram-drawn");
        var svg = block.querySelector("svg");
        if (svg) svg.setAttribute("role", "img");
        // A readable size, scrolling and full screen (sadoc.js).
        if (window.sadocDiagrams) window.sadocDiagrams.frame(block);
      });
    }, function (error) {
      if (window.console) console.warn("sadoc diagrams:", error && error.message);
    });
  }
  draw();
  // The theme toggle and the system setting both change the colours.
  new MutationObserver(draw).observe(root, { attributes: true, attributeFilter: ["data-theme"] });
  if (window.matchMedia) {
    var query = window.matchMedia("(prefers-color-scheme: dark)");
    if (query.addEventListener) query.addEventListener("change", draw);
  }
})();
