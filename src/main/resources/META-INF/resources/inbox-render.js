// Drawing the inbox from its state: alerts, offers, the list, the open conversation and its
// timeline, bell, presence, viewers, queue figures. Buttons drawn here call the actions handed
// to bindActions; nothing here calls the server.
import { el, formatDuration, formatTime } from './client.js';
import {
  agentName, canPick, contactLabel, filters, isSupervisor, queueName, state,
} from './inbox-state.js';

export const $ = (id) => document.getElementById(id);
const BUILT_IN_PRESENCE = ['READY', 'BUSY', 'OFFLINE'];
const IMAGE = /\.(jpe?g|png|gif|webp|heic)(\?|$)/i;

let actions = {};

/** The actions the drawn buttons call: claim, openConversation, hideAlert, answerOffer, undo. */
export function bindActions(handlers) {
  actions = handlers;
}

/** What the state module redraws after a change. */
export const renderers = {
  alerts: renderAlerts,
  list: renderConversations,
  detail: renderDetail,
  timeline: renderTimeline,
  offers: renderOffers,
  bell: setBell,
  viewers: showViewers,
  presence: showPresence,
  queueStats: renderQueueStats,
};

export function renderAll() {
  renderAlerts();
  renderConversations();
  if (state.open) renderDetail();
}

// ---------------------------------------------------------------- messages to the agent

export function announce(text) {
  const announcer = $('announcer');
  announcer.textContent = '';
  // A fresh text node after a tick makes screen readers announce repeats too.
  setTimeout(() => { announcer.textContent = text; }, 50);
}

let toastTimer;
export function toast(text) {
  const box = $('toast');
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, 6000);
}

export function showConnection(name) {
  const badge = $('connection');
  badge.dataset.state = name;
  badge.textContent = { connecting: 'Connecting…', live: 'Live', offline: 'Offline, reconnecting…' }[name] || name;
}

// ---------------------------------------------------------------- presence, bell, queue figures

export function presenceLabel(name) {
  return name.charAt(0) + name.slice(1).toLowerCase().replaceAll('_', ' ');
}

/** The presence switch: the built-in statuses and the workspace's own. */
export function renderPresenceOptions(custom) {
  const names = [...BUILT_IN_PRESENCE, ...custom.filter((n) => !BUILT_IN_PRESENCE.includes(n))];
  $('presence').replaceChildren(...names.map((name) => el('option', { value: name, text: presenceLabel(name) })));
  showPresence();
}

/** The caller's current presence, shown even when it is not one of the switch's options. */
export function showPresence() {
  const select = $('presence');
  const current = state.me.presence || 'OFFLINE';
  if (![...select.options].some((o) => o.value === current)) select.append(el('option', { value: current, text: presenceLabel(current) }));
  select.value = current;
  select.dataset.presence = current;
}

function setBell(count) {
  const bell = $('bell');
  bell.hidden = false;
  $('bell-count').textContent = String(count);
  bell.dataset.count = String(count);
  document.title = count > 0 ? `(${count}) Switchboard` : 'Switchboard';
}

function renderQueueStats() {
  $('queue-stats-panel').hidden = false;
  $('queue-stats').replaceChildren(...[...state.queueStats.values()].map((s) => el('li', { dataset: { queueId: s.queueId } },
    el('strong', { text: s.queueName || queueName(s.queueId) || 'Queue' }),
    ` ${s.waiting ?? 0} waiting · ${s.active ?? 0} active`,
    s.oldestWaitingSeconds != null ? ` · oldest ${formatDuration(s.oldestWaitingSeconds)}` : '')));
}

// ---------------------------------------------------------------- alerts and offers

