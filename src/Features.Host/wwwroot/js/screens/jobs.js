// Jobs: compute a feature set (or a few definitions) over a universe of symbols as one job; a live progress bar from
// the job's server-sent events; failed items with their problems; cancel and retry.
import { api, apiKey, ApiError, paths } from '../api.js';
import { h, show, announce, table, showError, format } from '../dom.js';

let stopEvents = null;

export async function render(root, session) {
  stopEvents?.();
  let jobs;
  try {
    jobs = await api(`${paths.jobs}?limit=50`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      show(root, h('h2', {}, 'Jobs'), h('p', { class: 'notice' }, 'This server has no jobs API.'));
      return;
    }
    throw error;
  }
  const id = new URLSearchParams(location.hash.split('?')[1] ?? '').get('id');
  const panel = h('section', { id: 'job-panel', 'aria-labelledby': 'job-title' });
  show(root,
    h('h2', {}, 'Jobs'),
    session.can('writer') ? await submitForm() : null,
    panel,
    h('h3', {}, 'Recent jobs'),
    jobs.length === 0 ? h('p', { class: 'hint' }, 'No jobs yet.') : table('Jobs, newest first', [
      { label: 'created', value: (j) => format.dateTime(j.created_at) },
      { label: 'status', value: (j) => j.status },
      { label: 'done', value: (j) => `${j.done} / ${j.total_items}`, numeric: true },
      { label: 'failed', value: (j) => j.failed, numeric: true },
      { label: '', value: (j) => h('a', { href: `#/jobs?id=${j.id}` }, 'Open', h('span', { class: 'visually-hidden' }, ` job ${j.id}`)) },
    ], jobs, { id: 'jobs' }));
  if (id) await showJob(panel, id, session);
}

async function submitForm() {
  const [sets, features] = await Promise.all([api(`${paths.featureSets}?limit=1000`).catch(() => []), api(`${paths.features}?limit=1000`)]);
  const featureSet = h('select', { id: 'job-feature-set' },
    h('option', { value: '' }, 'None: use the definitions ticked below'),
    sets.map((s) => h('option', { value: s.id }, `${s.name} (${s.feature_ids.length} features)`)));
  const featureBoxes = h('fieldset', { id: 'job-features' }, h('legend', {}, 'Definitions'),
    features.map((f) => h('label', { class: 'field inline' }, h('input', { type: 'checkbox', value: f.id, 'data-feature': f.name }), `${f.name} (${f.plugin_key})`)));
  const universe = h('select', { id: 'job-universe' },
    h('option', { value: 'list' }, 'These symbols'), h('option', { value: 'prefix' }, 'Every symbol starting with'), h('option', { value: 'all' }, 'Every symbol with bars'));
  const symbols = h('input', { id: 'job-symbols', type: 'text', value: 'DEMO', 'aria-describedby': 'job-symbols-hint' });
  const timeframe = h('input', { id: 'job-timeframe', type: 'text', value: '1d', size: 4 });
  const start = h('input', { id: 'job-start', type: 'date', value: '2024-01-01' });
  const end = h('input', { id: 'job-end', type: 'date', value: '2025-01-01' });
  const regenerate = h('input', { id: 'job-regenerate', type: 'checkbox' });
  const messages = h('div', { id: 'job-messages' });
  const form = h('form', { class: 'form', id: 'job-form' },
    h('fieldset', {}, h('legend', {}, 'Submit a job'),
      h('div', { class: 'field' }, h('label', { for: 'job-feature-set' }, 'Feature set'), featureSet),
      featureBoxes,
      h('div', { class: 'field' }, h('label', { for: 'job-universe' }, 'Universe'), universe),
      h('div', { class: 'field' }, h('label', { for: 'job-symbols' }, 'Symbols or prefix'), symbols,
        h('p', { class: 'hint', id: 'job-symbols-hint' }, 'Comma-separated symbols, or the prefix; ignored for every symbol.')),
      h('div', { class: 'toolbar' },
        h('div', { class: 'field' }, h('label', { for: 'job-timeframe' }, 'Timeframe'), timeframe),
        h('div', { class: 'field' }, h('label', { for: 'job-start' }, 'From (inclusive)'), start),
        h('div', { class: 'field' }, h('label', { for: 'job-end' }, 'To (exclusive)'), end)),
      h('div', { class: 'field inline' }, regenerate, h('label', { for: 'job-regenerate' }, 'Regenerate (re-read bars and re-run every kernel)')),
      h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'submit-job' }, 'Submit'))),
    messages);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    messages.replaceChildren();
    const list = symbols.value.split(/[\s,]+/).filter(Boolean);
    const body = {
      symbols: universe.value === 'all' ? { all: true } : universe.value === 'prefix' ? { prefix: symbols.value.trim() } : list,
      timeframe: timeframe.value.trim(), start_date: start.value, end_date: end.value, regenerate: regenerate.checked,
    };
    if (featureSet.value) body.feature_set_id = featureSet.value;
    else body.feature_ids = [...featureBoxes.querySelectorAll('input:checked')].map((box) => box.value);
    try {
      const job = await api(paths.jobs, { method: 'POST', body });
      announce(`Job submitted: ${job.total_items} items`);
      location.hash = `#/jobs?id=${job.id}`;
    } catch (error) {
      showError(messages, error);
    }
  });
  return form;
}

