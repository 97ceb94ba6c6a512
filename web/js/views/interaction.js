// Interaction detail: the protocol. Facts first, then the timeline as a readable transcript;
// writers can add a note and set the disposition.

import { h, replace } from '../dom.js';
import { t, tEnum, fmtDateTime, fmtTime, fmtDuration, fmtLongDate } from '../i18n.js';
import { api } from '../api.js';
import { loading, errorState, emptyState, backLink, facts, section, flash } from '../components.js';
import { users, queues, queueDispositions, durationSeconds } from '../lookups.js';
import { canWrite } from '../session.js';
import { onLive, interactionIdOf } from '../live.js';
import { describe, actorLabel, extraList } from '../timeline.js';
import { channelBadge, directionText, endReasonText, liveBadge } from './interactions.js';

export function mountInteraction(root, route) {
  const id = route.id;
  let destroyed = false;
  let interaction = null;

  const head = h('div', { class: 'detail-head' });
  const factsHost = h('div');
  const protocol = h('div', { class: 'protocol-host' }, loading());
  const aside = h('aside', { class: 'detail-aside' });
  replace(root, backLink('#/interactions', t('ix.title')), head, factsHost,
    h('div', { class: 'detail-grid' }, h('div', { class: 'detail-main' }, protocol), aside));
  replace(factsHost, loading());

  // The status badge sits in its own polite live region: "klingelt" -> "läuft" -> gone is
  // announced, and a live update does not rebuild the heading (which may have the focus).
  const statusHost = h('span', { class: 'live-status', role: 'status' });
  let headFor = null;

  function renderHead(ix) {
    const key = `${ix.id}|${ix.channel}|${ix.direction}|${ix.subject || ''}`;
    if (headFor !== key) {
      headFor = key;
      replace(head,
        h('header', { class: 'page-header' },
          h('h1', { tabindex: '-1' }, t('ix.detailTitle', { id: ix.id })),
          channelBadge(ix.channel),
          directionText(ix.direction),
          statusHost),
        ix.subject ? h('p', { class: 'subtitle' }, ix.subject) : null);
    }
    replace(statusHost, liveBadge(ix));
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

  // What the shown protocol is built from, so that live events can be appended to it.
  let shown = null; // { list, ctx, lastDay, lastSeq }
  let timelineSeq = 0;
  let loadingTimeline = false;
  let heldBack = []; // live events that arrived while the protocol was loading
  let ahead = []; // live events that came before the one they follow (a gap, for now)

  function timelineItem(ev, ctx) {
    const d = describe(ev, ctx);
    return h('li', { class: `tl-item tl-${d.kind}`, 'data-type': ev.type, 'data-seq': ev.seq },
      h('time', { class: 'tl-time', datetime: ev.at }, fmtTime(ev.at)),
      h('span', { class: `tl-actor tl-actor-${String(ev.actor || '').replace(/[^a-z-]/gi, '')}` }, actorLabel(ev.actor, ctx.names, ctx.channel)),
      h('div', { class: 'tl-body' },
        d.prefix ? h('span', { class: 'tl-label' }, d.prefix, ' ') : null,
        h('span', { class: 'tl-text' }, d.text), d.extraLine, extraList(d.extra)));
  }

  function addItem(ev) {
    const day = fmtLongDate(ev.at);
    if (day && day !== shown.lastDay) {
      shown.list.appendChild(h('li', { class: 'tl-day' }, day));
      shown.lastDay = day;
    }
    shown.list.appendChild(timelineItem(ev, shown.ctx));
    shown.lastSeq = Math.max(shown.lastSeq, Number(ev.seq) || 0);
  }

  async function renderTimeline() {
    const seq = ++timelineSeq;
    loadingTimeline = true;
    try {
      const [body, userList] = await Promise.all([api.get(`/interactions/${id}/timeline`), users()]);
      if (destroyed || seq !== timelineSeq) return;
      const names = new Map(userList.map((u) => [u.username, u.display_name || u.username]));
      const usersById = new Map(userList.map((u) => [Number(u.id), u.display_name || u.username]));
      const items = body.items || [];
      const ctx = {
        names,
        usersById,
        channel: interaction && interaction.channel,
        queueName: interaction && interaction.queue_name,
        contactId: interaction && interaction.contact_id,
      };
      // While the call runs the protocol is a log: screen readers announce what is appended.
      const running = interaction && !interaction.ended_at;
      const list = h('ol', { class: 'timeline', 'aria-label': t('ix.protocol'), role: running ? 'log' : null });
      shown = { list, ctx, lastDay: '', lastSeq: 0 };
      ahead = [];
      for (const ev of items) addItem(ev);
      replace(protocol, items.length
        ? section(t('ix.protocol'), list)
        // A call that has just begun fills its protocol live; keep the list for it.
        : section(t('ix.protocol'), emptyState(t('ix.protocolEmpty')), list));
      loadingTimeline = false;
      const late = heldBack;
      heldBack = [];
      for (const ev of late.sort((a, b) => a.seq - b.seq)) {
        if (!appendLive(ev)) {
          renderTimeline();
          return;
        }
      }
    } catch (err) {
      if (!destroyed && seq === timelineSeq) {
        loadingTimeline = false;
        heldBack = [];
        shown = null;
        replace(protocol, section(t('ix.protocol'), errorState(err, renderTimeline)));
      }
    }
  }

  // A live timeline event: appended in place when it is the next one (focus, scroll and
  // what a screen reader is reading stay where they are); after a gap the protocol reloads.
  function appendLive(ev) {
    if (!shown || !ev || ev.seq === undefined) return false;
    const seq = Number(ev.seq);
    if (seq <= shown.lastSeq) return true;
    if (seq !== shown.lastSeq + 1) return false;
    const empty = protocol.querySelector('.state-empty');
    if (empty) empty.remove();
    addItem(ev);
    // Events that overtook this one on the way follow it now.
    ahead.sort((a, b) => a.seq - b.seq);
    while (ahead.length && Number(ahead[0].seq) <= shown.lastSeq + 1) {
      const next = ahead.shift();
      if (Number(next.seq) === shown.lastSeq + 1) addItem(next);
    }
    return true;
  }

  // After a gap: the missing event may only be late (two events can overtake each other on
  // the way); the protocol is drawn again only if the gap is still there.
  function redrawIfGap() {
    if (ahead.length) renderTimeline();
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

  let factsTimer = null;
  let timelineTimer = null;
  async function refreshFacts() {
    try {
      const next = await api.get(`/interactions/${id}`);
      if (destroyed) return;
      const channelChanged = !interaction || interaction.channel !== next.channel;
      interaction = next;
      renderHead(interaction);
      renderFacts(interaction);
      if (shown && interaction.ended_at) shown.list.removeAttribute('role');
      if (channelChanged) renderTimeline();
    } catch {
      /* keep what is shown */
    }
  }

  const unsubscribe = onLive((msg) => {
    if (interactionIdOf(msg) !== Number(id)) return;
    if (msg.type === 'timeline.appended') {
      const ev = msg.data && msg.data.event;
      // Before the protocol is first drawn (the interaction itself still loading) or while it
      // loads: held back for the drawing, which fetches them anyway. A timer here drew the
      // protocol a second time just after the first, replacing what the user was reading.
      if ((loadingTimeline || !shown) && ev) {
        heldBack.push(ev);
        return;
      }
      if (!appendLive(ev)) {
        if (shown) ahead.push(ev);
        clearTimeout(timelineTimer);
        timelineTimer = setTimeout(shown ? redrawIfGap : renderTimeline, 300);
      }
      return;
    }
    // interaction.created / interaction.updated: answered, ended, agent, disposition ...
    clearTimeout(factsTimer);
    factsTimer = setTimeout(refreshFacts, 200);
  });

  load();
  return {
    destroy() {
      destroyed = true;
      clearTimeout(factsTimer);
      clearTimeout(timelineTimer);
      unsubscribe();
    },
  };
}
