/* sco-kg query page: YASQE editor, example gallery, results as table / timeline / graph.
 *
 * Everything the page shows is built with DOM calls (textContent, setAttribute), never with
 * innerHTML, because result values are untrusted news text. Links are made only from http(s)
 * IRIs; IRIs minted by the graph go to this server's own entity pages. Nothing is requested
 * from any host but this one. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("query-config").textContent);
  var examples = JSON.parse(document.getElementById("examples-data").textContent);
  var textarea = document.getElementById("query-text");
  var form = document.getElementById("query-form");
  var results = document.getElementById("results");
  var status = document.getElementById("status");
  var views = { table: document.getElementById("view-table"),
                timeline: document.getElementById("view-timeline"),
                graph: document.getElementById("view-graph") };
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var DATE_TYPES = [XSD + "date", XSD + "dateTime", XSD + "gYear", XSD + "gYearMonth"];
  var LABEL = "http://www.w3.org/2000/01/rdf-schema#label";
  var MAX_LITERAL = 240;  // longer texts are cut in the table (whole in the tooltip and downloads)
  var editor = null;

  // -- the editor ------------------------------------------------------------------------

  if (window.Yasqe) {
    // Only completers that need no other host: LOV's property/class look-ups are left out.
    window.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
    var holder = document.createElement("div");
    holder.className = "yasqe-holder";
    textarea.parentNode.insertBefore(holder, textarea);
    textarea.hidden = true;
    editor = new window.Yasqe(holder, {
      value: textarea.value, persistenceId: null, consumeShareLink: null,
      createShareableLink: null, showQueryButton: false, resizeable: true,
      editorHeight: "320px", prefixCcApi: null,
      extraKeys: { "Ctrl-Enter": function () { run(); }, "Cmd-Enter": function () { run(); },
                   "Esc": function (cm) { cm.getInputField().blur(); },
                   // Tab moves focus on (no keyboard trap); Ctrl-] / Ctrl-[ indent.
                   "Tab": false, "Shift-Tab": false }
    });
    editor.setValue(textarea.value);
    editor.getInputField().setAttribute("aria-label", "SPARQL query");
    // The editor's scrolling area must be reachable by keyboard (axe scrollable-region-focusable).
    var scroller = editor.getWrapperElement().querySelector(".CodeMirror-scroll");
    if (scroller) { scroller.setAttribute("tabindex", "0"); scroller.setAttribute("aria-label", "SPARQL query (scroll)"); }
    foldPrefixes();
  }

  // The PREFIX block is folded by default so the query itself is in view (issue 15).
  function foldPrefixes() {
    if (!editor || typeof editor.collapsePrefixes !== "function") { return; }
    try { editor.collapsePrefixes(true); } catch (e) { /* an editor without prefixes */ }
  }

  // The engine's syntax errors, in either parser's words -- "... (at char 32), (line:2, col:18)"
  // or "error at 2:18: expected ..." -- become "Syntax error on line 2, column 18: ...", with
  // the cursor put where the error is.
  var WHERE_FORMS = [/\s*\(at char \d+\),?\s*\(line:(\d+), col:(\d+)\)/, /error at (\d+):(\d+):\s*/,
                     /\s*at line (\d+)()/];
  function readableError(status, body) {
    var message = body;
    try { message = JSON.parse(body).error || body; } catch (e) { /* not JSON */ }
    message = message.replace(/^syntax error: /, "");
    for (var i = 0; i < WHERE_FORMS.length; i++) {
      var where = WHERE_FORMS[i].exec(message);
      if (!where) { continue; }
      var line = Number(where[1]), column = where[2] ? Number(where[2]) : 0;
      message = message.replace(WHERE_FORMS[i], "");
      if (editor) { editor.setCursor({ line: line - 1, ch: Math.max(0, column - 1) }); }
      return "Syntax error on line " + line + (column ? ", column " + column : "") + ": " + message;
    }
    return (status === 400 ? "The query was refused: " : "Error " + status + ": ") + message;
  }


  function queryText() { return editor ? editor.getValue() : textarea.value; }
  function setQueryText(text) { if (editor) { editor.setValue(text); foldPrefixes(); } textarea.value = text; }

  function queryType(text) {
    if (editor) { try { return editor.getQueryType() || "SELECT"; } catch (e) { /* fall through */ } }
    var body = text.replace(/#[^\n]*/g, " ").replace(/(PREFIX|BASE)\s+[^>]*>/gi, " ");
    var m = /\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b/i.exec(body);
    return m ? m[1].toUpperCase() : "SELECT";
  }

  // -- links and terms -------------------------------------------------------------------

  function curie(iri) {
    for (var name in config.prefixes) {
      var ns = config.prefixes[name];
      if (iri.indexOf(ns) === 0 && iri.length > ns.length) { return name + ":" + iri.slice(ns.length); }
    }
    return iri;
  }

  function hrefFor(iri) {
    if (iri.indexOf(config.idBase) === 0) { return config.idHref + iri.slice(config.idBase.length); }
    if (/^https?:\/\//i.test(iri)) { return iri; }
    return null;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) { node.setAttribute(key, attrs[key]); }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function termNode(term, label) {
    if (!term) { return document.createTextNode(""); }
    if (term.type === "uri") {
      var target = hrefFor(term.value);
      var shown = label || curie(term.value);
      if (!target) { return el("span", {}, shown); }
      var a = el("a", { href: target, title: term.value }, shown);
      if (!label && term.value.indexOf(config.idBase) === 0) { a.setAttribute("data-label-for", term.value); }
      if (target.indexOf(config.idHref) !== 0) { a.setAttribute("rel", "noopener noreferrer"); }
      return a;
    }
    if (term.type === "bnode") { return el("span", { "class": "bnode" }, "_:" + term.value); }
    var long = term.value.length > MAX_LITERAL;
    var span = el("span", { "class": term.value.length > 60 ? "literal long" : "literal" },
                  long ? term.value.slice(0, MAX_LITERAL - 1) + "…" : term.value);
    if (long) { span.setAttribute("title", term.value); }
    if (term["xml:lang"]) { span.setAttribute("lang", term["xml:lang"]); }
    return span;
  }

  // Our own IRIs shown without a label in the result get their label from the graph
  // (POST /labels, through the same engine), so a person reads "Rashid Alimov", not a slug.
  function fillLabels() {
    var nodes = document.querySelectorAll("#results [data-label-for]");
    var wanted = {};
    nodes.forEach(function (n) { wanted[n.getAttribute("data-label-for")] = true; });
    var iris = Object.keys(wanted).slice(0, 2000);
    if (!iris.length) { return; }
    var body = new URLSearchParams();
    iris.forEach(function (iri) { body.append("iri", iri); });
    fetch(config.labels, { method: "POST", body: body.toString(),
                           headers: { "Content-Type": "application/x-www-form-urlencoded" } })
      .then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (found) {
        nodes.forEach(function (n) {
          var label = found[n.getAttribute("data-label-for")];
          if (label) { n.textContent = n.namespaceURI === SVG ? shorten(label, 32) : label; }
        });
      }).catch(function () { /* the CURIEs stay */ });
  }

  // -- running ---------------------------------------------------------------------------

  function shareUrl(text) {
    return location.origin + location.pathname + "?query=" + encodeURIComponent(text);
  }

  function downloads(text, type) {
    var box = document.getElementById("downloads");
    box.textContent = "";
    var formats = (type === "CONSTRUCT" || type === "DESCRIBE")
      ? [["ttl", "Turtle"], ["nt", "N-Triples"], ["jsonld", "JSON-LD"]]
      : [["csv", "CSV"], ["json", "JSON"], ["tsv", "TSV"]];
    formats.forEach(function (f, i) {
      var url = config.endpoint + "?query=" + encodeURIComponent(text) + "&format=" + f[0];
      if (i) { box.appendChild(document.createTextNode(" · ")); }
      box.appendChild(el("a", { href: url, download: "results." + f[0], "data-format": f[0] }, f[1]));
    });
  }

  function run(pushHistory) {
    var text = queryText();
    textarea.value = text;
    var type = queryType(text);
    var graphResult = type === "CONSTRUCT" || type === "DESCRIBE";
    var url = shareUrl(text);
    if (url.length <= config.maxUrl) {
      history[pushHistory ? "pushState" : "replaceState"]({ query: text }, "", url);
    }
    results.hidden = false;
    document.getElementById("share-url").value = url;
    downloads(text, type);
    status.textContent = "Running…";
    Object.keys(views).forEach(function (k) { views[k].textContent = ""; });
    var started = performance.now();
    return fetch(config.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded",
                 "Accept": graphResult ? "application/n-triples" : "application/sparql-results+json" },
      body: new URLSearchParams({ query: text }).toString()
    }).then(function (response) {
      return response.text().then(function (body) {
        if (!response.ok) { throw new Error(readableError(response.status, body)); }
        var seconds = ((performance.now() - started) / 1000).toFixed(2);
        var truncated = response.headers.get("X-SCO-KG-Truncated") === "true";
        var count = graphResult ? showGraphResult(body) : showBindings(JSON.parse(body));
        fillLabels();
        status.textContent = count + (graphResult ? " triple" : " row") + (count === 1 ? "" : "s") +
          " in " + seconds + " s" + (truncated ? " (cut at the row limit)" : "") + ".";
      });
    }).catch(function (error) {
      status.textContent = "";
      views.table.textContent = "";
      views.table.appendChild(el("pre", { "class": "error", role: "alert" }, String(error.message || error)));
      setView("table", { timeline: false, graph: false });
    });
  }

  // -- views -----------------------------------------------------------------------------

  function setView(name, enabled) {
    document.querySelectorAll(".views button").forEach(function (button) {
      var view = button.getAttribute("data-view");
      if (enabled && view in enabled) { button.disabled = !enabled[view]; }
      button.setAttribute("aria-pressed", String(view === name));
      views[view].hidden = view !== name;
    });
  }

  document.querySelectorAll(".views button").forEach(function (button) {
    button.addEventListener("click", function () { setView(button.getAttribute("data-view")); });
  });

  function table(columns, rows) {
    var t = el("table", { "class": "data results-table" });
    var head = t.appendChild(el("thead")).appendChild(el("tr"));
    columns.forEach(function (c) { head.appendChild(el("th", { scope: "col" }, c)); });
    var body = t.appendChild(el("tbody"));
    rows.forEach(function (row) {
      var tr = body.appendChild(el("tr"));
      row.forEach(function (cell) { tr.appendChild(el("td")).appendChild(cell); });
    });
    return t;
  }

  function showBindings(data) {
    if (typeof data.boolean === "boolean") {
      views.table.appendChild(el("p", { "class": "boolean" }, data.boolean ? "true" : "false"));
      setView("table", { timeline: false, graph: false });
      return 1;
    }
    var columns = data.head.vars;
    var rows = data.results.bindings;
    views.table.appendChild(table(columns, rows.map(function (b) {
      return columns.map(function (c) { return termNode(b[c]); });
    })));
    var dated = timelineView(columns, rows);
    setView("table", { timeline: dated, graph: false });
    return rows.length;
  }

  var ISO_DATE = /^-?\d{4}(-\d{2}(-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

  function isDate(term) {
    return !!term && term.type === "literal" && (DATE_TYPES.indexOf(term.datatype) >= 0 ||
      (!term.datatype && ISO_DATE.test(term.value)));
  }

  // A date column: typed dates (xsd:date, gYear, ...), or plain strings that are all ISO dates
  // (what a query gets after STR() or GROUP BY on dates).
  function isDateColumn(c, rows) {
    var values = rows.map(function (r) { return r[c]; }).filter(Boolean);
    return values.length > 0 && values.every(isDate);
  }

  function timelineView(columns, rows) {
    var dateColumn = columns.find(function (c) { return isDateColumn(c, rows); });
    if (!dateColumn) { return false; }
    var endColumn = columns.find(function (c) { return c !== dateColumn && isDateColumn(c, rows); });
    var others = columns.filter(function (c) { return c !== dateColumn && c !== endColumn; });
    var items = rows.filter(function (r) { return isDate(r[dateColumn]); });
    items.sort(function (a, b) { return a[dateColumn].value < b[dateColumn].value ? -1 : a[dateColumn].value > b[dateColumn].value ? 1 : 0; });
    var list = el("ol", { "class": "timeline" });
    items.forEach(function (r) {
      var li = list.appendChild(el("li", { "class": "event" }));
      var when = li.appendChild(el("p", { "class": "when" }));
      when.appendChild(el("time", { datetime: r[dateColumn].value }, r[dateColumn].value));
      if (endColumn && isDate(r[endColumn]) && r[endColumn].value !== r[dateColumn].value) {
        when.appendChild(document.createTextNode(" – "));
        when.appendChild(el("time", { datetime: r[endColumn].value }, r[endColumn].value));
      }
      var what = li.appendChild(el("p"));
      others.forEach(function (c) {
        if (!r[c]) { return; }
        var label = r[c + "Label"];
        if (/Label$/.test(c) && r[c.slice(0, -5)]) { return; }  // shown as its IRI's text
        var part = what.appendChild(el("span", { "class": "field" }));
        part.appendChild(el("span", { "class": "name" }, c + " "));
        part.appendChild(termNode(r[c], label && label.value));
        what.appendChild(document.createTextNode(" "));
      });
    });
    views.timeline.appendChild(list);
    return true;
  }

  // N-Triples, one statement a line (what the endpoint writes for Accept: application/n-triples).
  var NT_TERM = /\s*(<[^>]*>|_:[^\s]+|"(?:[^"\\]|\\.)*"(?:@[a-zA-Z0-9-]+|\^\^<[^>]*>)?)/y;

  function unescapeNt(s) {
    return s.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[tbnrf"'\\])/g, function (_, e) {
      var simple = { t: "\t", b: "\b", n: "\n", r: "\r", f: "\f", '"': '"', "'": "'", "\\": "\\" };
      if (e in simple) { return simple[e]; }
      return String.fromCodePoint(parseInt(e.slice(1), 16));
    });
  }

  function ntTerm(token) {
    if (token[0] === "<") { return { type: "uri", value: unescapeNt(token.slice(1, -1)) }; }
    if (token[0] === "_") { return { type: "bnode", value: token.slice(2) }; }
    var end = token.lastIndexOf('"');
    var term = { type: "literal", value: unescapeNt(token.slice(1, end)) };
    var rest = token.slice(end + 1);
    if (rest[0] === "@") { term["xml:lang"] = rest.slice(1); }
    if (rest.indexOf("^^<") === 0) { term.datatype = rest.slice(3, -1); }
    return term;
  }

  function parseNTriples(body) {
    var triples = [];
    body.split("\n").forEach(function (line) {
      if (!line.trim() || line.trim()[0] === "#") { return; }
      NT_TERM.lastIndex = 0;
      var terms = [];
      for (var i = 0; i < 3; i++) {
        var m = NT_TERM.exec(line);
        if (!m) { return; }
        terms.push(ntTerm(m[1]));
      }
      triples.push(terms);
    });
    return triples;
  }

  function showGraphResult(body) {
    var triples = parseNTriples(body);
    var labels = {};
    triples.forEach(function (t) { if (t[1].value === LABEL && t[2].type === "literal") { labels[t[0].value] = t[2].value; } });
    views.table.appendChild(table(["subject", "predicate", "object"], triples.map(function (t) {
      return [termNode(t[0], labels[t[0].value]), termNode(t[1]), termNode(t[2], labels[t[2].value])];
    })));
    views.graph.appendChild(graphView(triples, labels));
    setView(triples.length ? "graph" : "table", { timeline: false, graph: triples.length > 0 });
    return triples.length;
  }

  // -- the graph view: a small force layout drawn as SVG ---------------------------------

  var SVG = "http://www.w3.org/2000/svg";
  var MAX_NODES = 300;
  // Node colour by the kind of thing, read from our IRIs' first path segment (id/person/...).
  var KINDS = [["person", "#0b5cad", "person"], ["state", "#2e7d32", "state or place"],
               ["place", "#2e7d32", "state or place"], ["city", "#2e7d32", "state or place"],
               ["region", "#2e7d32", "state or place"], ["org", "#8e24aa", "organisation"],
               ["event", "#c2410c", "event"], ["membership", "#6d4c41", "membership or post"],
               ["post-holding", "#6d4c41", "membership or post"], ["post", "#6d4c41", "membership or post"],
               ["claim", "#b71c1c", "claim"], ["article", "#37474f", "article"]];

  function kindOf(term) {
    if (term.type === "literal") { return ["", "#5a6570", "value"]; }
    if (term.value.indexOf(config.idBase) !== 0) { return ["", "#455a64", "other"]; }
    var first = term.value.slice(config.idBase.length).split("/")[0];
    for (var i = 0; i < KINDS.length; i++) { if (KINDS[i][0] === first) { return KINDS[i]; } }
    return ["", "#455a64", "other"];
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    for (var key in attrs) { node.setAttribute(key, attrs[key]); }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function shorten(s, n) { return s.length > n ? s.slice(0, n - 1) + "…" : s; }

  function graphView(triples, labels) {
    var nodes = {}, list = [], edges = [], tooBig = false;
    function node(term) {
      var key = (term.type === "literal" ? "L" : "N") + term.value;
      if (!(key in nodes)) {
        if (list.length >= MAX_NODES) { tooBig = true; return null; }
        nodes[key] = { term: term, x: Math.cos(list.length) * 200, y: Math.sin(list.length) * 200, dx: 0, dy: 0 };
        list.push(nodes[key]);
      }
      return nodes[key];
    }
    triples.forEach(function (t) {
      if (t[1].value === LABEL) { return; }
      var a = node(t[0]), b = node(t[2]);
      if (a && b) { edges.push({ a: a, b: b, label: curie(t[1].value) }); }
    });
    var figure = el("figure", { "class": "graph" });
    if (tooBig) {
      figure.appendChild(el("p", { "class": "too-big", role: "status" },
        "This result has more than " + MAX_NODES + " nodes: too many to draw readably. " +
        "The table view lists every triple; add a LIMIT or narrow the pattern to draw it."));
      return figure;
    }
    layout(list, edges);
    var xs = list.map(function (n) { return n.x; }), ys = list.map(function (n) { return n.y; });
    // Text keeps about 13 px on screen whatever the drawing's extent: the SVG is drawn at
    // between 704 px (narrow screens scroll it sideways) and 1100 px wide, 540 px high.
    var pixels = Math.max(704, Math.min(1100, window.innerWidth - 40));
    var spanX = Math.max.apply(null, xs) - Math.min.apply(null, xs);
    var spanY = Math.max.apply(null, ys) - Math.min.apply(null, ys);
    var scale = Math.max(1, (spanX + 300) / pixels, (spanY + 80) / 540);
    var minX = Math.min.apply(null, xs) - 30 * scale, minY = Math.min.apply(null, ys) - 30 * scale;
    var width = spanX + 270 * scale, height = spanY + 60 * scale;
    var root = svg("svg", { viewBox: [minX, minY, width, height].join(" "), role: "img",
                            "aria-label": "Graph of " + list.length + " nodes and " + edges.length + " edges",
                            style: "--s:" + scale });
    edges.forEach(function (e) {
      var g = root.appendChild(svg("g", { "class": "edge" }));
      g.appendChild(svg("line", { x1: e.a.x, y1: e.a.y, x2: e.b.x, y2: e.b.y }));
      if (list.length <= 40) {
        g.appendChild(svg("text", { x: (e.a.x + e.b.x) / 2, y: (e.a.y + e.b.y) / 2,
                                    "font-size": 10 * scale }, shorten(e.label, 24)));
      }
    });
    var seen = {};
    list.forEach(function (n) {
      var literal = n.term.type === "literal", kind = kindOf(n.term);
      seen[kind[2]] = kind[1];
      var text = shorten(literal ? n.term.value : (labels[n.term.value] || curie(n.term.value)), 32);
      var target = literal ? null : hrefFor(n.term.value);
      var parent = target ? root.appendChild(svg("a", { href: target })) : root;
      var g = parent.appendChild(svg("g", { "class": literal ? "node literal" : "node" }));
      g.appendChild(svg("title", {}, n.term.value));
      g.appendChild(literal ? svg("rect", { x: n.x - 5 * scale, y: n.y - 5 * scale, width: 10 * scale, height: 10 * scale, fill: kind[1] })
                            : svg("circle", { cx: n.x, cy: n.y, r: 8 * scale, fill: kind[1] }));
      var words = g.appendChild(svg("text", { x: n.x + 11 * scale, y: n.y + 4 * scale, "font-size": 13 * scale }, text));
      if (!literal && !labels[n.term.value] && n.term.value.indexOf(config.idBase) === 0) {
        words.setAttribute("data-label-for", n.term.value);
      }
    });
    figure.appendChild(root);
    var legend = el("ul", { "class": "legend" });
    Object.keys(seen).forEach(function (name) {
      var item = legend.appendChild(el("li", {}, ""));
      item.appendChild(el("span", { "class": "swatch", style: "background:" + seen[name] }, ""));
      item.appendChild(document.createTextNode(name));
    });
    figure.appendChild(legend);
    figure.appendChild(el("figcaption", {}, list.length + " nodes, " + edges.length + " edges. " +
      "Select a node to open its page; the table view lists every triple."));
    return figure;
  }

  function layout(list, edges) {
    var k = 110;
    for (var step = 0; step < 250; step++) {
      var heat = 20 * (1 - step / 250) + 1;
      // Gravity keeps disconnected parts near the centre instead of drifting apart.
      list.forEach(function (n) { n.dx = -n.x * 0.08; n.dy = -n.y * 0.08; });
      for (var i = 0; i < list.length; i++) {
        for (var j = i + 1; j < list.length; j++) {
          var a = list[i], b = list[j];
          var dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + 0.01;
          var f = k * k / d2;
          a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
        }
      }
      edges.forEach(function (e) {
        var dx = e.a.x - e.b.x, dy = e.a.y - e.b.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01;
        var f = d / k;
        e.a.dx -= dx * f; e.a.dy -= dy * f; e.b.dx += dx * f; e.b.dy += dy * f;
      });
      list.forEach(function (n) {
        var d = Math.sqrt(n.dx * n.dx + n.dy * n.dy) + 0.01;
        n.x += n.dx / d * Math.min(d, heat); n.y += n.dy / d * Math.min(d, heat);
      });
    }
  }

  // -- wiring ----------------------------------------------------------------------------

  form.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter.id !== "run") { textarea.value = queryText(); return; }
    event.preventDefault();
    run(true);
  });

  document.querySelectorAll("a.example").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var name = link.getAttribute("data-name");
      var example = examples.find(function (q) { return q.name === name; });
      if (!example || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
      event.preventDefault();
      setQueryText(example.text);
      run(true).then(function () { document.getElementById("results-h").scrollIntoView(); });
    });
  });

  document.getElementById("copy-share").addEventListener("click", function () {
    var input = document.getElementById("share-url");
    input.select();
    if (navigator.clipboard) { navigator.clipboard.writeText(input.value).catch(function () {}); }
  });

  window.addEventListener("popstate", function (event) {
    if (event.state && typeof event.state.query === "string") { setQueryText(event.state.query); run(false); }
  });

  if (config.autorun) { run(false); }
})();
