// Boxes that scroll sideways on a phone (the page itself does not). Tables too wide for the screen
// scroll inside their own box (Material wraps each table in .md-typeset__scrollwrap); a box that
// scrolls must be reachable from the keyboard, and is named for screen readers (axe-core
// scrollable-region-focusable, tests/test_accessibility.py).
// A file of its own, not an inline script: the pages' Content-Security-Policy allows only 'self'.
(function () {
  "use strict";
  // The heading the table stands under, to tell one table from another.
  function heading(box) {
    for (var el = box; el && !el.matches("article"); el = el.previousElementSibling || el.parentElement) {
      if (/^H[1-6]$/.test(el.tagName)) return el.textContent.trim();
    }
    return "";
  }
  function mark() {
    var names = {};
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        var name = "表格（可左右滚动）" + (heading(box) ? "：" + heading(box) : "");
        names[name] = (names[name] || 0) + 1;
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", names[name] > 1 ? name + " " + names[name] : name);
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  function all() { mark(); }
  // Material's document$ emits once its components (the table wrappers among them) are mounted.
  if (window.document$) {
    window.document$.subscribe(all);
  } else {
    window.addEventListener("load", all);
  }
  window.addEventListener("resize", mark);
})();
