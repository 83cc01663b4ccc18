// The agent inbox: alerts with Claim, the bell, my conversations, one open conversation with its
// timeline, reply, note, transfer and close, and the presence switch. REST loads the state; the
// live stream keeps it current. Panels whose endpoint this server lacks (404) are hidden.
import {
  api, ApiError, download, el, formatDuration, formatNumber, formatTime, itemsOf, LiveStream, session, wireLogIn,
} from './client.js';

const $ = (id) => document.getElementById(id);
const BUILT_IN_PRESENCE = ['READY', 'BUSY', 'OFFLINE'];
const MINE_KEY = 'switchboard.mine';

const state = {
  me: null,
  alerts: new Map(),          // conversationId → conversation
  conversations: new Map(),   // conversationId → conversation, the list panel's
  openId: null,
  open: null,                 // the open conversation
  timeline: new Map(),        // key → entry of the open conversation, in arrival order
  seenMessages: new Map(),    // conversationId → messages seen live, for servers without /timeline
  agents: new Map(),          // agentId → agent (supervisors only)
  queues: [],
  templates: new Map(),       // templateId → quick reply or WhatsApp template
  preferences: { desktopNotifications: false, sound: false },  // the caller's, kept on the server
  view: 'mine',
  has: { bell: true, alerts: true, list: true, timeline: true, read: true },
  stream: null,
  reloading: null,
};

// ---------------------------------------------------------------- helpers

const isSupervisor = () => state.me && (state.me.role === 'SUPERVISOR' || state.me.role === 'ADMIN');

function agentName(id) {
  if (!id) return 'nobody';
  if (state.me && id === state.me.id) return 'you';
  const agent = state.agents.get(id);
  return agent ? (agent.displayName || agent.username) : 'another agent';
}

function contactLabel(conversation) {
  const contact = conversation.contact || {};
  return contact.name ? `${contact.name} (${formatNumber(contact.number)})` : formatNumber(contact.number) || 'Unknown contact';
}

function queueName(id) {
  const queue = state.queues.find((q) => q.id === id);
  return queue ? queue.name : '';
}

function announce(text) {
  const announcer = $('announcer');
  announcer.textContent = '';
  // A fresh text node after a tick makes screen readers announce repeats too.
  setTimeout(() => { announcer.textContent = text; }, 50);
}

let toastTimer;
function toast(text) {
  const box = $('toast');
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, 6000);
}

function failed(error, what) {
  if (error instanceof ApiError && error.status === 401) return;
  toast(`${what}: ${error.message}`);
}

/** Runs a REST load; a 404/405 means this server lacks the endpoint, and the feature is switched off. */
async function optional(feature, load) {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ApiError && error.missing) {
      state.has[feature] = false;
      return null;
    }
    throw error;
  }
}

// ---------------------------------------------------------------- session

function showLogin(message) {
  state.stream?.stop();
  state.stream = null;
  $('inbox-view').hidden = true;
  $('session-tools').hidden = true;
  $('login-view').hidden = false;
  $('login-error').textContent = message || '';
  $('username').focus();
}

wireLogIn({ onLoggedIn: start, showLogin });

$('logout').addEventListener('click', () => {
  session.clear();
  sessionStorage.removeItem(MINE_KEY);
  state.alerts.clear();
  state.conversations.clear();
  closeDetail();
  showLogin();
});

async function start() {
  state.me = await api('GET', '/api/me');
  session.updateAgent(state.me);
  $('login-view').hidden = true;
  $('inbox-view').hidden = false;
  $('session-tools').hidden = false;
  $('whoami').textContent = state.me.displayName || state.me.username;
  $('wallboard-link').hidden = !isSupervisor();
  for (const option of document.querySelectorAll('#view option[data-supervisor]')) option.hidden = !isSupervisor();

  // Connect first, then load: whatever happens in between arrives as an event, and every
  // handler below is idempotent, so the overlap is harmless.
  state.stream = new LiveStream('/ws/inbox', {}, {
    onEvent: handleEvent,
    onResync: () => reload(),
    onState: showConnection,
    onAuthFailed: () => { session.clear(); showLogin('Your session has ended. Please log in again.'); },
  });
  state.stream.start();
  await Promise.all([loadPeople(), reload(), loadPreferences()]);
}

/** Queue membership changed: our queueIds decide which conversations belong in "My queues". */
async function refreshMe() {
  state.me = await api('GET', '/api/me');
  session.updateAgent(state.me);
}

function showConnection(name) {
  const badge = $('connection');
  badge.dataset.state = name;
  badge.textContent = { connecting: 'Connecting…', live: 'Live', offline: 'Offline, reconnecting…' }[name] || name;
}

// ---------------------------------------------------------------- loading by REST

async function loadPeople() {
  const [queues, statuses, templates, senders] = await Promise.all([
    api('GET', '/api/queues').catch(() => []),
    api('GET', '/api/presence-statuses').catch(() => []),
    api('GET', '/api/templates').catch(() => []),
    api('GET', '/api/senders').catch(() => []),
  ]);
  renderTemplates(itemsOf(templates));
  state.queues = itemsOf(queues);
  renderSenders(itemsOf(senders));
  renderPresence(itemsOf(statuses).map((s) => s.name));
  const queueSelect = $('transfer-queue');
  queueSelect.replaceChildren(el('option', { value: '', text: '(keep the queue)' }),
    ...state.queues.map((q) => el('option', { value: q.id, text: q.name })));
  if (isSupervisor()) {
    const agents = await api('GET', '/api/agents?size=200').catch(() => []);
    for (const agent of itemsOf(agents)) state.agents.set(agent.id, agent);
    const agentSelect = $('transfer-agent');
    agentSelect.replaceChildren(el('option', { value: '', text: '(any agent of the queue)' }),
      ...[...state.agents.values()].map((a) => el('option', { value: a.id, text: `${a.displayName || a.username} · ${a.presence}` })));
  }
  // Agents may hand over to a queue only; choosing a person is for supervisors (GET /api/agents).
  $('transfer-agent').hidden = !isSupervisor();
  $('transfer-agent-label').hidden = !isSupervisor();
  renderAll();
}

/** Everything from REST: after login, and whenever the stream says it cannot resume. */
function reload() {
  if (!state.reloading) {
    state.reloading = Promise.all([loadBell(), loadAlerts(), loadConversations()])
      .then(() => (state.openId ? openConversation(state.openId, { quiet: true }) : null))
      .catch((error) => failed(error, 'Could not load the inbox'))
      .finally(() => { state.reloading = null; });
  }
  return state.reloading;
}

