/* leyenda web UI: the only script the pages run (the Content-Security-Policy allows no
   inline script). Article text is only ever put in the page with textContent. */
"use strict";

function scrollToCited() {
  const cited = document.getElementById("cited");
  if (!cited) return;
  cited.scrollIntoView({ block: "center" });
  cited.focus({ preventScroll: true });
}

function textElement(tag, text, className) {
  const el = document.createElement(tag);
  el.textContent = text;
  if (className) el.className = className;
  return el;
}

/* "hide tentative facts": lists hide by a class on <body> (style.css), the widgets redraw.
   The choice is kept for this browser's session (sessionStorage), so it follows from page to page. */
const tentativeFilter = {
  hidden: false,
  listeners: [],
  setup() {
    const box = document.getElementById("hide-tentative");
    if (!box) return;
    try {
      this.hidden = window.sessionStorage.getItem("leyenda.hideTentative") === "1";
    } catch (e) {
      this.hidden = false;
    }
    box.checked = this.hidden;
    document.body.classList.toggle("hide-tentative", this.hidden);
    box.addEventListener("change", () => {
      this.hidden = box.checked;
      try {
        window.sessionStorage.setItem("leyenda.hideTentative", this.hidden ? "1" : "0");
      } catch (e) {
        /* storage refused: the filter still works on this page */
      }
      document.body.classList.toggle("hide-tentative", this.hidden);
      this.listeners.forEach((fn) => fn());
    });
  },
  onChange(fn) {
    this.listeners.push(fn);
  },
};

function isoDate(iso) {
  const p = iso.split("-").map((x) => parseInt(x, 10));
  const d = new Date(2000, 0, 1);
  d.setFullYear(p[0], p[1] - 1, p[2]);
  return d;
}

/* The vis-timeline widget (when the vendored library is there), fed from /api/timeline:
   the same items as the HTML report, a lane per central person, opening on the busiest
   years. Each item shows its whole sentence, wrapped; a range is drawn at its start. */
function startVisTimeline(container) {
  if (!window.vis || !window.vis.Timeline) return Promise.resolve(null);
  return fetch(container.dataset.src, { credentials: "same-origin" })
    .then((r) => r.json())
    .then((data) => {
      const all = data.items.map((it) => ({
        id: it.id,
        // items are built as DOM nodes from text, never parsed as HTML
        content: it.content,
        when: it.when,
        disputed: it.disputed,
        start: isoDate(it.start),
        type: "point",
        group: it.lane,
        className: it.className,
        people: it.people,
        tentative: it.tentative,
      }));
      const items = new window.vis.DataSet(all);
      // a lane is drawn only while it holds an item: a filter that leaves a person's lane
      // empty hides it (`shown` is refreshed with the items, in setupTimeline)
      const shown = new Set(all.map((it) => it.group));
      const lanes = new window.vis.DataSet(
        data.lanes.map((g, i) => ({ id: g.id, content: textElement("span", g.content), className: g.id, order: i }))
      );
      const groups = new window.vis.DataView(lanes, { filter: (g) => shown.has(g.id) });
      const options = {
        template: (item) => {
          const label = document.createElement("span");
          label.className = "item-label";
          label.title = item.when + " · " + item.content;
          label.appendChild(textElement("span", item.when, "item-when"));
          label.appendChild(document.createTextNode((item.disputed ? "⚠ " : "") + item.content));
          return label;
        },
        zoomable: true,
        zoomKey: "ctrlKey",
        stack: true,
        // the axis on top: with it below, vis-timeline scrolls a tall chart to its bottom lane
        orientation: "top",
        maxHeight: 640,
        groupOrder: "order",
        margin: { item: { horizontal: 4, vertical: 4 } },
      };
      if (data.window) {
        options.start = isoDate(data.window.start);
        options.end = isoDate(data.window.end);
      }
      const timeline = new window.vis.Timeline(container, items, groups, options);
      timeline.on("select", (props) => {
        const li = props.items.length ? document.getElementById("fact-" + props.items[0]) : null;
        if (li) li.scrollIntoView({ block: "center" });
      });
      const vis = { timeline: timeline, items: items, groups: groups, shown: shown, all: all, window: data.window };
      window.leyendaTimeline = vis;
      return vis;
    })
    .catch(() => null);
}

function setupTimeline() {
  const select = document.getElementById("person-filter");
  const container = document.getElementById("timeline");
  if (!select) return;
  let vis = null;
  const apply = (refit) => {
    const who = select.value;
    document.querySelectorAll("#timeline-list > li.event").forEach((li) => {
      const people = (li.dataset.people || "").split(" ");
      li.hidden = who !== "" && !people.includes(who);
    });
    if (vis) {
      const keep = (it) => (who === "" || it.people.includes(who)) && !(tentativeFilter.hidden && it.tentative);
      // items out first, then the lanes, then the items back: vis-timeline must never
      // hold an item whose lane it does not have
      const kept = vis.all.filter(keep);
      vis.items.clear();
      vis.shown.clear();
      kept.forEach((it) => vis.shown.add(it.group));
      vis.groups.refresh();
      vis.items.add(kept);
      if (!refit) return;
      if (who !== "") vis.timeline.fit();
      else if (vis.window) vis.timeline.setWindow(isoDate(vis.window.start), isoDate(vis.window.end));
    }
  };
  select.addEventListener("change", () => apply(true));
  tentativeFilter.onChange(() => apply(false));
  if (container) {
    startVisTimeline(container).then((v) => {
      vis = v;
      if (vis) apply(select.value !== "");
    });
  }
}

