// Posters (hooks/archive/pages/posters.py): the "打印海报" button, hidden in the page and shown only
// where this script runs (without it, the page says how to print with Ctrl+P).
document.querySelectorAll("[data-ea-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
