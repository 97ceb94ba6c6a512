// The frame around every signed-in screen: top bar (tenant, user, role, language, logout) and
// the left navigation.

import { h } from './dom.js';
import { t, getLang, setLang } from './i18n.js';
import { session, canRead } from './session.js';
import { onLiveStatus } from './live.js';

export const NAV = [
  { key: 'desk', resource: 'desk', icon: '☏' },
  { key: 'wallboard', resource: 'wallboard', icon: '▦' },
  { key: 'interactions', resource: 'interactions', icon: '☎' },
  { key: 'contacts', resource: 'contacts', icon: '◉' },
  { key: 'orders', resource: 'orders', icon: '▤' },
  { key: 'tickets', resource: 'tickets', icon: '✉' },
  { key: 'callbacks', resource: 'callbacks', icon: '↺' },
  { key: 'voicemails', resource: 'voicemails', icon: '✆' },
  // Queue settings and staffing: the team lead's and admin's page (agents take calls instead).
  { key: 'queues', resource: 'reports', icon: '≡' },
  { key: 'kb', resource: 'kb', icon: '?' },
  { key: 'flows', resource: 'flows', icon: '⇄' },
];

export function langSwitch(onChange) {
  const current = getLang();
  const group = h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('shell.language') });
  for (const code of ['de', 'en']) {
    group.appendChild(h('button', {
      type: 'button',
      class: `lang-btn${code === current ? ' active' : ''}`,
      'aria-pressed': code === current ? 'true' : 'false',
      'data-lang': code,
      lang: code,
      title: code === 'de' ? 'Deutsch' : 'English',
      onclick: () => {
        if (code === getLang()) return;
        setLang(code);
        onChange();
      },
    }, code.toUpperCase()));
  }
  return group;
}

export function buildShell({ onLogout, onLanguage }) {
  const user = session.user || {};
  const tenant = session.tenant || {};
  const live = h('span', { class: 'live-indicator', 'aria-live': 'polite' });
  const unsubscribe = onLiveStatus((on) => {
    live.classList.toggle('on', on);
    live.textContent = on ? t('shell.live') : t('shell.liveOff');
    live.title = live.textContent;
  });

  const navLinks = NAV.filter((n) => canRead(n.resource)).map((n) =>
    h('li', null, h('a', { href: `#/${n.key}`, 'data-nav': n.key, class: 'nav-link' },
      h('span', { class: 'nav-icon', 'aria-hidden': 'true' }, n.icon), t(`nav.${n.key}`))));

  const content = h('main', { id: 'main', class: 'content', tabindex: '-1' });
  const root = h('div', { class: 'shell' },
    h('a', { class: 'skip-link', href: '#main', onclick: (ev) => { ev.preventDefault(); content.focus(); } }, t('app.skip')),
    h('header', { class: 'topbar' },
      h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), t('app.name')),
      h('div', { class: 'tenant-name', title: tenant.slug || '' }, tenant.name || ''),
      h('div', { class: 'topbar-spacer' }),
      live,
      h('div', { class: 'user-box', title: t('shell.user', { name: user.display_name || user.username || '' }) },
        h('span', { class: 'user-name' }, user.display_name || user.username || ''),
        h('span', { class: 'user-role badge badge-role' }, t(`role.${user.role}`))),
      langSwitch(onLanguage),
      h('button', { type: 'button', class: 'btn btn-ghost logout-btn', onclick: onLogout }, t('shell.logout'))),
    h('nav', { class: 'sidenav', 'aria-label': t('shell.nav') }, h('ul', null, navLinks)),
    content);

  return {
    root,
    content,
    setActive(key) {
      for (const a of root.querySelectorAll('.nav-link')) {
        const on = a.dataset.nav === key;
        a.classList.toggle('active', on);
        if (on) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      }
    },
    destroy() {
      unsubscribe();
    },
  };
}
