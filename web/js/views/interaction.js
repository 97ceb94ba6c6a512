// Interaction detail: the protocol. Facts first, then the timeline as a readable transcript;
// writers can add a note and set the disposition.

import { h, replace } from '../dom.js';
import { t, tEnum, fmtDateTime, fmtTime, fmtDuration, fmtLongDate } from '../i18n.js';
import { api } from '../api.js';
import { loading, errorState, emptyState, backLink, facts, section, flash, badge } from '../components.js';
import { users, queues, queueDispositions, durationSeconds } from '../lookups.js';
import { canWrite } from '../session.js';
import { onLive, interactionIdOf } from '../live.js';
import { describe, actorLabel, extraList } from '../timeline.js';
import { channelBadge, directionText, endReasonText } from './interactions.js';

export function mountInteraction(root, route) {
  const id = route.id;
  let destroyed = false;
  let interaction = null;
  let reloadTimer = null;

  const head = h('div', { class: 'detail-head' });
  const factsHost = h('div');
  const protocol = h('div', { class: 'protocol-host' }, loading());
  const aside = h('aside', { class: 'detail-aside' });
  replace(root, backLink('#/interactions', t('ix.title')), head, factsHost,
    h('div', { class: 'detail-grid' }, h('div', { class: 'detail-main' }, protocol), aside));
  replace(factsHost, loading());

  function renderHead(ix) {
    replace(head,
      h('header', { class: 'page-header' },
        h('h1', { tabindex: '-1' }, t('ix.detailTitle', { id: ix.id })),
        channelBadge(ix.channel),
        directionText(ix.direction),
        ix.ended_at ? null : badge(t('ix.running'), 'live')),
      ix.subject ? h('p', { class: 'subtitle' }, ix.subject) : null);
    document.title = `${t('ix.detailTitle', { id: ix.id })} · ${t('app.name')}`;
  }

  function renderFacts(ix) {
    const total = durationSeconds(ix.started_at, ix.ended_at);
    const wait = durationSeconds(ix.started_at, ix.answered_at);
    replace(factsHost, section(null, facts([
      [t('ix.contact'), ix.contact_id ? h('a', { href: `#/contacts/${ix.contact_id}` }, ix.contact_name || `#${ix.contact_id}`) : ''],
      [t('ix.remote'), ix.remote_address ? h('span', { class: 'mono' }, ix.remote_address) : ''],
      ix.local_address ? [t('ix.local'), h('span', { class: 'mono' }, ix.local_address)] : null,
      [t('ix.started'), fmtDateTime(ix.started_at)],
      [t('ix.answered'), ix.answered_at ? fmtTime(ix.answered_at) : ''],
      [t('ix.ended'), ix.ended_at ? fmtTime(ix.ended_at) : t('ix.running')],
      [t('ix.duration'), total !== null ? fmtDuration(total) : ''],
      [t('ix.wait'), wait !== null ? fmtDuration(wait) : ''],
      [t('ix.queue'), ix.queue_name || ''],
      [t('ix.agent'), ix.agent_name || ''],
      [t('ix.endReason'), endReasonText(ix.end_reason)],
      [t('ix.disposition'), ix.disposition ? h('strong', { class: 'fact-disposition' }, ix.disposition) : ''],
    ], 'facts-grid'),
    ix.notes ? h('div', { class: 'facts-notes' }, h('h3', null, t('ix.notes')), h('p', { class: 'prewrap' }, ix.notes)) : null));
  }

  async function renderTimeline() {
    try {
      const [body, userList] = await Promise.all([api.get(`/interactions/${id}/timeline`), users()]);
      if (destroyed) return;
      const names = new Map(userList.map((u) => [u.username, u.display_name || u.username]));
      const items = body.items || [];
      if (!items.length) {
        replace(protocol, section(t('ix.protocol'), emptyState(t('ix.protocolEmpty'))));
        return;
      }
      const ctx = {
        names,
        channel: interaction && interaction.channel,
        queueName: interaction && interaction.queue_name,
        contactId: interaction && interaction.contact_id,
      };
      let lastDay = '';
      const list = h('ol', { class: 'timeline', 'aria-label': t('ix.protocol') });
      for (const ev of items) {
        const day = fmtLongDate(ev.at);
        if (day && day !== lastDay) {
          list.appendChild(h('li', { class: 'tl-day' }, day));
          lastDay = day;
        }
        const d = describe(ev, ctx);
        list.appendChild(h('li', { class: `tl-item tl-${d.kind}`, 'data-type': ev.type, 'data-seq': ev.seq },
          h('time', { class: 'tl-time', datetime: ev.at }, fmtTime(ev.at)),
          h('span', { class: `tl-actor tl-actor-${String(ev.actor || '').replace(/[^a-z-]/gi, '')}` }, actorLabel(ev.actor, names, interaction && interaction.channel)),
          h('div', { class: 'tl-body' }, h('span', { class: 'tl-text' }, d.text), extraList(d.extra))));
      }
      replace(protocol, section(t('ix.protocol'), list));
    } catch (err) {
      if (!destroyed) replace(protocol, section(t('ix.protocol'), errorState(err, renderTimeline)));
    }
  }

  async function renderActions(ix) {
    if (!canWrite('timeline') && !canWrite('interactions')) {
      replace(aside, section(null, h('p', { class: 'muted read-only-note' }, t('app.readOnly'))));
      return;
    }
    const parts = [];
    if (canWrite('timeline')) {
      const msg = h('div', { class: 'form-message', 'aria-live': 'polite' });
      const text = h('textarea', { id: 'note-text', name: 'note', rows: '4', placeholder: t('ix.notePlaceholder'), maxlength: '10000' });
      const btn = h('button', { type: 'submit', class: 'btn btn-primary' }, t('ix.noteSave'));
      const form = h('form', { class: 'note-form' },
        h('label', { for: 'note-text', class: 'field-label' }, t('ix.addNote')), text, h('div', { class: 'form-row' }, btn, msg));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const value = text.value.trim();
        if (!value) {
          flash(msg, t('ix.noteEmpty'), 'error');
          text.focus();
          return;
        }
        btn.disabled = true;
        try {
          await api.post(`/interactions/${id}/timeline`, { type: 'note', payload: { text: value } });
          text.value = '';
          flash(msg, t('ix.noteSaved'));
          await renderTimeline();
        } catch (err) {
          flash(msg, err.message, 'error');
        } finally {
          btn.disabled = false;
        }
      });
      parts.push(section(t('ix.addNote'), form));
    }
    if (canWrite('interactions')) {
      const queueList = await queues();
      if (destroyed) return;
      const q = queueList.find((x) => Number(x.id) === Number(ix.queue_id));
      let options = queueDispositions(q);
      if (!options.length) options = [...new Set(queueList.flatMap(queueDispositions))];
      if (ix.disposition && !options.includes(ix.disposition)) options = [ix.disposition, ...options];
      const msg = h('div', { class: 'form-message', 'aria-live': 'polite' });
      let control;
      if (options.length) {
        control = h('select', { id: 'disposition-select', name: 'disposition' },
          h('option', { value: '' }, t('ix.dispositionChoose')),
          options.map((o) => h('option', { value: o, selected: o === ix.disposition }, o)));
      } else {
        control = h('input', { id: 'disposition-select', name: 'disposition', type: 'text', value: ix.disposition || '', maxlength: '100' });
      }
      const btn = h('button', { type: 'submit', class: 'btn btn-primary' }, t('ix.dispositionSave'));
      const form = h('form', { class: 'disposition-form' },
        h('label', { for: 'disposition-select', class: 'field-label' }, t('ix.disposition')), control,
        h('div', { class: 'form-row' }, btn, msg));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const value = control.value.trim();
        if (!value) {
          control.focus();
          return;
        }
        btn.disabled = true;
        try {
          const updated = await api.patch(`/interactions/${id}`, { disposition: value });
          interaction = { ...interaction, ...(updated || { disposition: value }) };
          renderFacts(interaction);
          flash(msg, t('ix.dispositionSaved'));
          await renderTimeline();
        } catch (err) {
          flash(msg, err.message, 'error');
        } finally {
          btn.disabled = false;
        }
      });
      parts.push(section(t('ix.setDisposition'), form));
    }
    replace(aside, ...parts);
  }

  async function load() {
    try {
      interaction = await api.get(`/interactions/${id}`);
      if (destroyed) return;
      renderHead(interaction);
      renderFacts(interaction);
      renderActions(interaction);
      renderTimeline();
    } catch (err) {
      if (destroyed) return;
      replace(head, h('header', { class: 'page-header' }, h('h1', { tabindex: '-1' }, t('ix.detailTitle', { id }))));
      replace(factsHost, errorState(err, err.status === 404 ? null : load));
      replace(protocol);
      replace(aside);
    }
  }

  const unsubscribe = onLive((msg) => {
    if (interactionIdOf(msg) !== Number(id)) return;
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(async () => {
      try {
        interaction = await api.get(`/interactions/${id}`);
        if (destroyed) return;
        renderHead(interaction);
        renderFacts(interaction);
        renderTimeline();
      } catch {
        /* keep what is shown */
      }
    }, 300);
  });

  load();
  return {
    destroy() {
      destroyed = true;
      clearTimeout(reloadTimer);
      unsubscribe();
    },
  };
}
