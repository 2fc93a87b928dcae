/* flashpoint dashboard: plain JavaScript, no libraries, nothing loaded from elsewhere.
 *
 * Article text, titles, outlets and URLs are hostile input. Everything the API returns is put
 * in the page as text nodes (textContent) or as attributes set one by one; this file never
 * assigns innerHTML, never builds markup from strings, and links only to http(s) URLs and the
 * dashboard's own pages. The server's Content-Security-Policy forbids inline script as well.
 */
"use strict";
(function () {
  const SVGNS = "http://www.w3.org/2000/svg";
  const QUAD = {
    1: { name: "verbal cooperation", short: "verbal coop", color: "#8fd18a" },
    2: { name: "material cooperation", short: "material coop", color: "#1b7837" },
    3: { name: "verbal conflict", short: "verbal conflict", color: "#f4a261" },
    4: { name: "material conflict", short: "material conflict", color: "#b2182b" },
  };
  const LINE = "#1d3557";
  const view = document.getElementById("view");
  const form = document.getElementById("filters");
  let NAMES = {};
  let WORLD = null;
  let renderToken = 0;

  // -- DOM helpers: text is always a text node -----------------------------------------------

  function setAttrs(el, attrs) {
    if (!attrs) return;
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") el.textContent = String(v);
      else if (k.startsWith("on")) {
        if (typeof v !== "function") throw new Error("event handlers must be functions");
        el.addEventListener(k.slice(2), v);
      } else if (k === "href") {
        const url = safeHref(v);
        if (url) el.setAttribute("href", url);
      } else if (k === "dataset") Object.assign(el.dataset, v);
      else el.setAttribute(k, String(v));
    }
  }
  function append(el, kids) {
    for (const kid of kids.flat(Infinity)) {
      if (kid === null || kid === undefined || kid === false) continue;
      el.appendChild(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return el;
  }
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    return append(el, kids);
  }
  function s(tag, attrs, ...kids) {
    const el = document.createElementNS(SVGNS, tag);
    setAttrs(el, attrs);
    return append(el, kids);
  }
  /** An http(s) URL, or one of the dashboard's own links; anything else (javascript:, data:) is dropped. */
  function safeHref(value) {
    if (typeof value !== "string") return null;
    const v = value.trim();
    if (v.startsWith("#") || (v.startsWith("/") && !v.startsWith("//"))) return v;
    try {
      const u = new URL(v);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) {
      return null;
    }
  }
  function externalLink(url, label) {
    const href = safeHref(url);
    if (!href || href.startsWith("#") || href.startsWith("/")) return h("span", { text: label });
    return h("a", { href, target: "_blank", rel: "noopener noreferrer nofollow", text: label });
  }
  function fmt(n, digits = 1) {
    if (n === null || n === undefined || Number.isNaN(n)) return "–";
    return Number(n).toFixed(digits);
  }
  function signed(n, digits = 1) {
    if (n === null || n === undefined || Number.isNaN(n)) return "–";
    const v = Number(n);
    return (v > 0 ? "+" : "") + v.toFixed(digits);
  }
  function signClass(n) {
    return n > 0 ? "pos" : n < 0 ? "neg" : "";
  }
  function countryName(code) {
    return NAMES[code] || code || "?";
  }
  function ccColor(cci, alpha = 1) {
    // -1 red, 0 light grey, +1 green
    if (cci === null || cci === undefined) return `rgba(200,200,200,${alpha})`;
    const t = Math.max(-1, Math.min(1, cci));
    const a = [238, 238, 238];
    const b = t < 0 ? [178, 24, 43] : [27, 120, 55];
    const k = Math.abs(t);
    const c = a.map((x, i) => Math.round(x + (b[i] - x) * k));
    return `rgba(${c[0]},${c[1]},${c[2]},${alpha})`;
  }

  // -- API --------------------------------------------------------------------------------------

  async function api(path, params) {
    const url = new URL(path, window.location.origin);
    for (const [k, v] of Object.entries(params || {})) {
      if (v === undefined || v === null || v === "") continue;
      if (Array.isArray(v)) v.forEach((x) => url.searchParams.append(k, x));
      else url.searchParams.set(k, String(v));
    }
    const r = await fetch(url, { headers: { Accept: "application/json" } });
    if (!r.ok) {
      let msg = `${r.status} ${r.statusText}`;
      try {
        const body = await r.json();
        if (body.detail) msg += ": " + (typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail));
      } catch (e) { /* not JSON */ }
      throw new Error(msg);
    }
    return r.json();
  }

  // -- routing and filters ------------------------------------------------------------------------

  function route() {
    const raw = window.location.hash.replace(/^#/, "") || "/";
    const [path, qs] = raw.split("?");
    return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(qs || "") };
  }
  function filters() {
    const q = route().query;
    return {
      since: q.get("since") || "",
      until: q.get("until") || "",
      freq: q.get("freq") || "week",
      country: (q.get("country") || "").toUpperCase(),
      asserted: q.get("all") !== "1",
    };
  }
  function common() {
    const f = filters();
    return { since: f.since, until: f.until, asserted_only: f.asserted ? undefined : "false" };
  }
  function link(path, extra) {
    const f = filters();
    const q = new URLSearchParams();
    if (f.since) q.set("since", f.since);
    if (f.until) q.set("until", f.until);
    if (f.freq !== "week") q.set("freq", f.freq);
    if (f.country) q.set("country", f.country);
    if (!f.asserted) q.set("all", "1");
    for (const [k, v] of Object.entries(extra || {})) {
      if (v === null || v === undefined || v === "") q.delete(k);
      else q.set(k, v);
    }
    const qs = q.toString();
    return "#" + path + (qs ? "?" + qs : "");
  }
  function go(path, extra) {
    window.location.hash = link(path, extra);
  }
  function syncForm() {
    const f = filters();
    form.elements.since.value = f.since;
    form.elements.until.value = f.until;
    form.elements.freq.value = f.freq;
    form.elements.country.value = f.country;
    form.elements.asserted.checked = f.asserted;
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const q = route().query;
    const set = (k, v) => (v ? q.set(k, v) : q.delete(k));
    set("since", form.elements.since.value);
    set("until", form.elements.until.value);
    set("freq", form.elements.freq.value === "week" ? "" : form.elements.freq.value);
    set("country", form.elements.country.value.trim().toUpperCase());
    set("all", form.elements.asserted.checked ? "" : "1");
    q.delete("page");
    q.delete("period");
    const path = route().parts.map(encodeURIComponent).join("/");
    window.location.hash = "#/" + path + (q.toString() ? "?" + q.toString() : "");
  });
  document.getElementById("reset").addEventListener("click", () => {
    const path = route().parts.map(encodeURIComponent).join("/");
    window.location.hash = "#/" + path;
  });

  async function render() {
    const token = ++renderToken;
    syncForm();
    const { parts } = route();
    const name = parts[0] || "overview";
    for (const a of document.querySelectorAll("#nav a")) {
      a.classList.toggle("active", a.dataset.view === (name === "dyad" || name === "article" ? "" : name));
    }
    const views = { overview, dyad: dyadView, matrix, network, map: mapView, events: eventsView, article: articleView };
    const fn = views[name] || overview;
    const root = h("div", { class: "view-" + name });
    try {
      await fn(root, parts.slice(1));
      if (token !== renderToken) return; // a newer view is on its way
      view.replaceChildren(root);
    } catch (err) {
      if (token !== renderToken) return;
      view.replaceChildren(h("p", { class: "error", text: "Could not load this view: " + err.message }));
    }
  }
  // -- pieces shared by views --------------------------------------------------------------------

  function badge(text, cls) {
    return h("span", { class: "badge " + (cls || text), text });
  }
  function dyadLabel(dyad, directed = true) {
    const [a, b] = dyad.split("-");
    return `${countryName(a)} ${directed ? "→" : "↔"} ${countryName(b)}`;
  }
  /** The evidence sentence with its trigger highlighted: text nodes and a <mark>, never markup. */
  function evidence(text, trigger) {
    const el = h("span", { class: "evidence" });
    const sentence = text || "";
    const at = trigger ? sentence.toLowerCase().indexOf(String(trigger).toLowerCase()) : -1;
    if (at < 0) {
      el.textContent = sentence;
    } else {
      append(el, [sentence.slice(0, at), h("mark", { text: sentence.slice(at, at + trigger.length) }), sentence.slice(at + trigger.length)]);
    }
    return el;
  }
  function outletLink(ev) {
    const name = ev.outlet || "outlet unknown";
    return externalLink(ev.url, name);
  }
  function eventCard(ev) {
    const q = ev.quad_class || 0;
    const head = h("div", { class: "head" },
      h("span", { class: "date", text: ev.date || "undated" }),
      ev.source_country && ev.target_country
        ? h("a", { href: link(`/dyad/${ev.source_country}-${ev.target_country}`), text: `${ev.source_country} → ${ev.target_country}` })
        : h("span", { text: `${ev.source_country || "?"} → ${ev.target_country || "?"}` }),
      q ? badge(QUAD[q].short, "q" + q) : null,
      h("span", { text: `${ev.cameo_code} ${ev.cameo_name || ""}` }),
      h("span", { class: signClass(ev.goldstein), text: `Goldstein ${signed(ev.goldstein)}` }),
      ev.modality !== "asserted" ? badge(ev.modality, "modality") : null,
    );
    const src = h("div", { class: "src" }, outletLink(ev));
    if (ev.reported_by && ev.reported_by.length) append(src, [" · reported by ", ev.reported_by.join(", ")]);
    if (ev.attributed_to && ev.attributed_to.length) append(src, [" · according to ", ev.attributed_to.join(", ")]);
    if (ev.location_name) append(src, [" · at ", ev.location_name]);
    append(src, [" · ", h("a", { href: link(`/article/${encodeURIComponent(ev.doc_id)}`, { event: ev.id }), text: "article" })]);
    return h("li", { class: `event q${q}`, dataset: { id: ev.id } }, head, evidence(ev.evidence_text, ev.trigger), src);
  }
  function pager(page, pages, total, onPage) {
    return h("div", { class: "pager" },
      h("button", { type: "button", disabled: page <= 1 ? "disabled" : null, onclick: () => onPage(page - 1), text: "← newer" }),
      h("span", { class: "muted", text: `page ${page} of ${pages} · ${total} events` }),
      h("button", { type: "button", disabled: page >= pages ? "disabled" : null, onclick: () => onPage(page + 1), text: "older →" }),
    );
  }
  async function eventList(container, params, title) {
    let page = 1;
    const box = h("div");
    async function load() {
      const data = await api("/api/events", { ...params, page, page_size: 20 });
      const list = h("ol", { class: "events" }, data.items.map(eventCard));
      box.replaceChildren(...[
        h("h2", { text: `${title} (${data.total})` }),
        data.total ? list : h("p", { class: "muted", text: "No events match." }),
        data.pages > 1 ? pager(page, data.pages, data.total, (p) => { page = p; load(); }) : null,
      ].filter(Boolean));
    }
    await load();
    container.replaceChildren(box);
  }

  function sparkline(spark) {
    const w = 104, hgt = 24;
    const n = Math.max(spark.length, 1);
    const top = Math.max(1, ...spark.map((p) => p[1]));
    const bw = w / n;
    const svg = s("svg", { class: "spark", width: w, height: hgt, viewBox: `0 0 ${w} ${hgt}`, "aria-hidden": "true" });
    spark.forEach(([period, events, gold], i) => {
      if (!events) return;
      const bh = Math.max(1.5, (events / top) * (hgt - 2));
      append(svg, [s("rect", { x: (i * bw + 0.5).toFixed(1), y: (hgt - bh).toFixed(1), width: Math.max(1, bw - 1).toFixed(1), height: bh.toFixed(1), fill: gold < 0 ? "#b2182b" : gold > 0 ? "#1b7837" : "#999" },
        s("title", { text: `${period}: ${events} events, Goldstein ${signed(gold)}` }))]);
    });
    return svg;
  }

  function niceMax(v) {
    if (v <= 0) return 1;
    const e = Math.pow(10, Math.floor(Math.log10(v)));
    for (const step of [1, 2, 2.5, 5, 10]) if (v <= step * e) return step * e;
    return 10 * e;
  }

  /** Quad-class bars per period with the Goldstein line; click a bar to select its period. */
  function dyadChart(series, opts) {
    const W = 960, H = 320, ml = 46, mr = 58, mt = 22, mb = 64;
    const pw = W - ml - mr, ph = H - mt - mb;
    const n = Math.max(series.length, 1);
    const slot = pw / n, bar = Math.max(2, slot * 0.7);
    const cmax = Math.max(1, Math.ceil(niceMax(Math.max(0, ...series.map((p) => p.events)))));
    const nt = cmax <= 5 ? cmax : 4;
    const gabs = niceMax(Math.max(1, ...series.map((p) => Math.abs(p.goldstein))));
    const yc = (v) => mt + ph - (v / cmax) * ph;
    const yg = (v) => mt + ph / 2 - (v / gabs) * (ph / 2);
    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "events per period by quad class, with the Goldstein sum", "data-testid": "dyad-chart" });
    for (let i = 0; i <= nt; i++) {
      const v = (cmax * i) / nt, y = yc(v);
      append(svg, [
        s("line", { x1: ml, x2: ml + pw, y1: y, y2: y, stroke: "#e6e6e6" }),
        s("text", { x: ml - 6, y: y + 4, "text-anchor": "end", fill: "#666", "font-size": 11, text: String(+v.toFixed(2)) }),
      ]);
    }
    for (let i = 0; i <= 4; i++) {
      const g = -gabs + (2 * gabs * i) / 4;
      append(svg, [s("text", { x: ml + pw + 6, y: yg(g) + 4, fill: LINE, "font-size": 11, text: signed(g, 0) })]);
    }
    append(svg, [
      s("text", { x: 12, y: mt + ph / 2, transform: `rotate(-90 12 ${mt + ph / 2})`, "text-anchor": "middle", fill: "#666", "font-size": 11, text: "events" }),
      s("text", { x: W - 6, y: mt + ph / 2, transform: `rotate(90 ${W - 6} ${mt + ph / 2})`, "text-anchor": "middle", fill: LINE, "font-size": 11, text: "Goldstein sum" }),
      s("line", { x1: ml, x2: ml + pw, y1: yg(0), y2: yg(0), stroke: LINE, "stroke-dasharray": "3 3", "stroke-opacity": 0.4 }),
    ]);
    const every = Math.max(1, Math.ceil(n / 14));
    const pts = [];
    series.forEach((p, i) => {
      const x = ml + i * slot + (slot - bar) / 2, cx = ml + i * slot + slot / 2;
      const g = s("g", { class: "slot" + (opts.selected === p.period ? " selected" : ""), dataset: { period: p.period } });
      append(g, [s("rect", { class: "hover", x: ml + i * slot, y: mt, width: slot, height: ph, fill: "transparent" })]);
      let base = 0;
      for (const q of [1, 2, 3, 4]) {
        const v = p["q" + q];
        if (!v) continue;
        append(g, [s("rect", { class: "bar q" + q, x, y: yc(base + v), width: bar, height: yc(base) - yc(base + v), fill: QUAD[q].color })]);
        base += v;
      }
      const tip = [`${p.period}: ${p.events} events`, ...[1, 2, 3, 4].filter((q) => p["q" + q]).map((q) => `${p["q" + q]} ${QUAD[q].name}`),
        `Goldstein sum ${signed(p.goldstein)}`, p.cc_index === null ? null : `CCI ${signed(p.cc_index, 2)}`,
        p.z === null || p.z === undefined ? null : `z ${signed(p.z)}`].filter(Boolean).join("\n");
      append(g, [s("title", { text: tip })]);
      g.addEventListener("click", () => opts.onSelect && opts.onSelect(p.period));
      append(svg, [g]);
      pts.push([cx, yg(p.goldstein)]);
      if (p.alert) {
        const crit = p.level === "critical";
        append(svg, [s("path", { d: `M${cx - 6},${mt - 12} L${cx + 6},${mt - 12} L${cx},${mt - 2} Z`, fill: crit ? "#b2182b" : "#e76f51", class: "alert-mark" },
          s("title", { text: `${p.level} alert: z = ${signed(p.z)}` }))]);
      }
      if (i % every === 0) {
        const ly = mt + ph + 14;
        append(svg, [s("text", { x: cx, y: ly, "text-anchor": "end", fill: "#555", "font-size": 11, transform: `rotate(-35 ${cx} ${ly})`, text: p.period })]);
      }
    });
    if (pts.length > 1) append(svg, [s("polyline", { points: pts.map((p) => p.join(",")).join(" "), fill: "none", stroke: LINE, "stroke-width": 2, "pointer-events": "none" })]);
    for (const [x, y] of pts) append(svg, [s("circle", { cx: x, cy: y, r: 2.6, fill: LINE, "pointer-events": "none" })]);
    return svg;
  }
  function legend() {
    return h("div", { class: "legend" },
      [1, 2, 3, 4].map((q) => h("span", {}, h("span", { class: "sw q" + q }), QUAD[q].name)),
      h("span", {}, h("span", { class: "sw line" }), "Goldstein sum"),
      h("span", { class: "muted", text: "▼ escalation alert" }));
  }

  // -- views ----------------------------------------------------------------------------------------

  async function overview(root) {
    const f = filters();
    const [dyads, alerts] = await Promise.all([
      api("/api/dyads", { ...common(), freq: f.freq, country: f.country, limit: 60 }),
      api("/api/alerts", { ...common(), freq: f.freq, limit: 10, n_events: 2 }),
    ]);
    const p = dyads.params;
    const rows = dyads.items.map((d, i) => h("tr", { class: "click", onclick: () => go(`/dyad/${d.dyad}`) },
      h("td", { text: i + 1 }),
      h("td", { class: "l" }, h("a", { href: link(`/dyad/${d.dyad}`), text: d.dyad }), h("div", { class: "muted small", text: dyadLabel(d.dyad) })),
      h("td", { class: "l" }, badge(d.status)),
      h("td", { text: signed(d.peak_z) }),
      h("td", { text: signed(d.latest_z) }),
      h("td", { text: d.events }),
      h("td", { text: fmt(d.conflict) }),
      h("td", { class: signClass(d.cc_index), text: signed(d.cc_index, 2) }),
      h("td", { class: signClass(d.goldstein), text: signed(d.goldstein) }),
      h("td", {}, sparkline(d.spark || [])),
      h("td", { text: d.alerts || "" }),
    ));
    const table = h("table", { class: "data", id: "dyad-table" },
      h("thead", {}, h("tr", {}, ["#", "Dyad", "Status", "Peak z", "Latest z", "Events", "Conflict", "CCI", "Goldstein", "Trend", "Alerts"].map((t, i) => h("th", { class: i === 1 || i === 2 ? "l" : "", text: t })))),
      h("tbody", {}, rows));
    const alertItems = alerts.items.map((a) => h("div", { class: "alert-item " + a.level },
      h("div", {}, h("a", { href: link(`/dyad/${a.dyad}`, { period: a.period }), text: a.dyad }), " ", badge(a.level), " ",
        h("span", { text: `${f.freq} of ${a.period} · z ${signed(a.z)} · conflict ${fmt(a.conflict)} vs ${fmt(a.baseline_mean)} ± ${fmt(a.baseline_sd)}` })),
      h("ol", { class: "events" }, a.drivers.map(eventCard))));
    append(root, [
      h("h1", { text: "Crisis overview" }),
      h("p", { class: "muted", text: `Dyads ranked by escalation: the peak z-score of conflict intensity against each dyad's own previous ${p.window} ${p.freq}s, over the last ${p.recent} ${p.freq}s of the range. Alerts from z ≥ ${p.threshold}.` }),
      h("div", { class: "grid" },
        h("section", {}, dyads.items.length ? table : h("p", { class: "muted", text: "No dyads with events in this range." }),
          dyads.total > dyads.items.length ? h("p", { class: "muted", text: `${dyads.total - dyads.items.length} more dyads not shown.` }) : null),
        h("section", {}, h("h2", { text: "Latest alerts" }), alertItems.length ? alertItems : h("p", { class: "muted", text: "No escalation alerts in this range." }))),
    ]);
  }

  async function dyadView(root, args) {
    const dyad = (args[0] || "").toUpperCase();
    const q = route().query;
    const f = filters();
    const both = q.get("both") === "1";
    const selected = q.get("period") || null;
    const data = await api(`/api/dyads/${encodeURIComponent(dyad)}/series`, { ...common(), freq: f.freq, directed: both ? "false" : undefined });
    const st = data.status;
    const [a, b] = dyad.split("-");
    const statusText = st.latest_period
      ? `Latest ${f.freq} (${st.latest_period}): conflict ${fmt(st.latest_conflict)} Goldstein points, z ${signed(st.latest_z)}. ` +
        (st.peak_period && st.peak_z >= 1 && st.peak_period !== st.latest_period ? `Recent peak ${st.peak_period}, z ${signed(st.peak_z)}. ` : "") +
        `${st.alerts.length} alert${st.alerts.length === 1 ? "" : "s"} in the range.`
      : "No dated events in the range.";
    const totals = data.series.reduce((acc, p) => { acc.events += p.events; acc.g += p.goldstein; return acc; }, { events: 0, g: 0 });
    const eventsBox = h("section", { id: "dyad-events" });
    const briefParams = new URLSearchParams();
    if (f.since) briefParams.set("since", f.since);
    if (f.until) briefParams.set("until", f.until);
    const toggle = h("input", { type: "checkbox", id: "both", checked: both ? "checked" : null, onchange: (e) => go(`/dyad/${dyad}`, { both: e.target.checked ? "1" : "", period: selected }) });
    append(root, [
      h("div", { class: "dyad-title" },
        h("h1", { text: dyadLabel(dyad, !both) }),
        h("span", { class: "muted", text: dyad }),
        badge(st.status)),
      h("p", { class: "status-line", text: statusText }),
      h("div", { class: "toolbar" },
        h("label", {}, toggle, " both directions"),
        h("a", { href: link(`/dyad/${b}-${a}`, { both: both ? "1" : "" }), text: `reverse: ${b} → ${a}` }),
        h("span", { class: "muted", text: `${totals.events} events · Goldstein ${signed(totals.g)}` }),
        h("a", { href: `/api/dyads/${dyad}/brief?format=html&${briefParams}`, target: "_blank", rel: "noopener", text: "brief (HTML)" }),
        h("a", { href: `/api/dyads/${dyad}/brief?format=md&${briefParams}`, target: "_blank", rel: "noopener", text: "brief (Markdown)" }),
        selected ? h("button", { type: "button", class: "linklike", onclick: () => go(`/dyad/${dyad}`, { both: both ? "1" : "", period: "" }), text: "show every period" }) : null),
      h("div", { class: "card chart", id: "chart" },
        dyadChart(data.series, { selected, onSelect: (p) => go(`/dyad/${dyad}`, { both: both ? "1" : "", period: p }) }),
        legend()),
      eventsBox,
    ]);
    const params = { ...common(), dyad, directed: both ? "false" : undefined };
    let title = "Events";
    if (selected) {
      const row = data.series.find((p) => p.period === selected);
      params.since = selected;
      params.until = periodEnd(selected, f.freq);
      title = `Events in the ${f.freq} of ${selected}` + (row && row.alert ? ` (${row.level} alert, z ${signed(row.z)})` : "");
    }
    await eventList(eventsBox, params, title);
  }
  function periodEnd(start, freq) {
    const d = new Date(start + "T00:00:00Z");
    if (freq === "day") return start;
    if (freq === "week") d.setUTCDate(d.getUTCDate() + 6);
    else { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
    return d.toISOString().slice(0, 10);
  }

  async function matrix(root) {
    const data = await api("/api/matrix", { ...common(), max_countries: 16 });
    const cells = new Map(data.cells.map((c) => [c.source + "-" + c.target, c]));
    const top = Math.max(1, ...data.cells.map((c) => c.events));
    const head = h("tr", {}, h("th", { class: "l", text: "source ↓ / target →" }), data.countries.map((c) => h("th", { title: countryName(c), text: c })));
    const body = data.countries.map((src) => h("tr", {},
      h("th", { class: "l", title: countryName(src), text: src }),
      data.countries.map((tgt) => {
        const c = cells.get(src + "-" + tgt);
        if (!c) return h("td", { class: "cell empty", text: "·" });
        const td = h("td", { class: "cell", title: `${src} → ${tgt}: ${c.events} events, Goldstein ${signed(c.goldstein)}, CCI ${signed(c.cc_index, 2)}`, onclick: () => go(`/dyad/${src}-${tgt}`), text: c.events });
        td.style.background = ccColor(c.cc_index, 0.25 + 0.75 * Math.sqrt(c.events / top));
        return td;
      })));
    append(root, [
      h("h1", { text: "Dyad matrix" }),
      h("p", { class: "muted", text: "Events from each source country (rows) to each target (columns). Colour: conflict–cooperation index, red all conflict, green all cooperation; stronger colour, more events. Click a cell for the dyad." }),
      data.countries.length ? h("table", { class: "data matrix" }, h("thead", {}, head), h("tbody", {}, body)) : h("p", { class: "muted", text: "No dyads yet." }),
    ]);
  }

  async function network(root) {
    const q = route().query;
    const level = q.get("level") === "actor" ? "actor" : "country";
    const data = await api("/api/network", { ...common(), level, max_nodes: level === "actor" ? 30 : 25 });
    const W = 900, H = 600;
    const nodes = data.nodes.map((n, i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, data.nodes.length);
      return { ...n, x: W / 2 + 220 * Math.cos(angle), y: H / 2 + 220 * Math.sin(angle), vx: 0, vy: 0 };
    });
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const edges = data.edges.filter((e) => byId.has(e.source) && byId.has(e.target) && e.source !== e.target);
    // a small force layout: repulsion, springs along edges, gravity to the centre
    for (let it = 0; it < 300; it++) {
      for (const a of nodes) {
        for (const b of nodes) {
          if (a === b) continue;
          const dx = a.x - b.x, dy = a.y - b.y, d2 = Math.max(dx * dx + dy * dy, 100);
          a.vx += (dx / d2) * 900; a.vy += (dy / d2) * 900;
        }
        a.vx += (W / 2 - a.x) * 0.004; a.vy += (H / 2 - a.y) * 0.004;
      }
      for (const e of edges) {
        const a = byId.get(e.source), b = byId.get(e.target);
        const dx = b.x - a.x, dy = b.y - a.y, d = Math.max(Math.hypot(dx, dy), 1);
        const k = (d - 160) * 0.01;
        a.vx += (dx / d) * k; a.vy += (dy / d) * k; b.vx -= (dx / d) * k; b.vy -= (dy / d) * k;
      }
      for (const n of nodes) {
        n.x = Math.min(W - 40, Math.max(40, n.x + n.vx * 0.5)); n.y = Math.min(H - 30, Math.max(30, n.y + n.vy * 0.5));
        n.vx *= 0.6; n.vy *= 0.6;
      }
    }
    const top = Math.max(1, ...nodes.map((n) => n.events));
    const etop = Math.max(1, ...edges.map((e) => e.events));
    const radius = (n) => 7 + 20 * Math.sqrt(n.events / top);
    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "net", "data-testid": "network" });
    const defs = s("defs");
    ["neg", "pos", "mid"].forEach((kind) => {
      const color = kind === "neg" ? "#b2182b" : kind === "pos" ? "#1b7837" : "#888";
      append(defs, [s("marker", { id: "arrow-" + kind, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" },
        s("path", { d: "M0,0 L10,5 L0,10 z", fill: color }))]);
    });
    append(svg, [defs]);
    for (const e of edges) {
      const a = byId.get(e.source), b = byId.get(e.target);
      const dx = b.x - a.x, dy = b.y - a.y, d = Math.max(Math.hypot(dx, dy), 1);
      const nx = -dy / d, ny = dx / d, bend = 18;
      const mx = (a.x + b.x) / 2 + nx * bend, my = (a.y + b.y) / 2 + ny * bend;
      const rb = radius(b) + 3;
      const ex = b.x - ((b.x - mx) / Math.hypot(b.x - mx, b.y - my)) * rb, ey = b.y - ((b.y - my) / Math.hypot(b.x - mx, b.y - my)) * rb;
      const kind = e.cc_index === null ? "mid" : e.cc_index < -0.1 ? "neg" : e.cc_index > 0.1 ? "pos" : "mid";
      const dyad = level === "country" ? `${e.source}-${e.target}` : `${byId.get(e.source).country}-${byId.get(e.target).country}`;
      append(svg, [s("path", { class: "edge", d: `M${a.x},${a.y} Q${mx},${my} ${ex},${ey}`, fill: "none", stroke: ccColor(e.cc_index === null ? 0 : e.cc_index * 0.8 + (e.cc_index > 0 ? 0.2 : -0.2)), "stroke-width": 1 + 6 * Math.sqrt(e.events / etop), "marker-end": `url(#arrow-${kind})`, onclick: () => go(`/dyad/${dyad}`) },
        s("title", { text: `${e.source} → ${e.target}: ${e.events} events, Goldstein ${signed(e.goldstein)}, CCI ${signed(e.cc_index, 2)}` }))]);
    }
    for (const n of nodes) {
      const country = level === "country" ? n.id : n.country;
      append(svg, [s("g", { class: "node", onclick: () => go("/", { country }) },
        s("circle", { cx: n.x, cy: n.y, r: radius(n), fill: "#dfe7f2", stroke: "#264f78", "stroke-width": 1.5 }),
        s("text", { x: n.x, y: n.y + 4, "text-anchor": "middle", "font-size": 11, "font-weight": 600, text: n.id }),
        s("title", { text: `${n.id}${n.name && n.name !== n.id ? " (" + n.name + ")" : ""}: ${n.events} events, ${n.as_source} as source, ${n.as_target} as target` }))]);
    }
    append(root, [
      h("h1", { text: "Actor network" }),
      h("div", { class: "toolbar" },
        h("a", { href: link("/network", { level: "" }), text: "countries" }), h("a", { href: link("/network", { level: "actor" }), text: "actors (CAMEO codes)" }),
        h("span", { class: "muted", text: "Arrows run from source to target; width is the number of events, colour the conflict–cooperation index. Click an arrow for the dyad, a node for its dyads." })),
      h("div", { class: "card" }, nodes.length ? svg : h("p", { class: "muted", text: "No events between actors yet." })),
    ]);
    const actors = await api("/api/actors", { ...common(), n: 15, by: level === "actor" ? "name" : "code" });
    append(root, [h("h2", { text: "Top actors" }), h("table", { class: "data" },
      h("thead", {}, h("tr", {}, ["Actor", "Code", "Events", "As source", "As target", "Cooperation", "Conflict", "Goldstein"].map((t, i) => h("th", { class: i < 2 ? "l" : "", text: t })))),
      h("tbody", {}, actors.items.map((a) => h("tr", {},
        h("td", { class: "l", text: a.label || a.actor }), h("td", { class: "l", text: a.code }), h("td", { text: a.events }),
        h("td", { text: a.as_source }), h("td", { text: a.as_target }), h("td", { text: a.cooperation }), h("td", { text: a.conflict }),
        h("td", { class: signClass(a.goldstein), text: signed(a.goldstein) })))))]);
  }

  async function mapView(root) {
    if (!WORLD) {
      const r = await fetch("/static/world.json");
      WORLD = await r.json();
    }
    const data = await api("/api/map", { ...common(), limit: 1000 });
    const K = 10; // projected units per degree (equirectangular)
    const px = (lon) => (lon + 180) * K, py = (lat) => (90 - lat) * K;
    let [x0, x1, y0, y1] = [-170, 190, -58, 80];
    if (data.items.length) {
      const core = coreOf(data.items);
      const lons = core.map((p) => p.lon), lats = core.map((p) => p.lat);
      x0 = Math.min(...lons) - 12; x1 = Math.max(...lons) + 12; y0 = Math.min(...lats) - 8; y1 = Math.max(...lats) + 8;
      const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
      const wspan = Math.max(x1 - x0, 50), hspan = Math.max(y1 - y0, wspan * 0.55);
      x0 = cx - wspan / 2; x1 = cx + wspan / 2; y0 = cy - hspan / 2; y1 = cy + hspan / 2;
    }
    const vb = [px(x0), py(y1), (x1 - x0) * K, (y1 - y0) * K];
    const scale = vb[2] / 900;
    const svg = s("svg", { viewBox: vb.join(" "), "data-testid": "map" });
    for (let lon = -180; lon <= 180; lon += 10) append(svg, [s("line", { class: "grat", x1: px(lon), x2: px(lon), y1: 0, y2: 1800 })]);
    for (let lat = -80; lat <= 80; lat += 10) append(svg, [s("line", { class: "grat", x1: 0, x2: 3600, y1: py(lat), y2: py(lat) })]);
    for (const land of WORLD.land) {
      append(svg, [s("polygon", { class: "land", points: land.ring.map(([lon, lat]) => `${px(lon).toFixed(1)},${py(lat).toFixed(1)}`).join(" ") }, s("title", { text: land.name }))]);
    }
    for (const [code, [lat, lon]] of Object.entries(WORLD.countries)) {
      if (lon < x0 || lon > x1 || lat < y0 || lat > y1) continue;
      append(svg, [s("text", { x: px(lon), y: py(lat), "text-anchor": "middle", "font-size": 11 * scale, fill: "#8a7f66", text: code }, s("title", { text: countryName(code) }))]);
    }
    const top = Math.max(1, ...data.items.map((p) => p.events));
    const listBox = h("section", { id: "map-events" });
    const placed = [];
    for (const p of data.items) {
      const r = (4 + 14 * Math.sqrt(p.events / top)) * scale;
      const cx = px(p.lon), cy = py(p.lat);
      append(svg, [s("circle", { class: "pt", cx, cy, r, fill: ccColor(p.cc_index), onclick: () => eventList(listBox, { ...common(), location: p.name }, `Events at ${p.name}`) },
        s("title", { text: `${p.name}: ${p.events} events (${(p.dyads || []).join(", ")}), Goldstein ${signed(p.goldstein)}, CCI ${signed(p.cc_index, 2)}` }))]);
      // label the busiest places first, skipping labels that would overlap one already placed
      const box = [cx + r + 2 * scale, cy - 8 * scale, cx + r + 2 * scale + String(p.name).length * 6.5 * scale, cy + 4 * scale];
      if (placed.length < 15 && !placed.some((b) => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1])) {
        placed.push(box);
        append(svg, [s("text", { x: box[0], y: cy + 4 * scale, "font-size": 11 * scale, fill: "#222", "pointer-events": "none", text: p.name })]);
      }
    }
    append(root, [
      h("h1", { text: "Where events happened" }),
      h("p", { class: "muted", text: "Located events, one circle per place: size is the number of events, colour the conflict–cooperation index. Coastlines are a coarse schematic drawn for flashpoint. Click a circle for its events." }),
      h("div", { class: "card map" }, svg),
      data.items.length ? null : h("p", { class: "muted", text: "No located events in this range." }),
      listBox,
    ]);
  }

  /** The places holding most of the events (85%, nearest the weighted median first). */
  function coreOf(items) {
    const total = items.reduce((a, p) => a + p.events, 0);
    const median = (key) => {
      const sorted = [...items].sort((a, b) => a[key] - b[key]);
      let acc = 0;
      for (const p of sorted) { acc += p.events; if (acc >= total / 2) return p[key]; }
      return sorted[0][key];
    };
    const mx = median("lon"), my = median("lat");
    const byDist = [...items].sort((a, b) => Math.hypot(a.lon - mx, a.lat - my) - Math.hypot(b.lon - mx, b.lat - my));
    const out = [];
    let acc = 0;
    for (const p of byDist) { out.push(p); acc += p.events; if (acc >= 0.85 * total) break; }
    return out;
  }

  async function eventsView(root) {
    const q = route().query;
    const f = filters();
    const controls = h("form", { class: "toolbar", onsubmit: (e) => {
      e.preventDefault();
      const fd = new FormData(e.target);
      go("/events", { q: fd.get("q"), quad: fd.get("quad"), modality: fd.get("modality"), cameo: fd.get("cameo"), dyad: fd.get("dyad").toUpperCase() });
    } },
      h("label", {}, "Text ", h("input", { name: "q", value: q.get("q") || "", size: 18 })),
      h("label", {}, "Dyad ", h("input", { name: "dyad", value: q.get("dyad") || "", size: 8, placeholder: "CHN-PHL" })),
      h("label", {}, "CAMEO ", h("input", { name: "cameo", value: q.get("cameo") || "", size: 4, placeholder: "17" })),
      h("label", {}, "Quad ", h("select", { name: "quad" }, h("option", { value: "", text: "any" }),
        [1, 2, 3, 4].map((n) => h("option", { value: n, selected: q.get("quad") === String(n) ? "selected" : null, text: QUAD[n].name })))),
      h("label", {}, "Modality ", h("select", { name: "modality" }, ["", "asserted", "hypothetical", "conditional", "future", "negated", "denied"].map((m) =>
        h("option", { value: m, selected: q.get("modality") === m ? "selected" : null, text: m || "per filter" })))),
      h("button", { type: "submit", text: "Search" }));
    const box = h("section");
    append(root, [h("h1", { text: "Events" }), controls, box]);
    await eventList(box, {
      ...common(), q: q.get("q"), dyad: q.get("dyad"), cameo: q.get("cameo"), quad_class: q.get("quad"),
      modality: q.get("modality"), country: f.country,
    }, "Matching events");
  }

  async function articleView(root, args) {
    const id = args.join("/");
    const q = route().query;
    const current = q.get("event");
    const art = await api(`/api/articles/${encodeURIComponent(id)}`);
    // the text with every evidence sentence marked, built from text nodes
    const spans = art.events
      .filter((e) => Number.isInteger(e.evidence_start) && Number.isInteger(e.evidence_end) && e.evidence_end > e.evidence_start)
      .sort((x, y) => x.evidence_start - y.evidence_start || (x.id === current ? -1 : 1));
    const text = art.text || "";
    const body = h("div", { class: "article-text", id: "article-text" });
    let pos = 0;
    for (const e of spans) {
      if (e.evidence_start < pos) continue; // overlapping sentence: already marked
      append(body, [text.slice(pos, e.evidence_start)]);
      const same = spans.filter((o) => o.evidence_start === e.evidence_start);
      append(body, [h("mark", {
        class: same.some((o) => o.id === current) ? "current" : "other",
        id: same.some((o) => o.id === current) ? "current-evidence" : null,
        title: same.map((o) => `${o.source_country || "?"} → ${o.target_country || "?"}: ${o.cameo_code} ${o.cameo_name} (${o.modality})`).join("\n"),
        text: text.slice(e.evidence_start, e.evidence_end),
      })]);
      pos = e.evidence_end;
    }
    append(body, [text.slice(pos)]);
    const meta = h("dl", { class: "kv" },
      h("dt", { text: "Outlet" }), h("dd", {}, externalLink(art.url, art.outlet || "unknown")),
      h("dt", { text: "Date" }), h("dd", { text: art.date || "undated" }),
      h("dt", { text: "Id" }), h("dd", { text: art.id }),
      art.authors && art.authors.length ? [h("dt", { text: "Authors" }), h("dd", { text: art.authors.join(", ") })] : null);
    append(root, [
      h("h1", { text: art.title || art.id }),
      meta,
      h("h2", { text: "Text, with the evidence of each event marked" }),
      body,
      h("h2", { text: `Events (${art.events.length}, every modality)` }),
      h("ol", { class: "events" }, art.events.map(eventCard)),
    ]);
    setTimeout(() => { const el = document.getElementById("current-evidence"); if (el) el.scrollIntoView({ block: "center" }); }, 0);
  }

  // -- start ------------------------------------------------------------------------------------------

  async function start() {
    try {
      const [names, summary] = await Promise.all([api("/api/countries"), api("/api/summary")]);
      NAMES = names.names || {};
      const range = summary.range && summary.range[0] ? ` · ${summary.range[0]} → ${summary.range[1]}` : "";
      document.getElementById("store-info").textContent = `${summary.articles} articles · ${summary.events} events${range}`;
    } catch (err) {
      document.getElementById("store-info").textContent = "store unavailable: " + err.message;
    }
    await render();
    document.body.dataset.ready = "1";
  }
  window.addEventListener("hashchange", () => { document.body.dataset.ready = "0"; render().then(() => { document.body.dataset.ready = "1"; }); });
  start();
})();
