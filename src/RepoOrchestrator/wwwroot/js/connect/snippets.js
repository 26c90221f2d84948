// The settings each client needs, in exactly the shapes docs/AGENTS.md shows, filled in with this service's address.
// SECURITY: no token ever enters a snippet: they hold placeholders the user fills, or the path of the token's file.
import { shellPath, shellWord } from './shell.js';

export const TOKEN_PLACEHOLDER = '<read-only token>';
const SERVER_NAME = 'repo-orchestrator';
const json = (value) => JSON.stringify(value, null, 2);

/** The addresses agents use, derived from `service_url` of /ui/status. */
export function addresses(serviceUrl) {
  const base = serviceUrl.replace(/\/+$/, '');
  return { base, mcp: `${base}/mcp`, actions: `${base}/openapi/actions.json`, https: base.toLowerCase().startsWith('https:') };
}

function claudeCode(urls, tokenFile) {
  // The header is evaluated by the shell when the command runs: the token is read from its file, never typed.
  const source = tokenFile ? `$(cat ${shellPath(tokenFile)})` : '${ORCH_ACTIONS_TOKEN}';
  const text = `claude mcp add --transport http ${SERVER_NAME} ${shellWord(urls.mcp)} \\\n`
    + `  --header "Authorization: Bearer ${source}"`;
  return {
    id: 'claude-code',
    name: 'Claude Code',
    where: 'Run once in a terminal, then check with claude mcp list (or /mcp inside a session).',
    blocks: [{ id: 'claude-code', label: 'Terminal command', text }],
    notes: tokenFile
      ? [{ text: 'The read-only token is read from its file when the command runs, so it never lands in your shell history.' }]
      : [{ text: 'This service takes the read-only token from ORCH_ACTIONS_TOKEN: set that variable in this shell before running the command.', kind: 'warn' }],
  };
}

function claudeDesktop(urls) {
  const stdio = {
    mcpServers: {
      [SERVER_NAME]: {
        command: 'dotnet',
        args: ['/path/to/src/RepoOrchestrator/bin/Release/net10.0/repo-orchestrator.dll', 'mcp',
          '--ORCH_HOME=/path/to/orch-home', '--ORCH_REPO_ROOT=/path/to/repos'],
      },
    },
  };
  const remote = {
    mcpServers: {
      [SERVER_NAME]: {
        command: 'npx',
        args: ['mcp-remote', urls.mcp, '--header', 'Authorization:${ORCH_AUTH}'],
        env: { ORCH_AUTH: `Bearer ${TOKEN_PLACEHOLDER}` },
      },
    },
  };
  return {
    id: 'claude-desktop',
    name: 'Claude Desktop',
    where: 'Paste into claude_desktop_config.json (Settings → Developer → Edit config), then restart Claude Desktop.',
    blocks: [
      { id: 'claude-desktop', label: 'Stdio: Claude Desktop starts the orchestrator itself, as you (admin role)', text: json(stdio) },
      { id: 'claude-desktop-remote', label: 'Or read-only, through this running service (mcp-remote)', text: json(remote) },
    ],
    notes: [{ text: 'Stdio: replace each /path/to part with your build, the service\'s home and its repository root (the start-up banner prints them). Read-only: replace <read-only token>.' }],
  };
}

function vsCode(urls) {
  const config = {
    inputs: [{ type: 'promptString', id: 'orch-token', description: 'Repo Orchestrator read-only token', password: true }],
    servers: { [SERVER_NAME]: { type: 'http', url: urls.mcp, headers: { Authorization: 'Bearer ${input:orch-token}' } } },
  };
  return {
    id: 'vscode',
    name: 'VS Code (GitHub Copilot agent mode)',
    where: 'Save as .vscode/mcp.json in your workspace, press Start above the server entry and paste the read-only token when asked (VS Code keeps it securely).',
    blocks: [{ id: 'vscode', label: '.vscode/mcp.json', text: json(config) }],
    notes: [],
  };
}

function cursor(urls) {
  const config = { mcpServers: { [SERVER_NAME]: { url: urls.mcp, headers: { Authorization: `Bearer ${TOKEN_PLACEHOLDER}` } } } };
  return {
    id: 'cursor',
    name: 'Cursor',
    where: 'Add to ~/.cursor/mcp.json (or .cursor/mcp.json in a project), replace <read-only token>, then enable it under Settings → MCP.',
    blocks: [{ id: 'cursor', label: '.cursor/mcp.json', text: json(config) }],
    notes: [],
  };
}

function gptAction(urls) {
  return {
    id: 'chatgpt-action',
    name: 'ChatGPT custom GPT (Action)',
    where: 'In the GPT editor: Configure → Actions → Create new action → Import from URL, paste this address. Then Authentication → API Key → Auth Type: Bearer, and paste the read-only token.',
    blocks: [{ id: 'chatgpt-action', label: 'Import from URL', text: urls.actions }],
    notes: urls.https
      ? []
      : [{ text: 'This address is not https: a GPT calls from OpenAI\'s servers and needs a public https address. Start a tunnel (cloudflared) and restart the service with ORCH_PUBLIC_URL set to it; see docs/AGENTS.md, "ChatGPT custom GPT".', kind: 'warn' }],
  };
}

function connector(urls, oauthEnabled) {
  const notes = [];
  if (!oauthEnabled) {
    notes.push({ text: 'OAuth is off on this service, so a hosted connector cannot sign in. It needs a public https ORCH_PUBLIC_URL (a tunnel), which turns OAuth on by itself; see docs/AGENTS.md, "claude.ai and ChatGPT connectors through a tunnel".', kind: 'warn' });
  } else if (!urls.https) {
    notes.push({ text: 'OAuth is on, but this address is not https: hosted connectors reach only a public https address (a tunnel and ORCH_PUBLIC_URL); see docs/AGENTS.md, "claude.ai and ChatGPT connectors through a tunnel".', kind: 'warn' });
  } else {
    notes.push({ text: 'OAuth is on: the connector opens this service\'s consent page and you approve it with the admin token (check that it sends the sign-in back to the connector\'s own address).' });
  }
  return {
    id: 'chatgpt-connector',
    name: 'ChatGPT connector (and claude.ai)',
    where: 'ChatGPT: Settings → Connectors → Create (developer mode), authentication OAuth. claude.ai: Settings → Connectors → Add custom connector, no client id or secret. Use this MCP server URL.',
    blocks: [{ id: 'chatgpt-connector', label: 'MCP server URL', text: urls.mcp }],
    notes,
  };
}

/** Every client's settings for `status` (the admin's /ui/status answer), in the order the page shows them. */
export function clientSettings(status) {
  const urls = addresses(status.service_url);
  return [
    claudeCode(urls, status.actions_token_file ?? null),
    claudeDesktop(urls),
    vsCode(urls),
    cursor(urls),
    gptAction(urls),
    connector(urls, status.oauth_enabled === true),
  ];
}
