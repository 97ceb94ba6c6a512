// Queue settings for admins and team leads: the list, a form per queue (new or existing) with
// the server's refusals shown at the field they name, and the staffing calculator of a queue.
// Who may write is the server's rule (src/core/roles.cpp); others see the same form read-only.

import { h, replace } from '../dom.js';
import { t, tEnum, fmtNumber } from '../i18n.js';
import { api, clearCache } from '../api.js';
import { loading, errorState, emptyState, pageHeader, backLink, badge, dataTable, field, select, section, flash } from '../components.js';
import { canRead, canWrite } from '../session.js';
import { mountStaffing } from './queue_staffing.js';
import { skillsEditor } from './queue_skills.js';

export const STRATEGIES = ['longest-idle', 'round-robin', 'fewest-calls', 'least-talk-time', 'ring-all', 'skill-tiers'];
export const OVERFLOW_ACTIONS = ['none', 'queue', 'callback', 'voicemail'];
const NUMBER_FIELDS = ['service_level_seconds', 'service_level_target', 'max_wait_seconds', 'wrap_up_seconds', 'ring_timeout_seconds', 'voicemail_max_seconds'];

async function allQueues() {
  const body = await api.get('/queues', { limit: 500, sort: 'name' });
  return body.items || [];
}

function dispositionsOf(q) {
  let d = q.dispositions;
  if (typeof d === 'string') {
    try {
      d = JSON.parse(d);
    } catch {
      d = [];
    }
  }
  return Array.isArray(d) ? d.map(String) : [];
}

function overflowText(q) {
  const action = q.overflow_action || 'none';
  if (action === 'queue') return `${tEnum('queue.overflow', action)}: ${q.overflow_queue || t('app.none')}`;
  return tEnum('queue.overflow', action);
}

export function mountQueues(root) {
  let destroyed = false;
  const results = h('div', { class: 'results', 'aria-live': 'polite', dataset: { state: 'loading' } }, loading());
  const create = canWrite('queues')
    ? h('a', { class: 'btn btn-primary queue-new', href: '#/queues/new' }, t('queue.new'))
    : badge(t('app.readOnly'), 'muted');
  replace(root, pageHeader(t('queue.title'), create), h('p', { class: 'subtitle' }, t('queue.subtitle')), results);
  document.title = `${t('queue.title')} · ${t('app.name')}`;

  async function load() {
    results.dataset.state = 'loading';
    replace(results, loading());
    try {
      const items = await allQueues();
      if (destroyed) return;
      if (!items.length) {
        results.dataset.state = 'empty';
        replace(results, emptyState());
        return;
      }
      results.dataset.state = 'ready';
      replace(results, dataTable([
        { label: t('queue.name'), render: (q) => h('a', { href: `#/queues/${q.id}`, class: 'row-main-link' }, q.name) },
        { label: t('queue.strategy'), render: (q) => (q.strategy ? tEnum('queue.strategyName', q.strategy) : t('app.none')) },
        { label: t('queue.serviceLevel'), class: 'nowrap', render: (q) => t('queue.slShort', { target: q.service_level_target ?? '–', seconds: q.service_level_seconds ?? '–' }) },
        { label: t('queue.maxWait'), class: 'num', render: (q) => (q.max_wait_seconds == null ? '' : fmtNumber(q.max_wait_seconds)) },
        { label: t('queue.overflowAction'), class: 'clip', render: overflowText },
      ], items, { rowHref: (q) => `#/queues/${q.id}`, caption: t('queue.title') }));
    } catch (err) {
      if (destroyed) return;
      results.dataset.state = 'error';
      replace(results, errorState(err, load));
    }
  }
  load();
  return { destroy() { destroyed = true; } };
}

// One labelled control with room for the server's message below it.
function formField(name, label, control, hint) {
  control.id = `queue-${name}`;
  control.name = name;
  const error = h('span', { class: 'field-error', id: `queue-${name}-error`, role: 'alert' });
  control.setAttribute('aria-describedby', error.id);
  return h('div', { class: 'field queue-field', dataset: { field: name } },
    h('label', { class: 'field-label', for: control.id }, label), control,
    hint ? h('span', { class: 'field-hint' }, hint) : null, error);
}