async function loadBell() {
  const bell = await optional('bell', () => api('GET', '/api/bell'));
  if (bell) setBell(bell.count);
  $('bell').hidden = !state.has.bell;
}

async function loadAlerts() {
  const answer = await optional('alerts', () => api('GET', '/api/alerts'));
  if (!state.has.alerts) {
    // Without the alerts endpoint the panel still fills from conversation.created events.
    return;
  }
  state.alerts.clear();
  for (const alert of itemsOf(answer)) {
    const conversation = alert.conversation || alert;
    const id = alert.conversationId || conversation.id;
    state.alerts.set(id, { ...conversation, id });
  }
  renderAlerts();
}

// R17: search, filters and sort of the list; the server answers, live events re-ask it.
const filters = { q: '', sort: 'lastMessageAt,desc', sla: '', unread: false };

function filtering() {
  return Boolean(filters.q || filters.sla || filters.unread);
}

let refilter = null;
/** A change arrived while a filter is on: whether it matches is the server's to say, so ask again shortly. */
function refilterSoon() {
  clearTimeout(refilter);
  refilter = setTimeout(() => loadConversations().catch(() => {}), 300);
}

function readFilters() {
  filters.q = $('search').value.trim();
  filters.sort = $('sort').value;
  filters.sla = $('filter-sla').value;
  filters.unread = $('filter-unread').checked;
  loadConversations().catch((error) => failed(error, 'Could not load conversations'));
}
$('filters').addEventListener('submit', (event) => { event.preventDefault(); readFilters(); });
$('search').addEventListener('input', () => { clearTimeout(refilter); refilter = setTimeout(readFilters, 300); });
for (const id of ['sort', 'filter-sla', 'filter-unread']) $(id).addEventListener('change', readFilters);

async function loadConversations() {
  const query = new URLSearchParams({ view: state.view, sort: filters.sort, size: '50' });
  if (filters.q) query.set('q', filters.q);
  if (filters.sla) query.set('sla', filters.sla);
  if (filters.unread) query.set('unread', 'true');
  const answer = await optional('list', () => api('GET', `/api/conversations?${query}`));
  $('view-picker').hidden = !state.has.list;
  state.conversations.clear();
  if (state.has.list) {
    for (const conversation of itemsOf(answer)) state.conversations.set(conversation.id, conversation);
  } else {
    // No list endpoint on this server: the ones we saw being claimed or assigned to us, by id.
    const remembered = JSON.parse(sessionStorage.getItem(MINE_KEY) || '[]');
    const found = await Promise.all(remembered.map((id) => api('GET', `/api/conversations/${id}`).catch(() => null)));
    for (const conversation of found) if (conversation && belongsInList(conversation)) state.conversations.set(conversation.id, conversation);
  }
  renderConversations();
}

function rememberMine() {
  if (state.has.list) return;
  sessionStorage.setItem(MINE_KEY, JSON.stringify([...state.conversations.keys()]));
}

// ---------------------------------------------------------------- presence and bell

function renderPresence(custom) {
  const select = $('presence');
  const names = [...BUILT_IN_PRESENCE, ...custom.filter((n) => !BUILT_IN_PRESENCE.includes(n))];
  const current = state.me.presence || 'OFFLINE';
  if (!names.includes(current)) names.push(current);
  select.replaceChildren(...names.map((name) => el('option', { value: name, text: presenceLabel(name) })));
  select.value = current;
  select.dataset.presence = current;
}

function presenceLabel(name) {
  return name.charAt(0) + name.slice(1).toLowerCase().replaceAll('_', ' ');
}

$('presence').addEventListener('change', async (event) => {
  const select = event.target;
  try {
    state.me = await api('PUT', '/api/me/presence', { status: select.value });
    session.updateAgent(state.me);
    select.dataset.presence = state.me.presence;
  } catch (error) {
    select.value = state.me.presence;
    failed(error, 'Could not change your status');
  }
});

function setBell(count) {
  const bell = $('bell');
  bell.hidden = false;
  $('bell-count').textContent = String(count);
  bell.dataset.count = String(count);
  document.title = count > 0 ? `(${count}) Switchboard` : 'Switchboard';
}

// ---------------------------------------------------------------- live events

function handleEvent(frame) {
  // Version 2: a change that moved the bell carries the new count; no separate bell.updated follows.
  const { bell, ...data } = frame.data || {};
  if (typeof bell === 'number') setBell(bell);
  switch (frame.type) {
    case 'conversation.created': return onConversationCreated(data);
    case 'message.created': return onMessageCreated(data);
    case 'message.status': return onMessageStatus(data);
    case 'conversation.claimed': return onClaimed(data);
    case 'conversation.assigned': return onAssigned(data);
    case 'conversation.status_changed': return patchConversation(data.conversationId, { status: data.to });
    case 'conversation.closed': return onClosed(data);
    case 'conversation.updated': return onUpdated(data);
    case 'note.created': return onNote(data);
    case 'conversation.viewers': return onViewers(data);
    case 'conversation.offered': return onOffered(data);
    case 'conversation.offer_ended': return onOfferEnded(data);
    case 'conversation.sla': return patchConversation(data.conversationId, { slaState: data.slaState, firstResponseDueAt: data.firstResponseDueAt });
    case 'bell.updated': return setBell(data.count);
    case 'agent.presence': return onPresence(data);
    case 'queue.stats': return onQueueStats(data);
    case 'queue.members_changed': return refreshMe().then(loadPeople).then(() => reload());
    default: return undefined;
  }
}

function onConversationCreated(data) {
  // The first message comes with the conversation (one frame), not as a message.created of its own.
  const { message, ...conversation } = data;
  if (!conversation.ownerId && conversation.status !== 'CLOSED' && !state.alerts.has(conversation.id)) {
    state.alerts.set(conversation.id, conversation);
    renderAlerts();
    announce(`New conversation from ${contactLabel(conversation)}`);
    notify('New conversation', `${contactLabel(conversation)}: ${data.message?.text || conversation.lastMessagePreview || ''}`, conversation);
  }
  upsert(conversation);
  if (message) rememberMessage(message);
  return undefined;
}

/** A message that came with its conversation (whose unread count already holds it): kept, not counted again. */
function rememberMessage(message) {
  const id = message.conversationId;
  const seen = state.seenMessages.get(id) || [];
  if (!seen.some((m) => m.id === message.id)) seen.push(message);
  state.seenMessages.set(id, seen);
  if (state.openId === id) addTimeline({ kind: 'message', at: message.createdAt, ...message });
}

