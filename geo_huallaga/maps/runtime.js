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
  var C = {num: {group: ",", decimal: "."}, words: {}, title: "", subtitle: "", credit: "",
    strings: {year: "year", noFigure: "no figure for {year}", sources: "Sources", flight: "flight",
      yes: "yes", no: "no"}};
  var LBL = [], SMALL = 700;
  /* pop-ups pan clear of the title block and the right-hand panels (set in page()) */
  var PAD_TL = [10, 10], PAD_BR = [10, 10];
  function configure(o) { for (var k in o) { if (Object.prototype.hasOwnProperty.call(o, k)) { C[k] = o[k]; } } }
  function group3(s) { return s.replace(/\B(?=(\d{3})+(?!\d))/g, C.num.group); }
  function num(v, d) {
    /* d >= 0: that many decimals, thousands grouped; d < 0 (a column we know nothing of): up
       to 3 decimals, no grouping (it may be a year or a code) */
    var s = d >= 0 ? Math.abs(v).toFixed(d) : String(Math.round(Math.abs(v) * 1000) / 1000);
    var p = s.split(".");
    return (v < 0 ? "-" : "") + (d >= 0 ? group3(p[0]) : p[0]) + (p.length > 1 ? C.num.decimal + p[1] : "");
  }
  function word(v) { var s = String(v); return Object.prototype.hasOwnProperty.call(C.words, s) ? C.words[s] : s; }
  function show(spec, k, v) {
    var lab = spec.labels ? spec.labels[k] : null;
    if (typeof v === "number") { return lab ? num(v, lab[2]) + lab[1] : num(v, -1); }
    if (typeof v === "boolean") { return v ? C.strings.yes : C.strings.no; }
    return word(v);
  }
  function fmt(v) { return typeof v === "number" ? num(v, -1) : word(v); }
  function popup(spec, row, title) {
    var box = el("div", "gh-popup"), tb = el("table"), k;
    box.appendChild(el("div", "gh-popup-title", title));
    for (k = 0; k < spec.keys.length; k++) {
      if (row[k] === null || row[k] === undefined || row[k] === "" || k === spec.title ||
          k === spec.src || spec.keys[k].charAt(0) === "_" || (spec.labels && !spec.labels[k])) { continue; }
      var tr = el("tr"), td = el("td", typeof row[k] === "number" ? "gh-num" : null, show(spec, k, row[k]));
      tr.appendChild(el("th", null, spec.labels ? spec.labels[k][0] : spec.keys[k]));
      tr.appendChild(td);
      tb.appendChild(tr);
    }
    box.appendChild(tb);
    if (spec.src !== null && spec.src !== undefined && row[spec.src]) {
      box.appendChild(el("div", "gh-popup-src", C.strings.sources + ": " + row[spec.src]));
    }
    return box;
  }
  function tip(spec, row, i) {
    var parts = [], k, ch = spec.choropleth;
    for (k = 0; k < spec.tip.length; k++) {
      var v = row[spec.tip[k]];
      if (v !== null && v !== undefined && v !== "") { parts.push(show(spec, spec.tip[k], v)); }
    }
    if (ch && ch.year in ch.cols) {
      var x = row[ch.cols[ch.year]];
      parts.push(x === null || x === undefined ? C.strings.noFigure.replace("{year}", ch.year)
        : num(x, 0) + ch.unit + " (" + ch.year + ")");
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
    var cls = (st.cls || "gh-layer-") + spec.key, p, k, j;
    var opts = {renderer: renderer, className: cls};
    for (k in st) { if (Object.prototype.hasOwnProperty.call(st, k) && k !== "shape" && k !== "cls") { opts[k] = st[k]; } }
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
  function hookControls() {
    if (w.ghHuallaga._hooked) { return; }
    w.ghHuallaga._hooked = true;
    /* The layer control is written collapsed; on a screen wider than a phone it opens. */
    L.Control.Layers.addInitHook(function () {
      if (w.innerWidth > SMALL) { this.options.collapsed = false; }
      w.ghHuallaga.layerControl = this;
    });
  }
  function layer(spec) {
    hookControls();
    var group = L.featureGroup();
    /* credits counted per layer on screen: a layer switched off takes its credits away */
    group.on("add", function () {
      var a = group._map && group._map.attributionControl;
      for (var k = 0; a && k < spec.credits.length; k++) { a.addAttribution(spec.credits[k]); }
    });
    group.on("remove", function () {
      var mp = group._map || group._mapToAdd, a = mp && mp.attributionControl;
      for (var k = 0; a && k < spec.credits.length; k++) { a.removeAttribution(spec.credits[k]); }
    });
    var n = spec.types.length, i, f, drawn = 0, dk, du, dj;
    for (dk in spec.dicts || {}) {  /* texts written once in Python: put them back */
      du = spec.dicts[dk]; dj = +dk;
      for (i = 0; i < n; i++) { if (typeof spec.rows[i][dj] === "number") { spec.rows[i][dj] = du[spec.rows[i][dj]]; } }
    }
    var renderer = spec.canvas ? L.canvas({padding: 0.5}) : L.svg();
    var titleCol = spec.title;
    group._ghFeatures = [];
    for (i = 0; i < n; i++) {
      var row = spec.rows[i];
      f = draw(spec, i, row, renderer);
      if (f === null) { continue; }
      (function (row, i) {
        var title = titleCol === null ? spec.name : row[titleCol];
        f.bindPopup(function () { return popup(spec, row, title); }, {minWidth: 240, maxWidth: 380,
          autoPanPaddingTopLeft: PAD_TL, autoPanPaddingBottomRight: PAD_BR});
        f.bindTooltip(tip(spec, row, i), {sticky: spec.types.charAt(i) !== "P"});
      })(row, i);
      f._ghRow = row;
      f._ghIndex = i;
      if (spec.label && spec.label.at[i]) {
        var text = spec.label.text ? spec.label.text[i] : (titleCol === null ? "" : row[titleCol]);
        if (text) {
          LBL.push({text: String(text), ll: spec.label.at[i], kind: spec.label.kind, group: group,
            pr: spec.label.priority, rank: spec.label.rank ? spec.label.rank[i] : 0, idx: LBL.length,
            min: spec.label.min, max: spec.label.max || 99,
            r: spec.radiusCol === null ? 0 : row[spec.radiusCol]});
        }
      }
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
        var f = g._ghFeatures[k];
        f.setStyle({fillColor: colorFor(g._ghSpec.choropleth, f._ghRow[g._ghSpec.choropleth.cols[year]])});
        f.setTooltipContent(tip(g._ghSpec, f._ghRow, f._ghIndex));
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
        sel.setAttribute("aria-label", C.strings.year);
        for (var k = 0; k < years.length; k++) {
          var o = el("option", null, years[k]); o.value = years[k];
          if (years[k] === year) { o.selected = true; }
          sel.appendChild(o);
        }
        sel.addEventListener("change", function () { setYear(sel.value); });
        slot.appendChild(sel);
      }
      var det = div.querySelector("details");
      /* on a phone the legend starts closed; on paper (the print page marks <html>) never */
      if (det && w.innerWidth <= SMALL && !document.documentElement.classList.contains("gh-print")) {
        det.removeAttribute("open");
      }
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    return c.addTo(map);
  }
  function cornerWidth(map, names) {
    /* the widest panel in these corners (the attribution line is not a panel) */
    var out = 0, k, j, c;
    for (k = 0; k < names.length; k++) {
      c = map._controlCorners[names[k]];
      for (j = 0; c && j < c.children.length; j++) {
        if (!/attribution/.test(c.children[j].className)) { out = Math.max(out, c.children[j].offsetWidth); }
      }
    }
    return out;
  }
  function fit(map) {
    /* Fit the box of zones, airstrips and corridors in the part of the map the panels leave
       free: a panel narrower than 40 % of the map pads from its side, a wider one (the title
       on a phone) from above or below. The attribution line is not a panel. */
    if (!C.bounds) { return; }
    var size = map.getSize(), pad = {left: 10, right: 10, top: 10, bottom: 10}, names = ["topleft",
      "topright", "bottomleft", "bottomright"], k, j, c, e, side, top;
    for (k = 0; k < names.length; k++) {
      c = map._controlCorners[names[k]];
      side = names[k].indexOf("left") >= 0 ? "left" : "right";
      top = names[k].indexOf("top") === 0;
      for (j = 0; c && j < c.children.length; j++) {
        e = c.children[j];
        if (/attribution|scale/.test(e.className)) { continue; }
        if (e.offsetWidth > 0.4 * size.x) {
          if (top) { pad.top = Math.max(pad.top, e.offsetTop + e.offsetHeight + 10); }
          else { pad.bottom = Math.max(pad.bottom, c.offsetHeight - e.offsetTop + 10); }
        } else {
          pad[side] = Math.max(pad[side], e.offsetWidth + 20);
        }
      }
    }
    map.fitBounds(C.bounds, {paddingTopLeft: [pad.left, pad.top],
      paddingBottomRight: [pad.right, pad.bottom], animate: false});
  }
  function boxesOf(map, selector) {
    var out = [], mr = map.getContainer().getBoundingClientRect(), list = map.getContainer()
      .querySelectorAll(selector), k, r;
    for (k = 0; k < list.length; k++) {
      r = list[k].getBoundingClientRect();
      if (r.width > 0) { out.push([r.left - mr.left, r.top - mr.top, r.right - mr.left, r.bottom - mr.top]); }
    }
    return out;
  }
  function overlaps(a, boxes) {
    for (var k = 0; k < boxes.length; k++) {
      var b = boxes[k];
      if (a[0] < b[2] + 2 && a[2] + 2 > b[0] && a[1] < b[3] + 2 && a[3] + 2 > b[1]) { return true; }
    }
    return false;
  }
  function placeLabels(map) {
    /* Collision culling: in order of importance, a label is shown only where it overlaps no
       label already shown and no panel, inside the view, from its zoom on. */
    var pane = map.getPane("ghLabels"), z = map.getZoom(), size = map.getSize(),
      boxes = boxesOf(map, ".leaflet-control"), icons = boxesOf(map, ".leaflet-marker-pane > *"),
      dots = boxesOf(map, ".leaflet-overlay-pane path.gh-layer-places"), placed = [], k, l, p, tries, t, box, ok;
    /* what a label must not cover: the panels and marker icons; a place's label neither the
       other places' dots */
    /* the ends of the corridors are the key places: named before the zones, even over an icon */
    function key(l) { return l.kind === "point" && l.rank === 0; }
    function pr(l) { return key(l) ? 1.5 : l.pr; }
    var list = LBL.slice().sort(function (a, b) { return pr(a) - pr(b) || a.rank - b.rank || a.idx - b.idx; });
    for (k = 0; k < list.length; k++) {
      l = list[k];
      if (!l.el) {
        l.el = el("div", "gh-label gh-label-" + l.kind, l.text);
        pane.appendChild(l.el);
        l.w = l.el.offsetWidth; l.h = l.el.offsetHeight;
      }
      l.el.style.display = "none";
      if (z < l.min || z > l.max || !map.hasLayer(l.group)) { continue; }
      p = map.latLngToContainerPoint(l.ll);
      if (l.kind === "point") {
        tries = [[p.x + 10, p.y - l.h / 2], [p.x - 10 - l.w, p.y - l.h / 2], [p.x - l.w / 2, p.y - 10 - l.h], [p.x - l.w / 2, p.y + 10]];
      } else if (l.kind === "circle") {
        /* under or over the circle's edge (its radius in pixels at this latitude and zoom) */
        var rpx = l.r / (40075016.686 * Math.cos(l.ll[0] * Math.PI / 180) / Math.pow(2, z + 8));
        tries = [[p.x - l.w / 2, p.y + rpx + 3], [p.x - l.w / 2, p.y - rpx - 3 - l.h],
          [p.x - l.w / 2, p.y + 6], [p.x + 14, p.y - l.h / 2], [p.x - 14 - l.w, p.y - l.h / 2]];
      } else {
        tries = [[p.x - l.w / 2, p.y - l.h / 2], [p.x - l.w / 2, p.y - 1.5 * l.h], [p.x - l.w / 2, p.y + 0.5 * l.h]];
      }
      ok = false;
      for (t = 0; t < tries.length && !ok; t++) {
        box = [tries[t][0], tries[t][1], tries[t][0] + l.w, tries[t][1] + l.h];
        if (box[0] < 0 || box[1] < 0 || box[2] > size.x || box[3] > size.y) { continue; }
        if (overlaps(box, boxes) || overlaps(box, placed) || (!key(l) && overlaps(box, icons)) ||
            (l.kind === "point" && overlaps(box, dots))) { continue; }
        ok = true;
      }
      if (!ok) { continue; }
      placed.push(box);
      L.DomUtil.setPosition(l.el, map.containerPointToLayerPoint([box[0], box[1]]));
      l.el.style.display = "";
    }
    w.ghHuallaga.shownLabels = placed.length;
  }
  function titleBlock(map) {
    if (!C.title && !C.subtitle && !C.credit) { return; }
    var c = L.control({position: "topleft"});
    c.onAdd = function () {
      var div = L.DomUtil.create("div", "gh-title leaflet-bar");
      if (C.title) { div.appendChild(el("h1", null, C.title)); }
      if (C.subtitle) { div.appendChild(el("p", "gh-sub", C.subtitle)); }
      if (C.credit) { div.appendChild(el("p", "gh-credit", C.credit)); }
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    c.addTo(map);
    var corner = map._controlCorners.topleft;
    corner.insertBefore(c.getContainer(), corner.firstChild);
  }
  function controlTitles(map) {
    /* the buttons' hover titles in the map's language */
    var c = map.getContainer(), pairs = [[".leaflet-control-zoom-in", "zoomIn"],
      [".leaflet-control-zoom-out", "zoomOut"], [".leaflet-control-measure-toggle", "measure"]], k, e;
    for (k = 0; k < pairs.length; k++) {
      e = c.querySelector(pairs[k][0]);
      if (e && C.strings[pairs[k][1]]) { e.title = C.strings[pairs[k][1]]; e.setAttribute("aria-label", C.strings[pairs[k][1]]); }
    }
  }
  function page(map) {
    hookControls();
    controlTitles(map);
    titleBlock(map);
    fit(map);
    var first = map._controlCorners.topleft.firstChild;  /* the title block */
    PAD_TL[1] = first ? first.offsetTop + first.offsetHeight + 10 : 10;
    PAD_BR[0] = cornerWidth(map, ["topright", "bottomright"]) + 10;
    var pane = map.createPane("ghLabels");
    pane.className += " gh-labels";
    pane.style.zIndex = 620;  /* above the marker icons (600), under tooltips and pop-ups */
    map.on("zoomstart", function () { pane.style.display = "none"; });
    map.on("zoomend", function () { pane.style.display = ""; });
    map.on("moveend overlayadd overlayremove resize", function () { placeLabels(map); });
    placeLabels(map);
  }
  w.ghHuallaga = {layer: layer, legend: legend, setYear: setYear, decode: dec, configure: configure,
    page: page, placeLabels: placeLabels, labels: LBL, drawn: {}, layers: {}};
})(window);
