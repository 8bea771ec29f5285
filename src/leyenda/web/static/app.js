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

/* The vis-timeline widget (when the vendored library is there), fed from /api/timeline:
   the same items as the HTML report, in lanes by modality. */
function startVisTimeline(container) {
  if (!window.vis || !window.vis.Timeline) return Promise.resolve(null);
  return fetch(container.dataset.src, { credentials: "same-origin" })
    .then((r) => r.json())
    .then((data) => {
      const all = data.items.map((it) => Object.assign({}, it, { end: it.end || undefined }));
      const items = new window.vis.DataSet(all);
      const groups = new window.vis.DataSet(
        data.groups.map((g) => ({ id: g.id, content: textElement("span", g.content), className: g.className }))
      );
      const timeline = new window.vis.Timeline(container, items, groups, {
        // items are built as DOM nodes from text, never parsed as HTML
        template: (item) => textElement("span", item.when + " · " + item.content),
        zoomable: true,
        stack: true,
      });
      timeline.on("select", (props) => {
        const li = props.items.length ? document.getElementById("fact-" + props.items[0]) : null;
        if (li) li.scrollIntoView({ block: "center" });
      });
      return { timeline: timeline, items: items, all: all };
    })
    .catch(() => null);
}

function setupTimeline() {
  const select = document.getElementById("person-filter");
  const container = document.getElementById("timeline");
  if (!select) return;
  let vis = null;
  const apply = () => {
    const who = select.value;
    document.querySelectorAll("#timeline-list > li.event").forEach((li) => {
      const people = (li.dataset.people || "").split(" ");
      li.hidden = who !== "" && !people.includes(who);
    });
    if (vis) {
      vis.items.clear();
      vis.items.add(who === "" ? vis.all : vis.all.filter((it) => it.people.includes(who)));
      vis.timeline.fit();
    }
  };
  select.addEventListener("change", apply);
  if (container) {
    startVisTimeline(container).then((v) => {
      vis = v;
      if (vis) apply();
    });
  }
}

/* The Cytoscape.js graph (when the vendored library is there), fed from /api/graph. */
function setupGraph() {
  const container = document.getElementById("graph");
  if (!container || typeof window.cytoscape !== "function") return;
  fetch(container.dataset.src, { credentials: "same-origin" })
    .then((r) => r.json())
    .then((data) => {
      container.classList.add("live");
      const cy = window.cytoscape({
        container: container,
        elements: { nodes: data.nodes, edges: data.edges },
        layout: { name: "cose", animate: false },
        style: [
          { selector: "node", style: { label: "data(label)", "font-size": 10, "background-color": "#6b7b8c" } },
          { selector: "node[type = 'person']", style: { "background-color": "#2f6db5" } },
          { selector: "node[type = 'work']", style: { shape: "round-rectangle", "background-color": "#b5662f" } },
          { selector: "node[type = 'organization']", style: { shape: "diamond", "background-color": "#3d8f5a" } },
          { selector: "edge", style: { label: "data(label)", "font-size": 8, "curve-style": "bezier", "target-arrow-shape": "triangle", width: 1.5 } },
          { selector: "edge[modality = 'depiction']", style: { "line-style": "dashed" } },
        ],
      });
      cy.on("tap", "node", (evt) => {
        window.location.href = "/entity/" + encodeURIComponent(evt.target.id());
      });
    })
    .catch(() => {});
}

// after "load": the browser's own jump to #cited happens first, then this centres it
window.addEventListener("load", scrollToCited);
document.addEventListener("DOMContentLoaded", () => {
  setupTimeline();
  setupGraph();
});