async function onMessageCreated(message) {
  const id = message.conversationId;
  const seen = state.seenMessages.get(id) || [];
  if (!seen.some((m) => m.id === message.id)) seen.push(message);
  state.seenMessages.set(id, seen);
  const patch = { lastMessageAt: message.createdAt, lastMessagePreview: message.text || (message.mediaUrl ? '[media]' : '') };
  if (state.alerts.has(id)) {
    Object.assign(state.alerts.get(id), patch);
    renderAlerts();
  }
  if (state.openId === id) {
    addTimeline({ kind: 'message', at: message.createdAt, ...message });
  }
  const known = state.conversations.get(id);
  if (known) {
    Object.assign(known, patch);
    if (message.direction === 'IN' && state.openId !== id) {
      known.unreadCount = (known.unreadCount || 0) + 1;
      if (known.ownerId === state.me.id && !known.muted && !state.alerts.has(id)) {
        state.alerts.set(id, { ...known });
        renderAlerts();
      }
    }
    renderConversations();
  } else if (message.direction === 'IN' && !state.alerts.has(id)) {
    // A conversation we were not showing (assigned to us, unarchived): fetch it.
    const conversation = await api('GET', `/api/conversations/${id}`).catch(() => null);
    if (conversation) {
      upsert(conversation);
      if (conversation.ownerId === state.me.id && state.openId !== id && !conversation.muted) {
        state.alerts.set(id, conversation);
        renderAlerts();
      }
    }
  }
  if (state.openId === id && message.direction === 'IN') markRead(id);
}

function onMessageStatus({ messageId, status }) {
  const entry = state.timeline.get(`message:${messageId}`);
  if (entry) {
    entry.status = status;
    renderTimeline();
  }
}

async function onClaimed({ conversationId, ownerId }) {
  const alert = state.alerts.get(conversationId);
  if (alert) {
    state.alerts.delete(conversationId);
    renderAlerts();
    if (ownerId !== state.me.id) announce(`${contactLabel(alert)} was claimed by ${agentName(ownerId)}`);
  }
  if (ownerId === state.me.id && !state.conversations.has(conversationId)) {
    const conversation = await api('GET', `/api/conversations/${conversationId}`).catch(() => null);
    if (conversation) upsert(conversation);
  } else {
    patchConversation(conversationId, { ownerId });
  }
}

async function onAssigned({ conversationId, ownerId, queueId, previousOwnerId, conversation: carried, message }) {
  if (ownerId === state.me.id) {
    // Routed on arrival, the event carries the conversation and its first message; otherwise ask.
    const conversation = carried || await api('GET', `/api/conversations/${conversationId}`).catch(() => null);
    if (conversation) {
      // Now ours: an unread one is among our alerts (R14) as an "Open", no longer a "Claim".
      if (conversation.unreadCount > 0 && !conversation.muted && state.openId !== conversationId) {
        state.alerts.set(conversationId, conversation);
      } else {
        state.alerts.delete(conversationId);
      }
      renderAlerts();
      upsert(conversation);
      if (carried && message) rememberMessage(message);
      announce(`${contactLabel(conversation)} was assigned to you`);
      notify('Assigned to you', contactLabel(conversation), conversation);
    }
    return;
  }
  // Routed or handed to someone else: the queue's alert for it goes (R3).
  if (ownerId && state.alerts.delete(conversationId)) renderAlerts();
  patchConversation(conversationId, { ownerId: ownerId || null, queueId: queueId || undefined });
  if (previousOwnerId === state.me.id && !isSupervisor()) {
    // Once transferred away, an agent may no longer read it (PRODUCT.md, roles).
    removeConversation(conversationId);
    if (state.openId === conversationId) {
      closeDetail();
      toast('That conversation was transferred away from you.');
    }
  }
  if (!ownerId && queueId && (state.me.queueIds || []).includes(queueId) && !state.alerts.has(conversationId)) {
    const conversation = await api('GET', `/api/conversations/${conversationId}`).catch(() => null);
    if (conversation && !conversation.ownerId && conversation.status !== 'CLOSED') {
      state.alerts.set(conversationId, conversation);
      renderAlerts();
      announce(`New conversation from ${contactLabel(conversation)}`);
    }
  }
}

function onClosed({ conversationId }) {
  if (state.alerts.delete(conversationId)) renderAlerts();
  patchConversation(conversationId, { status: 'CLOSED' });
}

function onUpdated(conversation) {
  // The pushed view carries no per-agent flags; keep ours.
  const mine = state.conversations.get(conversation.id) || state.open;
  const own = mine && mine.id === conversation.id
    ? { unreadCount: mine.unreadCount, pinned: mine.pinned, muted: mine.muted, archived: mine.archived } : {};
  upsert({ ...conversation, ...own });
}

function onNote(note) {
  if (state.openId === note.conversationId) addTimeline({ kind: 'note', at: note.createdAt, ...note });
}

function onPresence({ agentId, status }) {
  const agent = state.agents.get(agentId);
  if (agent) agent.presence = status;
  if (agentId === state.me.id) {
    state.me.presence = status;
    const select = $('presence');
    if (![...select.options].some((o) => o.value === status)) select.append(el('option', { value: status, text: presenceLabel(status) }));
    select.value = status;
    select.dataset.presence = status;
  }
}

const queueStats = new Map();
function onQueueStats(stats) {
  if (!stats.queueId) return;
  queueStats.set(stats.queueId, stats);
  $('queue-stats-panel').hidden = false;
  $('queue-stats').replaceChildren(...[...queueStats.values()].map((s) => el('li', { dataset: { queueId: s.queueId } },
    el('strong', { text: s.queueName || queueName(s.queueId) || 'Queue' }),
    ` ${s.waiting ?? 0} waiting · ${s.active ?? 0} active`,
    s.oldestWaitingSeconds != null ? ` · oldest ${formatDuration(s.oldestWaitingSeconds)}` : '')));
}

// ---------------------------------------------------------------- list state

function belongsInList(conversation) {
  const open = conversation.status !== 'CLOSED';
  switch (state.view) {
    case 'mine': return open && conversation.ownerId === state.me.id;
    case 'queue': return open && (state.me.queueIds || []).includes(conversation.queueId);
    case 'all': return open;
    case 'closed': return !open;
    default: return false;
  }
}

