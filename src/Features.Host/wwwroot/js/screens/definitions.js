// Definitions: list; create and edit through a form generated from the plugin's parameter schema; 422 messages beside
// their field; a stale version (409) offers to reload; delete after a confirmation.
import { api, ApiError, paths } from '../api.js';
import { h, show, announce, table, showError, format } from '../dom.js';
import { field, parameterFields, readParameters, showFieldErrors, clearFieldErrors } from '../parameter-form.js';

export async function render(root, session) {
  const query = new URLSearchParams(location.hash.split('?')[1] ?? '');
  if (query.has('new') && session.can('writer')) return renderForm(root, session, null);
  if (query.get('edit') && session.can('writer')) return renderForm(root, session, query.get('edit'));
  return renderList(root, session);
}

async function renderList(root, session) {
  const features = await api(`${paths.features}?limit=1000`);
  const messages = h('div', { id: 'definition-messages' });
  const columns = [
    { label: 'name', value: (f) => f.name },
    { label: 'plugin', value: (f) => h('code', {}, f.plugin_key) },
    { label: 'type', value: (f) => f.type },
    { label: 'parameters', value: (f) => h('code', {}, JSON.stringify(f.parameters)) },
    { label: 'version', value: (f) => f.version, numeric: true },
    { label: 'updated', value: (f) => format.dateTime(f.updated_at) },
    {
      label: 'actions',
      value: (f) => h('div', { class: 'actions' },
        h('a', { class: 'button secondary', href: `#/generate?feature=${f.id}` }, 'Look', h('span', { class: 'visually-hidden' }, ` at ${f.name}`)),
        session.can('writer') ? h('a', { class: 'button secondary', href: `#/definitions?edit=${f.id}`, 'data-action': 'edit' }, 'Edit', h('span', { class: 'visually-hidden' }, ` ${f.name}`)) : null,
        session.can('admin') ? h('button', { class: 'danger', type: 'button', 'data-action': 'delete', onclick: () => confirmDelete(f, messages, () => renderList(root, session)) },
          'Delete', h('span', { class: 'visually-hidden' }, ` ${f.name}`)) : null),
    },
  ];
  show(root,
    h('h2', {}, 'Definitions'),
    session.can('writer') ? h('div', { class: 'toolbar' }, h('a', { class: 'button', href: '#/definitions?new', id: 'new-definition' }, 'New definition')) : null,
    messages,
    features.length ? table('Feature definitions', columns, features, { id: 'definitions' }) : h('p', { class: 'notice' }, 'No definitions yet.'));
}

function confirmDelete(feature, messages, reload) {
  const dialog = h('dialog', { 'aria-labelledby': 'delete-title', id: 'confirm-delete' },
    h('h2', { id: 'delete-title' }, `Delete "${feature.name}"?`),
    h('p', {}, 'The definition and all its datasets are deleted. This cannot be undone.'),
    h('form', { method: 'dialog', class: 'actions' },
      h('button', { value: 'cancel', class: 'secondary', autofocus: true }, 'Cancel'),
      h('button', { value: 'delete', class: 'danger' }, 'Delete')));
  dialog.addEventListener('close', async () => {
    dialog.remove();
    if (dialog.returnValue !== 'delete') return;
    try {
      await api(paths.feature(feature.id), { method: 'DELETE' });
      announce(`${feature.name} deleted`);
      await reload();
    } catch (error) {
      showError(messages, error);
    }
  });
  document.body.append(dialog);
  dialog.showModal();
}

async function renderForm(root, session, id) {
  const [catalog, feature] = await Promise.all([api(paths.plugins), id ? api(paths.feature(id)) : null]);
  const plugins = new Map(catalog.map((p) => [p.key, p]));
  const general = h('div', { id: 'form-messages' });
  const name = h('input', { id: 'name', type: 'text', maxlength: 255, value: feature?.name ?? '', autocomplete: 'off' });
  const description = h('textarea', { id: 'description', rows: 2 }, feature?.description ?? '');
  const pluginKey = h('select', { id: 'plugin_key' },
    h('option', { value: '' }, 'Choose a plugin…'),
    [...plugins.keys()].sort().map((key) => h('option', { value: key, selected: key === feature?.plugin_key }, key)));
  const parameterSlot = h('div', {});
  let version = feature?.version ?? null;

  const showParameters = (values) => {
    const plugin = plugins.get(pluginKey.value);
    show(parameterSlot, plugin ? parameterFields(plugin, values) : h('p', { class: 'hint' }, 'Choose a plugin to see its parameters.'));
  };
  pluginKey.addEventListener('change', () => showParameters({}));
  showParameters(feature?.parameters ?? {});

  const form = h('form', { class: 'form', novalidate: true, id: 'definition-form' },
    h('h2', {}, feature ? `Edit "${feature.name}"` : 'New definition'),
    general,
    field('Name', name, { hint: 'Up to 255 characters.' }),
    field('Plugin', pluginKey, { apiField: 'plugin_key' }),
    parameterSlot,
    field('Description', description, { hint: 'Optional.' }),
    feature ? h('p', { class: 'hint', id: 'version-note' }, `Editing version ${version}.`) : null,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'save' }, feature ? 'Save changes' : 'Create'),
      h('a', { class: 'button secondary', href: '#/definitions' }, 'Cancel')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    general.replaceChildren();
    const body = { name: name.value, plugin_key: pluginKey.value || null, parameters: readParameters(parameterSlot), description: description.value };
    try {
      const saved = feature
        ? await api(paths.feature(feature.id), { method: 'PATCH', body: { ...body, version } })
        : await api(paths.features, { method: 'POST', body });
      announce(`${saved.name} saved (version ${saved.version})`);
      location.hash = `#/definitions`;
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) {
        (showFieldErrors(form, error, general) ?? general).focus?.();
      } else if (error instanceof ApiError && error.status === 409) {
        show(general, h('div', { class: 'alert', role: 'alert', id: 'stale-version' },
          h('p', {}, `Someone else changed this definition while you were editing it. ${error.message}`),
          h('button', { type: 'button', id: 'reload-definition', onclick: () => renderForm(root, session, feature.id) }, 'Reload the current version (your changes are discarded)')));
      } else {
        showError(general, error);
      }
    }
  });
  show(root, form);
  name.focus();
}
