import { h, replace } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { api } from '../api.js';
import { langSwitch } from '../shell.js';

export function mountLogin(root, { onSignedIn, notice }) {
  const message = h('div', { class: 'login-message', 'aria-live': 'assertive' });
  const username = h('input', { id: 'login-username', name: 'username', type: 'text', autocomplete: 'username',
    required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('login.submit'));

  const showError = (text) => replace(message, h('p', { class: 'flash flash-error', role: 'alert' }, text));
  if (notice) replace(message, h('p', { class: 'flash flash-info', role: 'status' }, notice));

  const form = h('form', { class: 'login-form', novalidate: true },
    h('label', { class: 'field', for: 'login-username' }, h('span', { class: 'field-label' }, t('login.username')), username),
    h('label', { class: 'field', for: 'login-password' }, h('span', { class: 'field-label' }, t('login.password')), password),
    message,
    submit);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const user = username.value.trim();
    if (!user || !password.value) {
      showError(t('login.missing'));
      (user ? password : username).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('login.busy');
    try {
      const body = await api.login(user, password.value);
      onSignedIn(body);
    } catch (err) {
      if (err.status === 401) showError(t('login.failed'));
      else if (err.status === 429) {
        showError(err.retryAfter ? t('login.tooMany', { seconds: err.retryAfter }) : t('login.tooManyNoWait'));
      } else showError(err.message);
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = t('login.submit');
    }
  });

  replace(root,
    h('main', { class: 'login-page', id: 'main' },
      h('div', { class: 'login-card' },
        h('div', { class: 'login-top' },
          h('div', { class: 'brand brand-large' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), t('app.name')),
          langSwitch(() => mountLogin(root, { onSignedIn, notice }))),
        h('p', { class: 'login-subtitle' }, t('login.subtitle')),
        h('h1', null, t('login.title')),
        form)));
  document.title = `${t('login.title')} · ${t('app.name')}`;
  document.documentElement.lang = getLang();
  username.focus();
  return {};
}
