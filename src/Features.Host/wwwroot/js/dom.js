// A small element builder, so screens read as the markup they produce.

/**
 * h('button', { class: 'danger', onclick: f }, 'Delete') creates the element. Attributes starting with "on" become
 * listeners; false/null/undefined attributes are left out; children may be strings, nodes, arrays or null.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'value' || name === 'checked') element[name] = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the content of `element`. */
export function show(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

/** Says something to screen readers (the page's polite live region). */
export function announce(message) {
  const status = document.getElementById('status');
  if (status) status.textContent = message;
}

/** A table from column definitions { label, value(row), numeric? } and rows. */
export function table(caption, columns, rows, attributes = {}) {
  return h('div', { class: 'table-wrap' },
    h('table', attributes,
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.label)))),
      h('tbody', {}, rows.map((row) => h('tr', {}, columns.map((c) => h('td', { class: c.numeric ? 'num' : null }, c.value(row))))))));
}

/** The message box a failed call leaves in `slot` (role=alert so it is read out). */
export function showError(slot, error) {
  show(slot, h('div', { class: 'alert', role: 'alert' }, error.message));
}

export const format = {
  date: (iso) => (iso ? iso.slice(0, 10) : ''),
  dateTime: (iso) => (iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : ''),
  number: (n) => (n === null || n === undefined ? '' : typeof n === 'number' ? n.toLocaleString('en-US', { maximumFractionDigits: 6 }) : String(n)),
  hash: (hash) => (hash ? hash.slice(0, 12) : ''),
};
