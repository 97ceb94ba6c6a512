// The staffing calculator of one queue (GET /queues/{id}/staffing): the observed figures of the
// last days and the agents the service-level target needs (Erlang C, Erlang A with patience);
// the team lead changes calls per hour, handle time, target or patience and computes again.

import { h, replace } from '../dom.js';
import { t, fmtNumber, fmtDateTime } from '../i18n.js';
import { api } from '../api.js';
import { loading, facts, section, flash } from '../components.js';

const round = (x, digits = 1) => (x == null ? null : Math.round(x * 10 ** digits) / 10 ** digits);
const percent = (x) => (x == null ? null : `${fmtNumber(round(x * 100))} %`);
const secs = (x) => (x == null ? null : `${fmtNumber(round(x))} s`);

function resultFacts(r, withAbandon) {
  if (!r) return null;
  return facts([
    [t('staff.agents'), h('strong', { class: 'staff-agents' }, fmtNumber(r.agents))],
    [t('staff.scheduled'), fmtNumber(r.scheduled_staff)],
    [t('staff.expectedSl'), percent(r.service_level)],
    [t('staff.asa'), secs(r.asa_seconds)],
    [t('staff.occupancy'), percent(r.occupancy)],
    withAbandon ? [t('staff.abandonProbability'), percent(r.abandon_probability)] : null,
  ]);
}

export function mountStaffing(root, queue) {
  let destroyed = false;
  const input = (name, attrs) => h('input', { type: 'number', id: `staff-${name}`, name, inputmode: 'decimal', ...attrs });
  const inputs = {
    calls_per_hour: input('calls_per_hour', { min: '0', step: 'any' }),
    aht_seconds: input('aht_seconds', { min: '1', step: 'any' }),
    service_level: input('service_level', { min: '1', max: '99', step: 'any' }),
    threshold_seconds: input('threshold_seconds', { min: '0', max: '3600', step: '1' }),
    patience_seconds: input('patience_seconds', { min: '1', step: 'any' }),
  };
  const errors = {};
  const labelled = (name, label) => {
    errors[name] = h('span', { class: 'field-error', id: `staff-${name}-error`, role: 'alert' });
    inputs[name].setAttribute('aria-describedby', errors[name].id);
    return h('div', { class: 'field' }, h('label', { class: 'field-label', for: inputs[name].id }, label), inputs[name], errors[name]);
  };
  function fieldError(name, text) {
    errors[name].textContent = text;
    inputs[name].setAttribute('aria-invalid', 'true');
    inputs[name].focus();
  }
  const msg = h('div', { class: 'form-message', 'aria-live': 'polite' });
  const out = h('div', { class: 'staff-result', 'aria-live': 'polite', dataset: { state: 'loading' } }, loading());
  // novalidate: the server checks the ranges and names the parameter it refuses.
  const form = h('form', { class: 'staff-form', novalidate: true, 'aria-label': t('staff.title') },
    h('div', { class: 'queue-grid' },
      labelled('calls_per_hour', t('staff.callsPerHour')),
      labelled('aht_seconds', t('staff.aht')),
      labelled('service_level', t('staff.targetPercent')),
      labelled('threshold_seconds', t('staff.threshold')),
      labelled('patience_seconds', t('staff.patience'))),
    h('div', { class: 'form-row' },
      h('button', { type: 'submit', class: 'btn btn-primary staff-compute' }, t('staff.compute')),
      h('button', { type: 'button', class: 'btn btn-link staff-observed', onclick: () => compute({}) }, t('staff.observedAgain'))),
    msg);
  replace(root, section(t('staff.title'), h('p', { class: 'subtitle' }, t('staff.subtitle')), form, out));

  function fill(data) {
    const s = data.staffing;
    const target = s ? s.target : null;
    if (s) {
      inputs.calls_per_hour.value = round(s.calls_per_hour, 2);
      inputs.aht_seconds.value = round(s.aht_seconds, 1);
    }
    if (target) {
      inputs.service_level.value = round(target.service_level * 100, 2);
      inputs.threshold_seconds.value = target.threshold_seconds;
    }
    const patience = s && s.erlang_a ? s.erlang_a.mean_patience_seconds : data.observed && data.observed.mean_patience_seconds;
    if (patience != null && inputs.patience_seconds.value === '') inputs.patience_seconds.value = round(patience, 1);
  }

  function show(data) {
    const o = data.observed || {};
    const s = data.staffing;
    out.dataset.state = s ? 'ready' : 'empty';
    replace(out,
      h('h3', null, t('staff.observed', { days: o.days ?? 7 })),
      facts([
        [t('staff.offered'), fmtNumber(o.offered ?? 0)],
        [t('staff.answered'), fmtNumber(o.answered ?? 0)],
        [t('staff.abandoned'), fmtNumber(o.abandoned ?? 0)],
        [t('staff.observedAht'), secs(o.aht_seconds)],
        [t('staff.busiestHour'), o.busiest_hour ? `${fmtNumber(o.busiest_hour.offered)} (${fmtDateTime(o.busiest_hour.start)})` : null],
        [t('staff.observedPatience'), secs(o.mean_patience_seconds)],
      ], 'staff-observed-facts'),
      s ? [
        h('h3', null, t('staff.needed', { calls: fmtNumber(round(s.calls_per_hour, 2)), aht: fmtNumber(round(s.aht_seconds)), erlangs: fmtNumber(round(s.erlangs, 2)) })),
        h('div', { class: 'two-col' },
          h('div', { class: 'staff-erlang-c' }, h('h4', null, 'Erlang C'), resultFacts(s.erlang_c, false)),
          h('div', { class: 'staff-erlang-a' }, h('h4', null, 'Erlang A'),
            s.erlang_a ? resultFacts(s.erlang_a, true) : h('p', { class: 'muted' }, s.erlang_a_reason || t('app.none')))),
      ] : h('p', { class: 'staff-reason' }, t('staff.noData'), ' ', data.reason || ''));
  }

  async function compute(params) {
    out.dataset.state = 'loading';
    replace(msg);
    for (const el of Object.values(inputs)) el.removeAttribute('aria-invalid');
    for (const el of Object.values(errors)) el.textContent = '';
    try {
      const data = await api.get(`/queues/${queue.id}/staffing`, params);
      if (destroyed) return;
      fill(data);
      show(data);
    } catch (err) {
      if (destroyed) return;
      out.dataset.state = 'error';
      replace(out);
      if (err.field && inputs[err.field]) fieldError(err.field, err.message);
      else flash(msg, err.message, 'error');
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const value = (name) => inputs[name].value.trim();
    const sl = value('service_level');
    // The page asks for percent, the API for a fraction: its range message would not fit.
    if (sl !== '' && !(Number(sl) > 0 && Number(sl) < 100)) {
      for (const el of Object.values(errors)) el.textContent = '';
      fieldError('service_level', t('staff.percentRange'));
      return;
    }
    compute({
      calls_per_hour: value('calls_per_hour'),
      aht_seconds: value('aht_seconds'),
      service_level: sl === '' ? '' : String(Number(sl) / 100),
      threshold_seconds: value('threshold_seconds'),
      patience_seconds: value('patience_seconds'),
    });
  });
  compute({});
  return { destroy() { destroyed = true; } };
}
