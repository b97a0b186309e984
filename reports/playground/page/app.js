// The supplysim playground: lessons with knobs, run in class.
//
// One page for both ways of running: served by `supplysim serve` (runs go
// to the server's API) or a static site written by `supplysim playground
// --out` (runs go to the engine as WebAssembly in a Web Worker). site.js
// says which, and lists the lessons. Classic scripts only: a static site
// opened from a file share cannot load modules or fetch files.
(function () {
  "use strict";

  var site = self.SUPPLYSIM_SITE;
  var app = document.getElementById("app");
  var engine = null; // {run(req, onProgress) -> {done: Promise, cancel()}, validate(lesson, text) -> Promise}

  var state = {
    lesson: null,     // the lesson shown
    values: {},       // knob name -> value
    knobs: [],        // the knobs drawn (from the text's last validation)
    text: "",         // the editor's text
    previous: {},     // file -> the previous run's pairing
    last: {},         // file -> the previous run's response (its series for the charts)
    running: null,    // the run in progress
    stock: 0,         // the stock point the charts show
    charts: []
  };

  // ---- small DOM helpers ----

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "class") e.className = attrs[k];
      else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) e.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
    }
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }

  function $(id) { return document.getElementById(id); }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  // ---- engines ----

  // servedEngine sends runs to the server: progress comes back as JSON
  // lines; cancelling aborts the request, which stops the simulation.
  function servedEngine() {
    function post(path, body, signal) {
      return fetch(path, {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body), signal: signal
      }).then(function (resp) {
        if (!resp.ok) return resp.text().then(function (t) { throw new Error(t.trim() || resp.statusText); });
        return resp;
      });
    }
    return {
      run: function (req, onProgress) {
        var ctrl = new AbortController();
        var done = post("api/run", req, ctrl.signal).then(function (resp) {
          return readLines(resp.body, onProgress);
        });
        return { done: done, cancel: function () { ctrl.abort(); } };
      },
      validate: function (lesson, text) {
        return post("api/validate", { file: lesson.file, text: text }).then(function (r) { return r.json(); });
      }
    };
  }

  function readLines(body, onProgress) {
    var reader = body.getReader(), decoder = new TextDecoder(), buf = "", result = null;
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) {
          if (!result) throw new Error("the server closed the run without a result");
          return result;
        }
        buf += decoder.decode(chunk.value, { stream: true });
        var lines = buf.split("\n");
        buf = lines.pop();
        lines.forEach(function (line) {
          if (!line) return;
          var m = JSON.parse(line);
          if (m.progress) onProgress(m.progress.done, m.progress.total);
          if (m.waiting) onProgress(0, 0, m.waiting);
          if (m.result) result = m.result;
        });
        return pump();
      });
    }
    return pump();
  }

  // staticEngine runs the engine as WebAssembly in Web Workers: one for
  // runs (cancelling ends it; the next run starts another) and one for the
  // editor's validation, so that typing stays quick during a run.
  function staticEngine(bundle) {
    var raw = atob(bundle.wasm), wasm = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) wasm[i] = raw.charCodeAt(i);
    var url = URL.createObjectURL(new Blob([bundle.worker], { type: "text/javascript" }));
    var seq = 0, runner = null, validator = null;
    function start() {
      var w = new Worker(url);
      w.postMessage({ init: wasm.slice() });
      return w;
    }
    function ask(worker, msg, onProgress) {
      var id = ++seq;
      return new Promise(function (resolve, reject) {
        worker.addEventListener("message", function on(e) {
          var m = e.data;
          if (m.id !== id) return;
          if (m.progress) { onProgress(m.progress.done, m.progress.total); return; }
          worker.removeEventListener("message", on);
          if (m.error) reject(new Error(m.error));
          else resolve(m.result || m.lesson);
        });
        worker.addEventListener("error", function (e) { reject(new Error(e.message || "the engine failed")); });
        msg.id = id;
        worker.postMessage(msg);
      });
    }
    return {
      run: function (req, onProgress) {
        runner = runner || start();
        var w = runner, cancel;
        var stopped = new Promise(function (_, reject) { cancel = reject; });
        return {
          done: Promise.race([ask(w, { run: req }, onProgress), stopped]),
          cancel: function () {
            w.terminate();
            if (runner === w) runner = null;
            var e = new Error("cancelled");
            e.name = "AbortError";
            cancel(e);
          }
        };
      },
      validate: function (lesson, text) {
        validator = validator || start();
        return ask(validator, { validate: { file: lesson.file, text: text, files: lesson.named || {} } });
      }
    };
  }

  // ---- lessons ----

  function lessonByFile(file) {
    for (var i = 0; i < site.lessons.length; i++) if (site.lessons[i].file === file) return site.lessons[i];
    return null;
  }

  function route() {
    cancelRun();
    var m = /^#lesson=(.+)$/.exec(location.hash);
    var lesson = m && lessonByFile(decodeURIComponent(m[1]));
    disposeCharts();
    if (lesson) showLesson(lesson);
    else showLessons();
    window.scrollTo(0, 0);
  }

  function showLessons() {
    document.title = "supplysim playground";
    clear(app);
    app.appendChild(el("section", { class: "home" }, [
      el("h1", { text: "Lessons" }),
      el("p", { class: "intro", text: "Pick a lesson, turn its knobs, run, and compare with the previous run: the same random numbers drive both, so a difference is the knob's, not luck's." }),
      el("ul", { class: "lesson-list" }, site.lessons.map(function (l) {
        var meta = l.file + " · " + (l.problems ? "has errors" : l.knobs.length + (l.knobs.length === 1 ? " knob" : " knobs"));
        return el("li", {}, [el("a", { href: "#lesson=" + encodeURIComponent(l.file) }, [
          el("h2", { text: l.name || l.file }),
          el("p", { text: about(l) }),
          el("p", { class: "meta", text: meta })
        ])]);
      }))
    ]));
  }

  function showLesson(lesson) {
    state.lesson = lesson;
    state.text = lesson.text;
    state.knobs = lesson.knobs;
    state.values = {};
    state.stock = -1; // the first stock point with customers, once known
    lesson.knobs.forEach(function (k) { state.values[k.name] = k.start; });
    document.title = (lesson.name || lesson.file) + " · supplysim playground";
    clear(app);
    var download = "lessons/" + encodeURIComponent(lesson.file);
    app.appendChild(el("div", { class: "lesson" }, [
      el("div", { class: "lesson-head" }, [
        el("a", { class: "back", href: "#", text: "← Lessons" }),
        el("h1", { text: lesson.name || lesson.file }),
        el("p", { class: "description", text: about(lesson) })
      ]),
      el("aside", { class: "controls", "aria-label": "Knobs" }, [
        el("h2", { text: "Knobs" }),
        el("div", { id: "knobs" }),
        el("div", { class: "run-options" }, [
          el("label", {}, ["Replications", el("input", { id: "reps", type: "number", min: 2, max: site.max_replications || 1000, value: lesson.replications || 10 })]),
          el("label", {}, ["Seed", el("input", { id: "seed", type: "number", min: 0, value: lesson.seed || "0" })])
        ]),
        el("label", { class: "auto" }, [el("input", { id: "auto", type: "checkbox", checked: true }), "Run when a knob moves"]),
        el("div", { class: "buttons" }, [
          el("button", { id: "run", class: "primary", type: "button", onclick: startRun, text: "Run" }),
          el("button", { id: "cancel", type: "button", onclick: cancelRun, disabled: true, text: "Cancel" }),
          el("button", { id: "reset", type: "button", onclick: resetKnobs, text: "Reset knobs" })
        ]),
        el("div", { id: "progress", class: "progress", hidden: true }, [el("progress", { id: "bar", max: 1, value: 0 }), el("span", { id: "progress-text" })])
      ]),
      el("section", { class: "results", "aria-live": "polite" }, [
        el("div", { id: "summary", class: "summary" }, [el("p", { class: "hint", text: "The lesson runs as it stands when it opens; then turn a knob: each run is compared with the one before." })]),
        el("div", { id: "cards", class: "cards" }),
        el("div", { id: "chart-bar", class: "chart-bar" }),
        el("div", { id: "charts", class: "charts", hidden: true }, [el("div", { id: "chart-onhand", class: "chart" }), el("div", { id: "chart-backorders", class: "chart" })]),
        el("div", { class: "table-wrap" }, [el("table", { id: "kpis", class: "kpis" })])
      ]),
      el("details", { id: "editor", class: "editor" }, [
        el("summary", { text: "Scenario text: read it, edit it, run it" }),
        el("p", { class: "hint" }, ["Runs use this text. Errors show as you type, with their line and column. ",
          el("a", { href: download, target: "_blank", rel: "noopener", text: "Open " + lesson.file })]),
        el("div", { class: "edit" }, [
          el("pre", { id: "gutter", class: "gutter", "aria-hidden": "true" }),
          el("textarea", { id: "text", spellcheck: "false", autocomplete: "off", "aria-label": "Scenario text", wrap: "off", oninput: onEdit, onscroll: syncGutter })
        ]),
        el("ul", { id: "problems", class: "problems" }),
        el("button", { type: "button", onclick: restoreText, text: "Restore the lesson's text" })
      ])
    ]));
    $("text").value = lesson.text;
    drawKnobs();
    drawGutter();
    showProblems(lesson.problems || []);
    if (lesson.problems) $("editor").open = true;
    else startRun(); // the lesson as it stands: what the first knob turn is compared with
  }

  // ---- knobs ----

  function drawKnobs() {
    var box = $("knobs");
    clear(box);
    if (state.knobs.length === 0) box.appendChild(el("p", { class: "hint", text: "This lesson has no knobs: edit its text below, or add [[knob]] tables (see docs/playground.md)." }));
    state.knobs.forEach(function (k, i) {
      var id = "knob-" + i, control, shown = el("output", { for: id, text: show(state.values[k.name]) });
      if (k.choices && k.choices.length) {
        control = el("select", { id: id, "data-knob": k.name }, k.choices.map(function (c, j) {
          return el("option", { value: j, selected: String(c) === String(state.values[k.name]), text: show(c) });
        }));
        control.addEventListener("change", function () {
          state.values[k.name] = k.choices[+control.value];
          shown.textContent = show(state.values[k.name]);
          knobMoved();
        });
      } else {
        control = el("input", { id: id, type: "range", min: k.min, max: k.max, step: k.step, value: state.values[k.name], "data-knob": k.name });
        control.addEventListener("input", function () {
          state.values[k.name] = +control.value;
          shown.textContent = show(state.values[k.name]);
        });
        control.addEventListener("change", knobMoved);
      }
      var range = k.choices && k.choices.length ? null : el("span", { class: "range", text: show(k.min) + " – " + show(k.max) });
      box.appendChild(el("div", { class: "knob" }, [
        el("label", { for: id }, [el("span", { class: "knob-label", text: k.label }), shown]),
        control, range,
        k.look_for ? el("p", { class: "look", text: k.look_for }) : null
      ]));
    });
  }

  function show(v) {
    if (typeof v === "number") return String(Math.round(v * 1e9) / 1e9);
    if (Array.isArray(v)) return "[" + v.map(show).join(", ") + "]";
    return String(v);
  }

  // about is what the list says of a lesson: its description, else the
  // first paragraph of the file's opening comment.
  function about(l) {
    if (l.description) return l.description;
    var out = [];
    var lines = (l.text || "").split("\n");
    for (var i = 0; i < lines.length && /^#/.test(lines[i]); i++) {
      var line = lines[i].replace(/^#\s?/, "");
      if (!line.trim()) { if (out.length) break; continue; }
      out.push(line.trim());
    }
    var text = out.join(" ").replace(/^Lesson( \d+)?: */, "");
    text = text.charAt(0).toUpperCase() + text.slice(1);
    return text.length > 220 ? text.slice(0, 217).replace(/\s+\S*$/, "") + "…" : text;
  }

  function knobMoved() {
    if ($("auto").checked) startRun();
  }

  function resetKnobs() {
    state.knobs.forEach(function (k) { state.values[k.name] = k.start; });
    drawKnobs();
    knobMoved();
  }

  // ---- runs ----

  function startRun() {
    cancelRun();
    var lesson = state.lesson;
    var req = {
      file: lesson.file, text: state.text, knobs: knobValues(),
      replications: +$("reps").value || 0, seed: String($("seed").value || "0"),
      previous: state.previous[lesson.file] || null
    };
    if (site.mode === "static") req.files = lesson.named || {};
    var run = engine.run(req, progress);
    state.running = run;
    busy(true);
    progress(0, req.replications);
    run.done.then(function (resp) {
      if (state.running !== run) return;
      state.running = null;
      busy(false);
      showResponse(resp);
    }, function (err) {
      if (state.running === run) { state.running = null; busy(false); }
      if (err && err.name === "AbortError") return;
      showError(String(err && err.message || err));
    });
  }

  // knobValues sends only the knobs the text has.
  function knobValues() {
    var out = {};
    state.knobs.forEach(function (k) { out[k.name] = state.values[k.name]; });
    return out;
  }

  function cancelRun() {
    var run = state.running;
    if (!run) return;
    state.running = null;
    run.cancel();
    busy(false);
    var s = $("progress-text");
    if (s) { $("progress").hidden = false; s.textContent = "Cancelled."; }
  }

  function busy(on) {
    if (!$("run")) return;
    $("run").disabled = on;
    $("cancel").disabled = !on;
    $("progress").hidden = !on;
    document.body.classList.toggle("running", on);
  }

  function progress(done, total, note) {
    var bar = $("bar");
    if (!bar) return;
    bar.max = total || 1;
    bar.value = done;
    $("progress-text").textContent = note || ("Replication " + done + " of " + total);
  }

  function showError(msg) {
    var box = $("summary");
    clear(box);
    box.appendChild(el("p", { class: "error", text: msg }));
  }

  function showResponse(resp) {
    var file = state.lesson.file;
    if (resp.problems && resp.problems.length) {
      showProblems(resp.problems);
      $("editor").open = true;
      showError("The scenario has errors: see them under “Scenario text” below.");
      return;
    }
    if (resp.error) { showError(resp.error); return; }
    var before = state.last[file];
    state.previous[file] = resp.pairing;
    state.last[file] = resp;
    drawSummary(resp);
    drawCards(resp);
    drawTable(resp);
    drawStockPicker(resp);
    drawCharts(resp, before);
  }

  function drawSummary(resp) {
    var box = $("summary");
    clear(box);
    var head = resp.replications + " replications, seed " + resp.seed + " · " + resp.settings.map(function (s) { return s.label + " = " + s.text; }).join(" · ");
    box.appendChild(el("p", { class: "run-line", text: head }));
    if (resp.paired) {
      box.appendChild(el("p", { class: "changed", text: resp.changed + ":" }));
      var effects = resp.effects && resp.effects.length ? resp.effects : ["no network result changed beyond noise"];
      box.appendChild(el("ul", { class: "effects" }, effects.map(function (s) { return el("li", { text: s }); })));
      box.appendChild(el("p", { class: "hint", text: "Compared with the previous run pair by pair: the same seed gives both the same customers and delays, so the difference is the change's; ± is its 95% interval." }));
    } else if (resp.note) {
      box.appendChild(el("p", { class: "hint", text: resp.note }));
    } else {
      box.appendChild(el("p", { class: "hint", text: "Each figure is the mean of the replications ± the half-width of its 95% confidence interval. Turn a knob and run again to see the paired difference." }));
    }
  }

  function changeNode(k) {
    if (!k.change) return null;
    return el("span", { class: "change " + k.change.verdict, title: "this run minus the previous one, pair by pair: " + k.change.verdict, text: k.change.text });
  }

  function drawCards(resp) {
    var box = $("cards");
    clear(box);
    resp.network.forEach(function (k) {
      box.appendChild(el("div", { class: "card", "data-kpi": k.id }, [
        el("div", { class: "card-label", text: k.label + (k.unit === "share" ? "" : unitSuffix(k)) }),
        valueNode(k.text, "card-value"),
        changeNode(k)
      ]));
    });
  }

  // valueNode shows "96.6% ± 1.0" as a large mean and a small interval.
  function valueNode(text, cls) {
    var i = text.indexOf(" ± ");
    if (i < 0) return el("div", { class: cls, text: text });
    return el("div", { class: cls }, [text.slice(0, i), el("span", { class: "ci", text: " ± " + text.slice(i + 3) })]);
  }

  function unitSuffix(k) {
    return { "units": " (units)", "per day": "" }[k.unit] || "";
  }

  function drawTable(resp) {
    var table = $("kpis");
    clear(table);
    if (!resp.stocks.length) return;
    var cols = resp.stocks[0].kpis;
    table.appendChild(el("caption", { text: "Per stock point" + (resp.more_stocks ? " (the first " + resp.stocks.length + "; " + resp.more_stocks + " more not shown)" : "") }));
    table.appendChild(el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: "stock point" })].concat(cols.map(function (k) {
      return el("th", { scope: "col", text: k.label });
    })))]));
    table.appendChild(el("tbody", {}, resp.stocks.map(function (s) {
      return el("tr", {}, [el("th", { scope: "row", text: s.name })].concat(s.kpis.map(function (k) {
        return el("td", { "data-kpi": k.id }, [el("span", { class: "value", text: k.text }), changeNode(k)]);
      })));
    })));
  }

  function drawStockPicker(resp) {
    var bar = $("chart-bar");
    clear(bar);
    if (state.stock < 0 || state.stock >= resp.stocks.length) {
      state.stock = 0;
      for (var i = resp.stocks.length - 1; i >= 0; i--) if (resp.stocks[i].customer) state.stock = i;
    }
    if (resp.stocks.length < 2) {
      if (resp.stocks.length) bar.appendChild(el("span", { class: "hint", text: "Daily, across replications: " + resp.stocks[0].name }));
      return;
    }
    var sel = el("select", { id: "stock", "aria-label": "Stock point the charts show" }, resp.stocks.map(function (s, i) {
      return el("option", { value: i, selected: i === state.stock, text: s.name });
    }));
    sel.addEventListener("change", function () {
      state.stock = +sel.value;
      drawCharts(state.last[state.lesson.file], state.before);
    });
    bar.appendChild(el("label", {}, ["Charts for ", sel]));
  }

  // ---- charts ----

  function disposeCharts() {
    state.charts.forEach(function (c) { c.dispose(); });
    state.charts = [];
  }

  function drawCharts(resp, before) {
    state.before = before;
    $("charts").hidden = false;
    if (!self.echarts) {
      $("chart-onhand").textContent = "Charts need the ECharts bundle, which this build does not have.";
      return;
    }
    disposeCharts();
    var s = resp.stocks[state.stock];
    if (!s) return;
    var prev = before && before.stocks[state.stock] && before.stocks[state.stock].name === s.name ? before.stocks[state.stock] : null;
    state.charts.push(bandChart($("chart-onhand"), "On hand (units)", s.on_hand, prev && prev.on_hand, resp, "#2f6fb0"));
    state.charts.push(bandChart($("chart-backorders"), "Backorders (units)", s.backorders, prev && prev.backorders, resp, "#c0392b"));
  }

  // everyNth labels the day axis at round numbers of days (every 30, 90,
  // 365...), about eight labels whatever the horizon.
  function everyNth(n) {
    var steps = [1, 2, 5, 7, 14, 30, 60, 90, 180, 365, 730, 1825, 3650];
    var step = steps[steps.length - 1];
    for (var i = 0; i < steps.length; i++) {
      if (n / steps[i] <= 9) { step = steps[i]; break; }
    }
    return function (i) { return i % step === 0; };
  }

  function bandChart(node, title, band, prev, resp, color) {
    var chart = echarts.init(node, null, { renderer: "svg" });
    var days = band.mean.map(function (_, i) { return i; });
    var spread = band.p90.map(function (v, i) { return v === null || band.p10[i] === null ? null : v - band.p10[i]; });
    var series = [
      { name: "p10", type: "line", data: band.p10, stack: "band", symbol: "none", lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false } },
      { name: "10–90%", type: "line", data: spread, stack: "band", symbol: "none", lineStyle: { opacity: 0 }, areaStyle: { color: color, opacity: 0.18 }, itemStyle: { color: color, opacity: 0.35 }, silent: true },
      {
        name: "this run", type: "line", data: band.mean, symbol: "none", lineStyle: { width: 2, color: color }, itemStyle: { color: color },
        markArea: resp.warmup_days > 0 ? { silent: true, itemStyle: { color: "rgba(0,0,0,0.05)" }, label: { color: "#666", fontSize: 11 }, data: [[{ name: "warm-up", xAxis: 0 }, { xAxis: Math.round(resp.warmup_days) }]] } : undefined
      }
    ];
    if (prev) series.push({ name: "previous", type: "line", data: prev.mean, symbol: "none", lineStyle: { width: 1.5, type: "dashed", color: "#555" }, itemStyle: { color: "#555" } });
    chart.setOption({
      animation: false,
      title: { text: title, left: 0, top: 0, textStyle: { fontSize: 14, fontWeight: "bold" } },
      legend: { top: 22, left: 0, itemWidth: 18, textStyle: { fontSize: 11 }, data: series.slice(1).map(function (x) { return x.name; }) },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null || v === undefined ? "–" : (+v).toFixed(1); } },
      grid: { left: 48, right: 14, top: 58, bottom: 30 },
      xAxis: { type: "category", data: days, boundaryGap: false, name: "day", nameLocation: "end", nameGap: 4,
        axisLabel: { interval: everyNth(days.length) }, axisTick: { interval: everyNth(days.length) } },
      yAxis: { type: "value", min: 0 },
      series: series
    });
    return chart;
  }

  window.addEventListener("resize", function () { state.charts.forEach(function (c) { c.resize(); }); });

  // ---- editor ----

  var validateTimer = null, validateSeq = 0;

  function onEdit() {
    state.text = $("text").value;
    drawGutter();
    clearTimeout(validateTimer);
    validateTimer = setTimeout(validateNow, 350);
  }

  function validateNow() {
    var seq = ++validateSeq, lesson = state.lesson;
    engine.validate(lesson, state.text).then(function (l) {
      if (seq !== validateSeq || state.lesson !== lesson) return;
      showProblems(l.problems || []);
      if (!l.problems && JSON.stringify(l.knobs) !== JSON.stringify(state.knobs)) {
        state.knobs = l.knobs;
        l.knobs.forEach(function (k) { if (!(k.name in state.values) || knobChanged(k)) state.values[k.name] = k.start; });
        drawKnobs();
      }
    }, function (err) { showProblems([{ text: String(err && err.message || err), msg: String(err) }]); });
  }

  function knobChanged(k) {
    var v = state.values[k.name];
    if (k.choices && k.choices.length) return k.choices.map(String).indexOf(String(v)) < 0;
    return typeof v !== "number" || v < k.min || v > k.max;
  }

  function restoreText() {
    $("text").value = state.lesson.text;
    onEdit();
  }

  var problemLines = {};

  function showProblems(list) {
    var ul = $("problems");
    clear(ul);
    problemLines = {};
    list.forEach(function (p) {
      if (p.line && !p.file) problemLines[p.line] = true;
      var where = p.file ? p.file + (p.line ? ":" + p.line : "") : p.line ? "line " + p.line + (p.col ? ":" + p.col : "") : p.path || "";
      var item = el("li", { class: "problem" }, [
        where ? el("button", { type: "button", class: "where", text: where, onclick: function () { goTo(p.line, p.col); } }) : null,
        " " + p.msg + (p.hint ? " (hint: " + p.hint + ")" : "")
      ]);
      ul.appendChild(item);
    });
    if (!list.length) ul.appendChild(el("li", { class: "ok", text: "No errors." }));
    drawGutter();
  }

  function drawGutter() {
    var g = $("gutter");
    if (!g) return;
    var n = $("text").value.split("\n").length;
    clear(g);
    for (var i = 1; i <= n; i++) {
      g.appendChild(el("span", { class: problemLines[i] ? "bad" : null, text: String(i) }));
      g.appendChild(document.createTextNode("\n"));
    }
    syncGutter();
  }

  function syncGutter() { $("gutter").scrollTop = $("text").scrollTop; }

  function goTo(line, col) {
    if (!line) return;
    var ta = $("text"), lines = ta.value.split("\n"), pos = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) pos += lines[i].length + 1;
    pos += Math.max(0, (col || 1) - 1);
    ta.focus();
    ta.setSelectionRange(pos, pos);
    var lh = parseFloat(getComputedStyle(ta).lineHeight) || 20;
    ta.scrollTop = Math.max(0, (line - 3) * lh);
  }

  // ---- start ----

  function start() {
    if (!site || !site.lessons) {
      app.textContent = "The lessons did not load (site.js is missing).";
      return;
    }
    $("mode").textContent = site.mode === "static" ? "runs in your browser" : "served by supplysim " + site.version;
    if (site.mode === "static") {
      var s = document.createElement("script");
      s.src = "engine.js";
      s.onload = function () { engine = staticEngine(self.SUPPLYSIM_ENGINE); window.addEventListener("hashchange", route); route(); };
      s.onerror = function () { app.textContent = "The engine (engine.js) did not load."; };
      document.body.appendChild(s);
      return;
    }
    engine = servedEngine();
    window.addEventListener("hashchange", route);
    route();
  }

  start();
})();