function renderAlerts() {
  const list = $('alerts');
  // One offered to us shows once, as the offer (R24).
  const alerts = [...state.alerts.values()].filter((c) => !state.offers.has(c.id))
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
          onclick: () => actions.openConversation(conversation.id),
        }, 'Open')
        : el('button', {
          type: 'button',
          class: 'claim',
          'aria-label': `Claim conversation with ${contactLabel(conversation)}`,
          onclick: (event) => actions.claim(conversation.id, event.currentTarget),
        }, 'Claim'),
      el('button', {
        type: 'button',
        class: 'secondary hide',
        'aria-label': `Hide the alert for ${contactLabel(conversation)}`,
        onclick: () => actions.hideAlert(conversation.id),
      }, 'Hide')))));
  $('alerts-count').textContent = String(alerts.length);
  $('alerts-empty').hidden = alerts.length > 0;
}

function renderOffers() {
  const now = Date.now();
  $('offers').replaceChildren(...[...state.offers.entries()].map(([id, { conversation, expiresAt }]) => el('li',
    { class: 'item alert offer', dataset: { conversationId: id } },
    el('div', { class: 'item-main' },
      el('span', { class: 'who', text: contactLabel(conversation) }),
      el('span', { class: 'preview', text: conversation.lastMessagePreview || '' }),
      el('span', { class: 'meta', text: `Offered to you · ${Math.max(0, Math.ceil((Date.parse(expiresAt) - now) / 1000))} s left` })),
    el('div', { class: 'item-actions' },
      el('button', { type: 'button', class: 'accept', onclick: () => actions.answerOffer(id, 'accept') }, 'Accept'),
      el('button', { type: 'button', class: 'secondary decline', onclick: () => actions.answerOffer(id, 'decline') }, 'Decline')))));
}
// The seconds left count down.
setInterval(() => { if (state.offers.size) renderOffers(); }, 1000);

// ---------------------------------------------------------------- the list

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
  const picking = canPick();
  list.replaceChildren(...conversations.map((conversation) => el('li', {
    class: `item conversation${conversation.id === state.openId ? ' selected' : ''}${conversation.unreadCount ? ' unread' : ''}`
      + (picking ? ' pickable' : ''),
    dataset: { conversationId: conversation.id, status: conversation.status },
  },
  picking ? el('input', {
    type: 'checkbox',
    class: 'pick',
    checked: state.selected.has(conversation.id),
    'aria-label': `Select ${contactLabel(conversation)}`,
    onchange: (event) => actions.pick(conversation.id, event.target.checked),
  }) : null,
  el('button', {
    type: 'button',
    class: 'open',
    'aria-current': conversation.id === state.openId ? 'true' : null,
    onclick: () => actions.openConversation(conversation.id),
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
  renderBulk();
}

/** #20: the bulk bar follows the selection; what left the list leaves the selection. */
export function renderBulk() {
  for (const id of state.selected) if (!state.conversations.has(id)) state.selected.delete(id);
  const picking = canPick();
  $('bulk').hidden = !picking;
  if (!picking) return;
  const count = state.selected.size;
  $('bulk-count').textContent = `${count} selected`;
  $('bulk-all').checked = count > 0 && count === state.conversations.size;
  $('bulk-assign').disabled = count === 0 || !$('bulk-agent').value;
  $('bulk-close').disabled = count === 0;
}

// ---------------------------------------------------------------- the open conversation

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
    conversation.snoozed ? ` · snoozed ${conversation.snoozedUntil ? `until ${formatTime(conversation.snoozedUntil)}` : 'until they reply'}` : '',
    (conversation.tags || []).length ? ` · tags: ${conversation.tags.join(', ')}` : '');
  $('detail-panel').dataset.conversationId = conversation.id;
  $('detail-panel').dataset.status = conversation.status;
  $('claim-open').hidden = closed || !!conversation.ownerId;
  $('transfer').hidden = closed || !(owner || isSupervisor());
  $('close-conversation').hidden = closed || !(owner || isSupervisor());
  $('unread-for-owner').hidden = closed || !conversation.ownerId || owner || !isSupervisor();
  // #21: the owner puts it aside, or wakes it early.
  $('snooze').hidden = closed || !owner || !!conversation.snoozed;
  $('unsnooze').hidden = closed || !owner || !conversation.snoozed;
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

/** "Maria is replying", "Bob is viewing": the others here, never ourselves (R25). */
function showViewers(viewers) {
  const others = viewers.filter((v) => v.agentId !== state.me.id);
  const line = others.map((v) => `${v.displayName || agentName(v.agentId)} ${v.typing === 'reply' ? 'is replying'
    : v.typing === 'note' ? 'is writing a note' : 'is viewing'}`).join(' · ');
  $('viewers').textContent = line;
  $('viewers').hidden = others.length === 0;
  $('viewers').classList.toggle('typing', others.some((v) => v.typing));
}

function renderTimeline() {
  const entries = [...state.timeline.values()].sort((a, b) => (a.at || '').localeCompare(b.at || ''));
  const box = $('timeline');
  box.replaceChildren(...entries.map(renderEntry));
  box.scrollTop = box.scrollHeight;
}

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
          ? el('button', { type: 'button', class: 'link undo', onclick: () => actions.undo(body.id) }, 'Undo') : null));
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
    case 'snoozed': return `Snoozed by ${actor} ${data.until ? `until ${formatTime(data.until)}` : 'until the contact replies'}`;
    case 'survey_answered': return `The contact rated it ${data.rating} of 5`;
    case 'unsnoozed': return { time: 'Back from snooze', message: 'Back from snooze: the contact wrote' }[data.reason] || `Unsnoozed by ${actor}`;
    default: return what ? what.replaceAll('_', ' ') : 'Event';
  }
}

