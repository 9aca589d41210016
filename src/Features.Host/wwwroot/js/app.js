// The shell: who the caller is (asking for an API key when the API wants one), the navigation, and one screen at a time.
import { api, apiKey, ApiError, paths } from './api.js';
import { h, show } from './dom.js';
import * as plugins from './screens/plugins.js';
import * as definitions from './screens/definitions.js';
import * as generate from './screens/generate.js';
import * as marketData from './screens/market-data.js';
import * as jobs from './screens/jobs.js';

const screens = { plugins, definitions, generate, 'market-data': marketData, jobs };
const ROLES = ['reader', 'writer', 'admin'];
const main = document.getElementById('main');

/** What the screens are told about the caller. */
const session = {
  me: null,
  /** True when the caller's role is at least `role`: reader keys see no write buttons. */
  can(role) {
    return this.me !== null && ROLES.indexOf(this.me.role) >= ROLES.indexOf(role);
  },
};

// Test hooks: the browser tests read the chart's series and the session from here.
window.featuresUi = { session };

async function signIn() {
  try {
    session.me = await api(paths.me);
    renderWho();
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      askForKey(apiKey.get() ? 'That key was not accepted: ' + error.message : null);
      return false;
    }
    show(main, h('div', { class: 'alert', role: 'alert' }, 'The API cannot be reached: ' + error.message));
    return false;
  }
}

function askForKey(problem) {
  apiKey.clear();
  const input = h('input', { id: 'api-key', type: 'password', autocomplete: 'off', required: true, 'aria-describedby': 'api-key-hint api-key-error' });
  const form = h('form', { class: 'form', 'aria-labelledby': 'sign-in-title' },
    h('h2', { id: 'sign-in-title' }, 'Sign in'),
    h('div', { class: 'field' },
      h('label', { for: 'api-key' }, 'API key'),
      input,
      h('p', { class: 'hint', id: 'api-key-hint' }, 'Kept in this tab only (session storage) and sent as a bearer token. An operator creates keys with "keys create".'),
      h('p', { class: 'field-error', id: 'api-key-error', role: 'alert' }, problem ?? '')),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Sign in')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    apiKey.set(input.value.trim());
    if (await signIn()) route();
  });
  show(main, form);
  input.focus();
}

function renderWho() {
  const who = document.getElementById('who');
  const me = session.me;
  show(who,
    h('span', {}, me.auth_enabled ? `${me.name} · ` : 'auth off · ', h('strong', { 'data-role': me.role }, me.role)),
    me.auth_enabled ? h('button', { class: 'secondary', type: 'button', onclick: () => { apiKey.clear(); location.reload(); } }, 'Sign out') : null);
}

async function route() {
  const name = (location.hash.replace(/^#\/?/, '').split('?')[0]) || 'plugins';
  const screen = screens[name] ?? screens.plugins;
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.getAttribute('href') === `#/${name}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (!session.me) return;
  main.replaceChildren(h('p', { class: 'hint' }, 'Loading…'));
  try {
    await screen.render(main, session);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) askForKey(error.message);
    else show(main, h('div', { class: 'alert', role: 'alert' }, error.message));
  }
  document.title = `${document.querySelector('main h2')?.textContent ?? 'Features'} · Features`;
}

window.addEventListener('hashchange', () => { route(); main.focus({ preventScroll: true }); });
if (await signIn()) route();
