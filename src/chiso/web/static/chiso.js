/* chiso pages: sortable and filterable tables, and live updates over Server-Sent Events.
   No framework and nothing loaded from the internet: this file ships with the package. */
(function () {
  "use strict";

  // ---- sortable tables ------------------------------------------------------------------------------------
  function sortTable(table, index, kind, dir) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index] ? a.cells[index].getAttribute("data-v") : "";
      var y = b.cells[index] ? b.cells[index].getAttribute("data-v") : "";
      var c = kind === "num" ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : String(x).localeCompare(String(y), "vi");
      return dir === "asc" ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function initSortable(root) {
    Array.prototype.forEach.call(root.querySelectorAll("table.sortable"), function (table) {
      var heads = table.tHead ? table.tHead.rows[0].cells : [];
      Array.prototype.forEach.call(heads, function (th, index) {
        var kind = th.getAttribute("data-sort");
        if (!kind || th.dataset.bound) return;
        th.dataset.bound = "1";
        th.tabIndex = 0;
        var activate = function () {
          var dir = th.classList.contains("sorted-desc") ? "asc" : "desc";
          if (kind === "text" && !th.classList.contains("sorted-asc") && !th.classList.contains("sorted-desc")) dir = "asc";
          Array.prototype.forEach.call(heads, function (h) { h.classList.remove("sorted-asc", "sorted-desc"); });
          th.classList.add(dir === "asc" ? "sorted-asc" : "sorted-desc");
          sortTable(table, index, kind, dir);
          table.dataset.sortIndex = index; table.dataset.sortKind = kind; table.dataset.sortDir = dir;
        };
        th.addEventListener("click", activate);
        th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); activate(); } });
      });
    });
  }

  // ---- filters of the ranking -----------------------------------------------------------------------------
  var filterState = { level: "", cls: "", text: "" };
  function applyFilters() {
    var table = document.getElementById("rank-table");
    if (!table) return;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      var level = r.getAttribute("data-level"), cls = r.getAttribute("data-class"), name = r.getAttribute("data-name") || "";
      var show = (!filterState.level || level === filterState.level) && (!filterState.cls || cls === filterState.cls) &&
        (!filterState.text || name.indexOf(filterState.text) >= 0);
      r.hidden = !show;
    });
  }
  function initFilters() {
    var seg = document.getElementById("level-filter");
    if (seg) seg.addEventListener("click", function (e) {
      var b = e.target.closest("button"); if (!b) return;
      Array.prototype.forEach.call(seg.querySelectorAll("button"), function (x) { x.classList.remove("on"); });
      b.classList.add("on"); filterState.level = b.getAttribute("data-level") || ""; applyFilters();
    });
    var sel = document.getElementById("class-filter");
    if (sel) sel.addEventListener("change", function () { filterState.cls = sel.value; applyFilters(); });
    var txt = document.getElementById("name-filter");
    if (txt) txt.addEventListener("input", function () { filterState.text = txt.value.trim().toLowerCase(); applyFilters(); });
  }

  // ---- live updates ---------------------------------------------------------------------------------------
  var unit = document.body.getAttribute("data-unit");
  var liveOn = document.body.getAttribute("data-live") === "on";
  var state = document.getElementById("live-state");
  var pending = false, again = false;

  function refresh() {
    if (pending) { again = true; return; }
    pending = true;
    fetch(window.location.href, { headers: { "X-Chiso-Live": "1" }, cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        Array.prototype.forEach.call(doc.querySelectorAll("[data-live-id]"), function (fresh) {
          var id = fresh.getAttribute("data-live-id");
          var old = document.querySelector('[data-live-id="' + id + '"]');
          if (!old) return;
          var sortInfo = null, oldTable = old.querySelector("table.sortable");
          if (oldTable && oldTable.dataset.sortIndex) sortInfo = [oldTable.dataset.sortIndex, oldTable.dataset.sortKind, oldTable.dataset.sortDir];
          var changed = old.innerHTML !== fresh.innerHTML;
          old.innerHTML = fresh.innerHTML;
          if (changed && id !== "evaluated") { old.classList.remove("updated"); void old.offsetWidth; old.classList.add("updated"); }
          initSortable(old);
          if (sortInfo) {
            var t = old.querySelector("table.sortable"), th = t.tHead.rows[0].cells[+sortInfo[0]];
            Array.prototype.forEach.call(t.tHead.rows[0].cells, function (h) { h.classList.remove("sorted-asc", "sorted-desc"); });
            th.classList.add(sortInfo[2] === "asc" ? "sorted-asc" : "sorted-desc");
            sortTable(t, +sortInfo[0], sortInfo[1], sortInfo[2]);
            t.dataset.sortIndex = sortInfo[0]; t.dataset.sortKind = sortInfo[1]; t.dataset.sortDir = sortInfo[2];
          }
        });
        applyFilters();
        document.body.setAttribute("data-refreshed", String(Date.now()));
      })
      .catch(function () { /* the next notice will try again */ })
      .then(function () { pending = false; if (again) { again = false; refresh(); } });
  }

  function connect() {
    if (!unit || !liveOn || !window.EventSource) return;
    var source = new EventSource("/api/v1/live?unit=" + encodeURIComponent(unit));
    source.addEventListener("hello", function () {
      if (state) { state.hidden = false; state.classList.remove("off"); state.lastChild.textContent = "Trực tiếp"; }
      document.body.setAttribute("data-live-connected", "1");
    });
    source.addEventListener("changed", refresh);
    source.onerror = function () {
      if (state) { state.classList.add("off"); state.lastChild.textContent = "Mất kết nối, đang thử lại…"; }
    };
  }

  // "show more" buttons (event delegation: they survive live refreshes).
  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-toggle]"); if (!b) return;
    var target = document.getElementById(b.getAttribute("data-toggle")); if (!target) return;
    target.hidden = !target.hidden;
    b.hidden = true;
  });

  // The period picker submits on change (here, not in an inline handler: the pages' CSP allows no inline script).
  var periodSelect = document.getElementById("period");
  if (periodSelect && periodSelect.form) periodSelect.addEventListener("change", function () { periodSelect.form.submit(); });

  initSortable(document);
  initFilters();
  connect();
  // The clock moves scores too (due dates pass): refresh a live page every few minutes even without events.
  if (liveOn) window.setInterval(refresh, 5 * 60 * 1000);
})();
