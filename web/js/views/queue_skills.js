// The skills a queue requires (child `skills` of a queue: skill and minimum level), as rows of
// a select and a number; the whole list is sent on save (the server replaces it).

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { select } from '../components.js';

// skills: [{id, name}] of the tenant; current: [{skill_id, min_level}] of the queue.
export function skillsEditor(skills, current, editable) {
  const rows = h('ul', { class: 'queue-skill-rows' });
  const error = h('span', { class: 'field-error', id: 'queue-skills-error', role: 'alert' });
  const add = h('button', { type: 'button', class: 'btn btn-small queue-skill-add', disabled: !editable || !skills.length,
    onclick: () => { addRow({ skill_id: skills[0]?.id, min_level: 1 }).querySelector('select').focus(); } }, t('queue.skillAdd'));

  function addRow(s) {
    const choice = select('skill_id', skills.map((k) => [k.id, k.name]), s.skill_id);
    choice.setAttribute('aria-label', t('queue.skill'));
    const level = h('input', { type: 'number', name: 'min_level', min: '1', step: '1', value: s.min_level ?? 1, 'aria-label': t('queue.minLevel') });
    const remove = h('button', { type: 'button', class: 'btn btn-link queue-skill-remove', 'aria-label': t('queue.skillRemove') }, '×');
    const row = h('li', { class: 'form-row queue-skill' }, choice, h('span', null, t('queue.minLevel')), level, editable ? remove : null);
    remove.addEventListener('click', () => {
      const next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      (next ? next.querySelector('select') : add).focus();
    });
    for (const c of [choice, level]) c.disabled = !editable;
    rows.appendChild(row);
    return row;
  }
  for (const s of current) addRow(s);

  const root = h('div', { class: 'field queue-field', dataset: { field: 'skills' } },
    h('span', { class: 'field-label', id: 'queue-skills-label' }, t('queue.skills')), rows,
    editable ? h('div', null, add) : null, error);
  rows.setAttribute('aria-labelledby', 'queue-skills-label');
  return {
    root,
    values: () => [...rows.querySelectorAll('.queue-skill')].map((row) => {
      const level = row.querySelector('input').value.trim();
      return { skill_id: Number(row.querySelector('select').value), min_level: level === '' ? null : Number(level) };
    }),
    // "skills[1].min_level": the message at the list, the control of that row focused.
    showError(field, message) {
      const m = /^skills(?:\[(\d+)\])?(?:\.(\w+))?/.exec(field || '');
      if (!m) return false;
      replace(error, message);
      const row = m[1] !== undefined ? rows.children[Number(m[1])] : null;
      const control = row ? row.querySelector(m[2] === 'min_level' ? 'input' : 'select') : add;
      if (control) {
        control.setAttribute('aria-invalid', 'true');
        control.focus();
      }
      return true;
    },
  };
}
