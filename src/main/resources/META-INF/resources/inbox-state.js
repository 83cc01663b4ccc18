// The inbox's state and how live events change it. REST answers and pushed frames land here;
// nothing here touches the page: each change says which part to redraw (render) and asks the
// actions for what an event needs beyond the state (announce, notify, fetch, reload: effects).
import { formatNumber } from './client.js';

export const state = {
  me: null,
  alerts: new Map(),          // conversationId → conversation
  conversations: new Map(),   // conversationId → conversation, the list panel's
  openId: null,
  open: null,                 // the open conversation
  timeline: new Map(),        // key → entry of the open conversation, in arrival order
  agents: new Map(),          // agentId → agent (supervisors only)
  queues: [],
  templates: new Map(),       // templateId → quick reply or WhatsApp template
  preferences: { desktopNotifications: false, sound: false },  // the caller's, kept on the server
  view: 'mine',
  offers: new Map(),          // conversationId → { conversation, expiresAt } (R24)
  queueStats: new Map(),      // queueId → the latest queue.stats
  stream: null,
  reloading: null,
  selected: new Set(),        // conversationIds a supervisor picked for a bulk assign or close (#20)
};

// R17: search, filters and sort of the list; the server answers, live events re-ask it.
export const filters = { q: '', sort: 'lastMessageAt,desc', sla: '', unread: false, channel: '', tag: '', ownerId: '' };

let render = {};
let effects = {};

/** Called once at start: the page's redraws and the actions' side effects. */
export function connect(renderers, sideEffects) {
  render = renderers;
  effects = sideEffects;
}

// ---------------------------------------------------------------- reading the state

export const isSupervisor = () => state.me && (state.me.role === 'SUPERVISOR' || state.me.role === 'ADMIN');

export function agentName(id) {
  if (!id) return 'nobody';
  if (state.me && id === state.me.id) return 'you';
  const agent = state.agents.get(id);
  return agent ? (agent.displayName || agent.username) : 'another agent';
}

export function contactLabel(conversation) {
  const contact = conversation.contact || {};
  return contact.name ? `${contact.name} (${formatNumber(contact.number)})` : formatNumber(contact.number) || 'Unknown contact';
}

export function queueName(id) {
  const queue = state.queues.find((q) => q.id === id);
  return queue ? queue.name : '';
}

export function filtering() {
  return Boolean(filters.q || filters.sla || filters.unread || filters.channel || filters.tag || filters.ownerId);
}

function belongsInList(conversation) {
  const open = conversation.status !== 'CLOSED';
  switch (state.view) {
    case 'mine': return open && conversation.ownerId === state.me.id && !conversation.snoozed;
    case 'snoozed': return open && !!conversation.snoozed && (isSupervisor() || conversation.ownerId === state.me.id);
    case 'queue': return open && (state.me.queueIds || []).includes(conversation.queueId);
    case 'all': return open;
    case 'closed': return !open;
    default: return false;
  }
}

// ---------------------------------------------------------------- changing it

export function setAlert(conversation) {
  state.alerts.set(conversation.id, conversation);
  render.alerts();
}

export function dropAlert(id) {
  if (state.alerts.delete(id)) render.alerts();
}

export function upsert(conversation) {
  const known = state.conversations.get(conversation.id);
  const merged = known ? { ...known, ...conversation } : conversation;
  if (!belongsInList(merged)) state.conversations.delete(merged.id);
  else if (known || !filtering()) state.conversations.set(merged.id, merged);
  // Whether a changed conversation still matches a filter is the server's to say.
  if (filtering()) effects.refilterSoon();
  render.list();
  if (state.openId === merged.id) {
    state.open = { ...state.open, ...conversation };
    render.detail();
  }
}

export function patchConversation(id, patch) {
  const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const known = state.conversations.get(id);
  if (known) upsert({ ...known, ...clean });
  if (state.openId === id && state.open) {
    Object.assign(state.open, clean);
    render.detail();
  }
  if (clean.ownerId || clean.status === 'CLOSED') dropAlert(id);
}

/** #20: supervisors pick conversations of any open list for a bulk assign or close. */
export function canPick() {
  return isSupervisor() && state.view !== 'closed';
}

export function removeConversation(id) {
  state.conversations.delete(id);
  render.list();
}

export function setUnread(id, count) {
  const known = state.conversations.get(id);
  if (known) {
    known.unreadCount = count;
    render.list();
  }
}

function timelineKey(entry) {
  const body = entry.message || entry.note || entry;
  return `${entry.kind}:${body.id || `${entry.at}:${entry.type || entry.event || ''}`}`;
}

