// The agent inbox's actions: loading by REST, the live stream, and everything the agent does
// (claim, open, reply, note, transfer, close, flags, offers, templates, preferences). The state
// and how events change it are in inbox-state.js; drawing it is inbox-render.js.
import {
  api, ApiError, download, el, formatTime, itemsOf, LiveStream, session, wireLogIn,
} from './client.js';
import {
  addTimeline, agentName, connect, dropAlert, endOffer, filters, handleEvent, isSupervisor, queueName,
  removeConversation, removeMessage, replaceTimeline, setUnread, state, upsert,
} from './inbox-state.js';
import {
  $, announce, bindActions, renderAll, renderBulk, renderers, renderPresenceOptions, renderSenders, renderTemplates,
  renderTransferTargets, showConnection, showPresence, toast,
} from './inbox-render.js';

function failed(error, what) {
  if (error instanceof ApiError && error.status === 401) return;
  toast(`${what}: ${error.message}`);
}

const fetchConversation = (id) => api('GET', `/api/conversations/${id}`).catch(() => null);

connect(renderers, {
  announce,
  notify,
  fetchConversation,
  markRead,
  refilterSoon,
  lostOpenConversation(message) {
    closeDetail();
    toast(message);
  },
  membershipChanged: () => refreshMe().then(loadPeople).then(() => reload()),
  timelineChanged: (id) => loadTimeline(id).catch(() => {}),
});
bindActions({ claim, openConversation, hideAlert, answerOffer, undo, pick });

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
  // handler is idempotent, so the overlap is harmless.
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

// ---------------------------------------------------------------- loading by REST

async function loadPeople() {
  const [queues, statuses, templates, senders, agents] = await Promise.all([
    api('GET', '/api/queues').catch(() => []),
    api('GET', '/api/presence-statuses').catch(() => []),
    api('GET', '/api/templates').catch(() => []),
    api('GET', '/api/senders').catch(() => []),
    isSupervisor() ? api('GET', '/api/agents?size=200').catch(() => []) : [],
  ]);
  state.queues = itemsOf(queues);
  state.templates = new Map(itemsOf(templates).map((t) => [t.id, t]));
  for (const agent of itemsOf(agents)) state.agents.set(agent.id, agent);
  renderTemplates();
  renderSenders(itemsOf(senders));
  renderPresenceOptions(itemsOf(statuses).map((s) => s.name));
  renderTransferTargets();
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
  renderers.bell((await api('GET', '/api/bell')).count);
}

async function loadAlerts() {
  const answer = await api('GET', '/api/alerts');
  state.alerts.clear();
  for (const alert of itemsOf(answer)) state.alerts.set(alert.id, alert);
  renderers.alerts();
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
  filters.channel = $('filter-channel').value;
  filters.tag = $('filter-tag').value.trim();
  filters.ownerId = $('filter-owner').value;
  loadConversations().catch((error) => failed(error, 'Could not load conversations'));
}
$('filters').addEventListener('submit', (event) => { event.preventDefault(); readFilters(); });
$('search').addEventListener('input', () => { clearTimeout(refilter); refilter = setTimeout(readFilters, 300); });
for (const id of ['sort', 'filter-sla', 'filter-unread', 'filter-channel', 'filter-tag', 'filter-owner']) $(id).addEventListener('change', readFilters);
// The tags in use, offered as the tag filter is focused.
$('filter-tag').addEventListener('focus', async () => {
  const known = await api('GET', '/api/tags').catch(() => []);
  $('filter-tags').replaceChildren(...itemsOf(known).map((tag) => el('option', { value: tag.name })));
}, { once: true });

async function loadConversations() {
  const query = new URLSearchParams({ view: state.view, sort: filters.sort, size: '50' });
  if (filters.q) query.set('q', filters.q);
  if (filters.sla) query.set('sla', filters.sla);
  if (filters.unread) query.set('unread', 'true');
  if (filters.channel) query.set('channel', filters.channel);
  if (filters.tag) query.set('tag', filters.tag);
  if (filters.ownerId) query.set('ownerId', filters.ownerId);
  const answer = await api('GET', `/api/conversations?${query}`);
  state.conversations.clear();
  for (const conversation of itemsOf(answer)) state.conversations.set(conversation.id, conversation);
  renderers.list();
}

