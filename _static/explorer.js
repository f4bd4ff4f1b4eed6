/* The economics chapter's scenario explorer without a kernel: it looks up the numbers the book
 * build computed in Python for every slider position (baikonur.scenarios.scenario_grid) and adds
 * their products. Without JavaScript the form stays hidden; the static table and figure answer. */
(function () {
  "use strict";
  var number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
  var percent = new Intl.NumberFormat("en-US", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });

  function sum(values) {
    var total = 0;
    for (var k = 0; k < values.length; k++) total += values[k];
    return total;
  }
  var scale = 1;
  function weighted(values, weights) {
    var total = 0;
    for (var k = 0; k < values.length; k++) total += values[k] * weights[k];
    return total / scale;
  }
  function position(input, values) {
    var step = +input.step, low = +input.min;
    return Math.min(values.length - 1, Math.max(0, Math.round((+input.value - low) / step)));
  }

  function start(root, grid) {
    scale = grid.scale;
    var field = function (name) { return root.querySelector('input[name="' + name + '"]'); };
    var show = function (name, text) {
      root.querySelector("#scenario-" + name + "-value").textContent = text;
      field(name).setAttribute("aria-valuetext", text);
    };
    function update() {
      var d = position(field("discount"), grid.discount);
      var i = position(field("inflation"), grid.inflation);
      var rent = +field("rent").value, exit = +field("exit").value;
      var factor = grid.factor[d], deflator = grid.deflator[i];
      var streams = {
        "Treaty rent": grid.treaty,
        "Index-linked since 1994": grid.indexed[i],
        "Renegotiated rent": grid.years.map(function () { return rent; }),
        "Early exit": grid.treaty.map(function (paid, k) { return grid.years[k] <= exit ? paid : 0; })
      };
      var values = {};
      Object.keys(streams).forEach(function (name) {
        var stream = streams[name];
        values[name] = [sum(stream), weighted(stream, deflator), weighted(stream, factor)];
      });
      var treaty = values["Treaty rent"][2];
      var largest = Math.max.apply(null, Object.keys(values).map(function (name) { return values[name][2]; })) || 1;
      root.querySelectorAll("tbody tr").forEach(function (row) {
        var v = values[row.getAttribute("data-scenario")];
        [v[0], v[1], v[2], v[2] - treaty].forEach(function (amount, k) { row.cells[k + 1].textContent = number.format(amount); });
      });
      root.querySelectorAll(".scenario-explorer__bar").forEach(function (bar) {
        var pv = values[bar.getAttribute("data-scenario")][2];
        bar.querySelector(".scenario-explorer__fill").style.width = (100 * Math.max(pv, 0) / largest).toFixed(1) + "%";
        bar.querySelector(".scenario-explorer__amount").textContent = number.format(pv);
      });
      show("discount", percent.format(grid.discount[d]));
      show("inflation", percent.format(grid.inflation[i]));
      show("rent", number.format(rent));
      show("exit", exit < grid.years[0] ? "none (leaves at once)" : String(exit));
      root.querySelector(".scenario-explorer__summary").textContent =
        "Present values in " + grid.years[0] + " (USD million): " + Object.keys(values).map(function (name) {
          return name.toLowerCase() + " " + number.format(values[name][2]);
        }).join(", ") + ".";
    }
    root.querySelectorAll("input").forEach(function (input) { input.addEventListener("input", update); });
    update();
    root.hidden = false;
    root.setAttribute("data-ready", "");
  }

  function init() {
    document.querySelectorAll(".scenario-explorer[data-grid]").forEach(function (root) {
      fetch(root.getAttribute("data-grid"))
        .then(function (response) { if (!response.ok) throw new Error(response.statusText); return response.json(); })
        .then(function (grid) { start(root, grid); })
        .catch(function () { /* stays hidden: the static table and figure answer */ });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
