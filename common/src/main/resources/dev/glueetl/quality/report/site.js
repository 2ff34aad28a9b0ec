/*
 * The quality report site's script: draws the charts whose data the page embeds (JSON in #quality-data) with uPlot,
 * and says on <body> what happened, so a headless browser test (and a curious reader) can check it:
 *   data-charts-rendered="N"   charts drawn
 *   data-script-errors="N"     script errors and console.error calls seen on this page (messages in
 *                              data-script-error-messages)
 * Loaded first in <head>, so it also sees errors of uPlot itself. No network: everything is in this folder.
 */
(function () {
  'use strict';
  var errors = [];

  function showErrors() {
    if (document.body) {
      document.body.setAttribute('data-script-errors', String(errors.length));
      document.body.setAttribute('data-script-error-messages', errors.join('\n'));
    }
  }

  function record(message) {
    errors.push(String(message));
    showErrors();
  }

  window.addEventListener('error', function (event) {
    record((event.message || 'error') + (event.filename ? ' (' + event.filename + ':' + event.lineno + ')' : ''));
  });
  window.addEventListener('unhandledrejection', function (event) {
    record('unhandled rejection: ' + event.reason);
  });
  var consoleError = console.error;
  console.error = function () {
    record('console.error: ' + Array.prototype.join.call(arguments, ' '));
    return consoleError.apply(console, arguments);
  };

  var COLOURS = { line: '#1a73e8', fill: 'rgba(26,115,232,0.08)' };

  function formatValue(value) {
    if (value == null) {
      return '';
    }
    return Math.abs(value) >= 1e6 || value === Math.round(value) ? String(value) : value.toPrecision(6).replace(/\.?0+$/, '');
  }

  /**
   * The x range: the runs with a little room, or a day either side of a single run. Computed from the data itself:
   * uPlot widens a single point's range by years before asking.
   */
  function timeRange(xs) {
    if (xs.length === 0) {
      return [0, 1];
    }
    var min = Math.min.apply(null, xs);
    var max = Math.max.apply(null, xs);
    if (min === max) {
      return [min - 86400, max + 86400];
    }
    var pad = (max - min) * 0.04;
    return [min - pad, max + pad];
  }

  function pad2(n) {
    return (n < 10 ? '0' : '') + n;
  }

  function formatTime(seconds) {
    var d = new Date(seconds * 1000);
    return d.getUTCFullYear() + '-' + pad2(d.getUTCMonth() + 1) + '-' + pad2(d.getUTCDate()) + ' ' + pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes()) + ' UTC';
  }

  function draw(chart) {
    var target = document.getElementById('chart-' + chart.id);
    if (!target) {
      throw new Error('no element for chart ' + chart.id);
    }
    var small = target.classList.contains('small');
    // what the cursor points at (run, time, value), as text: nothing of the data becomes markup
    var readout = document.createElement('div');
    readout.className = 'readout';
    var xRange = timeRange(chart.x);
    var options = {
      width: small ? 220 : 520,
      height: small ? 60 : 200,
      legend: { show: false },
      // axis labels in UTC, as every time on the pages
      tzDate: function (seconds) { return uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'); },
      cursor: { show: !small, y: false },
      scales: { x: { time: true, range: function () { return xRange; } }, y: chart.unitInterval ? { range: [0, 1] } : {} },
      axes: small ? [{ show: false }, { show: false }] : [{}, { size: 60, values: function (u, ticks) { return ticks.map(formatValue); } }],
      series: [{}, { label: chart.label, stroke: COLOURS.line, fill: COLOURS.fill, width: 2, points: { show: true, size: small ? 4 : 6 } }],
      hooks: {
        setCursor: [
          function (u) {
            var i = u.cursor.idx;
            readout.textContent = i == null ? '\u00a0' : chart.runs[i] + ' \u00b7 ' + formatTime(chart.x[i]) + ' \u00b7 ' + formatValue(chart.y[i]);
          }
        ]
      }
    };
    new uPlot(options, [chart.x, chart.y], target);
    if (!small) {
      readout.textContent = '\u00a0';
      target.appendChild(readout);
    }
  }

  /** A small bar chart of a column's top values (profiles page): one bar per value, its label under it. */
  function drawBars(chart) {
    var target = document.getElementById('chart-' + chart.id);
    if (!target) {
      throw new Error('no element for chart ' + chart.id);
    }
    var xs = chart.counts.map(function (_, i) { return i; });
    var options = {
      width: 260,
      height: 100,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.5, xs.length - 0.5] }, y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
      axes: [
        { size: 26, gap: 2, space: 10, splits: function () { return xs; }, values: function () { return chart.labels.map(function (l) { return l.length > 8 ? l.slice(0, 7) + '\u2026' : l; }); } },
        // counts are whole numbers: no 0.5 ticks
        { size: 40, space: 20, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10], values: function (u, ticks) { return ticks.map(formatValue); } }
      ],
      series: [{}, { label: 'rows', stroke: COLOURS.line, fill: 'rgba(26,115,232,0.35)', width: 1, points: { show: false }, paths: uPlot.paths.bars({ size: [0.7] }) }]
    };
    new uPlot(options, [xs, chart.counts], target);
  }

  function drawAll() {
    showErrors();
    var drawn = 0;
    var data = document.getElementById('quality-data');
    if (data) {
      var charts = JSON.parse(data.textContent).charts;
      for (var i = 0; i < charts.length; i++) {
        try {
          draw(charts[i]);
          drawn++;
        } catch (e) {
          record('chart ' + charts[i].id + ': ' + (e && e.message ? e.message : e));
        }
      }
      var bars = JSON.parse(data.textContent).bars || [];
      for (var b = 0; b < bars.length; b++) {
        try {
          drawBars(bars[b]);
          drawn++;
        } catch (e) {
          record('chart ' + bars[b].id + ': ' + (e && e.message ? e.message : e));
        }
      }
    }
    document.body.setAttribute('data-charts-rendered', String(drawn));
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', drawAll);
  } else {
    drawAll();
  }
})();
