/* geo_huallaga map runtime (MIT). Draws the compact layers maps.py writes: geometries as
   Google-polyline strings at 1e-5 degrees, properties as a column table. Every property is
   put in the page with textContent, never as HTML. L is only used inside functions. */
(function (w) {
  "use strict";
  function dec(s) {
    var i = 0, lat = 0, lon = 0, out = [], n = s.length, b, sh, r;
    while (i < n) {
      sh = 0; r = 0;
      do { b = s.charCodeAt(i++) - 63; r |= (b & 31) << sh; sh += 5; } while (b >= 32);
      lat += (r & 1) ? ~(r >> 1) : (r >> 1);
      sh = 0; r = 0;
      do { b = s.charCodeAt(i++) - 63; r |= (b & 31) << sh; sh += 5; } while (b >= 32);
      lon += (r & 1) ? ~(r >> 1) : (r >> 1);
      out.push([lat / 1e5, lon / 1e5]);
    }
    return out;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function fmt(v) {
    if (typeof v === "number") { return String(Math.round(v * 1000) / 1000); }
    return String(v);
  }
  function popup(spec, row, title) {
    var box = el("div", "gh-popup"), tb = el("table"), k;
    box.appendChild(el("div", "gh-popup-title", title));
    for (k = 0; k < spec.keys.length; k++) {
      if (row[k] === null || row[k] === undefined || row[k] === "" || k === spec.title ||
          spec.keys[k].charAt(0) === "_") { continue; }
      var tr = el("tr");
      tr.appendChild(el("th", null, spec.keys[k]));
      tr.appendChild(el("td", null, fmt(row[k])));
      tb.appendChild(tr);
    }
    box.appendChild(tb);
    return box;
  }
  function tip(spec, row, i) {
    var parts = [], k;
    for (k = 0; k < spec.tip.length; k++) {
      var v = row[spec.tip[k]];
      if (v !== null && v !== undefined && v !== "") { parts.push(fmt(v)); }
    }
    if (spec.tipExtra && spec.tipExtra[i]) { parts.push(spec.tipExtra[i]); }
    return el("span", null, parts.join(" \u00b7 "));
  }
  function colorFor(ch, v) {
    if (v === null || v === undefined) { return ch.nodata; }
    for (var k = 0; k < ch.breaks.length; k++) { if (v <= ch.breaks[k]) { return ch.colors[k]; } }
    return ch.colors[ch.colors.length - 1];
  }
  function styleFor(spec, row) {
    var st = spec.styles[spec.cat === null ? "*" : String(row[spec.cat])] || spec.styles["*"];
    var o = {}, k;
    for (k in st) { if (Object.prototype.hasOwnProperty.call(st, k)) { o[k] = st[k]; } }
    if (spec.choropleth) {
      o.fillColor = colorFor(spec.choropleth, row[spec.choropleth.cols[spec.choropleth.year]]);
    }
    return o;
  }
  function draw(spec, i, row, renderer) {
    var t = spec.types.charAt(i), g = spec.geom[i], st = styleFor(spec, row);
    var cls = "gh-layer-" + spec.key, p, k, j;
    var opts = {renderer: renderer, className: cls};
    for (k in st) { if (Object.prototype.hasOwnProperty.call(st, k) && k !== "shape") { opts[k] = st[k]; } }
    if (t === "A") {
      p = [];
      for (k = 0; k < g.length; k++) { var rings = []; for (j = 0; j < g[k].length; j++) { rings.push(dec(g[k][j])); } p.push(rings); }
      return L.polygon(p, opts);
    }
    if (t === "L") {
      p = [];
      for (k = 0; k < g.length; k++) { p.push(dec(g[k])); }
      return L.polyline(p, opts);
    }
    if (t === "P") {
      if (st.shape === "marker") {
        return L.marker(g, {icon: L.AwesomeMarkers.icon({icon: st.icon, prefix: "fa",
          markerColor: st.markerColor, iconColor: "white", className: "awesome-marker " + cls})});
      }
      if (st.shape === "circle") {
        opts.radius = row[spec.radiusCol];
        return L.circle(g, opts);
      }
      return L.circleMarker(g, opts);
    }
    return null;
  }
  function layer(spec) {
    var group = L.featureGroup(), n = spec.types.length, i, f, drawn = 0;
    var renderer = spec.canvas ? L.canvas({padding: 0.5}) : L.svg();
    var titleCol = spec.title;
    group._ghFeatures = [];
    for (i = 0; i < n; i++) {
      var row = spec.rows[i];
      f = draw(spec, i, row, renderer);
      if (f === null) { continue; }
      (function (row, i) {
        var title = titleCol === null ? spec.name : row[titleCol];
        f.bindPopup(function () { return popup(spec, row, title); }, {minWidth: 240, maxWidth: 380});
        f.bindTooltip(tip(spec, row, i), {sticky: spec.types.charAt(i) !== "P"});
      })(row, i);
      f._ghRow = row;
      group.addLayer(f);
      group._ghFeatures.push(f);
      drawn++;
    }
    group._ghSpec = spec;
    w.ghHuallaga.drawn[spec.key] = drawn;
    w.ghHuallaga.layers[spec.key] = group;
    return group;
  }
  function setYear(year) {
    var name, g, k;
    for (name in w.ghHuallaga.layers) {
      g = w.ghHuallaga.layers[name];
      if (!g._ghSpec.choropleth || !(year in g._ghSpec.choropleth.cols)) { continue; }
      g._ghSpec.choropleth.year = year;
      for (k = 0; k < g._ghFeatures.length; k++) {
        g._ghFeatures[k].setStyle({fillColor: colorFor(g._ghSpec.choropleth,
          g._ghFeatures[k]._ghRow[g._ghSpec.choropleth.cols[year]])});
      }
    }
    var lab = document.getElementById("gh-legend-year-label");
    if (lab) { lab.textContent = year; }
  }
  function legend(map, html, years, year) {
    var c = L.control({position: "bottomright"});
    c.onAdd = function () {
      var div = L.DomUtil.create("div", "gh-legend leaflet-bar");
      div.innerHTML = html;  /* built and escaped in Python (maps.py) */
      var slot = div.querySelector("#gh-legend-year-select");
      if (slot && years.length > 1) {
        var sel = el("select");
        sel.setAttribute("aria-label", "year");
        for (var k = 0; k < years.length; k++) {
          var o = el("option", null, years[k]); o.value = years[k];
          if (years[k] === year) { o.selected = true; }
          sel.appendChild(o);
        }
        sel.addEventListener("change", function () { setYear(sel.value); });
        slot.appendChild(sel);
      }
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    return c.addTo(map);
  }
  w.ghHuallaga = {layer: layer, legend: legend, setYear: setYear, decode: dec, drawn: {}, layers: {}};
})(window);
