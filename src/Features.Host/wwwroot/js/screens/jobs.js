// Jobs: a feature set over a universe. Filled in once the jobs API is on this server; until then it says so.
import { api, ApiError, paths } from '../api.js';
import { h, show } from '../dom.js';

export async function render(root) {
  try {
    await api(`${paths.jobs}?limit=1`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      show(root, h('h2', {}, 'Jobs'), h('p', { class: 'notice' }, 'This server has no jobs API.'));
      return;
    }
    throw error;
  }
  show(root, h('h2', {}, 'Jobs'));
}