function upsert(conversation) {
  const known = state.conversations.get(conversation.id);
  const merged = known ? { ...known, ...conversation } : conversation;
  if (!belongsInList(merged)) state.conversations.delete(merged.id);
  else if (known || !filtering()) state.conversations.set(merged.id, merged);
  if (filtering()) refilterSoon();
  rememberMine();
  renderConversations();
  if (state.openId === merged.id) {
    state.open = { ...state.open, ...conversation };
    renderDetail();
  }
}

function patchConversation(id, patch) {
  const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const known = state.conversations.get(id);
  if (known) upsert({ ...known, ...clean });
  if (state.openId === id && state.open) {
    Object.assign(state.open, clean);
    renderDetail();
  }
  if (state.alerts.has(id) && (clean.ownerId || clean.status === 'CLOSED')) {
    state.alerts.delete(id);
    renderAlerts();
  }
}

function removeConversation(id) {
  state.conversations.delete(id);
  rememberMine();
  renderConversations();
}

// ---------------------------------------------------------------- actions

async function claim(conversationId, button) {
  if (button) button.disabled = true;
  try {
    const conversation = await api('POST', `/api/conversations/${conversationId}/claim`);
    state.alerts.delete(conversationId);
    renderAlerts();
    upsert(conversation);
    await openConversation(conversationId);
  } catch (error) {
    if (error instanceof ApiError && error.error === 'already_claimed') {
      state.alerts.delete(conversationId);
      renderAlerts();
      toast(`Already claimed by ${agentName(error.body.ownerId)}.`);
    } else if (error instanceof ApiError && error.error === 'not_accepting') {
      toast('Your status does not accept new conversations. Switch to Ready to claim.');
    } else if (error instanceof ApiError && (error.error === 'conversation_closed' || error.status === 404)) {
      state.alerts.delete(conversationId);
      renderAlerts();
      toast('That conversation is no longer open.');
    } else {
      failed(error, 'Could not claim');
    }
  } finally {
    if (button) button.disabled = false;
  }
}

/** R14: hidden alerts leave the list; the bell keeps counting them. */
async function hideAlert(conversationId) {
  try {
    await api('POST', `/api/conversations/${conversationId}/hide`);
    state.alerts.delete(conversationId);
    renderAlerts();
  } catch (error) {
    failed(error, 'Could not hide the alert');
  }
}

function markRead(id) {
  if (!state.has.read) return;
  optional('read', () => api('POST', `/api/conversations/${id}/read`)).then((conversation) => {
    const known = state.conversations.get(id);
    if (known) {
      known.unreadCount = conversation ? conversation.unreadCount : 0;
      renderConversations();
    }
  }).catch(() => {});
}

async function openConversation(id, { quiet = false } = {}) {
  try {
    const conversation = await api('GET', `/api/conversations/${id}`);
    if (state.openId !== id) state.timeline.clear();
    if (state.openId !== id) leaveViewing();
    state.openId = id;
    state.open = conversation;
    showViewers(conversation.viewers || []);
    startViewing(id);
    document.body.classList.add('detail-open');
    $('detail-panel').hidden = false;
    renderDetail();
    await loadTimeline(id);
    markRead(id);
    if (conversation.ownerId === state.me.id && state.alerts.delete(id)) renderAlerts();
    if (!quiet) $('detail-title').focus();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      removeConversation(id);
      if (state.openId === id) closeDetail();
      if (!quiet) toast('That conversation is not visible to you any more.');
    } else {
      failed(error, 'Could not open the conversation');
    }
  }
}

async function loadTimeline(id) {
  const answer = await optional('timeline', () => api('GET', `/api/conversations/${id}/timeline?size=200`));
  if (state.openId !== id) return;
  state.timeline.clear();
  const entries = state.has.timeline
    ? itemsOf(answer)
    : (state.seenMessages.get(id) || []).map((m) => ({ kind: 'message', at: m.createdAt, ...m }));
  for (const entry of entries) addTimeline(entry, false);
  renderTimeline();
}

function timelineKey(entry) {
  const body = entry.message || entry.note || entry;
  return `${entry.kind}:${body.id || `${entry.at}:${entry.type || entry.event || ''}`}`;
}

function addTimeline(entry, render = true) {
  const key = timelineKey(entry);
  const known = state.timeline.get(key);
  state.timeline.set(key, known ? { ...known, ...entry } : entry);
  if (render) renderTimeline();
}

// ---------------------------------------------------------------- offers (R24)

const offers = new Map();   // conversationId → { conversation, expiresAt }

function onOffered({ conversationId, expiresAt, conversation }) {
  offers.set(conversationId, { conversation, expiresAt });
  renderOffers();
  renderAlerts();
  announce(`Offered to you: ${contactLabel(conversation)}`);
  notify('Offered to you', contactLabel(conversation), conversation);
}

function onOfferEnded({ conversationId }) {
  if (offers.delete(conversationId)) {
    renderOffers();
    renderAlerts();
  }
}

function renderOffers() {
  const now = Date.now();
  $('offers').replaceChildren(...[...offers.entries()].map(([id, { conversation, expiresAt }]) => el('li',
    { class: 'item alert offer', dataset: { conversationId: id } },
    el('div', { class: 'item-main' },
      el('span', { class: 'who', text: contactLabel(conversation) }),
      el('span', { class: 'preview', text: conversation.lastMessagePreview || '' }),
      el('span', { class: 'meta', text: `Offered to you · ${Math.max(0, Math.ceil((Date.parse(expiresAt) - now) / 1000))} s left` })),
    el('div', { class: 'item-actions' },
      el('button', { type: 'button', class: 'accept', onclick: () => answerOffer(id, 'accept') }, 'Accept'),
      el('button', { type: 'button', class: 'secondary decline', onclick: () => answerOffer(id, 'decline') }, 'Decline')))));
}
setInterval(() => { if (offers.size) renderOffers(); }, 1000);

async function answerOffer(id, answer) {
  try {
    const conversation = await api('POST', `/api/conversations/${id}/${answer}`);
    offers.delete(id);
    renderOffers();
    if (answer === 'accept' && conversation) {
      upsert(conversation);
      openConversation(id);
    }
  } catch (error) {
    offers.delete(id);
    renderOffers();
    failed(error, answer === 'accept' ? 'Could not accept the offer' : 'Could not decline the offer');
  }
}

// ---------------------------------------------------------------- who is here (R25)

