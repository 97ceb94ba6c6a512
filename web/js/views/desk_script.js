// The agent desktop's guided script ("Gesprächsleitfaden"): the tenant's flow run by the agent
// on the call in the screen pop (/api/v1/desk/me/script). It continues where the virtual agent
// handed over, or starts a flow the agent picks (a survey, an order). Each step shows what to
// say, the customer's choices as buttons (number keys choose them) and a field for what the
// customer says; the flow checks it and stores what it creates with the call.

import { h, replace } from '../dom.js';
import { t, hasKey } from '../i18n.js';
import { api } from '../api.js';
import { loading, errorState } from '../components.js';
import { valueText } from './desk_call.js';

// The number key of a choice: its own value when that is a digit (menu keys), else its place.
function choiceForKey(choices, key) {
  const own = choices.find((c) => c.value === key);
  if (own) return own;
  const index = key === '0' ? 9 : Number(key) - 1;
  return choices.length > index ? choices[index] : null;
}

function keyLabel(choices, choice, index) {
  if (/^\d$/.test(choice.value)) return choice.value;
  if (index < 9) return String(index + 1);
  if (index === 9 && !choices.some((c) => c.value === '0')) return '0';
  return '';
}

// The end reasons of the interpreter and the desk in words; a flow's own reason as written.
function reasonText(reason) {
  const key = `desk.script.reason.${reason}`;
  return hasKey(key) ? t(key) : reason;
}

function resultLine(r) {
  const ok = r.ok !== false;
  const cls = `script-result flash ${ok ? 'flash-ok' : 'flash-error'}`;
  switch (r.effect) {
    case 'order':
      return h('li', { class: cls, 'data-effect': 'order' }, ok
        ? [t('desk.script.orderCreated'), ' ', h('a', { href: `#/orders/${r.id}` }, r.number)]
        : t('desk.script.failed', { what: t('desk.script.order'), error: r.error || '' }));
    case 'ticket':
      return h('li', { class: cls, 'data-effect': 'ticket' }, ok
        ? [t('desk.script.ticketCreated'), ' ', h('a', { href: `#/tickets/${r.id}` }, r.number)]
        : t('desk.script.failed', { what: t('desk.script.ticket'), error: r.error || '' }));
    case 'callback':
      return h('li', { class: cls, 'data-effect': 'callback' }, ok
        ? [t('desk.script.callbackCreated'), ' ', r.id ? h('a', { href: `#/callbacks/${r.id}` }, `#${r.id}`) : null]
        : t('desk.script.failed', { what: t('desk.script.callback'), error: r.error || '' }));
    case 'survey':
      return h('li', { class: cls, 'data-effect': 'survey' }, t('desk.script.surveySaved', { question: r.question, answer: r.answer }));
    case 'contact':
      return h('li', { class: cls, 'data-effect': 'contact' }, ok ? t('desk.script.contactFound', { name: r.name || '' }) : t('desk.script.contactMissing'));
    case 'kb':
      return h('li', { class: cls, 'data-effect': 'kb' }, ok
        ? [t('desk.script.kbFound'), ' ', h('a', { href: `#/kb/${r.id}`, target: '_blank', rel: 'noopener' }, r.title)]
        : t('desk.script.kbNone'));
    case 'webhook':
      return h('li', { class: cls, 'data-effect': 'webhook' }, ok ? t('desk.script.webhookOk') : t('desk.script.webhookFailed', { status: r.status || '' }));
    default:
      return null;
  }
}

