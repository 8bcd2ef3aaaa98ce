// The service map (服务地图): draws the GeoJSON the page carries in
// data-map with ECharts — boundaries coloured by the open files they
// hold, stations, points, counts where no boundary exists, region names,
// and (for a station's own map only) her people — and adds printing and a
// PNG download that carry the title, the date, the legend and the 示意图
// mark. Without a script the page still has the table below the map.
(function () {
  var el = document.getElementById("map");
  if (!el || !window.echarts) return;
  var fc = JSON.parse(el.getAttribute("data-map"));
  var feats = fc.features || [];
  var layer = function (name) { return feats.filter(function (f) { return f.properties.layer === name; }); };
  var shapes = layer("boundary");
  var names = {};
  (fc.counted || []).forEach(function (c) { names[c.code] = c.name; });

  // The box of everything drawn, with a margin.
  var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  function grow(p) { minX = Math.min(minX, p[0]); maxX = Math.max(maxX, p[0]); minY = Math.min(minY, p[1]); maxY = Math.max(maxY, p[1]); }
  feats.forEach(function (f) {
    var g = f.geometry;
    if (g.type === "Point") grow(g.coordinates);
    else g.coordinates.forEach(function (poly) { poly.forEach(function (ring) { ring.forEach(grow); }); });
  });
  if (!isFinite(minX)) {
    el.classList.add("map-empty");
    el.textContent = "这里还没有可以画在地图上的内容：社工站、社工点没有登记坐标，也没有导入边界。";
    return;
  }
  var padX = Math.max((maxX - minX) * 0.08, 0.01), padY = Math.max((maxY - minY) * 0.08, 0.01);
  minX -= padX; maxX += padX; minY -= padY; maxY += padY;
  // A frame the size of the box, drawn invisible, so that a map with no
  // boundaries still has a plain background to place markers on.
  var frame = { type: "Feature", properties: { name: "__frame" },
    geometry: { type: "Polygon", coordinates: [[[minX, minY], [maxX, minY], [maxX, maxY], [minX, maxY], [minX, minY]]] } };
  echarts.registerMap("sb-view", { type: "FeatureCollection", features: [frame].concat(shapes.map(function (f) {
    return { type: "Feature", properties: { name: f.properties.code }, geometry: f.geometry };
  })) });

  var open = {};
  shapes.forEach(function (f) { if (f.properties.open !== undefined) open[f.properties.code] = f.properties.open; });
  var maxOpen = 1;
  shapes.concat(layer("count")).forEach(function (f) { maxOpen = Math.max(maxOpen, f.properties.open || 0); });
  var hasCounts = shapes.some(function (f) { return f.properties.open !== undefined; }) || layer("count").length > 0;
  var pt = function (f, extra) {
    var d = { name: f.properties.name, value: f.geometry.coordinates.concat([f.properties.open || 0]), props: f.properties };
    for (var k in extra) d[k] = extra[k];
    return d;
  };
  var midLat = (minY + maxY) / 2;

  var series = [
    { type: "map", name: "服务对象人数", geoIndex: 0,
      data: shapes.map(function (f) { return { name: f.properties.code, value: f.properties.open || 0, props: f.properties }; }) },
    { type: "scatter", name: "区划名称", coordinateSystem: "geo", symbolSize: 0, silent: true, z: 3,
      data: layer("label").map(function (f) { return pt(f); }),
      label: { show: true, formatter: "{b}", color: "#555", fontSize: 12 } },
    { type: "scatter", name: "服务对象人数（按站点位置）", coordinateSystem: "geo", z: 4,
      data: layer("count").map(function (f) { return pt(f); }),
      symbolSize: function (v) { return 14 + 26 * Math.sqrt((v[2] || 0) / maxOpen); },
      itemStyle: { color: "rgba(47,109,179,.55)", borderColor: "#2f6db3" },
      label: { show: true, formatter: function (p) { return p.data.props.name + "\n" + (p.data.props.open || 0) + " 人"; }, color: "#1d3b66", fontSize: 11, position: "right" } },
    { type: "scatter", name: "社工站", coordinateSystem: "geo", symbol: "rect", symbolSize: 11, z: 6, itemStyle: { color: "#c2410c" },
      data: layer("station").map(function (f) { return pt(f, { itemStyle: { color: f.properties.status === "built" ? "#c2410c" : "#fff", borderColor: "#c2410c", borderWidth: 2 } }); }) },
    { type: "scatter", name: "社工点", coordinateSystem: "geo", symbol: "circle", symbolSize: 7, z: 5, itemStyle: { color: "#15803d" },
      data: layer("point").map(function (f) { return pt(f, { itemStyle: { color: f.properties.status === "built" ? "#15803d" : "#fff", borderColor: "#15803d", borderWidth: 1.5 } }); }) }
  ];
  if (fc.people) {
    series.push({ type: "scatter", name: "服务对象", coordinateSystem: "geo", symbol: "circle", symbolSize: 6, z: 7, itemStyle: { color: "#7c3aed" },
      data: layer("beneficiary").map(function (f) { return pt(f, { itemStyle: { color: f.properties.overdue ? "#dc2626" : "#7c3aed" } }); }) });
  }

  var chart = echarts.init(el, null, { renderer: "canvas" });
  var option = {
    backgroundColor: "#fff",
    animation: false,
    title: { text: el.getAttribute("data-title"), subtext: el.getAttribute("data-date"), left: "center", top: 6,
      textStyle: { fontSize: 16 }, subtextStyle: { color: "#555" } },
    // The mark every view, print and picture carries.
    graphic: [{ type: "group", right: 14, top: 12, children: [
      { type: "rect", shape: { width: 66, height: 30 }, style: { fill: "#fff", stroke: "#b42318", lineWidth: 2 } },
      { type: "text", left: 9, top: 5, style: { text: "示意图", fill: "#b42318", font: "bold 17px sans-serif" } }
    ] }],
    tooltip: { trigger: "item", formatter: function (p) {
      var d = p.data && p.data.props;
      if (!d) return "";
      switch (d.layer) {
        case "boundary": case "count": return d.name + "<br>在册服务对象 " + (d.open || 0) + " 人，逾期未探访 " + (d.overdue || 0) + " 人";
        case "station": case "point": return d.name + "<br>" + d.status_label;
        case "beneficiary": return d.name + "<br>" + d.level_label + (d.overdue ? "，逾期未探访" : "") + (d.next_due ? "<br>应访日期 " + d.next_due : "");
      }
      return d.name || "";
    } },
    legend: { bottom: 6, left: "center", data: series.filter(function (s) { return s.type === "scatter" && s.data.length && s.name !== "区划名称"; }).map(function (s) { return s.name; }) },
    geo: { map: "sb-view", roam: true, aspectScale: Math.cos(midLat * Math.PI / 180),
      boundingCoords: [[minX, maxY], [maxX, minY]], top: 70, bottom: 50, left: 20, right: 20,
      // Each region's name, and its count where counts are drawn: the
      // printed map reads without the table.
      // A county's two hundred villages would bury each other's names:
      // past 40 regions the names show on hover only (and in the table).
      label: { show: shapes.length <= 40, color: "#1f2937", fontSize: 11, fontWeight: "bold", textBorderColor: "#fff", textBorderWidth: 2,
        formatter: function (p) { var o = open[p.name]; return (names[p.name] || "") + (o ? "\n" + o + " 人" : ""); } },
      itemStyle: { areaColor: "#f4f6f8", borderColor: "#8a94a3", borderWidth: 0.8 },
      emphasis: { itemStyle: { areaColor: "#ffe9a8" }, label: { show: true, color: "#000" } },
      select: { disabled: true },
      regions: [{ name: "__frame", silent: true, itemStyle: { opacity: 0 }, label: { show: false }, emphasis: { disabled: true }, tooltip: { show: false } }] },
    series: series
  };
  if (hasCounts && shapes.length) {
    option.visualMap = { type: "continuous", seriesIndex: 0, min: 0, max: maxOpen, left: 10, bottom: 40, text: ["在册人数多", "少"],
      calculable: false, itemHeight: 100, inRange: { color: ["#eef4fb", "#9cc0e6", "#2f6db3"] } };
  }
  chart.setOption(option);

  chart.on("click", function (p) {
    var d = p.data && p.data.props;
    if (!d) return;
    var to = { station: "/stations/", point: "/points/", beneficiary: "/beneficiaries/" }[d.layer];
    if (to) { window.location.href = to + d.id; return; }
    if ((d.layer === "boundary" || d.layer === "count") && d.code.length < 12) {
      var params = new URLSearchParams(window.location.search);
      params.set("region", d.code);
      window.location.href = "/map?" + params.toString();
    }
  });
  window.addEventListener("resize", function () { chart.resize(); });
  window.addEventListener("beforeprint", function () { chart.resize(); });
  window.addEventListener("afterprint", function () { chart.resize(); });

  var printBtn = document.querySelector("[data-map-print]");
  if (printBtn) printBtn.addEventListener("click", function () { window.print(); });
  var pngBtn = document.querySelector("[data-map-png]");
  if (pngBtn) pngBtn.addEventListener("click", function () {
    var a = document.createElement("a");
    a.href = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
    a.download = (el.getAttribute("data-title") || "服务地图") + "（示意图）.png";
    document.body.appendChild(a);
    a.click();
    a.remove();
  });
  el.setAttribute("data-ready", "1"); // for the browser journeys
})();