const VIEWING_EVERY_MS = 8000;     // the server forgets a viewer after 20 s without a frame
const TYPING_EVERY_MS = 2000;
const TYPING_IDLE_MS = 3000;
const viewing = { id: null, timer: null, typed: 0, idle: null };

function startViewing(id) {
  if (viewing.id === id) return;
  viewing.id = id;
  state.stream?.send({ type: 'viewing', conversationId: id });
  viewing.timer = setInterval(() => state.stream?.send({ type: 'viewing', conversationId: id }), VIEWING_EVERY_MS);
}

function leaveViewing() {
  if (!viewing.id) return;
  state.stream?.send({ type: 'left', conversationId: viewing.id });
  clearInterval(viewing.timer);
  clearTimeout(viewing.idle);
  viewing.id = null;
  $('viewers').hidden = true;
}

/** Typing in the reply or note box: said at most every 2 s, and back to viewing 3 s after the last key. */
function typing(kind) {
  if (!viewing.id) return;
  const now = Date.now();
  if (now - viewing.typed > TYPING_EVERY_MS) {
    viewing.typed = now;
    state.stream?.send({ type: 'typing', conversationId: viewing.id, kind });
  }
  clearTimeout(viewing.idle);
  viewing.idle = setTimeout(() => {
    viewing.typed = 0;
    if (viewing.id) state.stream?.send({ type: 'viewing', conversationId: viewing.id });
  }, TYPING_IDLE_MS);
}
$('reply-text').addEventListener('input', () => typing('reply'));
$('note-text').addEventListener('input', () => typing('note'));

/** "Maria is replying", "Bob is viewing": the others here, never ourselves. */
function showViewers(viewers) {
  const others = viewers.filter((v) => v.agentId !== state.me.id);
  const line = others.map((v) => `${v.displayName || agentName(v.agentId)} ${v.typing === 'reply' ? 'is replying'
    : v.typing === 'note' ? 'is writing a note' : 'is viewing'}`).join(' · ');
  $('viewers').textContent = line;
  $('viewers').hidden = others.length === 0;
  $('viewers').classList.toggle('typing', others.some((v) => v.typing));
}

function onViewers({ conversationId, viewers }) {
  if (conversationId === state.openId) showViewers(viewers || []);
}

function closeDetail() {
  leaveViewing();
  state.openId = null;
  state.open = null;
  state.timeline.clear();
  $('detail-panel').hidden = true;
  document.body.classList.remove('detail-open');
}

$('back').addEventListener('click', () => {
  const id = state.openId;
  closeDetail();
  document.querySelector(`#conversations [data-conversation-id="${id}"] button`)?.focus();
});

$('claim-open').addEventListener('click', (event) => claim(state.openId, event.target));

// ---------------------------------------------------------------- notifications

async function loadPreferences() {
  const preferences = await api('GET', '/api/me/preferences').catch(() => null);
  if (preferences) state.preferences = preferences;
  $('pref-desktop').checked = state.preferences.desktopNotifications;
  $('pref-sound').checked = state.preferences.sound;
}

async function savePreferences() {
  const wanted = { desktopNotifications: $('pref-desktop').checked, sound: $('pref-sound').checked };
  // The browser asks for permission only on a user gesture: this change is one.
  if (wanted.desktopNotifications && 'Notification' in window && Notification.permission === 'default') {
    await Notification.requestPermission();
  }
  try {
    state.preferences = await api('PUT', '/api/me/preferences', wanted);
  } catch (error) {
    failed(error, 'Could not save your notification settings');
  }
}

$('pref-desktop').addEventListener('change', savePreferences);
$('pref-sound').addEventListener('change', savePreferences);

/** A desktop notification (when the tab is not in view) and/or a short tone, as the agent chose; muted conversations stay silent (R16). */
function notify(title, body, conversation) {
  if (conversation?.muted) return;
  const { desktopNotifications, sound } = state.preferences;
  if (desktopNotifications && 'Notification' in window && Notification.permission === 'granted' && document.visibilityState !== 'visible') {
    const note = new Notification(title, { body, tag: conversation?.id });
    note.onclick = () => { window.focus(); if (conversation?.id) openConversation(conversation.id); };
  }
  if (sound) beep();
}

function beep() {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const volume = audio.createGain();
    tone.frequency.value = 880;
    volume.gain.value = 0.1;
    tone.connect(volume).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.15);
    tone.onended = () => audio.close();
  } catch {
    // No audio output: the visual alert is still there.
  }
}

// ---------------------------------------------------------------- keyboard

// Ctrl+Enter (Cmd+Enter on a Mac) sends a reply or adds a note; Enter alone keeps writing.
for (const id of ['reply-form', 'note-form']) {
  $(id).addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && event.target.tagName === 'TEXTAREA') {
      event.preventDefault();
      $(id).requestSubmit();
    }
  });
}

// In a list, the arrow keys move between its items; on an alert, "c" claims it.
for (const id of ['alerts', 'conversations']) {
  $(id).addEventListener('keydown', (event) => {
    const item = event.target.closest('li');
    if (!item || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const next = event.key === 'ArrowDown' ? item.nextElementSibling : item.previousElementSibling;
      next?.querySelector('button')?.focus();
      event.preventDefault();
    } else if (event.key === 'c' && id === 'alerts') {
      item.querySelector('button.claim')?.click();
    }
  });
}

// ---------------------------------------------------------------- quick replies and templates

function renderTemplates(templates) {
  state.templates = new Map(templates.map((t) => [t.id, t]));
  $('reply-template').replaceChildren(el('option', { value: '', text: '(write your own)' }),
    ...templates.map((t) => el('option', { value: t.id, text: t.whatsappTemplateName ? `${t.name} (WhatsApp template)` : t.name })));
  $('reply-template').hidden = templates.length === 0;
  $('reply-template').previousElementSibling.hidden = templates.length === 0;
}

/** The chosen template's text with the values typed so far, {{n}} where none is. */
function templatePreview(template) {
  const values = [...document.querySelectorAll('#template-values input')].map((input) => input.value.trim());
  return template.text.replace(/\{\{(\d+)}}/g, (whole, n) => values[Number(n) - 1] || whole);
}