export function createScriptPanel() {
  let interactionId = null;
  let seq = 0;
  let busy = false;
  let view = null; // the running script's last view
  let offer = null;

  const title = h('h2', { class: 'card-title', id: 'script-title' }, t('desk.script.title'));
  const body = h('div', { class: 'script-body' });
  const msg = h('div', { class: 'form-message', 'aria-live': 'polite' });
  const root = h('section', { class: 'card desk-script', 'aria-labelledby': 'script-title', 'aria-keyshortcuts': 'Alt+L' },
    title, body, msg);

  function fail(err) {
    replace(msg, h('span', { class: 'flash flash-error', role: 'alert' }, err.message || String(err)));
  }

  async function send(path, payload) {
    if (busy) return;
    busy = true;
    root.setAttribute('aria-busy', 'true');
    replace(msg);
    try {
      const next = await api.post(path, payload);
      if (next && Number(next.interaction_id) === interactionId) {
        view = next;
        render();
      }
    } catch (err) {
      fail(err);
    } finally {
      busy = false;
      root.removeAttribute('aria-busy');
    }
  }

  const start = (flow, node) => send('/desk/me/script', { interaction_id: interactionId, flow, node: node || undefined });
  const answer = (payload) => send('/desk/me/script/input', payload);

  async function stop() {
    try {
      await api.del('/desk/me/script');
    } catch (err) {
      if (err.status !== 404 && err.status !== 409) return fail(err);
    }
    view = null;
    load();
  }

  function renderOffer() {
    const parts = [];
    if (!offer) {
      replace(body, h('p', { class: 'muted' }, t('desk.script.noCall')));
      return;
    }
    if (offer.resume) {
      const flow = offer.resume.flow;
      const node = offer.resume.node;
      const resume = h('button', { type: 'button', class: 'btn btn-primary script-resume', 'data-flow': flow, 'data-node': node },
        t('desk.script.resume', { flow, node }));
      resume.addEventListener('click', () => start(flow, node));
      parts.push(h('p', { class: 'muted script-why' }, t(offer.resume.why === 'max_retries' ? 'desk.script.whyRetries' : 'desk.script.whyLast')), resume);
    } else if (!offer.transferred) {
      parts.push(h('p', { class: 'muted' }, t('desk.script.noFlowCall')));
    }
    const flows = offer.flows || [];
    if (flows.length) {
      parts.push(h('h3', { class: 'pop-subtitle' }, t('desk.script.startFlow')),
        h('ul', { class: 'script-flows' }, flows.map((f) => {
          const button = h('button', { type: 'button', class: 'btn script-flow', 'data-flow': f.name }, f.name);
          button.addEventListener('click', () => start(f.name));
          return h('li', null, button, f.description ? h('span', { class: 'muted script-flow-description' }, ' ', f.description) : null);
        })));
    } else {
      parts.push(h('p', { class: 'muted' }, t('desk.script.noFlows')));
    }
    replace(body, ...parts);
  }

  function renderStep() {
    const v = view;
    const parts = [];
    parts.push(h('p', { class: 'muted script-flow-line' }, t('desk.script.running', { flow: v.flow })));
    if (v.results && v.results.length) parts.push(h('ul', { class: 'script-results' }, v.results.map(resultLine)));
    if (v.says && v.says.length) {
      parts.push(h('div', { class: 'script-say' },
        h('span', { class: 'field-label' }, t('desk.script.say')),
        v.says.map((s) => h('p', { class: 'script-say-text prewrap' }, s))));
    }
    if (v.error) parts.push(h('p', { class: 'flash flash-error script-error', role: 'alert' }, v.error));
    if (v.status === 'asking' && v.question) {
      const q = v.question;
      const choices = q.choices || [];
      const fieldId = `script-input-${v.id}`;
      if (choices.length) {
        parts.push(h('div', { class: 'script-choices', role: 'group', 'aria-label': t('desk.script.choices') },
          choices.map((c, i) => {
            const key = keyLabel(choices, c, i);
            const button = h('button', { type: 'button', class: 'btn script-choice', 'data-value': c.value, 'aria-keyshortcuts': key || undefined },
              key ? h('kbd', null, key) : null, ' ', c.label);
            button.addEventListener('click', () => answer({ choice: c.value }));
            return button;
          })));
      }
      const input = h('input', { id: fieldId, name: 'text', type: 'text', maxlength: '2000', autocomplete: 'off', class: 'script-input' });
      const form = h('form', { class: 'script-form' },
        h('label', { for: fieldId, class: 'field-label' }, choices.length ? t('desk.script.orSays') : t('desk.script.customerSays'),
          q.kind ? h('span', { class: 'muted script-kind' }, ` (${t(`desk.script.kind.${q.kind}`)})`) : null),
        h('div', { class: 'form-row' }, input,
          h('button', { type: 'submit', class: 'btn btn-primary' }, t('desk.script.next')),
          h('button', { type: 'button', class: 'btn script-silent', onclick: () => answer({ no_input: true }) }, t('desk.script.noAnswer'))));
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const text = input.value.trim();
        if (!text) {
          input.focus();
          return;
        }
        answer({ text });
      });
      parts.push(form);
      parts.push(h('div', { class: 'form-row' },
        h('button', { type: 'button', class: 'btn btn-small script-stop', onclick: stop }, t('desk.script.stop'))));
      replace(body, ...parts);
      const first = body.querySelector('.script-choice') || input;
      first.focus();
      return;
    }
    const outcome = v.outcome || {};
    if (v.status === 'transferred') {
      parts.push(h('p', { class: 'script-outcome', 'data-status': 'transferred' },
        t('desk.script.transfer', { queue: outcome.queue || '' }), outcome.summary ? [' ', outcome.summary] : null));
    } else {
      parts.push(h('p', { class: 'script-outcome', 'data-status': 'ended', 'data-reason': outcome.reason || '' },
        t('desk.script.ended', { reason: reasonText(outcome.reason || '') })));
    }
    const vars = Object.entries(v.variables || {});
    if (vars.length) {
      parts.push(h('details', { class: 'script-variables' }, h('summary', null, t('desk.pop.variables')),
        h('dl', { class: 'kv' }, vars.map(([k, val]) => [h('dt', null, k), h('dd', null, valueText(val) || t('app.none'))]))));
    }
    const again = h('button', { type: 'button', class: 'btn script-again' }, t('desk.script.again'));
    again.addEventListener('click', () => {
      view = null;
      load();
    });
    parts.push(h('div', { class: 'form-row' }, again));
    replace(body, ...parts);
    again.focus();
  }

  function render() {
    if (view && Number(view.interaction_id) === interactionId) renderStep();
    else renderOffer();
  }

  async function load() {
    const mine = ++seq;
    replace(body, loading());
    try {
      const answerBody = await api.get('/desk/me/script', { interaction_id: interactionId });
      if (mine !== seq) return;
      offer = answerBody.offer;
      const running = answerBody.script;
      view = running && running.status === 'asking' && Number(running.interaction_id) === interactionId ? running : null;
      render();
    } catch (err) {
      if (mine === seq) replace(body, errorState(err, load));
    }
  }

  // Number keys choose a choice while the focus is in the panel but not in a text field.
  root.addEventListener('keydown', (ev) => {
    if (ev.altKey || ev.ctrlKey || ev.metaKey || !/^\d$/.test(ev.key)) return;
    if (ev.target instanceof HTMLInputElement || ev.target instanceof HTMLTextAreaElement) return;
    if (!view || view.status !== 'asking' || !view.question) return;
    const choice = choiceForKey(view.question.choices || [], ev.key);
    if (!choice) return;
    ev.preventDefault();
    answer({ choice: choice.value });
  });

  return {
    root,
    // The call the panel works on (the screen pop's interaction).
    show(id) {
      const next = Number(id) || null;
      if (next === interactionId) return;
      interactionId = next;
      view = null;
      replace(msg);
      if (interactionId) load();
      else renderOffer();
    },
    focus() {
      const target = body.querySelector('.script-choice, .script-input, .script-resume, .script-flow, .script-again, button');
      if (target) target.focus();
    },
  };
}
