// The fields of a plugin's parameters, generated from its schema (/plugins/available): one labelled input per
// parameter with its default, range and meaning, and an error slot the API's 422 messages are written into.
import { h } from './dom.js';
import { range } from './screens/plugins.js';

/** The id of the error slot for an API field name such as "name" or "parameters.period". */
export const errorSlotId = (field) => `error-${field.replace(/[^a-z0-9_-]/gi, '-')}`;

/** A labelled field wrapper with its hint and error slot; `input` gets the right ids and aria wiring. */
export function field(label, input, { hint, apiField, inline = false } = {}) {
  const errorId = errorSlotId(apiField ?? input.id);
  const hintId = hint ? `${input.id}-hint` : null;
  input.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  input.dataset.apiField = apiField ?? input.id;
  return h('div', { class: inline ? 'field inline' : 'field' },
    h('label', { for: input.id }, label),
    input,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: errorId }));
}

/** The fieldset of a plugin's parameters, filled from `values` (stored parameters) or the defaults. */
export function parameterFields(plugin, values = {}) {
  const fields = plugin.parameters.map((p) => {
    const id = `param-${p.name}`;
    const value = p.name in values ? values[p.name] : p.default;
    const hint = [p.description, range(p) && `range ${range(p)}`, `default ${JSON.stringify(p.default)}`].filter(Boolean).join(' · ');
    return field(p.name, input(p, id, value), { hint, apiField: `parameters.${p.name}`, inline: p.type === 'boolean' });
  });
  return h('fieldset', { id: 'parameters' },
    h('legend', {}, `Parameters of ${plugin.key}`),
    fields.length ? fields : h('p', { class: 'hint' }, 'This plugin takes no parameters.'),
    h('p', { class: 'field-error', id: errorSlotId('parameters') }));
}

function input(parameter, id, value) {
  switch (parameter.type) {
    case 'boolean':
      return h('input', { id, type: 'checkbox', checked: value === true, 'data-param': parameter.name, 'data-kind': parameter.type });
    case 'choice':
      return h('select', { id, 'data-param': parameter.name, 'data-kind': parameter.type },
        parameter.allowed_values.map((v) => h('option', { value: v, selected: v === value }, v)));
    case 'integer':
    case 'number':
      // No min/max here: the API judges the range, and its message appears beside the field.
      return h('input', { id, type: 'number', inputmode: parameter.type === 'integer' ? 'numeric' : 'decimal', step: 'any',
        value: value ?? '', 'data-param': parameter.name, 'data-kind': parameter.type });
    default:
      return h('input', { id, type: 'text', value: value ?? '', 'data-param': parameter.name, 'data-kind': parameter.type });
  }
}

/** The parameters object the fields hold; an emptied field is left out, so the plugin's default applies. */
export function readParameters(container) {
  const parameters = {};
  for (const element of container.querySelectorAll('[data-param]')) {
    const name = element.dataset.param;
    if (element.dataset.kind === 'boolean') parameters[name] = element.checked;
    else if (element.value === '') continue;
    else if (element.dataset.kind === 'integer' || element.dataset.kind === 'number') parameters[name] = Number(element.value);
    else parameters[name] = element.value;
  }
  return parameters;
}

/**
 * Writes a 422's field errors beside their fields (marking the input aria-invalid); messages for fields the form
 * does not show go to `general`. Returns the first invalid input, for focus.
 */
export function showFieldErrors(form, error, general) {
  clearFieldErrors(form);
  let first = null;
  const unplaced = [];
  for (const [fieldName, messages] of Object.entries(error.errors)) {
    const slot = form.querySelector(`#${errorSlotId(fieldName)}`);
    if (!slot) {
      unplaced.push(`${fieldName}: ${messages.join('; ')}`);
      continue;
    }
    slot.textContent = messages.join('; ');
    const input = form.querySelector(`[data-api-field="${fieldName}"]`);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      first ??= input;
    }
  }
  if (unplaced.length || Object.keys(error.errors).length === 0) {
    general.replaceChildren(h('div', { class: 'alert', role: 'alert' }, unplaced.length ? unplaced.join(' · ') : error.message));
  }
  return first;
}

export function clearFieldErrors(form) {
  for (const slot of form.querySelectorAll('.field-error')) slot.textContent = '';
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
}