$('reply-template').addEventListener('change', (event) => {
  const template = state.templates.get(event.target.value);
  const text = $('reply-text');
  const values = $('template-values');
  values.replaceChildren();
  text.readOnly = false;
  if (!template) {
    text.value = '';
    return;
  }
  for (let n = 1; n <= (template.variables || 0); n++) {
    const input = el('input', { type: 'text', maxlength: '1024', required: 'required', 'aria-label': `Value of {{${n}}}`, placeholder: `{{${n}}}` });
    input.dataset.variable = String(n);
    input.addEventListener('input', () => { text.value = templatePreview(template); });
    values.append(input);
  }
  // The server fills the variables; an approved WhatsApp template goes out as approved, not edited.
  text.value = templatePreview(template);
  text.readOnly = template.variables > 0 || !!template.whatsappTemplateName;
  (values.querySelector('input') || text).focus();
});

function resetTemplate() {
  $('reply-template').value = '';
  $('template-values').replaceChildren();
  $('reply-text').readOnly = false;
}

$('reply-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('reply-text');
  const text = input.value.trim();
  const template = state.templates.get($('reply-template').value);
  if ((!text && !template) || !state.openId) return;
  const body = template && input.readOnly
    ? { templateId: template.id, templateParameters: [...document.querySelectorAll('#template-values input')].map((i) => i.value.trim()) }
    : { text };
  const button = event.target.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const message = await api('POST', `/api/conversations/${state.openId}/messages`, body);
    input.value = '';
    resetTemplate();
    addTimeline({ kind: 'message', at: message.createdAt, ...message });
  } catch (error) {
    const reasons = {
      contact_opted_out: 'The contact has opted out (STOP); nothing can be sent until they text START.',
      whatsapp_window_closed: 'The WhatsApp 24-hour window is closed; only an approved template can be sent.',
      conversation_closed: 'This conversation is closed.',
    };
    toast(reasons[error.error] || `Could not send: ${error.message}`);
  } finally {
    button.disabled = false;
  }
});

$('note-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('note-text');
  const text = input.value.trim();
  if (!text || !state.openId) return;
  try {
    const note = await api('POST', `/api/conversations/${state.openId}/notes`, { text });
    input.value = '';
    addTimeline({ kind: 'note', at: note.createdAt, ...note });
  } catch (error) {
    if (error instanceof ApiError && error.missing) {
      $('note-form').hidden = true;
      toast('Notes are not available on this server yet.');
    } else {
      failed(error, 'Could not add the note');
    }
  }
});

$('tags-editor').addEventListener('toggle', async () => {
  if (!$('tags-editor').open) return;
  const known = await api('GET', '/api/tags').catch(() => []);
  $('known-tags').replaceChildren(...itemsOf(known).map((tag) => el('option', { value: tag.name })));
});

$('tags-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const id = state.openId;
  if (!id) return;
  const tags = $('tags-input').value.split(',').map((tag) => tag.trim()).filter(Boolean);
  try {
    const conversation = await api('PUT', `/api/conversations/${id}/tags`, { tags });
    $('tags-editor').open = false;
    upsert(conversation);
    toast(tags.length ? `Tagged: ${conversation.tags.join(', ')}.` : 'Tags removed.');
  } catch (error) {
    failed(error, 'Could not save the tags');
  }
});

async function downloadTranscript(format) {
  const conversation = state.open;
  if (!conversation) return;
  const name = `transcript-${(conversation.contact?.number || conversation.id).replace(/[^0-9A-Za-z+-]/g, '')}.${format}`;
  try {
    await download(`/api/conversations/${conversation.id}/transcript.${format}`, name);
    $('transcript').open = false;
  } catch (error) {
    failed(error, 'Could not download the transcript');
  }
}

$('transcript-txt').addEventListener('click', () => downloadTranscript('txt'));
$('transcript-pdf').addEventListener('click', () => downloadTranscript('pdf'));

// Earlier conversations with the same contact (R18): loaded when the list is first opened.
$('history').addEventListener('toggle', async () => {
  const conversation = state.open;
  if (!$('history').open || !conversation?.contact?.id) return;
  try {
    const answer = await api('GET', `/api/contacts/${conversation.contact.id}/conversations?size=50`);
    const earlier = itemsOf(answer).filter((c) => c.id !== conversation.id);
    $('history-list').replaceChildren(...(earlier.length ? earlier.map((c) => el('li', {},
      el('button', { type: 'button', class: 'link', dataset: { conversationId: c.id }, onclick: () => openConversation(c.id) },
        `${formatTime(c.lastMessageAt || c.createdAt)} · ${c.status} · ${c.lastMessagePreview || ''}`)))
      : [el('li', { class: 'meta', text: 'None that you may see.' })]));
  } catch (error) {
    failed(error, 'Could not load the earlier conversations');
  }
});

// ---------------------------------------------------------------- starting a conversation (R1, R2, R9)

/** The numbers the caller may write from; "best for the number" lets the server choose (R9). */
function renderSenders(senders) {
  const byQueue = [...new Set(senders.map((s) => s.queueId))];
  $('start-sender').replaceChildren(
    ...byQueue.map((queueId) => el('option', { value: `queue:${queueId}`, text: `Best number of ${queueName(queueId) || 'the queue'}` })),
    ...senders.map((s) => el('option', { value: `sender:${s.id}`, text: `${s.number} (${s.channel})` })));
  $('start').hidden = senders.length === 0;
}

$('start-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const [kind, id] = $('start-sender').value.split(':');
  const body = { to: $('start-to').value.trim(), text: $('start-text').value };
  body[kind === 'queue' ? 'queueId' : 'senderId'] = id;
  try {
    const conversation = await api('POST', '/api/conversations', body);
    $('start-form').reset();
    $('start').open = false;
    upsert(conversation);
    openConversation(conversation.id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) {
      toast('There is already an open conversation with this number.');
    } else {
      failed(error, 'Could not start the conversation');
    }
  }
});

$('transfer-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const agentId = isSupervisor() ? $('transfer-agent').value : '';
  const queueId = $('transfer-queue').value;
  if (!agentId && !queueId) {
    toast('Choose an agent or a queue to transfer to.');
    return;
  }
  const body = {};
  if (agentId) body.agentId = agentId;
  if (queueId) body.queueId = queueId;
  const id = state.openId;
  try {
    const conversation = await api('POST', `/api/conversations/${id}/transfer`, body);
    $('transfer').open = false;
    toast(`Transferred to ${agentId ? agentName(agentId) : queueName(queueId) || 'the queue'}.`);
    if (conversation.ownerId !== state.me.id && !isSupervisor()) {
      removeConversation(id);
      closeDetail();
    } else {
      upsert(conversation);
    }
  } catch (error) {
    toast(error.error === 'agent_not_in_queue'
      ? 'That agent is not a member of the chosen queue.' : `Could not transfer: ${error.message}`);
  }
});

