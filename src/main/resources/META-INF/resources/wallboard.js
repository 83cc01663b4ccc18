// The supervisor wallboard of one queue: a snapshot by REST (GET /api/queues/{id}/stats), then
// queue.stats and agent.presence live over /ws/wallboard. The queue is in the address
// (?queueId=...) so a wall screen can be bookmarked.
import {
  api, ApiError, el, formatDuration, itemsOf, LiveStream, session, wireLogIn,
} from './client.js';

const $ = (id) => document.getElementById(id);

const state = {
  me: null,
  queueId: null,
  queues: [],
  agents: new Map(),    // agentId → agent of the queue
  stats: null,
  oldestSince: null,    // when the oldest waiting conversation started waiting, for the ticking age
  stream: null,
};

function showLogin(message) {
  state.stream?.stop();
  state.stream = null;
  $('board').hidden = true;
  $('session-tools').hidden = true;
  $('forbidden').hidden = true;
  $('login-view').hidden = false;
  $('login-error').textContent = message || '';
  $('username').focus();
}

wireLogIn({ onLoggedIn: start, showLogin });

$('logout').addEventListener('click', () => {
  session.clear();
  showLogin();
});

$('queue').addEventListener('change', (event) => watch(event.target.value));

async function start() {
  state.me = await api('GET', '/api/me');
  $('login-view').hidden = true;
  if (state.me.role !== 'SUPERVISOR' && state.me.role !== 'ADMIN') {
    $('forbidden').hidden = false;
    return;
  }
  $('session-tools').hidden = false;
  state.queues = itemsOf(await api('GET', '/api/queues'));
  $('queue').replaceChildren(...state.queues.map((q) => el('option', { value: q.id, text: q.name })));
  const wanted = new URLSearchParams(location.search).get('queueId');
  const queueId = state.queues.some((q) => q.id === wanted) ? wanted : state.queues[0]?.id;
  if (!queueId) {
    $('forbidden').textContent = 'There are no queues in this workspace yet.';
    $('forbidden').hidden = false;
    return;
  }
  await watch(queueId);
}

async function watch(queueId) {
  state.stream?.stop();
  state.queueId = queueId;
  state.stats = null;
  state.oldestSince = null;
  $('queue').value = queueId;
  const url = new URL(location.href);
  url.searchParams.set('queueId', queueId);
  history.replaceState(null, '', url);
  $('board').hidden = false;
  $('board').dataset.queueId = queueId;
  document.title = `${state.queues.find((q) => q.id === queueId)?.name || 'Queue'} · Switchboard wallboard`;

  state.stream = new LiveStream('/ws/wallboard', { queueId }, {
    onEvent: handleEvent,
    onResync: () => load(queueId),
    onState: showConnection,
    onAuthFailed: () => { session.clear(); showLogin('Your session has ended. Please log in again.'); },
  });
  state.stream.start();
  await load(queueId);
}

async function load(queueId) {
  const [stats, agents] = await Promise.all([
    api('GET', `/api/queues/${queueId}/stats`),
    api('GET', '/api/agents?size=200').catch(() => []),
  ]);
  if (queueId !== state.queueId) return;
  state.agents.clear();
  for (const agent of itemsOf(agents)) {
    if ((agent.queueIds || []).includes(queueId)) state.agents.set(agent.id, agent);
  }
  if (stats) showStats(stats);
  renderAgents();
}

function showConnection(name) {
  const badge = $('connection');
  badge.dataset.state = name;
  badge.textContent = { connecting: 'Connecting…', live: 'Live', offline: 'Offline, reconnecting…' }[name] || name;
}

function handleEvent(frame) {
  const data = frame.data || {};
  if (frame.type === 'queue.stats') {
    if (!data.queueId || data.queueId === state.queueId) showStats(data);
  } else if (frame.type === 'agent.presence') {
    const agent = state.agents.get(data.agentId);
    if (agent) {
      agent.presence = data.status;
      renderAgents();
    }
  } else if (frame.type === 'queue.members_changed') {
    load(state.queueId);
  }
}

/** Seconds from a number of seconds, an ISO-8601 duration (PT1M5S) or milliseconds, whichever the server sent. */
function seconds(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(value);
  if (!match) return Number(value);
  const [, d, h, m, s] = match;
  return (Number(d || 0) * 86400) + (Number(h || 0) * 3600) + (Number(m || 0) * 60) + Number(s || 0);
}