// ---------------------------------------------------------------- pickers filled from REST

export function renderTemplates() {
  const templates = [...state.templates.values()];
  $('reply-template').replaceChildren(el('option', { value: '', text: '(write your own)' }),
    ...templates.map((t) => el('option', { value: t.id, text: t.whatsappTemplateName ? `${t.name} (WhatsApp template)` : t.name })));
  $('reply-template').hidden = templates.length === 0;
  $('reply-template').previousElementSibling.hidden = templates.length === 0;
}

/** The numbers the caller may write from; "best for the number" lets the server choose (R9). */
export function renderSenders(senders) {
  const byQueue = [...new Set(senders.map((s) => s.queueId))];
  $('start-sender').replaceChildren(
    ...byQueue.map((queueId) => el('option', { value: `queue:${queueId}`, text: `Best number of ${queueName(queueId) || 'the queue'}` })),
    ...senders.map((s) => el('option', { value: `sender:${s.id}`, text: `${s.number} (${s.channel})` })));
  $('start').hidden = senders.length === 0;
}

/** Where a conversation can be transferred: queues for everyone, agents for supervisors. */
export function renderTransferTargets() {
  $('transfer-queue').replaceChildren(el('option', { value: '', text: '(keep the queue)' }),
    ...state.queues.map((q) => el('option', { value: q.id, text: q.name })));
  $('transfer-agent').replaceChildren(el('option', { value: '', text: '(any agent of the queue)' }),
    ...[...state.agents.values()].map((a) => el('option', { value: a.id, text: `${a.displayName || a.username} · ${a.presence}` })));
  // Agents may hand over to a queue only; choosing a person is for supervisors (GET /api/agents).
  $('transfer-agent').hidden = !isSupervisor();
  $('transfer-agent-label').hidden = !isSupervisor();
  renderSupervisorPickers();
}

/** #20: whose conversations to list (a deactivated colleague's among them), and whom to assign the picked ones. */
function renderSupervisorPickers() {
  const agents = [...state.agents.values()]
    .sort((a, b) => (a.displayName || a.username).localeCompare(b.displayName || b.username));
  const name = (a) => `${a.displayName || a.username}${a.active === false ? ' (inactive)' : ''}`;
  $('filter-owner').replaceChildren(el('option', { value: '', text: 'Any owner' }),
    ...agents.map((a) => el('option', { value: a.id, text: name(a), selected: a.id === filters.ownerId })));
  $('bulk-agent').replaceChildren(el('option', { value: '', text: 'Assign to…' }),
    ...agents.filter((a) => a.active !== false)
      .map((a) => el('option', { value: a.id, text: `${name(a)} · ${a.presence}` })));
  $('filter-owner').hidden = !isSupervisor();
  $('filter-owner-label').hidden = !isSupervisor();
}