$('view').addEventListener('change', (event) => {
  state.view = event.target.value;
  $('list-title').textContent = event.target.selectedOptions[0].textContent === 'Mine'
    ? 'My conversations' : `${event.target.selectedOptions[0].textContent} conversations`;
  loadConversations().catch((error) => failed(error, 'Could not load conversations'));
});

// ---------------------------------------------------------------- supervisor bulk tools (#20)

function pick(id, picked) {
  if (picked) state.selected.add(id);
  else state.selected.delete(id);
  renderBulk();
}

$('bulk-all').addEventListener('change', (event) => {
  state.selected = event.target.checked ? new Set(state.conversations.keys()) : new Set();
  renderers.list();
});
$('bulk-agent').addEventListener('change', renderBulk);

$('bulk-assign').addEventListener('click', async () => {
  const agentId = $('bulk-agent').value;
  const ids = [...state.selected];
  try {
    const { assigned } = await api('POST', '/api/conversations/assign', { conversationIds: ids, agentId });
    toast(`${assigned} of ${ids.length} assigned to ${agentName(agentId)}`);
    state.selected.clear();
    await loadConversations();
  } catch (error) {
    failed(error, 'Could not assign');
  }
});

// Closing is for good (R7): asked first.
$('bulk-close').addEventListener('click', async () => {
  const ids = [...state.selected];
  if (!window.confirm(`Close ${ids.length} conversation${ids.length === 1 ? '' : 's'} for good?`)) return;
  try {
    const { closed } = await api('POST', '/api/conversations/close', { conversationIds: ids });
    toast(`${closed} of ${ids.length} closed`);
    state.selected.clear();
    await loadConversations();
  } catch (error) {
    failed(error, 'Could not close');
  }
});

$('presence').addEventListener('change', async (event) => {
  try {
    state.me = await api('PUT', '/api/me/presence', { status: event.target.value });
    session.updateAgent(state.me);
  } catch (error) {
    failed(error, 'Could not change your status');
  }
  showPresence();
});

// ---------------------------------------------------------------- alerts, claims and offers

