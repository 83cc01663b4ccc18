// The supervisor wallboard of one queue: a snapshot by REST (GET /api/queues/{id}/stats), then
// queue.stats and agent.presence live over /ws/wallboard. The queue is in the address
// (?queueId=...) so a wall screen can be bookmarked.
import {
  api, ApiError, download, el, formatDuration, itemsOf, LiveStream, session, wireLogIn,
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
  showStats(stats);
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

function showStats(stats) {
  state.stats = stats;
  setValue('stat-waiting', stats.waiting);
  setValue('stat-active', stats.active);
  setValue('stat-claimed', stats.claimedToday);
  setValue('stat-closed', stats.closedToday);
  setValue('stat-median', stats.medianTimeToClaimSeconds == null ? '–' : formatDuration(stats.medianTimeToClaimSeconds));
  // R26: what the next arrival would wait; unknown while nobody accepts or nobody took one lately.
  setValue('stat-wait', stats.estimatedWaitSeconds == null ? '–' : formatDuration(stats.estimatedWaitSeconds));
  // R27: open conversations nearing and past their first-response target.
  setValue('stat-sla-risk', stats.slaAtRisk);
  setValue('stat-sla-breached', stats.slaBreached);
  // #21: today's satisfaction surveys: the average rating and the share answered of those sent.
  setValue('stat-csat', stats.csatAverage == null ? '–' : stats.csatAverage.toFixed(1));
  setValue('stat-survey-rate', stats.surveyResponseRate == null ? '–' : `${Math.round(stats.surveyResponseRate * 100)}%`);
  $('stat-surveys-sent').textContent = String(stats.surveysToday);
  state.oldestSince = stats.oldestWaitingSeconds == null ? null : Date.now() - stats.oldestWaitingSeconds * 1000;
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
  const waiting = state.stats ? state.stats.waiting : 0;
  const text = state.oldestSince && waiting > 0 ? formatDuration((Date.now() - state.oldestSince) / 1000) : '–';
  const node = $('stat-oldest');
  if (node.textContent !== text) node.textContent = text;
}
setInterval(tickOldest, 1000);

/** Counts per presence, from the queue's agents, which agent.presence keeps current between snapshots. */
function renderPresenceCounts() {
  const counts = {};
  for (const agent of state.agents.values()) counts[agent.presence] = (counts[agent.presence] || 0) + 1;
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

// ---------------------------------------------------------------- reports (#21)

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

$('report-from').value = isoDay(new Date(Date.now() - 6 * 86400_000));
$('report-to').value = isoDay(new Date());

function reportQuery() {
  return new URLSearchParams({ from: $('report-from').value, to: $('report-to').value });
}

const minutes = (seconds) => (seconds == null ? '–' : formatDuration(seconds));

$('report-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const report = await api('GET', `/api/reports/agents?${reportQuery()}`);
    $('report-zone').textContent = `Days in ${report.timeZone}`;
    $('report-rows').replaceChildren(...report.rows.map((row) => el('tr', { dataset: { agentId: row.id } },
      el('th', { scope: 'row', text: row.name }),
      el('td', { text: String(row.handled) }),
      el('td', { text: `${minutes(row.firstResponseMedianSeconds)} / ${minutes(row.firstResponseP90Seconds)}` }),
      el('td', { text: `${minutes(row.handleMedianSeconds)} / ${minutes(row.handleP90Seconds)}` }),
      el('td', { text: row.slaMetPercent == null ? '–' : `${row.slaMetPercent} %` }),
      el('td', { text: row.csatAverage == null ? '–' : `${row.csatAverage.toFixed(1)} (${row.ratings} of ${row.surveys})` }))));
    $('report-table').hidden = false;
  } catch (error) {
    $('report-zone').textContent = `Could not load the report: ${error.message}`;
  }
});

for (const subject of ['agents', 'queues']) {
  $(`report-csv-${subject}`).addEventListener('click', () => download(`/api/reports/${subject}?${reportQuery()}&format=csv`,
    `${subject}-${$('report-from').value}-${$('report-to').value}.csv`).catch((error) => {
    $('report-zone').textContent = `Could not download: ${error.message}`;
  }));
}

if (session.token) {
  start().catch((error) => {
    if (!(error instanceof ApiError && error.status === 401)) showLogin(`Could not start: ${error.message}`);
  });
} else {
  showLogin();
}
