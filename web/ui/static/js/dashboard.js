// The dashboard's charts: each <div data-chart=ID> is drawn with the
// vendored ECharts from the JSON the page carries (the same numbers as the
// table beside it). Bars carry patterns (ECharts decals) as well as
// colours and lines differ by dash and symbol, so a black-and-white print
// still tells the series apart. A click on a bar or point opens the list
// behind it; the toolbox saves a chart as PNG.
(function () {
  'use strict';
  var data = document.getElementById('dashboard-charts');
  if (!data || !window.echarts) return;
  var charts = JSON.parse(data.textContent || '[]');
  // Colours of distinct lightness, so they stay apart in grey as well.
  var palette = ['#1f4e79', '#e69f00', '#5b9b3a', '#b0b0b0', '#8c2d04', '#56b4e9'];
  var drawn = [];

  function option(c) {
    var horizontal = c.kind === 'hbar';
    var line = c.kind === 'line';
    var cat = { type: 'category', data: c.categories, axisLabel: { interval: line ? 'auto' : 0, hideOverlap: true } };
    if (!horizontal && !line && c.categories.length > 4) cat.axisLabel.rotate = 30;
    var val = { type: 'value', minInterval: 1, name: c.unit };
    var series = c.series.map(function (s, i) {
      var x = { name: s.name, type: line ? 'line' : 'bar', data: s.values };
      if (line) {
        x.symbol = ['circle', 'triangle', 'rect'][i % 3];
        x.lineStyle = { type: i === 0 ? 'solid' : 'dashed', width: 2 };
      } else {
        x.label = { show: c.categories.length <= 12, position: horizontal ? 'right' : 'top' };
        if (c.kind === 'stack' && s.name.indexOf('上年') < 0) {
          x.stack = 'all';
          x.label.show = false;
        }
      }
      return x;
    });
    return {
      color: palette,
      animation: false,
      aria: { enabled: true, decal: { show: true } },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0, type: 'scroll', right: 40 },
      tooltip: { trigger: 'axis' },
      toolbox: { right: 0, top: 0, feature: { saveAsImage: { title: '下载 PNG', name: c.title, pixelRatio: 2, backgroundColor: '#fff' } } },
      xAxis: horizontal ? val : cat,
      yAxis: horizontal ? Object.assign({}, cat, { inverse: true }) : val,
      series: series
    };
  }

  document.querySelectorAll('[data-chart]').forEach(function (el) {
    var c = charts.find(function (x) { return x.id === el.dataset.chart; });
    if (!c) return;
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(option(c));
    chart.on('click', function (p) {
      var s = c.series[p.seriesIndex];
      var href = s && s.links && s.links[p.dataIndex];
      if (href) window.location.href = href;
    });
    drawn.push(chart);
  });

  function resize() { drawn.forEach(function (c) { c.resize(); }); }
  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', resize);
  window.addEventListener('afterprint', resize);
  document.querySelectorAll('[data-print]').forEach(function (b) {
    b.addEventListener('click', function () { window.print(); });
  });
})();
