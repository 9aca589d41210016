// Every call to the Features API goes through here: the key from sessionStorage, JSON both ways,
// and RFC 9457 problems turned into ApiError (status, detail, field errors).

const KEY_ITEM = 'features.apiKey';

export const apiKey = {
  get: () => sessionStorage.getItem(KEY_ITEM),
  set: (key) => sessionStorage.setItem(KEY_ITEM, key),
  clear: () => sessionStorage.removeItem(KEY_ITEM),
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    /** Field name (snake_case, e.g. "parameters.period") to its messages. */
    this.errors = problem?.errors ?? {};
  }
}

/** Calls the API. `body` may be a plain object (sent as JSON) or FormData. Returns parsed JSON, or the Response when `raw`. */
export async function api(path, { method = 'GET', body, raw = false } = {}) {
  const headers = { Accept: 'application/json' };
  const key = apiKey.get();
  if (key) headers.Authorization = `Bearer ${key}`;
  let payload = body;
  if (body !== undefined && !(body instanceof FormData)) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, { method, headers, body: payload });
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON: the status says enough */ }
    throw new ApiError(response.status, problem);
  }
  if (raw) return response;
  return response.status === 204 ? null : response.json();
}

/** Fetches with the key and hands the body to the browser as a file download (a plain link could not carry the key). */
export async function download(path, fallbackName) {
  const response = await api(path, { raw: true });
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const paths = {
  me: '/api/v1/auth/me',
  plugins: '/api/v1/features/plugins/available',
  features: '/api/v1/features',
  feature: (id) => `/api/v1/features/${id}`,
  generate: (id) => `/api/v1/features/${id}/generate`,
  regenerate: (id) => `/api/v1/features/${id}/regenerate`,
  versions: (id, symbol, timeframe) => `/api/v1/features/${id}/versions?symbol=${encodeURIComponent(symbol)}&timeframe=${encodeURIComponent(timeframe)}`,
  data: (id, hash, format) => `/api/v1/features/${id}/datasets/${hash}/data?format=${format}`,
  marketData: '/api/v1/market-data',
  series: (symbol, timeframe) => `/api/v1/market-data/${encodeURIComponent(symbol)}/${encodeURIComponent(timeframe)}`,
  bars: (symbol, timeframe, start, end) =>
    `/api/v1/market-data/${encodeURIComponent(symbol)}/${encodeURIComponent(timeframe)}/bars?start_date=${start}&end_date=${end}`,
  jobs: '/api/v1/jobs',
  featureSets: '/api/v1/feature-sets',
};