const GRAPH_STYLE = [
  { selector: "node", style: { label: "data(label)", "font-size": 12, "text-valign": "bottom", "text-margin-y": 3,
    width: 20, height: 20, "background-color": "#6b7b8c", "text-wrap": "wrap", "text-max-width": 110,
    "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 1 } },
  { selector: "node[type = 'person']", style: { "background-color": "#2f6db5" } },
  { selector: "node[type = 'person'][reality = 'real']", style: { "background-color": "#3d8f5a" } },
  { selector: "node[type = 'person'][reality = 'fictional']", style: { "background-color": "#fff",
    "border-width": 3, "border-style": "dashed", "border-color": "#7d4fb3" } },
  { selector: "node[type = 'work']", style: { shape: "diamond", width: 26, height: 26, "font-weight": "bold", "background-color": "#7d4fb3" } },
  { selector: "node[type = 'organization']", style: { shape: "round-rectangle", "background-color": "#b5662f" } },
  { selector: "node[type = 'place']", style: { shape: "triangle" } },
  { selector: "edge", style: { label: "data(label)", "font-size": 10, "curve-style": "bezier", "target-arrow-shape": "triangle",
    width: 1.5, "line-color": "#8c959f", "target-arrow-color": "#8c959f", color: "#3d444d",
    "text-background-color": "#fff", "text-background-opacity": 0.9, "text-background-padding": 1 } },
  { selector: "edge[modality = 'depiction']", style: { "line-style": "dashed", "line-color": "#b89ae8", "target-arrow-color": "#7d4fb3", color: "#5b3a8c" } },
  { selector: "edge[modality = 'claim']", style: { "line-style": "dotted" } },
  { selector: "edge[?tentative]", style: { opacity: 0.5 } },
  { selector: "edge[?disputed]", style: { "line-color": "#c0392b", "target-arrow-color": "#c0392b", width: 2.5, color: "#c0392b" } },
  { selector: ".filtered", style: { display: "none" } },
];

/* The names no fact links, listed beside the graph instead of drawn as dots. */
function listIsolated(isolated) {
  const box = document.getElementById("graph-isolated-box");
  const ul = document.getElementById("graph-isolated");
  if (!box || !ul || !isolated || !isolated.length) return;
  isolated.forEach((e) => {
    const li = document.createElement("li");
    li.dataset.entity = e.id;
    const a = textElement("a", e.name);
    a.href = "/entity/" + encodeURIComponent(e.id);
    li.appendChild(a);
    if (e.type !== "person") li.appendChild(textElement("span", " (" + e.type + ")", "time-text"));
    ul.appendChild(li);
  });
  box.hidden = false;
}

/* A 32-bit FNV-1a hash of a string, and a small seeded generator (mulberry32) from it:
   the graph's layout draws its numbers from these instead of Math.random, so one case
   file is always drawn the same. */
function hash32(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/* Cytoscape's cose layout starts from the nodes' positions and breaks ties with
   Math.random. Each node starts where its id puts it in the box, and the layout runs
   (synchronously: animate is off) with Math.random drawn from a seed of every node id, so
   the same case file in the same box gets the same positions, run after run. */
function seededLayout(cy, options) {
  const box = options.boundingBox;
  cy.nodes().forEach((n) => {
    const next = seeded(hash32(n.id()));
    n.position({ x: box.x1 + next() * box.w, y: box.y1 + next() * box.h });
  });
  const random = Math.random;
  Math.random = seeded(hash32(cy.nodes().map((n) => n.id()).join(" ")));
  try {
    cy.layout(options).run();
  } finally {
    Math.random = random;
  }
}

/* The Cytoscape.js graph (when the vendored library is there), fed from /api/graph: only
   the connected part, laid out in the box it is shown in so that its labels can be read. */
function setupGraph() {
  const container = document.getElementById("graph");
  if (!container) return;
  fetch(container.dataset.src, { credentials: "same-origin" })
    .then((r) => r.json())
    .then((data) => {
      listIsolated(data.isolated);
      if (typeof window.cytoscape !== "function" || !data.nodes.length) return;
      container.classList.add("live");
      const w = Math.max(container.clientWidth, 600) * 1.15;
      const h = Math.max(container.clientHeight, 400) * 1.15;
      const cy = window.cytoscape({
        container: container,
        elements: { nodes: data.nodes, edges: data.edges },
        minZoom: 0.2,
        maxZoom: 3,
        layout: { name: "preset" },
        style: GRAPH_STYLE,
      });
      seededLayout(cy, {
        name: "cose", animate: false, randomize: false, fit: false, nodeDimensionsIncludeLabels: true,
        idealEdgeLength: () => 40, nodeRepulsion: () => 6000, edgeElasticity: () => 100,
        gravity: 2.5, componentSpacing: 40, numIter: 2500, padding: 10,
        boundingBox: { x1: 0, y1: 0, w: w, h: h },
      });
      cy.fit(cy.nodes().length > 80 ? cy.nodes("[component = 0]") : cy.nodes(), 20);
      window.leyendaGraph = cy;
      const filter = () => {
        cy.batch(() => {
          cy.elements().removeClass("filtered");
          if (!tentativeFilter.hidden) return;
          cy.edges("[?tentative]").addClass("filtered");
          cy.nodes().forEach((n) => {
            if (n.connectedEdges().not(".filtered").length === 0) n.addClass("filtered");
          });
        });
      };
      tentativeFilter.onChange(filter);
      filter();
      cy.on("tap", "node", (evt) => {
        window.location.href = "/entity/" + encodeURIComponent(evt.target.id());
      });
    })
    .catch(() => {});
}

// after "load": the browser's own jump to #cited happens first, then this centres it
window.addEventListener("load", scrollToCited);
document.addEventListener("DOMContentLoaded", () => {
  tentativeFilter.setup();
  setupTimeline();
  setupGraph();
});
