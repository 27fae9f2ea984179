// Filters of the mtaudit HTML report: show flags of the checked categories and severities only.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  function checked(name) {
    var out = {};
    form.querySelectorAll("input[name='" + name + "']").forEach(function (el) {
      out[el.value] = el.checked;
    });
    return out;
  }
  function apply() {
    var cats = checked("category"), sevs = checked("severity");
    var onlyFlagged = document.getElementById("only-flagged").checked;
    var visible = {};
    document.querySelectorAll("li.flag-item").forEach(function (li) {
      var on = cats[li.dataset.category] !== false && sevs[li.dataset.severity] !== false;
      li.classList.toggle("hidden", !on);
      if (on) { visible[li.dataset.flag] = true; }
    });
    document.querySelectorAll("mark.flag").forEach(function (m) {
      var ids = (m.dataset.flags || "").split(" ");
      var on = ids.some(function (id) { return visible[id]; });
      m.classList.toggle("off", !on);
    });
    var shown = 0;
    document.querySelectorAll("article.pair").forEach(function (art) {
      var any = art.querySelector("li.flag-item:not(.hidden)") !== null;
      var hide = onlyFlagged && !any;
      art.classList.toggle("hidden", hide);
      if (!hide) { shown += 1; }
    });
    var c = document.getElementById("shown-count");
    if (c) { c.textContent = String(shown); }
  }
  form.addEventListener("change", apply);
  apply();
  document.body.setAttribute("data-filters", "ready");
})();
