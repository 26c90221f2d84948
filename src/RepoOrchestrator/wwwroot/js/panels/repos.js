// Repositories panel: the repositories under the root, the active one marked, select and vitaminize.
import { get, post } from '../api.js';
import { confirmAction } from '../confirm.js';
import { h, fill, showPanelError } from '../dom.js';
import { describe } from '../errors.js';
import { showNotice } from '../notices.js';

export function createReposPanel(section, { onChanged }) {
  const list = section.querySelector('[data-role="list"]');
  const root = section.querySelector('[data-role="root"]');
  const error = section.querySelector('[data-role="error"]');
  let vitaminizeAvailable = true;

  async function select(repo, button) {
    button.disabled = true;
    try {
      const result = await post(`/ui/repos/select?path=${encodeURIComponent(repo.name)}`);
      showNotice(`Active repository: ${repo.name} (${result.active_repo ?? repo.path}).`, 'ok');
      onChanged();
    } catch (failure) {
      button.disabled = false;
      showNotice(describe(failure, `Selecting ${repo.name}`), 'error');
    }
  }

  async function vitaminize(repo, button) {
    const confirmed = await confirmAction({
      title: `Vitaminize ${repo.name}?`,
      text: 'Installs the launcher kit (scripts/start_orch.*, .orchestrator/allowed_paths.json) into this repository and makes it active. Existing files are never overwritten.',
      confirmLabel: 'Install kit',
    });
    if (!confirmed) {
      return;
    }
    button.disabled = true;
    try {
      const result = await post(`/ui/repos/vitaminize?path=${encodeURIComponent(repo.name)}`);
      const created = Array.isArray(result.created_files) ? result.created_files : [];
      showNotice(created.length > 0
        ? `Vitaminized ${repo.name}: created ${created.join(', ')}.`
        : `${repo.name} already has the launcher kit: nothing was created.`, 'ok');
      onChanged();
    } catch (failure) {
      if (failure?.missingEndpoint) {
        vitaminizeAvailable = false;
      }
      button.disabled = false;
      showNotice(describe(failure, `Vitaminizing ${repo.name}`), 'error');
      if (!vitaminizeAvailable) {
        onChanged();
      }
    }
  }

  function item(repo, active) {
    const selectButton = h('button', {
      type: 'button', class: 'btn btn-small btn-primary', 'aria-label': `Select ${repo.name}`,
    }, 'Select');
    selectButton.addEventListener('click', () => select(repo, selectButton));
    const vitaminButton = vitaminizeAvailable
      ? h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Vitaminize ${repo.name}` }, 'Vitaminize')
      : null;
    vitaminButton?.addEventListener('click', () => vitaminize(repo, vitaminButton));

    // The path is the root (shown in the panel's head) plus the name, so it is only a tooltip here.
    return h('li', { class: 'repo', dataset: { active: String(active), name: repo.name } },
      h('div', { class: 'repo-info', title: repo.path },
        h('span', { class: 'repo-name' }, repo.name),
        active ? h('span', { class: 'pill', dataset: { tone: 'info' } }, 'Active') : null),
      h('div', { class: 'repo-actions' }, active ? null : selectButton, vitaminButton));
  }

  async function refresh() {
    try {
      const body = await get('/ui/repos');
      showPanelError(error, '');
      root.textContent = body.root ? `root ${body.root}` : '';
      root.title = body.root ?? '';
      const repos = Array.isArray(body.repos) ? body.repos : [];
      fill(list, repos.length > 0
        ? repos.map((repo) => item(repo, repo.path === body.active_repo))
        : h('li', { class: 'empty' }, 'No repositories under the root yet: each sub-folder of the root is one.'));
    } catch (failure) {
      fill(list);
      showPanelError(error, describe(failure, 'The repository list'));
    }
  }

  return { refresh };
}
