(function () {
  "use strict";
  /*
   * The dashboard's only script, inlined and allowed by its SHA-256 in the page's
   * Content-Security-Policy (live-checks/report/dashboard-script.ts): sorting, filters and search.
   * It reads text and data-* attributes and never builds markup from them (no innerHTML): names
   * come from AWS and are never trusted. Without it the page is complete, in its default order.
   */
  var doc = document;
  doc.documentElement.setAttribute("data-js", "on");

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  function rowsOf(table) {
    return Array.prototype.slice.call(table.tBodies[0] ? table.tBodies[0].rows : []);
  }

  /* ---- sorting: click a column header; ascending, descending, back to the page's order ---- */
  function sortKey(row, col, numeric) {
    var cell = row.cells[col];
    if (!cell) return null;
    var v = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent.trim();
    if (!numeric) return v.toLowerCase();
    var n = parseFloat(v);
    return isNaN(n) ? null : n;
  }

  function makeSortable(table) {
    var rows = rowsOf(table);
    rows.forEach(function (r, i) {
      r.setAttribute("data-i", String(i));
    });
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    each(heads, function (th, col) {
      var type = th.getAttribute("data-sort");
      if (!type) return;
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var state = th.getAttribute("aria-sort");
        var next = state === "none" ? "ascending" : state === "ascending" ? "descending" : "none";
        each(heads, function (h) {
          if (h.hasAttribute("aria-sort")) h.setAttribute("aria-sort", "none");
        });
        th.setAttribute("aria-sort", next);
        var body = table.tBodies[0];
        var all = rowsOf(table);
        if (next === "none") {
          table.classList.remove("flat");
          all.sort(function (a, b) {
            return Number(a.getAttribute("data-i")) - Number(b.getAttribute("data-i"));
          });
        } else {
          // Sorted rows leave their groups: group headings hide while a column sort is on.
          table.classList.add("flat");
          var dir = next === "ascending" ? 1 : -1;
          var numeric = type === "num";
          var heads_ = all.filter(function (r) {
            return r.classList.contains("group-head");
          });
          var data = all.filter(function (r) {
            return !r.classList.contains("group-head");
          });
          data.sort(function (a, b) {
            var x = sortKey(a, col, numeric);
            var y = sortKey(b, col, numeric);
            // No data sorts last in both directions: it is not a small value.
            if (x === null || x === "") return y === null || y === "" ? 0 : 1;
            if (y === null || y === "") return -1;
            if (x < y) return -dir;
            if (x > y) return dir;
            return Number(a.getAttribute("data-i")) - Number(b.getAttribute("data-i"));
          });
          all = data.concat(heads_);
        }
        all.forEach(function (r) {
          body.appendChild(r);
        });
      });
    });
  }

  /* ---- filters and search: a .controls block names its table in data-controls ---- */
  function matches(row, controls) {
    for (var i = 0; i < controls.length; i++) {
      var c = controls[i];
      var want = c.value.trim().toLowerCase();
      if (!want) continue;
      var key = c.getAttribute("data-key");
      if (key === "q") {
        if (row.textContent.toLowerCase().indexOf(want) < 0) return false;
      } else if (c.tagName === "SELECT") {
        var tokens = (row.getAttribute("data-" + key) || "").toLowerCase().split(" ");
        if (tokens.indexOf(want) < 0) return false;
      } else if ((row.getAttribute("data-" + key) || "").toLowerCase().indexOf(want) < 0) {
        return false;
      }
    }
    return true;
  }

  function applyFilters(table, controls, counter) {
    var rows = rowsOf(table);
    var shown = 0;
    var total = 0;
    var groupsShown = {};
    rows.forEach(function (r) {
      if (r.classList.contains("group-head")) return;
      total++;
      var ok = matches(r, controls);
      r.hidden = !ok;
      if (ok) {
        shown++;
        groupsShown[r.getAttribute("data-group")] = true;
      }
    });
    rows.forEach(function (r) {
      if (r.classList.contains("group-head")) r.hidden = !groupsShown[r.getAttribute("data-group")];
    });
    if (counter) counter.textContent = shown === total ? total + " shown" : shown + " of " + total + " shown";
  }

  each(doc.querySelectorAll("table[data-sortable]"), makeSortable);

  each(doc.querySelectorAll(".controls[data-controls]"), function (box) {
    var table = doc.getElementById(box.getAttribute("data-controls"));
    if (!table) return;
    var controls = box.querySelectorAll("[data-key]");
    var counter = box.querySelector("output");
    var run = function () {
      applyFilters(table, controls, counter);
    };
    each(controls, function (c) {
      c.addEventListener("input", run);
      c.addEventListener("change", run);
    });
    var reset = box.querySelector("button[data-reset]");
    if (reset) {
      reset.addEventListener("click", function () {
        each(controls, function (c) {
          c.value = "";
        });
        run();
      });
    }
    box.hidden = false;
    run();
  });
})();
