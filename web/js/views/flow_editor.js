// A plain textarea for YAML with a line-number gutter that marks the lines that have issues.
// No wrapping, so a line of text is a line of the gutter; the gutter scrolls with the text.

import { h } from '../dom.js';
import { t } from '../i18n.js';

export function yamlEditor({ id, value = '', readOnly = false, label }) {
  const gutter = h('div', { class: 'flow-gutter', 'aria-hidden': 'true' });
  const textarea = h('textarea', {
    id,
    class: 'flow-source mono',
    spellcheck: 'false',
    wrap: 'off',
    autocomplete: 'off',
    autocapitalize: 'off',
    rows: '24',
    'aria-label': label,
    'aria-describedby': `${id}-issues-summary`,
  });
  textarea.value = value;
  textarea.readOnly = readOnly;
  const summary = h('span', { id: `${id}-issues-summary`, class: 'sr-only' });
  const root = h('div', { class: `flow-editor${readOnly ? ' read-only' : ''}` }, gutter, textarea, summary);
  let marked = new Map(); // line -> [message]
  let lineCount = 0;

  function renderGutter() {
    const count = textarea.value.split('\n').length;
    if (count === lineCount && !renderGutter.dirty) return;
    lineCount = count;
    renderGutter.dirty = false;
    const frag = document.createDocumentFragment();
    for (let n = 1; n <= count; n++) {
      const messages = marked.get(n);
      frag.appendChild(h('span', {
        class: `flow-line-no${messages ? ' has-issue' : ''}`,
        'data-line': n,
        title: messages ? messages.join('\n') : null,
      }, String(n)));
    }
    gutter.replaceChildren(frag);
    gutter.scrollTop = textarea.scrollTop;
  }

  textarea.addEventListener('input', renderGutter);
  textarea.addEventListener('scroll', () => { gutter.scrollTop = textarea.scrollTop; });
  renderGutter();

  function lineHeight() {
    return parseFloat(getComputedStyle(textarea).lineHeight) || 18;
  }

  return {
    root,
    textarea,
    get value() { return textarea.value; },
    set value(text) {
      textarea.value = text;
      renderGutter.dirty = true;
      renderGutter();
    },
    // issues: [{line, message}]
    markIssues(issues) {
      marked = new Map();
      for (const issue of issues) {
        if (!marked.has(issue.line)) marked.set(issue.line, []);
        marked.get(issue.line).push(issue.message);
      }
      summary.textContent = issues.length ? t('flow.check.issueCount', { n: issues.length }) : '';
      textarea.setAttribute('aria-invalid', issues.length ? 'true' : 'false');
      renderGutter.dirty = true;
      renderGutter();
    },
    // Puts the cursor at the start of `line` (1-based), selects the line and scrolls it into view.
    goToLine(line, column = 1) {
      const lines = textarea.value.split('\n');
      const n = Math.min(Math.max(1, line), lines.length);
      let start = 0;
      for (let i = 0; i < n - 1; i++) start += lines[i].length + 1;
      const caret = start + Math.min(Math.max(0, column - 1), lines[n - 1].length);
      textarea.focus({ preventScroll: true });
      textarea.setSelectionRange(caret, start + lines[n - 1].length);
      textarea.scrollTop = Math.max(0, (n - 1) * lineHeight() - textarea.clientHeight / 3);
      gutter.scrollTop = textarea.scrollTop;
      for (const el of gutter.querySelectorAll('.current')) el.classList.remove('current');
      const mark = gutter.querySelector(`[data-line="${n}"]`);
      if (mark) mark.classList.add('current');
    },
  };
}