$('close-conversation').addEventListener('click', async () => {
  const id = state.openId;
  if (!id || !window.confirm('Close this conversation? It becomes read-only.')) return;
  try {
    const conversation = await api('POST', `/api/conversations/${id}/close`);
    upsert(conversation);
    announce('Conversation closed');
  } catch (error) {
    failed(error, 'Could not close');
  }
});

// Seed 003: a supervisor marks an agent's conversation unread on their behalf, after a confirmation.
for (const flag of ['pin', 'mute', 'archive']) {
  $(`flag-${flag}`).addEventListener('click', async () => {
    const id = state.openId;
    const on = $(`flag-${flag}`).getAttribute('aria-pressed') === 'true';
    try {
      const conversation = await api('POST', `/api/conversations/${id}/${on ? 'un' : ''}${flag}`);
      if (conversation) {
        state.open = { ...state.open, pinned: conversation.pinned, muted: conversation.muted, archived: conversation.archived };
        renderDetail();
      }
      // Archived ones leave the list (R16); pinned ones go first.
      if (flag === 'archive') loadConversations().catch(() => {});
      else if (conversation) upsert(conversation);
    } catch (error) {
      failed(error, `Could not ${on ? 'un' : ''}${flag} the conversation`);
    }
  });
}

$('unread-for-owner').addEventListener('click', async () => {
  const conversation = state.open;
  if (!conversation || !window.confirm(`Mark this conversation unread for ${agentName(conversation.ownerId)}? Their bell rings again.`)) return;
  try {
    upsert(await api('POST', `/api/conversations/${conversation.id}/unread-for-owner`));
    toast(`Marked unread for ${agentName(conversation.ownerId)}.`);
    await loadTimeline(conversation.id);
  } catch (error) {
    failed(error, 'Could not mark it unread for the owner');
  }
});

$('view').addEventListener('change', (event) => {
  state.view = event.target.value;
  $('list-title').textContent = event.target.selectedOptions[0].textContent === 'Mine'
    ? 'My conversations' : `${event.target.selectedOptions[0].textContent} conversations`;
  loadConversations().catch((error) => failed(error, 'Could not load conversations'));
});

// ---------------------------------------------------------------- rendering

function renderAll() {
  renderAlerts();
  renderConversations();
  if (state.open) renderDetail();
}

function renderAlerts() {
  const list = $('alerts');
  // One offered to us shows once, as the offer (R24).
  const alerts = [...state.alerts.values()].filter((c) => !offers.has(c.id))
    .sort((a, b) => (a.createdAt || '').localeCompare(b.createdAt || ''));
  // R26: the place in line of each waiting one, numbered here so it follows every claim at once.
  const inLine = new Map();
  const place = (conversation) => {
    if (conversation.ownerId) return '';
    const n = (inLine.get(conversation.queueId) || 0) + 1;
    inLine.set(conversation.queueId, n);
    return ` · #${n} in line`;
  };
  list.replaceChildren(...alerts.map((conversation) => el('li', { class: 'item alert', dataset: { conversationId: conversation.id } },
    el('div', { class: 'item-main' },
      el('span', { class: 'who', text: contactLabel(conversation) }),
      el('span', { class: 'preview', text: conversation.lastMessagePreview || '' }),
      el('span', { class: 'meta' },
        el('span', { class: `channel ${(conversation.channel || '').toLowerCase()}`, text: conversation.channel || '' }),
        ` ${queueName(conversation.queueId)} · ${formatTime(conversation.lastMessageAt || conversation.createdAt)}${place(conversation)}`)),
    el('div', { class: 'item-actions' },
      conversation.ownerId
        // Alerts also hold the caller's own conversations with unread messages (R14): those open, not claim.
        ? el('button', {
          type: 'button',
          class: 'open',
          'aria-label': `Open conversation with ${contactLabel(conversation)}`,
          onclick: () => openConversation(conversation.id),
        }, 'Open')
        : el('button', {
          type: 'button',
          class: 'claim',
          'aria-label': `Claim conversation with ${contactLabel(conversation)}`,
          onclick: (event) => claim(conversation.id, event.currentTarget),
        }, 'Claim'),
      el('button', {
        type: 'button',
        class: 'secondary hide',
        'aria-label': `Hide the alert for ${contactLabel(conversation)}`,
        onclick: () => hideAlert(conversation.id),
      }, 'Hide')))));
  $('alerts-count').textContent = String(alerts.length);
  $('alerts-empty').hidden = alerts.length > 0;
}

/** R27: a conversation nearing or past its first-response target says so in the list. */
function slaFlag(conversation) {
  const labels = { at_risk: 'Reply due soon', breached: 'Reply overdue' };
  const label = labels[conversation.slaState];
  return label ? el('span', { class: `sla ${conversation.slaState}`, text: label }) : null;
}

function renderConversations() {
  const list = $('conversations');
  const byContact = (c) => (c.contact?.name || c.contact?.number || '').toLowerCase();
  const order = {
    'lastMessageAt,desc': (a, b) => (b.lastMessageAt || '').localeCompare(a.lastMessageAt || ''),
    'lastMessageAt,asc': (a, b) => (a.lastMessageAt || '').localeCompare(b.lastMessageAt || ''),
    'contact,asc': (a, b) => byContact(a).localeCompare(byContact(b)),
  }[filters.sort];
  const conversations = [...state.conversations.values()].sort((a, b) => {
    if (!!b.pinned !== !!a.pinned) return b.pinned ? 1 : -1;
    return order(a, b);
  });
  list.replaceChildren(...conversations.map((conversation) => el('li', {
    class: `item conversation${conversation.id === state.openId ? ' selected' : ''}${conversation.unreadCount ? ' unread' : ''}`,
    dataset: { conversationId: conversation.id, status: conversation.status },
  },
  el('button', {
    type: 'button',
    class: 'open',
    'aria-current': conversation.id === state.openId ? 'true' : null,
    onclick: () => openConversation(conversation.id),
  },
  el('span', { class: 'who' }, contactLabel(conversation),
    conversation.pinned ? el('span', { class: 'pin', text: 'Pinned' }) : null,
    conversation.unreadCount ? el('span', { class: 'badge', 'aria-label': `${conversation.unreadCount} unread`, text: String(conversation.unreadCount) }) : null),
  el('span', { class: 'preview', text: conversation.lastMessagePreview || '' }),
  el('span', { class: 'meta' },
    el('span', { class: `status ${(conversation.status || '').toLowerCase()}`, text: conversation.status || '' }),
    slaFlag(conversation),
    state.view === 'mine' ? '' : ` ${agentName(conversation.ownerId)} ·`,
    ` ${formatTime(conversation.lastMessageAt)}`)))));
  $('conversations-empty').hidden = conversations.length > 0;
}

