// Draws the report's charts from the JSON embedded in the page, with the bundled Chart.js.
// When every chart is drawn, <body data-rendered="true" data-charts="N">; on an error, data-error.
(function () {
  'use strict';
  var body = document.body;
  var COLORS = {
    load: '#1f77b4', peak: '#9ecae1', forecast: 'rgba(255, 127, 14, 0.75)', band: 'rgba(255, 127, 14, 0.16)',
    untrusted: 'rgba(110, 110, 110, 0.7)', untrustedBand: 'rgba(140, 140, 140, 0.16)',
    p50: '#2ca02c', p95: '#d62728', p99: '#9467bd', errors: '#8c8c00',
    replicas: '#17becf', replicasMax: '#0e7c87', up: '#d62728', down: '#2ca02c', plan: '#8c564b',
    planRange: 'rgba(140, 86, 75, 0.30)', profile: '#e377c2', weekly: '#bcbd22'
  };
  // The forecast may take at most this share of the load chart's width: history is what was measured.
  var FORECAST_SHARE = 0.25;
  // More scaling commands than this per chart: counts per hour (bars) instead of one marker each.
  var MAX_MARKERS = 150;

  var HOUR = 3600 * 1000;
  var DAY = 24 * HOUR;
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function timeLabel(ms) {
    var d = new Date(ms);
    return pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
  }
  function dayLabel(ms) {
    var d = new Date(ms);
    return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate());
  }
  // A time axis over [min, max] (epoch ms) with ticks on whole UTC hours or days, at most about ten.
  function timeAxis(min, max) {
    var steps = [HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY];
    var step = steps[steps.length - 1];
    for (var i = 0; i < steps.length; i++) {
      if ((max - min) / steps[i] <= 10) { step = steps[i]; break; }
    }
    return { type: 'linear', min: min, max: max, title: { display: true, text: 'UTC' },
      afterBuildTicks: function (axis) {
        var ticks = [];
        for (var t = Math.ceil(min / step) * step; t <= max; t += step) { ticks.push({ value: t }); }
        axis.ticks = ticks;
      },
      ticks: { maxRotation: 0, autoSkip: true, callback: step >= DAY ? dayLabel : timeLabel } };
  }
  function span(lists) {
    var min = Infinity, max = -Infinity;
    lists.forEach(function (list) {
      list.forEach(function (p) { if (p.t < min) { min = p.t; } if (p.t > max) { max = p.t; } });
    });
    return [min, max];
  }
  // grace: the axis reaches a little beyond the data, so no series runs along the top border.
  function valueAxis(title, extra) {
    var axis = { type: 'linear', beginAtZero: true, grace: '8%', title: { display: true, text: title } };
    for (var k in extra || {}) { axis[k] = extra[k]; }
    return axis;
  }
  // A secondary (right-hand) axis fitted around its own series with room on both sides: a constant
  // series (an error rate of exactly 0.5 %, or 0) is drawn inside the chart, never on its border.
  // Ticks below zero are left unlabelled when the data are never negative.
  function secondaryAxis(title, values, extra) {
    var lo = Infinity, hi = -Infinity;
    values.forEach(function (v) { if (v !== null && isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } });
    if (lo === Infinity) { lo = 0; hi = 1; }
    var min, max;
    if (hi > lo) {
      min = lo - 0.12 * (hi - lo);
      max = hi + 0.12 * (hi - lo);
    } else if (hi === 0) {
      min = -0.1; max = 1; // a constant 0 just above the bottom
    } else {
      min = lo - Math.abs(lo) * 0.5; max = hi + Math.abs(hi) * 0.5;
    }
    if (lo >= 0 && min < 0) { min = Math.max(min, -0.05 * (max - min)); } // a zero stays off the bottom border
    var axis = { type: 'linear', position: 'right', min: min, max: max, title: { display: true, text: title },
      grid: { drawOnChartArea: false },
      ticks: { callback: function (v) { return lo >= 0 && v < 0 ? '' : Math.round(v * 1000) / 1000; } } };
    for (var k in extra || {}) { axis[k] = extra[k]; }
    return axis;
  }
  function line(label, color, points, extra) {
    var dataset = { label: label, data: points, borderColor: color, backgroundColor: color, borderWidth: 2,
      pointRadius: 0, tension: 0, spanGaps: false };
    for (var k in extra || {}) { dataset[k] = extra[k]; }
    return dataset;
  }
  function xy(rows, key) {
    return rows.map(function (r) { return { x: r.t, y: r[key] }; }); // null: a gap
  }
  function missing(id, text) {
    var box = document.getElementById(id).parentElement;
    box.className = 'missing';
    box.textContent = text;
  }
  // A dashed vertical line where the forecast starts (its fit time), labelled, on the load chart.
  function nowLine(t) {
    return { id: 'nowLine', afterDatasetsDraw: function (c) {
      var x = c.scales.x.getPixelForValue(t), area = c.chartArea;
      if (!(x >= area.left && x <= area.right)) { return; }
      var ctx = c.ctx;
      ctx.save();
      ctx.strokeStyle = '#8c959f'; ctx.setLineDash([2, 3]); ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(x, area.top); ctx.lineTo(x, area.bottom); ctx.stroke();
      ctx.fillStyle = '#59636e'; ctx.font = '11px system-ui, sans-serif'; ctx.textAlign = 'right';
      ctx.fillText('history', x - 4, area.top + 12); ctx.textAlign = 'left'; ctx.fillText('forecast', x + 4, area.top + 12);
      ctx.restore();
    } };
  }
  function tooltipTitle(items) { return items.length ? timeLabel(items[0].parsed.x) + ' UTC' : ''; }

  var charts = 0;
  function chart(id, config) {
    config.options = config.options || {};
    config.options.plugins = config.options.plugins || {};
    config.options.plugins.legend = config.options.plugins.legend || { position: 'bottom', labels: { boxWidth: 14 } };
    new Chart(document.getElementById(id), config);
    charts++;
  }

  try {
    var data = JSON.parse(document.getElementById('report-data').textContent);
    Chart.defaults.animation = false;
    Chart.defaults.responsive = true;
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    Chart.defaults.color = '#59636e';

    // 1. Load history at full weight; the newest forecast lighter and dashed, cut to at most a quarter of
    // the chart, its interval as a band; an untrusted forecast grey and labelled so.
    var subtitle = '', fittedAt = null;
    if (data.load.length) {
      var sets = [
        line('mean load (req/s)', COLORS.load, xy(data.load, 'mean'), { borderWidth: 2.5 }),
        line('busiest minute (req/s)', COLORS.peak, xy(data.load, 'peak'), { borderWidth: 1 })
      ];
      var loadSpan = span([data.load]);
      if (data.forecast && data.forecast.points.length) {
        var fc = data.forecast;
        var historySpan = Math.max(loadSpan[1] - loadSpan[0], HOUR);
        var until = loadSpan[1] + historySpan * FORECAST_SHARE / (1 - FORECAST_SHARE);
        var f = fc.points.filter(function (p) { return p.t <= until; });
        if (!f.length) { f = fc.points.slice(0, 1); }
        var trusted = fc.trusted;
        var color = trusted ? COLORS.forecast : COLORS.untrusted;
        var band = trusted ? COLORS.band : COLORS.untrustedBand;
        var suffix = trusted ? '' : ', untrusted';
        var lower = sets.length;
        sets.push(line('forecast lower', band, f.map(function (p) { return { x: p.t, y: p.lower }; }),
          { borderWidth: 0, backgroundColor: band, helper: true }));
        sets.push(line(Math.round(fc.level * 100) + ' % interval' + suffix, band,
          f.map(function (p) { return { x: p.t, y: p.upper }; }), { borderWidth: 0, fill: '-1', backgroundColor: band,
            auditWith: [lower] }));
        sets.push(line('forecast (' + fc.model + suffix + ')', color,
          f.map(function (p) { return { x: p.t, y: p.value }; }), { borderDash: [6, 4], borderWidth: 1.5 }));
        loadSpan = [loadSpan[0], Math.max(loadSpan[1], f[f.length - 1].t)];
        var stepHours = fc.stepSeconds / 3600;
        subtitle = (trusted ? 'Forecast' : 'UNTRUSTED forecast')
          + (f.length < fc.points.length
            ? ': first ' + Math.round(f.length * stepHours) + ' h of ' + Math.round(fc.points.length * stepHours) + ' h shown'
            : '');
        fittedAt = fc.fittedAt;
      }
      chart('load-chart', { type: 'line', data: { datasets: sets }, options: {
        scales: { x: timeAxis(loadSpan[0], loadSpan[1]), y: valueAxis('requests / s') },
        plugins: { tooltip: { callbacks: { title: tooltipTitle } },
          subtitle: { display: !!subtitle, text: subtitle, color: data.forecast && !data.forecast.trusted ? '#9a6700' : '#59636e' },
          legend: { position: 'bottom', labels: { boxWidth: 14, filter: function (item) { return item.text !== 'forecast lower'; } } } } },
        plugins: fittedAt !== null ? [nowLine(fittedAt)] : [] });
    } else {
      missing('load-chart', 'No per-minute requests windows for this service: the load chart needs the percentile pipeline\u2019s output.');
    }

    // 2. Latency percentiles and error rate per hour; the error rate on its own padded axis.
    if (data.latency.length) {
      chart('latency-chart', { type: 'line', data: { datasets: [
        line('p50', COLORS.p50, xy(data.latency, 'p50')),
        line('p95', COLORS.p95, xy(data.latency, 'p95')),
        line('p99', COLORS.p99, xy(data.latency, 'p99')),
        line('error rate (%)', COLORS.errors, xy(data.latency, 'errorPercent'), { yAxisID: 'errors', borderWidth: 1.5, borderDash: [3, 3] })
      ] }, options: { scales: { x: timeAxis.apply(null, span([data.latency])), y: valueAxis('latency (ms)'),
        errors: secondaryAxis('errors (%)', data.latency.map(function (r) { return r.errorPercent; })) },
        plugins: { tooltip: { callbacks: { title: tooltipTitle } } } } });
    } else {
      missing('latency-chart', 'No one-hour latency_ms windows yet: they appear when the pipeline closes its first full hour.');
    }

    // 3. Replicas over time, with the scaling commands that changed them: one marker each while they are
    // few, counts per hour (bars on their own axis, low in the chart) when they are dense.
    if (data.replicas.length || data.scaling.length) {
      var replicaSets = [];
      if (data.replicas.length) {
        replicaSets.push(line('replicas (hourly mean)', COLORS.replicas, xy(data.replicas, 'mean'), { stepped: true }));
        replicaSets.push(line('replicas (hourly max)', COLORS.replicasMax, xy(data.replicas, 'max'),
          { borderWidth: 1, borderDash: [2, 2], stepped: true }));
      }
      var ups = data.scaling.filter(function (c) { return c.to > c.from; });
      var downs = data.scaling.filter(function (c) { return c.to < c.from; });
      var replicaScales = { x: timeAxis.apply(null, span([data.replicas, data.scaling])), y: valueAxis('replicas') };
      var dense = data.scaling.length > MAX_MARKERS;
      if (dense) {
        // stacked stepped areas on their own axis, in the lower part of the chart under the replica lines
        var hours = {};
        data.scaling.forEach(function (c) {
          var h = Math.floor(c.t / HOUR) * HOUR;
          hours[h] = hours[h] || { up: 0, down: 0 };
          hours[h][c.to > c.from ? 'up' : 'down']++;
        });
        var keys = Object.keys(hours).map(Number).sort(function (a, b) { return a - b; });
        var counts = function (kind) {
          var points = [];
          keys.forEach(function (h, i) {
            if (i === 0 || keys[i - 1] !== h - HOUR) { points.push({ x: h - HOUR, y: 0 }); } // back to 0 across gaps
            points.push({ x: h, y: hours[h][kind] });
            if (i === keys.length - 1 || keys[i + 1] !== h + HOUR) { points.push({ x: h + HOUR, y: 0 }); }
          });
          return points;
        };
        var most = 1;
        keys.forEach(function (h) { most = Math.max(most, hours[h].up + hours[h].down); });
        replicaScales.decisions = { type: 'linear', position: 'right', stacked: true, min: 0, max: Math.ceil(most * 2.5),
          title: { display: true, text: 'commands / hour' }, grid: { drawOnChartArea: false }, ticks: { precision: 0 } };
        replicaSets.push(line('scale-ups per hour', 'rgba(214, 39, 40, 0.8)', counts('up'),
          { yAxisID: 'decisions', stepped: 'before', borderWidth: 1, fill: 'origin', backgroundColor: 'rgba(214, 39, 40, 0.35)', order: 2 }));
        replicaSets.push(line('scale-downs per hour', 'rgba(44, 160, 44, 0.8)', counts('down'),
          { yAxisID: 'decisions', stepped: 'before', borderWidth: 1, fill: '-1', backgroundColor: 'rgba(44, 160, 44, 0.35)', order: 2 }));
      } else {
        var marker = function (c) { return { x: c.t, y: c.to, reason: c.reason, from: c.from }; };
        if (ups.length) {
          replicaSets.push({ type: 'scatter', label: 'scale up', data: ups.map(marker), borderColor: COLORS.up,
            backgroundColor: COLORS.up, pointStyle: 'triangle', pointRadius: 4 });
        }
        if (downs.length) {
          replicaSets.push({ type: 'scatter', label: 'scale down', data: downs.map(marker), borderColor: COLORS.down,
            backgroundColor: COLORS.down, pointStyle: 'triangle', rotation: 180, pointRadius: 4 });
        }
      }
      chart('replicas-chart', { type: 'line', data: { datasets: replicaSets }, options: { scales: replicaScales,
        plugins: { subtitle: { display: dense, text: dense ? data.scaling.length + ' scaling commands, too many for a marker each: counted per hour' : '' },
          tooltip: { callbacks: { title: tooltipTitle, label: function (item) {
            var raw = item.raw;
            return raw.reason !== undefined ? raw.from + ' \u2192 ' + raw.y + ': ' + raw.reason : item.dataset.label + ': ' + raw.y;
          } } } } } });
    } else {
      missing('replicas-chart', 'No replicas windows and no scaling commands for this service in this period.');
    }

    // 4. The capacity plan's scenarios: replicas at the horizon with the range from the load interval.
    if (data.plan) {
      var scenarios = data.plan.scenarios;
      chart('plan-chart', { type: 'bar', data: { labels: scenarios.map(function (s) { return s.name; }), datasets: [
        { label: 'replicas at the horizon', data: scenarios.map(function (s) { return s.replicas; }), backgroundColor: COLORS.plan },
        { label: '95 % range', data: scenarios.map(function (s) { return [s.replicasLower, s.replicasUpper]; }),
          backgroundColor: COLORS.planRange, borderColor: COLORS.plan, borderWidth: 1, minBarLength: 4 }
      ] }, options: { scales: { y: valueAxis('replicas') } } });
    } else {
      missing('plan-chart', data.planProblem || 'No capacity plan.');
    }

    // 5. and 6. Seasonal profiles.
    if (data.profile.length) {
      chart('profile-chart', { type: 'bar', data: { labels: data.profile.map(function (p) { return pad(p.slot) + ':00'; }),
        datasets: [{ label: 'mean load by hour of day, UTC (req/s)', data: data.profile.map(function (p) { return p.avg; }),
          backgroundColor: COLORS.profile }] }, options: { scales: { y: valueAxis('requests / s') } } });
    } else {
      missing('profile-chart', 'No load history for a daily profile.');
    }
    if (data.weekly.length) {
      var days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
      chart('weekly-chart', { type: 'line', data: { datasets: [line('seasonal index by hour of week (1 = average hour)',
        COLORS.weekly, data.weekly.map(function (p) { return { x: p.slot, y: p.index }; }), { fill: 'origin',
          backgroundColor: 'rgba(188, 189, 34, 0.25)' })] },
        options: { scales: { x: { type: 'linear', min: 0, max: 168, ticks: { stepSize: 24, callback: function (v) {
          return days[Math.floor(v / 24)] || ''; } } }, y: valueAxis('index') } } });
    } else {
      missing('weekly-chart', 'No load history for a weekly profile.');
    }

    body.setAttribute('data-charts', String(charts));
    body.setAttribute('data-rendered', 'true');
  } catch (e) {
    body.setAttribute('data-error', String((e && e.message) || e));
    throw e;
  }
})();