async function showJob(panel, id, session) {
  const progress = h('progress', { id: 'job-progress', class: 'progress', max: 1, value: 0, 'aria-labelledby': 'job-title' });
  const summary = h('p', { id: 'job-summary', 'aria-live': 'polite' });
  const actions = h('div', { class: 'actions' });
  const failed = h('div', { id: 'job-failed' });
  const messages = h('div', {});
  show(panel, h('h3', { id: 'job-title' }, `Job ${id}`), progress, summary, actions, messages, failed);

  const update = async (job, finished) => {
    progress.max = Math.max(job.total_items, 1);
    progress.value = job.done;
    progress.dataset.percent = String(Math.round((100 * job.done) / Math.max(job.total_items, 1)));
    progress.dataset.status = job.status;
    const rate = job.items_per_second ? `${format.number(job.items_per_second)} items/s` : '';
    const eta = job.eta_seconds && !finished ? `ETA ${Math.ceil(job.eta_seconds)} s` : '';
    summary.textContent = [`${job.status}: ${job.done} / ${job.total_items} (${progress.dataset.percent}%)`,
      `${job.computed} computed, ${job.cached} cached, ${job.failed} failed`, rate, eta].filter(Boolean).join(' · ');
    show(actions,
      session.can('writer') && !finished ? h('button', { type: 'button', class: 'danger', id: 'cancel-job', onclick: () => act('cancel') }, 'Cancel') : null,
      session.can('writer') && finished && job.failed > 0 ? h('button', { type: 'button', id: 'retry-job', onclick: () => act('retry') }, 'Retry failed items') : null);
    if (finished && job.failed > 0) await showFailed();
    else if (job.failed === 0) show(failed); // a retry that succeeded leaves no failed items to list
  };
  const act = async (action) => {
    try {
      await api(`${paths.jobs}/${id}/${action}`, { method: 'POST' });
      announce(`Job ${action} requested`);
      follow();
    } catch (error) {
      showError(messages, error);
    }
  };
  const showFailed = async () => {
    const items = await api(`${paths.jobs}/${id}/items?status=failed&limit=200`);
    show(failed, h('h4', {}, 'Failed items'), table('Failed items', [
      { label: 'symbol', value: (i) => i.symbol },
      { label: 'feature', value: (i) => h('code', {}, i.feature_id ?? '') },
      { label: 'error', value: (i) => i.error?.detail ?? JSON.stringify(i.error) },
    ], items, { id: 'failed-items' }));
  };
  const follow = () => {
    stopEvents?.();
    stopEvents = followEvents(`${paths.jobs}/${id}/events`, (name, job) => update(job, name === 'finished'));
  };
  await update(await api(`${paths.jobs}/${id}`), false);
  follow();
}

/**
 * Reads a server-sent event stream through fetch (EventSource cannot send the API key) and calls `onEvent(name, data)`
 * for each event. Returns a function that stops reading.
 */
function followEvents(path, onEvent) {
  const abort = new AbortController();
  (async () => {
    const headers = { Accept: 'text/event-stream' };
    if (apiKey.get()) headers.Authorization = `Bearer ${apiKey.get()}`;
    const response = await fetch(path, { headers, signal: abort.signal });
    if (!response.ok || !response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = block.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
        if (data) await onEvent(name, JSON.parse(data));
      }
    }
  })().catch((error) => { if (error.name !== 'AbortError') console.warn('job events stopped:', error); });
  return () => abort.abort();
}
