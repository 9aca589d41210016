// Plugins: the catalog the server has loaded now (hot-reloaded plugins appear on the next load), searchable by text and type.
import { api, paths } from '../api.js';
import { h, show, announce, table } from '../dom.js';

export async function render(root) {
  const catalog = await api(paths.plugins);
  const types = [...new Set(catalog.map((p) => p.type))].sort();
  const search = h('input', { id: 'plugin-search', type: 'search', placeholder: 'rsi, moving average, volatility…' });
  const type = h('select', { id: 'plugin-type' }, h('option', { value: '' }, 'All types'), types.map((t) => h('option', { value: t }, t)));
  const count = h('p', { class: 'hint', id: 'plugin-count', 'aria-live': 'polite' });
  const list = h('div', { class: 'cards', id: 'plugin-list' });

  const refresh = () => {
    const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const shown = catalog.filter((p) => (!type.value || p.type === type.value)
      && words.every((w) => `${p.key} ${p.description} ${p.outputs.map((o) => o.name).join(' ')}`.toLowerCase().includes(w)));
    show(list, shown.map(card));
    show(count, `${shown.length} of ${catalog.length} plugins`);
    announce(`${shown.length} plugins shown`);
  };
  search.addEventListener('input', refresh);
  type.addEventListener('change', refresh);

  show(root,
    h('h2', {}, 'Plugins'),
    h('p', { class: 'hint' }, 'What the server can compute now. A plugin dropped into the plugin folder appears here on the next load.'),
    h('div', { class: 'toolbar', role: 'search' },
      h('div', { class: 'field' }, h('label', { for: 'plugin-search' }, 'Search'), search),
      h('div', { class: 'field' }, h('label', { for: 'plugin-type' }, 'Type'), type)),
    count, list);
  refresh();
}

function card(plugin) {
  return h('article', { class: 'card', 'data-plugin-key': plugin.key, 'aria-labelledby': `plugin-${plugin.key}` },
    h('h3', { id: `plugin-${plugin.key}` }, h('code', {}, plugin.key), ' ', h('span', { class: 'tag' }, plugin.type)),
    h('p', { class: 'description' }, plugin.description),
    h('p', { class: 'hint' }, `version ${plugin.declared_version} · warm-up: ${plugin.warmup}`, plugin.look_ahead ? ' · ' : null,
      plugin.look_ahead ? h('span', { class: 'tag warn' }, `looks ahead: ${plugin.look_ahead}`) : null),
    h('details', {},
      h('summary', {}, `${plugin.parameters.length} parameters, ${plugin.outputs.length} outputs`),
      h('p', {}, plugin.description),
      plugin.parameters.length
        ? table(`Parameters of ${plugin.key}`, [
          { label: 'parameter', value: (p) => h('code', {}, p.name) },
          { label: 'type', value: (p) => p.type },
          { label: 'default', value: (p) => JSON.stringify(p.default) },
          { label: 'range', value: (p) => range(p) },
          { label: 'meaning', value: (p) => p.description },
        ], plugin.parameters)
        : h('p', { class: 'hint' }, 'No parameters.'),
      h('h4', {}, 'Outputs'),
      h('ul', {}, plugin.outputs.map((o) => h('li', {}, h('code', {}, o.name), ` (${o.type}${o.unit ? `, ${o.unit}` : ''}) — ${o.description}`)))));
}

export function range(parameter) {
  if (parameter.allowed_values) return parameter.allowed_values.join(' | ');
  if (parameter.minimum === null && parameter.maximum === null) return '';
  return `${parameter.minimum ?? '−∞'} … ${parameter.maximum ?? '∞'}`;
}
