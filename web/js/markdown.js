// A small, safe Markdown renderer for knowledge articles. It builds DOM nodes directly: all
// text ends up in text nodes, so nothing in an article can inject markup or script.
// Supported: headings, paragraphs, unordered/ordered lists, tables, block quotes, code blocks,
// horizontal rules, **bold**, *italic*, `code`, [links](url).

import { h, safeHref } from './dom.js';

function inline(text) {
  const out = [];
  let buf = '';
  let i = 0;
  const flush = () => {
    if (buf) out.push(document.createTextNode(buf));
    buf = '';
  };
  while (i < text.length) {
    const rest = text.slice(i);
    let m;
    if (rest[0] === '\\' && rest.length > 1 && /[\\`*_[\]()#!|>-]/.test(rest[1])) {
      buf += rest[1];
      i += 2;
      continue;
    }
    if ((m = /^`([^`]+)`/.exec(rest))) {
      flush();
      out.push(h('code', null, m[1]));
      i += m[0].length;
      continue;
    }
    if ((m = /^\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/.exec(rest))) {
      flush();
      const href = safeHref(m[2]);
      const external = /^https?:/i.test(href);
      out.push(h('a', { href, rel: external ? 'noopener noreferrer' : null, target: external ? '_blank' : null }, inline(m[1])));
      i += m[0].length;
      continue;
    }
    if ((m = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/.exec(rest))) {
      flush();
      out.push(h('strong', null, inline(m[2])));
      i += m[0].length;
      continue;
    }
    if ((m = /^(\*|_)(?=\S)([\s\S]*?\S)\1(?![*_])/.exec(rest)) && !(m[1] === '_' && /\w/.test(text[i - 1] || ''))) {
      flush();
      out.push(h('em', null, inline(m[2])));
      i += m[0].length;
      continue;
    }
    buf += rest[0];
    i += 1;
  }
  flush();
  return out;
}

function splitRow(line) {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (s[i] === '|') {
      cells.push(cur.trim());
      cur = '';
    } else cur += s[i];
  }
  cells.push(cur.trim());
  return cells;
}

const RE_HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const RE_UL = /^\s*[-*+]\s+(.*)$/;
const RE_OL = /^\s*(\d+)[.)]\s+(.*)$/;
const RE_HR = /^\s*([-*_])(\s*\1){2,}\s*$/;
const RE_FENCE = /^\s*```/;
const RE_TABLE_SEP = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const RE_QUOTE = /^\s*>\s?(.*)$/;

function isBlockStart(line, next) {
  return RE_HEADING.test(line) || RE_UL.test(line) || RE_OL.test(line) || RE_HR.test(line) || RE_FENCE.test(line)
    || RE_QUOTE.test(line) || (line.includes('|') && next !== undefined && RE_TABLE_SEP.test(next));
}

export function renderMarkdown(source, { headingOffset = 1 } = {}) {
  const lines = String(source || '').replace(/\r\n?/g, '\n').split('\n');
  const root = h('div', { class: 'markdown' });
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    let m;
    if (RE_FENCE.test(line)) {
      const code = [];
      i++;
      while (i < lines.length && !RE_FENCE.test(lines[i])) code.push(lines[i++]);
      i++;
      root.appendChild(h('pre', null, h('code', null, code.join('\n'))));
      continue;
    }
    if ((m = RE_HEADING.exec(line))) {
      const level = Math.min(6, m[1].length + headingOffset);
      root.appendChild(h(`h${level}`, null, inline(m[2])));
      i++;
      continue;
    }
    if (RE_HR.test(line)) {
      root.appendChild(h('hr'));
      i++;
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && RE_TABLE_SEP.test(lines[i + 1])) {
      const head = splitRow(line);
      const aligns = splitRow(lines[i + 1]).map((c) => (c.endsWith(':') ? (c.startsWith(':') ? 'center' : 'right') : null));
      i += 2;
      const rows = [];
      while (i < lines.length && lines[i].includes('|') && lines[i].trim()) rows.push(splitRow(lines[i++]));
      const cellClass = (idx) => (aligns[idx] ? `align-${aligns[idx]}` : null);
      root.appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'md-table' },
        h('thead', null, h('tr', null, head.map((c, idx) => h('th', { scope: 'col', class: cellClass(idx) }, inline(c))))),
        h('tbody', null, rows.map((r) => h('tr', null, head.map((_, idx) => h('td', { class: cellClass(idx) }, inline(r[idx] || '')))))))));
      continue;
    }
    if (RE_QUOTE.test(line)) {
      const quoted = [];
      while (i < lines.length && (m = RE_QUOTE.exec(lines[i]))) {
        quoted.push(m[1]);
        i++;
      }
      const inner = renderMarkdown(quoted.join('\n'), { headingOffset });
      root.appendChild(h('blockquote', null, [...inner.childNodes]));
      continue;
    }
    if (RE_UL.test(line) || RE_OL.test(line)) {
      const ordered = !RE_UL.test(line);
      const re = ordered ? RE_OL : RE_UL;
      const items = [];
      const start = ordered ? Number(RE_OL.exec(line)[1]) : null;
      while (i < lines.length) {
        const cur = lines[i];
        if ((m = re.exec(cur))) {
          items.push(ordered ? m[2] : m[1]);
          i++;
        } else if (cur.trim() && /^\s{2,}/.test(cur) && items.length && !isBlockStart(cur.trim(), lines[i + 1])) {
          items[items.length - 1] += ` ${cur.trim()}`; // continuation line
          i++;
        } else break;
      }
      root.appendChild(h(ordered ? 'ol' : 'ul', { start: ordered && start !== 1 ? String(start) : null },
        items.map((it) => h('li', null, inline(it)))));
      continue;
    }
    const para = [];
    while (i < lines.length && lines[i].trim() && !(para.length && isBlockStart(lines[i], lines[i + 1]))) {
      para.push(lines[i].trim());
      i++;
    }
    const nodes = [];
    para.forEach((p, idx) => {
      const hardBreak = / {2,}$/.test(lines[i - para.length + idx]) || p.endsWith('\\');
      nodes.push(...inline(p.replace(/\\$/, '')));
      if (idx < para.length - 1) nodes.push(hardBreak ? h('br') : document.createTextNode(' '));
    });
    root.appendChild(h('p', null, nodes));
  }
  return root;
}