export function mountQueue(root, route) {
  const isNew = route.id === 'new';
  let destroyed = false;
  let staffing = null;
  const body = h('div', null, loading());
  replace(root, backLink('#/queues', t('queue.title')), body);

  function render(queue, others, skillList, savedMessage) {
    const editable = canWrite('queues');
    const title = isNew ? t('queue.new') : queue.name;
    document.title = `${title} · ${t('app.name')}`;
    const numberInput = (name) => h('input', { type: 'number', min: '0', step: '1', inputmode: 'numeric', value: queue[name] ?? '' });
    const description = h('textarea', { rows: '2' });
    description.value = queue.description || '';
    const dispositions = h('textarea', { rows: '5' });
    dispositions.value = dispositionsOf(queue).join('\n');
    const overflowQueue = select('', others.map((q) => [q.name, q.name]), queue.overflow_queue || '', { allLabel: t('app.none') });
    const overflowAction = select('', OVERFLOW_ACTIONS.map((a) => [a, tEnum('queue.overflow', a)]), queue.overflow_action || 'none');
    const offerCallback = h('input', { type: 'checkbox', checked: Boolean(queue.offer_callback) });
    const musicOnHold = h('input', { type: 'checkbox', checked: queue.music_on_hold !== false });
    const controls = {
      name: h('input', { type: 'text', maxlength: '100', required: true, value: queue.name || '', autocomplete: 'off' }),
      description,
      strategy: select('', STRATEGIES.map((s) => [s, tEnum('queue.strategyName', s)]), queue.strategy || 'longest-idle'),
      service_level_seconds: numberInput('service_level_seconds'),
      service_level_target: numberInput('service_level_target'),
      max_wait_seconds: numberInput('max_wait_seconds'),
      wrap_up_seconds: numberInput('wrap_up_seconds'),
      ring_timeout_seconds: numberInput('ring_timeout_seconds'),
      dispositions,
      overflow_action: overflowAction,
      overflow_queue: overflowQueue,
      voicemail_max_seconds: numberInput('voicemail_max_seconds'),
      offer_callback: offerCallback,
      music_on_hold: musicOnHold,
    };
    const syncOverflow = () => {
      overflowQueue.disabled = !editable || overflowAction.value !== 'queue';
      controls.voicemail_max_seconds.disabled = !editable || overflowAction.value !== 'voicemail';
    };
    overflowAction.addEventListener('change', syncOverflow);
    for (const c of Object.values(controls)) if (!editable) c.disabled = true;
    syncOverflow();

    const msg = h('div', { class: 'form-message', 'aria-live': 'polite' });
    if (savedMessage) flash(msg, savedMessage);
    // Team leads and admins read the tenant's skills; others see the queue without them.
    const skills = skillList ? skillsEditor(skillList, Array.isArray(queue.skills) ? queue.skills : [], editable) : null;
    const form = h('form', { class: 'queue-form', novalidate: true, 'aria-label': t('queue.settings') },
      h('div', { class: 'queue-grid' },
        formField('name', t('queue.name'), controls.name),
        formField('strategy', t('queue.strategy'), controls.strategy),
        formField('description', t('queue.description'), controls.description),
        formField('service_level_seconds', t('queue.slSeconds'), controls.service_level_seconds, t('queue.slSecondsHint')),
        formField('service_level_target', t('queue.slTarget'), controls.service_level_target, t('queue.slTargetHint')),
        formField('max_wait_seconds', t('queue.maxWaitSeconds'), controls.max_wait_seconds),
        formField('wrap_up_seconds', t('queue.wrapUpSeconds'), controls.wrap_up_seconds),
        formField('ring_timeout_seconds', t('queue.ringTimeoutSeconds'), controls.ring_timeout_seconds, t('queue.ringTimeoutHint')),
        formField('overflow_action', t('queue.overflowAction'), controls.overflow_action, t('queue.overflowHint')),
        formField('overflow_queue', t('queue.overflowQueue'), controls.overflow_queue),
        formField('voicemail_max_seconds', t('queue.voicemailMaxSeconds'), controls.voicemail_max_seconds, t('queue.voicemailMaxHint')),
        h('div', { class: 'field queue-field queue-check', dataset: { field: 'offer_callback' } },
          h('label', null, Object.assign(offerCallback, { id: 'queue-offer_callback', name: 'offer_callback' }), ' ', t('queue.offerCallback')),
          h('span', { class: 'field-error', id: 'queue-offer_callback-error', role: 'alert' })),
        h('div', { class: 'field queue-field queue-check', dataset: { field: 'music_on_hold' } },
          h('label', null, Object.assign(musicOnHold, { id: 'queue-music_on_hold', name: 'music_on_hold' }), ' ', t('queue.musicOnHold')),
          h('span', { class: 'field-error', id: 'queue-music_on_hold-error', role: 'alert' })),
        formField('dispositions', t('queue.dispositions'), controls.dispositions, t('queue.dispositionsHint'))),
      skills ? skills.root : null,
      editable ? h('div', { class: 'form-row' },
        h('button', { type: 'submit', class: 'btn btn-primary queue-save' }, isNew ? t('queue.create') : t('app.save'))) : null,
      msg);

    function clearErrors() {
      for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
      for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    }

    function showError(err) {
      const control = err.field && form.querySelector(`#queue-${CSS.escape(err.field)}`);
      if (skills && skills.showError(err.field, err.message)) return;
      if (control) {
        form.querySelector(`#queue-${CSS.escape(err.field)}-error`).textContent = err.message;
        control.setAttribute('aria-invalid', 'true');
        control.disabled = false;
        control.focus();
      } else {
        flash(msg, err.message, 'error');
      }
    }

    function values() {
      const out = {
        // Empty goes as null: the server's "is required" then names the field.
        name: controls.name.value.trim() || null,
        description: description.value.trim() || null,
        strategy: controls.strategy.value,
        dispositions: dispositions.value.split('\n').map((s) => s.trim()).filter(Boolean),
        overflow_action: overflowAction.value,
        overflow_queue: overflowAction.value === 'queue' ? overflowQueue.value || null : null,
        offer_callback: offerCallback.checked,
        music_on_hold: musicOnHold.checked,
      };
      if (skills) out.skills = skills.values();
      for (const name of NUMBER_FIELDS) {
        const raw = controls[name].value.trim();
        // An entry the browser cannot read as a number goes to the server as typed, so that its
        // message names the field.
        out[name] = raw === '' ? (controls[name].validity.badInput ? 'x' : null) : Number(raw);
      }
      return out;
    }

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors();
      replace(msg);
      const button = form.querySelector('.queue-save');
      button.disabled = true;
      try {
        const saved = isNew ? await api.post('/queues', values()) : await api.patch(`/queues/${queue.id}`, values());
        clearCache();
        if (destroyed) return;
        if (isNew) {
          location.hash = `#/queues/${saved.id}`;
          return;
        }
        render(saved, others, skillList, t('queue.saved'));
      } catch (err) {
        if (destroyed) return;
        button.disabled = false;
        showError(err);
      }
    });

    const staffingHost = h('div', { class: 'queue-staffing-host' });
    replace(body,
      h('header', { class: 'page-header' }, h('h1', { tabindex: '-1' }, title),
        editable ? null : badge(t('app.readOnly'), 'muted')),
      section(t('queue.settings'), form),
      !isNew && canRead('reports') ? staffingHost : null);
    if (staffing) staffing.destroy();
    staffing = !isNew && canRead('reports') ? mountStaffing(staffingHost, queue) : null;
  }

  async function load() {
    try {
      const [list, skillList] = await Promise.all([allQueues(),
        canRead('skills') ? api.get('/skills', { limit: 500, sort: 'name' }).then((b) => b.items || []) : null]);
      const queue = isNew ? { overflow_action: 'none', strategy: 'longest-idle' } : await api.get(`/queues/${encodeURIComponent(route.id)}`);
      if (destroyed) return;
      render(queue, list.filter((q) => Number(q.id) !== Number(queue.id)), skillList);
    } catch (err) {
      if (!destroyed) replace(body, errorState(err, err.status === 404 ? null : load));
    }
  }
  load();
  return {
    destroy() {
      destroyed = true;
      if (staffing) staffing.destroy();
    },
  };
}