async function claim(conversationId, button) {
  if (button) button.disabled = true;
  try {
    const conversation = await api('POST', `/api/conversations/${conversationId}/claim`);
    dropAlert(conversationId);
    upsert(conversation);
    await openConversation(conversationId);
  } catch (error) {
    if (error instanceof ApiError && error.error === 'already_claimed') {
      dropAlert(conversationId);
      toast(`Already claimed by ${agentName(error.body.ownerId)}.`);
    } else if (error instanceof ApiError && error.error === 'not_accepting') {
      toast('Your status does not accept new conversations. Switch to Ready to claim.');
    } else if (error instanceof ApiError && (error.error === 'conversation_closed' || error.status === 404)) {
      dropAlert(conversationId);
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
    dropAlert(conversationId);
  } catch (error) {
    failed(error, 'Could not hide the alert');
  }
}

async function answerOffer(id, answer) {
  try {
    const conversation = await api('POST', `/api/conversations/${id}/${answer}`);
    endOffer(id);
    if (answer === 'accept' && conversation) {
      upsert(conversation);
      openConversation(id);
    }
  } catch (error) {
    endOffer(id);
    failed(error, answer === 'accept' ? 'Could not accept the offer' : 'Could not decline the offer');
  }
}

$('claim-open').addEventListener('click', (event) => claim(state.openId, event.target));

// ---------------------------------------------------------------- the open conversation

function markRead(id) {
  api('POST', `/api/conversations/${id}/read`)
    .then((conversation) => setUnread(id, conversation ? conversation.unreadCount : 0))
    .catch(() => {});
}

async function openConversation(id, { quiet = false } = {}) {
  try {
    const conversation = await api('GET', `/api/conversations/${id}`);
    if (state.openId !== id) {
      state.timeline.clear();
      leaveViewing();
    }
    state.openId = id;
    state.open = conversation;
    renderers.viewers(conversation.viewers || []);
    startViewing(id);
    document.body.classList.add('detail-open');
    $('detail-panel').hidden = false;
    renderers.detail();
    await loadTimeline(id);
    markRead(id);
    if (conversation.ownerId === state.me.id) dropAlert(id);
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
  const answer = await api('GET', `/api/conversations/${id}/timeline?size=200`);
  if (state.openId === id) replaceTimeline(itemsOf(answer));
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

async function undo(messageId) {
  try {
    await api('DELETE', `/api/messages/${messageId}`);
    removeMessage(messageId);
  } catch (error) {
    toast(error.error === 'already_sent' ? 'Too late: the message has already been sent.' : `Could not undo: ${error.message}`);
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

// ---------------------------------------------------------------- replies, templates and notes

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
    failed(error, 'Could not add the note');
  }
});

// ---------------------------------------------------------------- tags, transcripts, history

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

// R18: the contact's name, classification and notes, loaded when the editor opens.
$('contact-editor').addEventListener('toggle', async () => {
  const contactId = state.open?.contact?.id;
  if (!$('contact-editor').open || !contactId) return;
  try {
    const contact = await api('GET', `/api/contacts/${contactId}`);
    $('contact-name').value = contact.name || '';
    $('contact-classification').value = contact.classification || '';
    $('contact-notes').value = contact.notes || '';
  } catch (error) {
    failed(error, 'Could not load the contact');
  }
});

$('contact-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const contactId = state.open?.contact?.id;
  if (!contactId) return;
  try {
    const contact = await api('PUT', `/api/contacts/${contactId}`, {
      name: $('contact-name').value.trim(),
      classification: $('contact-classification').value || null,
      notes: $('contact-notes').value,
    });
    $('contact-editor').open = false;
    const view = { id: contact.id, number: contact.number, name: contact.name, classification: contact.classification };
    upsert({ ...state.open, contact: view });
    toast('Contact saved.');
  } catch (error) {
    failed(error, 'Could not save the contact');
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

// ---------------------------------------------------------------- starting, transferring, closing

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
    upsert(await api('POST', `/api/conversations/${id}/close`));
    announce('Conversation closed');
  } catch (error) {
    failed(error, 'Could not close');
  }
});

// ---------------------------------------------------------------- snooze (#21)

/** When "tomorrow 9:00" is in the agent's own time zone. */
function tomorrowMorning() {
  const at = new Date();
  at.setDate(at.getDate() + 1);
  at.setHours(9, 0, 0, 0);
  return at;
}

for (const button of document.querySelectorAll('#snooze [data-snooze]')) {
  button.addEventListener('click', async () => {
    const id = state.openId;
    const until = { hour: new Date(Date.now() + 3600_000), tomorrow: tomorrowMorning(), reply: null }[button.dataset.snooze];
    try {
      const conversation = await api('POST', `/api/conversations/${id}/snooze`, until ? { until: until.toISOString() } : undefined);
      $('snooze').open = false;
      upsert(conversation);
      loadTimeline(id).catch(() => {});
      toast(until ? `Snoozed until ${until.toLocaleString()}.` : 'Snoozed until the contact replies.');
    } catch (error) {
      failed(error, 'Could not snooze');
    }
  });
}

$('unsnooze').addEventListener('click', async () => {
  try {
    const id = state.openId;
    upsert(await api('POST', `/api/conversations/${id}/unsnooze`));
    await loadTimeline(id);
  } catch (error) {
    failed(error, 'Could not unsnooze');
  }
});

// ---------------------------------------------------------------- the caller's own flags (R16)

for (const flag of ['pin', 'mute', 'archive']) {
  $(`flag-${flag}`).addEventListener('click', async () => {
    const id = state.openId;
    const on = $(`flag-${flag}`).getAttribute('aria-pressed') === 'true';
    try {
      const conversation = await api('POST', `/api/conversations/${id}/${on ? 'un' : ''}${flag}`);
      state.open = { ...state.open, pinned: conversation.pinned, muted: conversation.muted, archived: conversation.archived };
      renderers.detail();
      // Archived ones leave the list (R16); pinned ones go first.
      if (flag === 'archive') loadConversations().catch(() => {});
      else upsert(conversation);
    } catch (error) {
      failed(error, `Could not ${on ? 'un' : ''}${flag} the conversation`);
    }
  });
}

// Seed 003: a supervisor marks an agent's conversation unread on their behalf, after a confirmation.
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

// ---------------------------------------------------------------- boot

if (session.token) {
  start().catch((error) => {
    if (!(error instanceof ApiError && error.status === 401)) showLogin(`Could not start: ${error.message}`);
  });
} else {
  showLogin();
}
