// Checks that every series of every chart can be seen; runs only when the page is opened with
// "?audit" in its address (the report tests do, in headless Chromium). For each chart it freezes the
// axes as drawn, hides all series and keeps that picture of the plot area (2 px inside its border,
// so a series lying on the border counts as invisible), then shows one series at a time and counts
// the pixels that series changes. The result goes into a JSON script element with the id
// chart-audit: {charts: [{chart, width, datasets: [{label, pixels, xFrom, xTo}]}], error}, xFrom and
// xTo the share of the plot width where the series' points start and end. The charts are left as
// they were.
(function () {
  'use strict';
  if (!/[?&]audit\b/.test(window.location.search) || typeof Chart === 'undefined') {
    return;
  }
  var result = [];
  var error = null;
  function snapshot(chart, box) {
    return chart.ctx.getImageData(box.x, box.y, box.w, box.h).data;
  }
  function differing(a, b) {
    var n = 0;
    for (var i = 0; i < a.length; i += 4) {
      if (Math.abs(a[i] - b[i]) > 8 || Math.abs(a[i + 1] - b[i + 1]) > 8 || Math.abs(a[i + 2] - b[i + 2]) > 8
          || Math.abs(a[i + 3] - b[i + 3]) > 8) {
        n++;
      }
    }
    return n;
  }
  try {
    Object.keys(Chart.instances).forEach(function (key) {
      var chart = Chart.instances[key];
      var datasets = chart.data.datasets;
      var visible = datasets.map(function (d, i) { return chart.isDatasetVisible(i); });
      var extent = datasets.map(function (d, i) {
        var area = chart.chartArea, xs = chart.getDatasetMeta(i).data
          .map(function (e) { return e.x; }).filter(function (x) { return isFinite(x); });
        if (!xs.length) { return [null, null]; }
        var width = area.right - area.left;
        return [(Math.min.apply(null, xs) - area.left) / width, (Math.max.apply(null, xs) - area.left) / width];
      });
      var options = chart.config.options;
      options.scales = options.scales || {};
      var saved = {};
      Object.keys(chart.scales).forEach(function (id) {
        var scale = chart.scales[id];
        if (scale.type !== 'linear') { return; }
        var axis = options.scales[id] = options.scales[id] || {};
        saved[id] = { min: axis.min, max: axis.max };
        axis.min = scale.min;
        axis.max = scale.max;
      });
      function show(set) {
        datasets.forEach(function (d, i) { chart.setDatasetVisibility(i, set.indexOf(i) >= 0); });
        chart.update('none');
      }
      show([]);
      var area = chart.chartArea, ratio = chart.currentDevicePixelRatio || 1;
      var box = { x: Math.ceil((area.left + 2) * ratio), y: Math.ceil((area.top + 2) * ratio) };
      box.w = Math.max(1, Math.floor((area.right - 2) * ratio) - box.x);
      box.h = Math.max(1, Math.floor((area.bottom - 2) * ratio) - box.y);
      var empty = snapshot(chart, box);
      var entries = [];
      datasets.forEach(function (d, i) {
        if (d.helper) { return; } // drawn only with the series that refers to it (auditWith)
        show([i].concat(d.auditWith || []));
        entries.push({ label: d.label, pixels: differing(empty, snapshot(chart, box)), hidden: !visible[i],
          xFrom: extent[i][0], xTo: extent[i][1] });
      });
      Object.keys(saved).forEach(function (id) {
        options.scales[id].min = saved[id].min;
        options.scales[id].max = saved[id].max;
      });
      datasets.forEach(function (d, i) { chart.setDatasetVisibility(i, visible[i]); });
      chart.update('none');
      result.push({ chart: chart.canvas.id || String(key), width: box.w, datasets: entries });
    });
  } catch (e) {
    error = String((e && e.message) || e);
  }
  var out = document.createElement('script');
  out.type = 'application/json';
  out.id = 'chart-audit';
  out.textContent = JSON.stringify({ charts: result, error: error }).replace(/</g, '\\u003c');
  document.body.appendChild(out);
})();
