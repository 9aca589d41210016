// Generate & look: pick a definition, symbol, timeframe and dates; generate (or regenerate); see the preview, the
// chart of the feature under its price, and every stored version of it with lineage and downloads.
import { api, download, paths } from '../api.js';
import { h, show, announce, table, showError, format } from '../dom.js';
import { drawFeatureChart } from '../chart.js';

let currentChart = null;

export async function render(root, session) {
  const query = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const [features, series, catalog] = await Promise.all([api(`${paths.features}?limit=1000`), api(paths.marketData), api(paths.plugins)]);
  const plugins = new Map(catalog.map((p) => [p.key, p]));
  const symbols = [...new Set(series.map((s) => s.symbol))].sort();

  const feature = h('select', { id: 'feature' }, features.map((f) => h('option', { value: f.id, selected: f.id === query.get('feature') }, `${f.name} (${f.plugin_key})`)));
  const symbol = h('select', { id: 'symbol' }, symbols.map((s) => h('option', { value: s, selected: s === (query.get('symbol') ?? 'DEMO') }, s)));
  const timeframe = h('select', { id: 'timeframe' });
  const start = h('input', { id: 'start_date', type: 'date', required: true });
  const end = h('input', { id: 'end_date', type: 'date', required: true });
  const messages = h('div', { id: 'generate-messages' });
  const result = h('section', { id: 'result', 'aria-live': 'polite' });
  const chartSection = h('section', { id: 'chart-section' });
  const versions = h('section', { id: 'versions-section' });

  const seriesOf = () => series.filter((s) => s.symbol === symbol.value);
  const fillTimeframes = () => {
    const own = seriesOf().map((s) => s.timeframe);
    show(timeframe, own.map((t) => h('option', { value: t, selected: t === '1d' }, t)));
    fillDates();
  };
  const fillDates = () => {
    const s = seriesOf().find((x) => x.timeframe === timeframe.value);
    if (!s?.last_timestamp) return;
    const last = new Date(s.last_timestamp);
    const from = new Date(Math.max(Date.parse(s.first_timestamp), last.getTime() - 365 * 86_400_000));
    start.value = from.toISOString().slice(0, 10);
    end.value = new Date(last.getTime() + 86_400_000).toISOString().slice(0, 10);
  };
  symbol.addEventListener('change', () => { fillTimeframes(); listVersions(); });
  timeframe.addEventListener('change', () => { fillDates(); listVersions(); });
  feature.addEventListener('change', () => listVersions());

  const selected = () => features.find((f) => f.id === feature.value);
  const pluginOf = (f) => plugins.get(f.plugin_key) ?? { outputs: [] };

  async function run(action) {
    messages.replaceChildren();
    const buttons = root.querySelectorAll('button[data-action]');
    buttons.forEach((b) => { b.disabled = true; });
    announce('Computing…');
    try {
      const body = { symbol: symbol.value, timeframe: timeframe.value, start_date: start.value, end_date: end.value };
      const path = action === 'regenerate' ? paths.regenerate(feature.value) : paths.generate(feature.value);
      const response = await api(path, { method: 'POST', body });
      showResult(response);
      await Promise.all([drawChart(response), listVersions()]);
      announce(`${response.row_count} rows, ${response.cached ? 'cached' : 'computed'}`);
    } catch (error) {
      showError(messages, error);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  function showResult(response) {
    const columns = ['timestamp', ...response.columns.filter((c) => c !== 'timestamp')];
    show(result,
      h('h3', {}, 'Result'),
      h('dl', { class: 'facts' },
        h('dt', {}, 'cached'), h('dd', { id: 'cached' }, response.cached ? 'yes: served from the store, not recomputed' : 'no: computed now'),
        h('dt', {}, 'version hash'), h('dd', { class: 'mono', id: 'version-hash' }, response.version_hash),
        h('dt', {}, 'rows'), h('dd', { id: 'row-count' }, format.number(response.row_count)),
        h('dt', {}, 'range'), h('dd', {}, `${format.dateTime(response.start_date)} – ${format.dateTime(response.end_date)} (end exclusive)`),
        h('dt', {}, 'source fingerprint'), h('dd', { class: 'mono' }, response.source_fingerprint),
        h('dt', {}, 'object'), h('dd', { class: 'mono' }, response.storage_uri)),
      h('h3', {}, `Preview (first ${response.preview.length} rows)`),
      table('Preview of the dataset', columns.map((c) => ({
        label: c, numeric: c !== 'timestamp', value: (row) => (c === 'timestamp' ? format.dateTime(row[c]) : row[c] === null ? '—' : format.number(row[c])),
      })), response.preview, { id: 'preview' }));
  }

  async function drawChart(dataset) {
    const f = features.find((x) => x.id === dataset.feature_id) ?? selected();
    const [bars, rows] = await Promise.all([
      api(paths.bars(dataset.symbol, dataset.timeframe, encodeURIComponent(dataset.start_date), encodeURIComponent(dataset.end_date))),
      api(paths.data(dataset.feature_id, dataset.version_hash, 'json')),
    ]);
    const outputs = pluginOf(f).outputs.filter((o) => dataset.columns.includes(o.name) && o.type !== 'string');
    // Columns the descriptor says are price levels start over the candles; the reader can move any of them.
    const overlays = new Set(outputs.filter((o) => o.unit === 'price').map((o) => o.name));
    const container = h('div', { class: 'chart', id: 'chart', role: 'img' });
    const draw = () => {
      const over = outputs.filter((o) => overlays.has(o.name)).map((o) => o.name);
      const below = outputs.filter((o) => !overlays.has(o.name)).map((o) => o.name);
      container.setAttribute('aria-label', `Candlestick chart of ${dataset.symbol} ${dataset.timeframe} with volume`
        + (over.length ? `, ${over.join(', ')} over the price` : '') + (below.length ? `, and ${below.join(', ')} in panes below` : ''));
      currentChart?.dispose();
      currentChart = drawFeatureChart(container, bars, rows, outputs, overlays);
      window.featuresUi.chart = { versionHash: dataset.version_hash, barCount: bars.length, rowCount: rows.length, data: currentChart.data };
    };
    const overlayChoices = h('fieldset', { class: 'legend' }, h('legend', {}, 'Draw over the price'),
      outputs.map((o) => h('label', { class: 'field inline' },
        h('input', { type: 'checkbox', 'data-overlay': o.name, checked: overlays.has(o.name), onchange: (e) => { if (e.target.checked) overlays.add(o.name); else overlays.delete(o.name); draw(); } }),
        o.name)));
    show(chartSection,
      h('h3', {}, `${f.name} on ${dataset.symbol} ${dataset.timeframe}`),
      h('p', { class: 'hint' }, `${bars.length} bars, ${rows.length} rows; version ${format.hash(dataset.version_hash)}. Gaps are warm-up bars without a value.`),
      outputs.length ? overlayChoices : null,
      container);
    draw();
  }

  async function listVersions() {
    if (!feature.value || !symbol.value || !timeframe.value) return show(versions);
    const list = await api(paths.versions(feature.value, symbol.value, timeframe.value));
    const hashOf = new Map(list.map((v) => [v.dataset_id, v.version_hash]));
    show(versions,
      h('h3', {}, `Versions of this feature for ${symbol.value} ${timeframe.value}`),
      list.length === 0 ? h('p', { class: 'hint' }, 'None stored yet.') : table('Stored versions, oldest first', [
        { label: 'created', value: (v) => format.dateTime(v.created_at) },
        { label: 'version hash', value: (v) => h('code', { title: v.version_hash }, format.hash(v.version_hash)) },
        { label: 'range', value: (v) => `${format.date(v.start_date)} – ${format.date(v.end_date)}` },
        { label: 'rows', value: (v) => format.number(v.row_count), numeric: true },
        { label: 'plugin version', value: (v) => h('code', {}, v.plugin_version) },
        { label: 'supersedes', value: (v) => (v.supersedes ? h('code', {}, format.hash(hashOf.get(v.supersedes) ?? v.supersedes)) : '—') },
        {
          label: 'actions',
          value: (v) => h('div', { class: 'actions' },
            h('button', { type: 'button', class: 'secondary', onclick: () => drawChart(v).catch((e) => showError(messages, e)) }, 'Chart'),
            h('button', { type: 'button', class: 'secondary', onclick: () => download(paths.data(v.feature_id, v.version_hash, 'parquet'), `${v.version_hash}.parquet`) }, 'Parquet'),
            h('button', { type: 'button', class: 'secondary', onclick: () => download(paths.data(v.feature_id, v.version_hash, 'csv'), `${v.version_hash}.csv`) }, 'CSV')),
        },
      ], list, { id: 'versions' }));
  }

  const form = h('form', { class: 'toolbar', id: 'generate-form', onsubmit: (e) => { e.preventDefault(); run('generate'); } },
    h('div', { class: 'field' }, h('label', { for: 'feature' }, 'Definition'), feature),
    h('div', { class: 'field' }, h('label', { for: 'symbol' }, 'Symbol'), symbol),
    h('div', { class: 'field' }, h('label', { for: 'timeframe' }, 'Timeframe'), timeframe),
    h('div', { class: 'field' }, h('label', { for: 'start_date' }, 'From (inclusive)'), start),
    h('div', { class: 'field' }, h('label', { for: 'end_date' }, 'To (exclusive)'), end),
    session.can('writer') ? h('div', { class: 'actions' },
      h('button', { type: 'submit', id: 'generate', 'data-action': 'generate' }, 'Generate'),
      h('button', { type: 'button', class: 'secondary', id: 'regenerate', 'data-action': 'regenerate', onclick: () => run('regenerate') }, 'Regenerate')) : null);

  show(root,
    h('h2', {}, 'Generate & look'),
    features.length === 0 ? h('p', { class: 'notice' }, 'No definitions yet: create one under Definitions first.') : null,
    symbols.length === 0 ? h('p', { class: 'notice' }, 'The bar store is empty: upload bars under Market data first.') : null,
    form, messages, result, chartSection, versions);
  fillTimeframes();
  await listVersions();
}