export function addTimeline(entry, redraw = true) {
  const key = timelineKey(entry);
  const known = state.timeline.get(key);
  state.timeline.set(key, known ? { ...known, ...entry } : entry);
  if (redraw) render.timeline();
}

export function replaceTimeline(entries) {
  state.timeline.clear();
  for (const entry of entries) addTimeline(entry, false);
  render.timeline();
}

export function removeMessage(messageId) {
  state.timeline.delete(`message:${messageId}`);
  render.timeline();
}

export function endOffer(id) {
  if (state.offers.delete(id)) {
    render.offers();
    render.alerts();
  }
}

// ---------------------------------------------------------------- live events

export function handleEvent(frame) {
  // Version 2: a change that moved the bell carries the new count; no separate bell.updated follows.
  const { bell, ...data } = frame.data || {};
  if (typeof bell === 'number') render.bell(bell);
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
    case 'note.mentioned': return onMentioned(data);
    case 'conversation.wait_exceeded': return onWaitExceeded(data);
    case 'conversation.rated': return onRated(data);
    case 'conversation.viewers': return onViewers(data);
    case 'conversation.offered': return onOffered(data);
    case 'conversation.offer_ended': return endOffer(data.conversationId);
    case 'conversation.snoozed': return onSnoozed(data);
    case 'conversation.unsnoozed': return onUnsnoozed(data);
    case 'conversation.sla': return patchConversation(data.conversationId, { slaState: data.slaState, firstResponseDueAt: data.firstResponseDueAt });
    case 'bell.updated': return render.bell(data.count);
    case 'agent.presence': return onPresence(data);
    case 'queue.stats': return onQueueStats(data);
    case 'queue.members_changed': return effects.membershipChanged();
    default: return undefined;
  }
}

function onConversationCreated(data) {
  // The first message comes with the conversation (one frame), not as a message.created of its own.
  const { message, ...conversation } = data;
  if (!conversation.ownerId && conversation.status !== 'CLOSED' && !state.alerts.has(conversation.id)) {
    setAlert(conversation);
    effects.announce(`New conversation from ${contactLabel(conversation)}`);
    effects.notify('New conversation', `${contactLabel(conversation)}: ${message?.text || conversation.lastMessagePreview || ''}`, conversation);
  }
  upsert(conversation);
  if (message) showMessage(message);
}

/** A message of the open conversation joins its timeline; its unread count is the server's. */
function showMessage(message) {
  if (state.openId === message.conversationId) addTimeline({ kind: 'message', at: message.createdAt, ...message });
}

async function onMessageCreated(message) {
  const id = message.conversationId;
  const patch = { lastMessageAt: message.createdAt, lastMessagePreview: message.text || (message.mediaUrl ? '[media]' : '') };
  if (state.alerts.has(id)) {
    Object.assign(state.alerts.get(id), patch);
    render.alerts();
  }
  showMessage(message);
  const known = state.conversations.get(id);
  if (known) {
    Object.assign(known, patch);
    if (message.direction === 'IN' && state.openId !== id) {
      known.unreadCount = (known.unreadCount || 0) + 1;
      if (known.ownerId === state.me.id && !known.muted && !state.alerts.has(id)) setAlert({ ...known });
    }
    render.list();
  } else if (message.direction === 'IN' && !state.alerts.has(id)) {
    // A conversation we were not showing (assigned to us, unarchived): fetch it.
    const conversation = await effects.fetchConversation(id);
    if (conversation) {
      upsert(conversation);
      if (conversation.ownerId === state.me.id && state.openId !== id && !conversation.muted) setAlert(conversation);
    }
  }
  if (state.openId === id && message.direction === 'IN') effects.markRead(id);
}

function onMessageStatus({ messageId, status }) {
  const entry = state.timeline.get(`message:${messageId}`);
  if (entry) {
    entry.status = status;
    render.timeline();
  }
}

async function onClaimed({ conversationId, ownerId }) {
  const alert = state.alerts.get(conversationId);
  if (alert) {
    dropAlert(conversationId);
    if (ownerId !== state.me.id) effects.announce(`${contactLabel(alert)} was claimed by ${agentName(ownerId)}`);
  }
  if (ownerId === state.me.id && !state.conversations.has(conversationId)) {
    const conversation = await effects.fetchConversation(conversationId);
    if (conversation) upsert(conversation);
  } else {
    patchConversation(conversationId, { ownerId });
  }
}

