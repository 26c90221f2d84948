// Repositories panel: the repositories under the root, the active one marked, select and vitaminize.
import { get, post } from '../api.js';
import { confirmAction } from '../confirm.js';
import { h, fill, showPanelError } from '../dom.js';
import { describe } from '../errors.js';
import { formatTime } from '../format.js';
import { showNotice } from '../notices.js';

export function createReposPanel(section, { onChanged }) {
  const list = section.querySelector('[data-role="list"]');
  const root = section.querySelector('[data-role="root"]');
  const error = section; // failures go to the one error banner, keyed by this panel
  const filter = section.querySelector('[data-role="filter"]');
  const count = section.querySelector('[data-role="count"]');
  let vitaminizeAvailable = true;
  let repos = [];
  let activePath = null;

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
    const isGit = repo.is_git === true;
    const commit = repo.last_commit_at ? `last commit ${formatTime(repo.last_commit_at)}` : isGit ? 'no commit readable' : 'not a git repository';
    return h('li', { class: 'repo', dataset: { active: String(active), name: repo.name, git: String(isGit) } },
      h('div', { class: 'repo-info', title: repo.path },
        h('span', { class: 'repo-name' }, repo.name),
        h('span', { class: 'pill repo-kind', dataset: { tone: isGit ? 'ok' : 'muted' } }, isGit ? 'git' : 'not git'),
        active ? h('span', { class: 'pill', dataset: { tone: 'info' } }, 'Active') : null,
        h('span', { class: 'repo-commit muted small' }, commit)),
      h('div', { class: 'repo-actions' }, active ? null : selectButton, isGit ? vitaminButton : null));
  }

  /** Shows the repositories whose name contains the filter text (any case), in the service's natural order. */
  function render() {
    const needle = filter.value.trim().toLowerCase();
    const shown = needle === '' ? repos : repos.filter((repo) => String(repo.name).toLowerCase().includes(needle));
    count.textContent = needle === '' ? `${repos.length} folder${repos.length === 1 ? '' : 's'}` : `${shown.length} of ${repos.length}`;
    fill(list, shown.length > 0
      ? shown.map((repo) => item(repo, repo.path === activePath))
      : h('li', { class: 'empty' }, repos.length > 0 ? 'No repository name matches the filter.'
        : 'No repositories under the root yet: each sub-folder of the root is one.'));
  }

  async function refresh() {
    try {
      const body = await get('/ui/repos');
      showPanelError(error, '');
      root.textContent = body.root ? `root ${body.root}` : '';
      root.title = body.root ?? '';
      repos = Array.isArray(body.repos) ? body.repos : [];
      activePath = body.active_repo;
      render();
    } catch (failure) {
      repos = [];
      fill(list);
      count.textContent = '';
      showPanelError(error, describe(failure, 'The repository list'));
    }
  }

  filter.addEventListener('input', render);

  return { refresh };
}
