// 一表通: the few keyboard helpers the pages share. Everything else is htmx and plain HTML.
document.addEventListener("keydown", function (event) {
  // "/" jumps to the page's search box, as in most office software's lists.
  if (event.key === "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
    var q = document.querySelector("input[name=q]");
    if (q) { event.preventDefault(); q.focus(); q.select(); }
  }
});
// After htmx swaps in a form with errors, put the cursor on the first field that needs fixing.
// Only after a save: suggestions and checks loading while typing must not move the cursor.
document.addEventListener("htmx:afterSettle", function (event) {
  var config = event.detail && event.detail.requestConfig;
  if (!config || config.verb !== "post") { return; }
  var invalid = document.querySelector("form [aria-invalid=true]");
  if (invalid) { invalid.focus(); }
});
// After a search the box holds the query selected, so the next query typed replaces it.
document.addEventListener("DOMContentLoaded", function () {
  var q = document.querySelector("input[name=q][data-select-on-load]");
  if (q && q.value) { q.focus(); q.select(); }
});
// A problem's "第 N 行" link puts the cursor on that line of the definition being checked.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-line]");
  var box = link && document.getElementById(link.getAttribute("href").slice(1));
  if (!box || box.tagName !== "TEXTAREA") { return; }
  event.preventDefault();
  var lines = box.value.split("\n");
  var line = Math.min(parseInt(link.getAttribute("data-line"), 10), lines.length);
  var start = 0;
  for (var i = 0; i < line - 1; i++) { start += lines[i].length + 1; }
  box.focus();
  box.setSelectionRange(start, start + lines[line - 1].length);
  var height = box.scrollHeight / Math.max(lines.length, 1);
  box.scrollTop = Math.max(0, (line - 3) * height);
});
