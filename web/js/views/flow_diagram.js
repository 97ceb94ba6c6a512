// The diagram of a flow as SVG, from the graph the server answers (src/flow/flow_graph.hpp).
// Own layered layout, no library: a node's column is its BFS distance from the start node,
// its row the order in which the BFS found it; nodes no path reaches start further columns of
// their own. Forward edges are curves to the right, loops and edges back go around below.

import { t, hasKey } from '../i18n.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 184;
const H = 54;
const COL_GAP = 96;
const ROW_GAP = 24;
const PAD = 16;
const TOP = 40; // room for self-loops above the first row
const BOTTOM = 56; // room for edges that go back below the nodes

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

function clip(text, max) {
  const chars = [...String(text || '')];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

export function edgeLabel(label) {
  if (!label) return '';
  return label.split(', ').map((part) => (hasKey(`flow.edge.${part}`) ? t(`flow.edge.${part}`) : part)).join(', ');
}

// id -> {column, row}; exported for tests in the browser.
export function layout(graph) {
  const out = new Map();
  const next = new Map(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) if (next.has(e.from) && next.has(e.to)) next.get(e.from).push(e.to);
  const rows = []; // column -> count
  const place = (id, column) => {
    rows[column] = rows[column] || 0;
    out.set(id, { column, row: rows[column]++ });
  };
  const bfs = (first, column) => {
    place(first, column);
    const queue = [first];
    while (queue.length) {
      const id = queue.shift();
      const at = out.get(id).column;
      for (const target of next.get(id)) {
        if (out.has(target)) continue;
        place(target, at + 1);
        queue.push(target);
      }
    }
  };
  const start = graph.nodes.find((n) => n.start) || graph.nodes[0];
  if (start) bfs(start.id, 0);
  for (const n of graph.nodes) {
    if (out.has(n.id)) continue;
    // Not reached from the start (unreachable, or the fallback): a column after the others.
    bfs(n.id, rows.length);
  }
  return out;
}

// Characters of the label that fit after the type on the second line (estimated widths of the
// upper-case type at 10.5px and of text at 11.5px; SVG text does not wrap or clip itself).
function labelRoom(type) {
  return Math.max(6, Math.floor((W - 20 - [...type].length * 7.2 - 12) / 6.2));
}

function nodeBox(node, at, onNode) {
  const x = at.x;
  const y = at.y;
  const label = node.kind === 'external' ? t('flow.node.external') : node.kind === 'missing' ? t('flow.node.missing') : node.type;
  const describe = `${label} ${node.id}${node.label && node.label !== node.id ? `: ${node.label}` : ''}`;
  const g = svg('g', {
    class: `flow-node flow-node-${node.kind} flow-type-${node.type}${node.start ? ' flow-node-start' : ''}`,
    'data-node-id': node.id,
    'data-type': node.type,
    transform: `translate(${x} ${y})`,
  },
  svg('title', null, describe),
  svg('rect', { class: 'flow-node-box', width: W, height: H, rx: 6 }),
  svg('rect', { class: 'flow-node-stripe', width: 5, height: H, rx: 2 }),
  svg('text', { class: 'flow-node-id', x: 12, y: 21 }, clip(node.kind === 'external' ? node.label : node.id, 21)),
  // Second line: the type, then as much of the label as fits.
  svg('text', { class: 'flow-node-label', x: 12, y: 41 },
    svg('tspan', { class: 'flow-node-type' }, node.start ? `▶ ${label}` : label),
    node.kind === 'node' && node.label ? ` · ${clip(node.label, labelRoom(label))}` : ''));
  if (node.line > 0 && onNode) {
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    g.setAttribute('aria-label', `${describe}. ${t('flow.diagram.goToLine', { line: node.line })}`);
    g.addEventListener('click', () => onNode(node));
    g.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        onNode(node);
      }
    });
  } else {
    g.setAttribute('aria-label', describe);
  }
  return g;
}

