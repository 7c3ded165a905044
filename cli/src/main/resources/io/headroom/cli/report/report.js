// Draws the report's charts from the JSON embedded in the page, with the bundled Chart.js.
// When every chart is drawn, <body data-rendered="true" data-charts="N">; on an error, data-error.
(function () {
  'use strict';
  var body = document.body;
  var COLORS = {
    load: '#1f77b4', peak: '#9ecae1', forecast: '#ff7f0e', band: 'rgba(255, 127, 14, 0.18)',
    p50: '#2ca02c', p95: '#d62728', p99: '#9467bd', errors: '#8c8c00',
    replicas: '#17becf', up: '#d62728', down: '#2ca02c', plan: '#8c564b', planRange: 'rgba(140, 86, 75, 0.30)',
    profile: '#e377c2', weekly: '#bcbd22'
  };

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
  function valueAxis(title, extra) {
    var axis = { type: 'linear', beginAtZero: true, title: { display: true, text: title } };
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

    // 1. Load history with the newest forecast and its interval.
    if (data.load.length) {
      var sets = [
        line('mean load (req/s)', COLORS.load, xy(data.load, 'mean')),
        line('busiest minute (req/s)', COLORS.peak, xy(data.load, 'peak'), { borderWidth: 1 })
      ];
      if (data.forecast) {
        var f = data.forecast.points;
        sets.push(line('forecast lower', COLORS.band, f.map(function (p) { return { x: p.t, y: p.lower }; }),
          { borderWidth: 0, backgroundColor: COLORS.band }));
        sets.push(line(Math.round(data.forecast.level * 100) + ' % interval', COLORS.band,
          f.map(function (p) { return { x: p.t, y: p.upper }; }), { borderWidth: 0, fill: '-1', backgroundColor: COLORS.band }));
        sets.push(line('forecast (' + data.forecast.model + ')', COLORS.forecast,
          f.map(function (p) { return { x: p.t, y: p.value }; }), { borderDash: [6, 3] }));
      }
      var loadSpan = span([data.load, data.forecast ? data.forecast.points : []]);
      chart('load-chart', { type: 'line', data: { datasets: sets }, options: {
        scales: { x: timeAxis(loadSpan[0], loadSpan[1]), y: valueAxis('requests / s') },
        plugins: { tooltip: { callbacks: { title: tooltipTitle } },
          legend: { position: 'bottom', labels: { boxWidth: 14, filter: function (item) { return item.text !== 'forecast lower'; } } } } } });
    } else {
      missing('load-chart', 'No per-minute requests windows for this service: the load chart needs the percentile pipeline\u2019s output.');
    }

    // 2. Latency percentiles and error rate per hour.
    if (data.latency.length) {
      chart('latency-chart', { type: 'line', data: { datasets: [
        line('p50', COLORS.p50, xy(data.latency, 'p50')),
        line('p95', COLORS.p95, xy(data.latency, 'p95')),
        line('p99', COLORS.p99, xy(data.latency, 'p99')),
        line('error rate (%)', COLORS.errors, xy(data.latency, 'errorPercent'), { yAxisID: 'errors', borderWidth: 1, borderDash: [3, 3] })
      ] }, options: { scales: { x: timeAxis.apply(null, span([data.latency])), y: valueAxis('latency (ms)'),
        errors: valueAxis('errors (%)', { position: 'right', grid: { drawOnChartArea: false } }) },
        plugins: { tooltip: { callbacks: { title: tooltipTitle } } } } });
    } else {
      missing('latency-chart', 'No one-hour latency_ms windows yet: they appear when the pipeline closes its first full hour.');
    }

    // 3. Replicas over time, with the scaling commands that changed them.
    if (data.replicas.length || data.scaling.length) {
      var ups = data.scaling.filter(function (c) { return c.to > c.from; });
      var downs = data.scaling.filter(function (c) { return c.to < c.from; });
      var marker = function (c) { return { x: c.t, y: c.to, reason: c.reason, from: c.from }; };
      chart('replicas-chart', { type: 'line', data: { datasets: [
        line('replicas (hourly mean)', COLORS.replicas, xy(data.replicas, 'mean'), { stepped: true }),
        line('replicas (hourly max)', COLORS.replicas, xy(data.replicas, 'max'), { borderWidth: 1, borderDash: [2, 2], stepped: true }),
        { type: 'scatter', label: 'scale up', data: ups.map(marker), borderColor: COLORS.up, backgroundColor: COLORS.up,
          pointStyle: 'triangle', pointRadius: 4 },
        { type: 'scatter', label: 'scale down', data: downs.map(marker), borderColor: COLORS.down, backgroundColor: COLORS.down,
          pointStyle: 'triangle', rotation: 180, pointRadius: 4 }
      ] }, options: { scales: { x: timeAxis.apply(null, span([data.replicas, data.scaling])), y: valueAxis('replicas') },
        plugins: { tooltip: { callbacks: { title: tooltipTitle, label: function (item) {
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
          backgroundColor: COLORS.planRange, borderColor: COLORS.plan, borderWidth: 1 }
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
