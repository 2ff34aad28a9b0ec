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

  function draw(chart) {
    var target = document.getElementById('chart-' + chart.id);
    if (!target) {
      throw new Error('no element for chart ' + chart.id);
    }
    var small = target.classList.contains('small');
    var options = {
      width: small ? 220 : 520,
      height: small ? 60 : 200,
      legend: { show: !small },
      cursor: { show: !small },
      scales: { x: { time: true } },
      axes: small ? [{ show: false }, { show: false }] : [{}, { size: 60, values: function (u, ticks) { return ticks.map(formatValue); } }],
      series: [
        { label: 'time' },
        {
          label: chart.label,
          stroke: COLOURS.line,
          fill: COLOURS.fill,
          width: 2,
          points: { show: true, size: small ? 4 : 6 },
          value: function (u, v) { return formatValue(v); }
        }
      ]
    };
    new uPlot(options, [chart.x, chart.y], target);
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
    }
    document.body.setAttribute('data-charts-rendered', String(drawn));
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', drawAll);
  } else {
    drawAll();
  }
})();