function edgePath(from, to, self) {
  if (self) {
    const x1 = from.x + W * 0.7;
    const x2 = from.x + W * 0.3;
    const d = `M ${x1} ${from.y} C ${x1} ${from.y - 34} ${x2} ${from.y - 34} ${x2} ${from.y}`;
    return { d, lx: from.x + W / 2, ly: from.y - 30 };
  }
  if (to.x > from.x) {
    const x1 = from.x + W;
    const y1 = from.y + H / 2;
    const x2 = to.x;
    const y2 = to.y + H / 2;
    const bend = Math.max(30, (x2 - x1) / 2);
    const c1x = x1 + bend;
    const c2x = x2 - bend;
    return {
      d: `M ${x1} ${y1} C ${c1x} ${y1} ${c2x} ${y2} ${x2} ${y2}`,
      lx: (x1 + 3 * c1x + 3 * c2x + x2) / 8,
      ly: (y1 + 3 * y1 + 3 * y2 + y2) / 8,
    };
  }
  // Back (or within a column): out of the bottom, around below, into the bottom.
  const x1 = from.x + W / 2 + 12;
  const y1 = from.y + H;
  const x2 = to.x + W / 2 - 12;
  const y2 = to.y + H;
  const low = Math.max(y1, y2) + 40;
  return { d: `M ${x1} ${y1} C ${x1} ${low} ${x2} ${low} ${x2} ${y2}`, lx: (x1 + x2) / 2, ly: low - 8 };
}

// The SVG for `graph`; onNode(node) when a node of this flow is chosen (click, Enter).
export function renderDiagram(graph, { onNode } = {}) {
  const places = layout(graph);
  const columns = Math.max(1, ...[...places.values()].map((p) => p.column + 1));
  const perColumn = new Array(columns).fill(0);
  for (const p of places.values()) perColumn[p.column] = Math.max(perColumn[p.column], p.row + 1);
  const tallest = Math.max(1, ...perColumn);
  const columnHeight = (n) => n * H + (n - 1) * ROW_GAP;
  const at = new Map();
  for (const [id, p] of places) {
    // Columns are centred on the tallest one.
    const offset = (columnHeight(tallest) - columnHeight(perColumn[p.column])) / 2;
    at.set(id, { x: PAD + p.column * (W + COL_GAP), y: TOP + offset + p.row * (H + ROW_GAP) });
  }
  const width = PAD * 2 + columns * W + (columns - 1) * COL_GAP;
  const height = TOP + columnHeight(tallest) + BOTTOM;

  const edges = svg('g', { class: 'flow-edges' });
  const labels = svg('g', { class: 'flow-edge-labels' });
  const kinds = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  for (const e of graph.edges) {
    const from = at.get(e.from);
    const to = at.get(e.to);
    if (!from || !to) continue;
    const path = edgePath(from, to, e.from === e.to);
    const missing = kinds.get(e.to) === 'missing';
    edges.appendChild(svg('path', {
      class: `flow-edge${missing ? ' flow-edge-missing' : ''}`,
      d: path.d,
      'data-from': e.from,
      'data-to': e.to,
      'marker-end': 'url(#flow-arrow)',
    }));
    const text = edgeLabel(e.label);
    if (text) labels.appendChild(svg('text', { class: 'flow-edge-label', x: path.lx, y: path.ly - 3, 'text-anchor': 'middle' }, clip(text, 22)));
  }
  const nodes = svg('g', { class: 'flow-nodes' });
  for (const node of graph.nodes) nodes.appendChild(nodeBox(node, at.get(node.id), onNode));

  return svg('svg', {
    class: 'flow-svg',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'group',
    'aria-label': t('flow.diagram.title'),
  },
  svg('defs', null, svg('marker', {
    id: 'flow-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse',
  }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'flow-arrow' }))),
  edges, nodes, labels);
}