async function onAssigned({ conversationId, ownerId, queueId, previousOwnerId, conversation: carried, message }) {
  if (ownerId === state.me.id) {
    // Routed on arrival, the event carries the conversation and its first message; otherwise ask.
    const conversation = carried || await effects.fetchConversation(conversationId);
    if (conversation) {
      // Now ours: an unread one is among our alerts (R14) as an "Open", no longer a "Claim".
      if (conversation.unreadCount > 0 && !conversation.muted && state.openId !== conversationId) setAlert(conversation);
      else dropAlert(conversationId);
      upsert(conversation);
      if (carried && message) showMessage(message);
      effects.announce(`${contactLabel(conversation)} was assigned to you`);
      effects.notify('Assigned to you', contactLabel(conversation), conversation);
    }
    return;
  }
  // Routed or handed to someone else: the queue's alert for it goes (R3).
  if (ownerId) dropAlert(conversationId);
  patchConversation(conversationId, { ownerId: ownerId || null, queueId: queueId || undefined });
  if (previousOwnerId === state.me.id && !isSupervisor()) {
    // Once transferred away, an agent may no longer read it (PRODUCT.md, roles).
    removeConversation(conversationId);
    if (state.openId === conversationId) effects.lostOpenConversation('That conversation was transferred away from you.');
  }
  if (!ownerId && queueId && (state.me.queueIds || []).includes(queueId) && !state.alerts.has(conversationId)) {
    const conversation = await effects.fetchConversation(conversationId);
    if (conversation && !conversation.ownerId && conversation.status !== 'CLOSED') {
      setAlert(conversation);
      effects.announce(`New conversation from ${contactLabel(conversation)}`);
    }
  }
}

/** Put aside (#21): out of the owner's alerts and list until it wakes. */
function onSnoozed({ conversationId, until }) {
  dropAlert(conversationId);
  patchConversation(conversationId, { snoozed: true, snoozedUntil: until });
}

/** Back from a snooze (#21): into the owner's list again, unread unless they woke it themselves. */
async function onUnsnoozed({ conversationId, ownerId, reason }) {
  const known = state.conversations.get(conversationId) || (state.open?.id === conversationId ? state.open : null);
  const conversation = known ? { ...known, snoozed: false, snoozedUntil: null } : await effects.fetchConversation(conversationId);
  if (!conversation) return;
  upsert({ ...conversation, snoozed: false, snoozedUntil: null });
  // The timeline's own entry for it (why it came back) is the server's: ask for it.
  if (state.openId === conversationId) effects.timelineChanged(conversationId);
  if (ownerId === state.me.id && reason !== 'owner') {
    effects.announce(`${contactLabel(conversation)} is back from snooze`);
    effects.notify('Back from snooze', contactLabel(conversation), conversation);
  }
}

function onClosed({ conversationId }) {
  dropAlert(conversationId);
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

/** #21: a note named the caller: an alert until they read the conversation. */
async function onMentioned({ conversationId, authorId, text }) {
  effects.announce(`${agentName(authorId)} mentioned you`);
  if (state.openId === conversationId) {
    effects.markRead(conversationId);
    return;
  }
  const conversation = await effects.fetchConversation(conversationId);
  if (!conversation) return;
  setAlert(conversation);
  effects.notify(`${agentName(authorId)} mentioned you`, text, conversation);
}

/** #21: waited longer than its queue allows: it left for the overflow queue, or supervisors are told. */
function onWaitExceeded({ conversationId, queueId, waitedSeconds, action, toQueueId }) {
  if (action === 'moved') {
    dropAlert(conversationId);
    patchConversation(conversationId, { queueId: toQueueId });
  }
  if (isSupervisor()) {
    const where = action === 'moved' ? `, moved to ${queueName(toQueueId) || 'the overflow queue'}` : '';
    effects.announce(`A conversation waited ${Math.round(waitedSeconds / 60)} min in ${queueName(queueId) || 'its queue'}${where}`);
  }
}

/** #21: the contact rated a closed conversation in its satisfaction survey. */
function onRated({ conversationId, rating }) {
  effects.announce(`A contact rated a conversation ${rating} of 5`);
  if (conversationId === state.openId) effects.timelineChanged(conversationId);
}

function onViewers({ conversationId, viewers }) {
  if (conversationId === state.openId) render.viewers(viewers || []);
}

function onOffered({ conversationId, expiresAt, conversation }) {
  state.offers.set(conversationId, { conversation, expiresAt });
  render.offers();
  render.alerts();
  effects.announce(`Offered to you: ${contactLabel(conversation)}`);
  effects.notify('Offered to you', contactLabel(conversation), conversation);
}

function onPresence({ agentId, status }) {
  const agent = state.agents.get(agentId);
  if (agent) agent.presence = status;
  if (agentId === state.me.id) {
    state.me.presence = status;
    render.presence();
  }
}

function onQueueStats(stats) {
  if (!stats.queueId) return;
  state.queueStats.set(stats.queueId, stats);
  render.queueStats();
}