function first(stats, ...names) {
  for (const name of names) if (stats[name] !== undefined && stats[name] !== null) return stats[name];
  return null;
}

function showStats(stats) {
  state.stats = stats;
  setValue('stat-waiting', first(stats, 'waiting', 'waitingCount') ?? 0);
  setValue('stat-active', first(stats, 'active', 'activeCount') ?? 0);
  setValue('stat-claimed', first(stats, 'claimedToday', 'claimed') ?? 0);
  setValue('stat-closed', first(stats, 'closedToday', 'closed') ?? 0);
  const median = seconds(first(stats, 'medianTimeToClaimSeconds', 'medianClaimSeconds', 'medianTimeToClaim'));
  setValue('stat-median', median === null ? '–' : formatDuration(median));
  // R26: what the next arrival would wait; unknown while nobody accepts or nobody took one lately.
  setValue('stat-wait', stats.estimatedWaitSeconds == null ? '–' : formatDuration(stats.estimatedWaitSeconds));
  // R27: open conversations nearing and past their first-response target.
  setValue('stat-sla-risk', stats.slaAtRisk ?? 0);
  setValue('stat-sla-breached', stats.slaBreached ?? 0);

  const since = first(stats, 'oldestWaitingSince', 'oldestWaitingAt', 'oldestWaitingCreatedAt');
  const age = seconds(first(stats, 'oldestWaitingSeconds', 'oldestWaitingAgeSeconds', 'oldestWaitingAge'));
  if (since) state.oldestSince = Date.parse(since);
  else if (age !== null) state.oldestSince = Date.now() - age * 1000;
  else state.oldestSince = null;
  tickOldest();

  renderPresenceCounts();
  $('updated').textContent = `Updated ${new Date().toLocaleTimeString()}`;
}

function setValue(id, value) {
  const node = $(id);
  const text = String(value);
  if (node.textContent !== text) {
    node.textContent = text;
    node.parentElement.classList.remove('changed');
    void node.parentElement.offsetWidth;   // restart the highlight animation
    node.parentElement.classList.add('changed');
  }
}

function tickOldest() {
  const waiting = state.stats ? Number(first(state.stats, 'waiting', 'waitingCount') ?? 0) : 0;
  const text = state.oldestSince && waiting > 0 ? formatDuration((Date.now() - state.oldestSince) / 1000) : '–';
  const node = $('stat-oldest');
  if (node.textContent !== text) node.textContent = text;
}
setInterval(tickOldest, 1000);

/**
 * Counts per presence: counted from the queue's agents, which agent.presence keeps current
 * between snapshots; the snapshot's own counts when the agent list is not available.
 */
function renderPresenceCounts() {
  const byPresence = state.stats && first(state.stats, 'agentsByPresence', 'presence');
  let counts = {};
  if (state.agents.size > 0) {
    for (const agent of state.agents.values()) counts[agent.presence] = (counts[agent.presence] || 0) + 1;
  } else if (Array.isArray(byPresence)) {
    for (const row of byPresence) counts[row.status || row.presence] = row.count;
  } else if (byPresence && typeof byPresence === 'object') {
    counts = { ...byPresence };
  }
  $('presence-counts').replaceChildren(...Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => el('li', { class: `presence-count ${status.toLowerCase()}`, dataset: { presence: status } },
      el('span', { class: 'value', text: String(count) }), ` ${status}`)));
}

function renderAgents() {
  const agents = [...state.agents.values()].sort((a, b) => (a.displayName || a.username).localeCompare(b.displayName || b.username));
  $('agents').replaceChildren(...agents.map((agent) => el('li', { class: 'item agent', dataset: { agentId: agent.id, presence: agent.presence } },
    el('span', { class: 'who', text: agent.displayName || agent.username }),
    el('span', { class: `presence-tag ${(agent.presence || '').toLowerCase()}`, text: agent.presence || '' }))));
  $('agents-empty').hidden = agents.length > 0;
  renderPresenceCounts();
}

if (session.token) {
  start().catch((error) => {
    if (!(error instanceof ApiError && error.status === 401)) showLogin(`Could not start: ${error.message}`);
  });
} else {
  showLogin();
}
