/* The API reference, rendered from /openapi.json with text nodes only (no CDN, no innerHTML). */
"use strict";
(function () {
  const root = document.getElementById("docs");
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === "text") el.textContent = String(v);
      else if (k === "href") { if (/^\/(?!\/)/.test(v)) el.setAttribute("href", v); }
      else el.setAttribute(k, String(v));
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid === null || kid === undefined || kid === false) continue;
      el.appendChild(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return el;
  }
  function typeOf(schema) {
    if (!schema) return "";
    if (schema.anyOf) return schema.anyOf.map(typeOf).filter((t) => t !== "null").join(" | ");
    if (schema.type === "array") return typeOf(schema.items) + "[]";
    let t = schema.type || (schema.$ref ? schema.$ref.split("/").pop() : "any");
    if (schema.pattern) t += ` (${schema.pattern})`;
    if (schema.maximum !== undefined || schema.minimum !== undefined) t += ` [${schema.minimum ?? ""}..${schema.maximum ?? ""}]`;
    return t;
  }
  fetch("/openapi.json").then((r) => r.json()).then((spec) => {
    const byTag = new Map();
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const tag = (op.tags && op.tags[0]) || "other";
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push({ path, method, op });
      }
    }
    const tagInfo = new Map((spec.tags || []).map((t) => [t.name, t.description]));
    const parts = [h("h1", { text: `${spec.info.title} REST API ${spec.info.version}` }),
      h("p", { class: "muted" }, "Machine-readable description: ", h("a", { href: "/openapi.json", text: "/openapi.json" }), ". Responses are JSON; dates are YYYY-MM-DD."),
      h("pre", { class: "card", text: (spec.info.description || "").trim() })];
    for (const [tag, ops] of byTag) {
      parts.push(h("h2", { text: tag }), tagInfo.get(tag) ? h("p", { class: "muted", text: tagInfo.get(tag) }) : null);
      for (const { path, method, op } of ops) {
        const params = (op.parameters || []).map((p) => h("tr", {},
          h("td", { class: "l" }, h("code", { text: p.name })), h("td", { class: "l", text: p.in }),
          h("td", { class: "l", text: typeOf(p.schema) }), h("td", { class: "l", text: p.schema && p.schema.default !== undefined ? JSON.stringify(p.schema.default) : "" }),
          h("td", { class: "l", text: p.description || "" })));
        const tryIt = method === "get" && !path.includes("{") ? h("a", { href: path, text: "try it" }) : null;
        parts.push(h("div", { class: "card" },
          h("h3", {}, h("span", { class: "badge " + (method === "get" ? "stable" : "warning"), text: method.toUpperCase() }), " ", h("code", { text: path }), " ", tryIt),
          h("p", { text: op.description || op.summary || "" }),
          params.length ? h("table", { class: "data" }, h("thead", {}, h("tr", {}, ["name", "in", "type", "default", ""].map((t) => h("th", { class: "l", text: t })))), h("tbody", {}, params)) : null,
          op.requestBody ? h("p", { class: "muted", text: "Body: JSON. " + ((op.requestBody.content || {})["application/json"] ? "" : "") }) : null));
      }
    }
    root.replaceChildren(...parts.filter(Boolean));
  }).catch((err) => { root.replaceChildren(h("p", { class: "error", text: "Could not load /openapi.json: " + err.message })); });
})();