function renderDetail() {
  const conversation = state.open;
  if (!conversation) return;
  const closed = conversation.status === 'CLOSED';
  const owner = conversation.ownerId === state.me.id;
  const title = $('detail-title');
  title.textContent = contactLabel(conversation);
  title.tabIndex = -1;
  $('detail-meta').replaceChildren(
    el('span', { class: `status ${(conversation.status || '').toLowerCase()}`, text: conversation.status }),
    ` ${conversation.channel || ''} · ${queueName(conversation.queueId) || 'queue'} · owner: ${agentName(conversation.ownerId)}`,
    (conversation.tags || []).length ? ` · tags: ${conversation.tags.join(', ')}` : '');
  $('detail-panel').dataset.conversationId = conversation.id;
  $('detail-panel').dataset.status = conversation.status;
  $('claim-open').hidden = closed || !!conversation.ownerId;
  $('transfer').hidden = closed || !(owner || isSupervisor());
  $('close-conversation').hidden = closed || !(owner || isSupervisor());
  $('unread-for-owner').hidden = closed || !conversation.ownerId || owner || !isSupervisor();
  // R16: the caller's own pin, mute and archive, each a toggle.
  for (const [flag, on, label] of [['pin', conversation.pinned, 'Pin'], ['mute', conversation.muted, 'Mute'],
    ['archive', conversation.archived, 'Archive']]) {
    const button = $(`flag-${flag}`);
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
    button.textContent = on ? `Un${label.toLowerCase()}` : label;
  }
  $('reply-form').hidden = closed || !owner;
  $('note-form').hidden = closed;
  $('tags-editor').hidden = closed;
  if (!$('tags-editor').open) $('tags-input').value = (conversation.tags || []).join(', ');
  $('transcript').hidden = !(owner || isSupervisor());
  const history = $('history');
  if (history.dataset.conversationId !== conversation.id) {
    history.open = false;
    history.dataset.conversationId = conversation.id;
  }
  history.hidden = !conversation.hasHistory;
  for (const item of document.querySelectorAll('#conversations .conversation')) {
    item.classList.toggle('selected', item.dataset.conversationId === conversation.id);
  }
}

function renderTimeline() {
  const entries = [...state.timeline.values()].sort((a, b) => (a.at || '').localeCompare(b.at || ''));
  $('timeline').replaceChildren(...entries.map(renderEntry));
  const box = $('timeline');
  box.scrollTop = box.scrollHeight;
}

const IMAGE = /\.(jpe?g|png|gif|webp|heic)(\?|$)/i;

/** A message's media: an image shown in place (a link when it does not load), anything else a download. */
function media(url) {
  if (!IMAGE.test(url)) {
    return el('a', { class: 'media download', href: url, target: '_blank', rel: 'noopener', download: '' }, 'Download attachment');
  }
  const image = el('img', { src: url, alt: 'Image sent in the conversation', loading: 'lazy' });
  const link = el('a', { class: 'media image', href: url, target: '_blank', rel: 'noopener' }, image);
  image.addEventListener('error', () => link.replaceChildren('Image (open)'));
  return link;
}

function renderEntry(entry) {
  const body = entry.message || entry.note || entry;
  if (entry.kind === 'message') {
    const outbound = body.direction === 'OUT';
    return el('li', { class: `entry message ${outbound ? 'out' : 'in'}`, dataset: { messageId: body.id } },
      el('p', { class: 'text', text: body.text || '' }),
      body.mediaUrl ? media(body.mediaUrl) : null,
      el('span', { class: 'meta' },
        // R26: waiting and out-of-hours replies have no author.
        outbound ? `${body.authorId ? agentName(body.authorId) : 'Automatic reply'} · ` : '',
        formatTime(entry.at || body.createdAt),
        outbound ? el('span', { class: `delivery ${(body.status || '').toLowerCase()}`, text: ` · ${body.status || ''}` }) : null,
        outbound && body.status === 'QUEUED' && body.authorId === state.me.id
          ? el('button', { type: 'button', class: 'link undo', onclick: () => undo(body.id) }, 'Undo') : null));
  }
  if (entry.kind === 'note') {
    return el('li', { class: 'entry note' },
      el('span', { class: 'label', text: 'Note' }),
      el('p', { class: 'text', text: body.text || '' }),
      el('span', { class: 'meta', text: `${agentName(body.authorId)} · ${formatTime(entry.at || body.createdAt)}` }));
  }
  return el('li', { class: 'entry event' },
    el('span', { text: describeEvent(entry) }),
    el('span', { class: 'meta', text: ` · ${formatTime(entry.at)}` }));
}

function describeEvent(entry) {
  const data = entry.data || entry;
  const what = entry.type || entry.event || entry.name || '';
  const actor = agentName(entry.actorId || data.actorId);
  switch (what) {
    case 'claimed': return `Claimed by ${actor}`;
    case 'routed': return `Routed to ${agentName(data.toOwnerId)}`;
    case 'transferred':
    case 'assigned': {
      const owner = data.toOwnerId || data.ownerId || data.agentId;
      return `Transferred to ${owner ? agentName(owner) : queueName(data.toQueueId || data.queueId) || 'a queue'} by ${actor}`;
    }
    case 'status_changed': return `Status ${data.from || ''} → ${data.to || ''}`;
    case 'tagged': return `Tags: ${(data.tags || []).join(', ')}`;
    case 'closed': return `Closed by ${actor}`;
    case 'marked_unread_for_owner': return `Marked unread for ${agentName(data.ownerId)} by ${actor}`;
    default: return what ? what.replaceAll('_', ' ') : 'Event';
  }
}

async function undo(messageId) {
  try {
    await api('DELETE', `/api/messages/${messageId}`);
    state.timeline.delete(`message:${messageId}`);
    renderTimeline();
  } catch (error) {
    toast(error.error === 'already_sent' ? 'Too late: the message has already been sent.' : `Could not undo: ${error.message}`);
  }
}

// ---------------------------------------------------------------- boot

if (session.token) {
  start().catch((error) => {
    if (!(error instanceof ApiError && error.status === 401)) showLogin(`Could not start: ${error.message}`);
  });
} else {
  showLogin();
}
