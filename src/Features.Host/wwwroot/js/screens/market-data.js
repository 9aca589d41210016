// Market data: the series in the bar store with their coverage, and an upload of a CSV or Parquet file whose
// line-numbered errors (the API's 422 detail) are shown as they come.
import { api, ApiError, paths } from '../api.js';
import { h, show, announce, table, format } from '../dom.js';

const TIMEFRAMES = ['1m', '5m', '15m', '30m', '1h', '4h', '1d', '1w', '1mo'];

export async function render(root, session) {
  const series = await api(paths.marketData);
  show(root,
    h('h2', {}, 'Market data'),
    session.can('writer') ? uploadForm(root, session) : null,
    h('h3', {}, 'Series in the store'),
    series.length === 0 ? h('p', { class: 'notice' }, 'The bar store is empty.') : table('Series and their coverage', [
      { label: 'symbol', value: (s) => s.symbol },
      { label: 'timeframe', value: (s) => s.timeframe },
      { label: 'bars', value: (s) => format.number(s.bar_count), numeric: true },
      { label: 'first bar', value: (s) => format.dateTime(s.first_timestamp) },
      { label: 'last bar', value: (s) => format.dateTime(s.last_timestamp) },
      { label: 'revision', value: (s) => s.revision, numeric: true },
      { label: 'updated', value: (s) => format.dateTime(s.updated_at) },
    ], series, { id: 'series' }));
}

function uploadForm(root, session) {
  const symbol = h('input', { id: 'upload-symbol', type: 'text', required: true, autocomplete: 'off', 'aria-describedby': 'upload-symbol-hint' });
  const timeframe = h('select', { id: 'upload-timeframe' }, TIMEFRAMES.map((t) => h('option', { value: t, selected: t === '1d' }, t)));
  const file = h('input', { id: 'upload-file', type: 'file', accept: '.csv,.parquet,text/csv', required: true, 'aria-describedby': 'upload-file-hint' });
  const outcome = h('div', { id: 'upload-outcome', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', id: 'upload' }, 'Upload');
  const form = h('form', { class: 'form', id: 'upload-form' },
    h('fieldset', {},
      h('legend', {}, 'Upload bars'),
      h('div', { class: 'field' }, h('label', { for: 'upload-symbol' }, 'Symbol'), symbol,
        h('p', { class: 'hint', id: 'upload-symbol-hint' }, '1–64 letters, digits and . _ - ^ =')),
      h('div', { class: 'field' }, h('label', { for: 'upload-timeframe' }, 'Timeframe'), timeframe),
      h('div', { class: 'field' }, h('label', { for: 'upload-file' }, 'File (CSV or Parquet)'), file,
        h('p', { class: 'hint', id: 'upload-file-hint' }, 'CSV: date or timestamp, open, high, low, close, volume (or date,value). Bars are upserted by timestamp; a file is stored whole or not at all.')),
      h('div', { class: 'actions' }, submit)),
    outcome);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!file.files.length || !symbol.value.trim()) {
      show(outcome, h('div', { class: 'alert', role: 'alert' }, 'Choose a symbol and a file.'));
      return;
    }
    const body = new FormData();
    body.append('file', file.files[0]);
    submit.disabled = true;
    try {
      const r = await api(paths.series(symbol.value.trim(), timeframe.value), { method: 'POST', body });
      announce(`${r.received} bars received`);
      await render(root, session);
      show(root.querySelector('#upload-outcome'), h('div', { class: 'success', role: 'status' },
        `${r.symbol} ${r.timeframe}: ${r.received} bars received, ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged; now ${r.bar_count} bars, revision ${r.revision}.`,
        r.notes.length ? h('ul', {}, r.notes.map((n) => h('li', {}, n))) : null));
    } catch (error) {
      // The API names each bad line in its field errors; the detail says the same in one sentence.
      const perLine = error instanceof ApiError ? Object.values(error.errors).flat() : [];
      const lines = perLine.length ? perLine : [error.message];
      show(outcome, h('div', { class: 'alert', role: 'alert', id: 'upload-error' },
        h('p', {}, `Nothing was stored (${error.status ?? 'error'}):`),
        h('ul', {}, lines.map((line) => h('li', {}, line)))));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
