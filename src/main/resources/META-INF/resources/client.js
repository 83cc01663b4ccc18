// Shared by the inbox (app.js) and the wallboard (wallboard.js): the session token, REST calls
// in the contract's error format, and a live stream that reconnects and resumes by itself.

const TOKEN_KEY = 'switchboard.token';
const AGENT_KEY = 'switchboard.agent';

export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  get agent() {
    const raw = sessionStorage.getItem(AGENT_KEY);
    return raw ? JSON.parse(raw) : null;
  },
  save(token, agent) {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(AGENT_KEY, JSON.stringify(agent));
  },
  updateAgent(agent) { sessionStorage.setItem(AGENT_KEY, JSON.stringify(agent)); },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(AGENT_KEY);
  },
};

/** A failed call: status, and the contract's {error, message} when the server sent one. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.error = body && body.error;
    this.body = body || {};
  }
}

let onUnauthorized = () => {};

/** Called once per page: what to do when the token is refused (back to the login form). */
export function whenUnauthorized(handler) { onUnauthorized = handler; }

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  if (!response.ok) {
    if (response.status === 401 && path !== '/api/auth/token') onUnauthorized();
    throw new ApiError(response.status, json);
  }
  return json;
}

/** Downloads a file the API serves (a transcript) under the given name, with the session's token. */
export async function download(path, filename) {
  const response = await fetch(path, { headers: session.token ? { Authorization: `Bearer ${session.token}` } : {} });
  if (!response.ok) {
    if (response.status === 401) onUnauthorized();
    throw new ApiError(response.status, await response.json().catch(() => null));
  }
  const url = URL.createObjectURL(await response.blob());
  const link = el('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The items of a list answer, whether paged ({items}) or a bare array. */
export function itemsOf(answer) {
  if (Array.isArray(answer)) return answer;
  return (answer && Array.isArray(answer.items)) ? answer.items : [];
}

export async function logIn(username, password) {
  const answer = await api('POST', '/api/auth/token', { username, password });
  session.save(answer.accessToken, answer.agent);
  return answer.agent;
}

/**
 * Wires the log-in form both pages share (#login-form, #username, #password, #login-submit,
 * #login-error): a good log-in calls onLoggedIn; an answer of 401 at any later time ends the
 * session and shows the form again through showLogin(message).
 */
export function wireLogIn({ onLoggedIn, showLogin }) {
  const $ = (id) => document.getElementById(id);
  whenUnauthorized(() => {
    session.clear();
    showLogin('Your session has ended. Please log in again.');
  });
  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('login-error').textContent = '';
    const username = $('username').value.trim();
    const password = $('password').value;
    if (!username || !password) {
      $('login-error').textContent = 'Enter your username and password.';
      return;
    }
    $('login-submit').disabled = true;
    try {
      await logIn(username, password);
      $('password').value = '';
      await onLoggedIn();
    } catch (error) {
      $('login-error').textContent = error instanceof ApiError && error.status === 401
        ? 'Wrong username or password.' : `Could not log in: ${error.message}`;
    } finally {
      $('login-submit').disabled = false;
    }
  });
}

/**
 * A WebSocket to /ws/inbox or /ws/wallboard that stays up: it reconnects with exponential
 * backoff and full jitter, resumes after the id of the last frame it saw (lastEventId), and
 * reconnects at once when the server asks it to come back (4000 too slow, 1012 restarting).
 * A ping every 25 s keeps proxies from idling the connection out and detects a dead one.
 */
export class LiveStream {
  static PING_EVERY_MS = 25_000;
  static PONG_WITHIN_MS = 10_000;
  static BACKOFF_BASE_MS = 500;
  static BACKOFF_MAX_MS = 30_000;
  static RESUMABLE_CLOSE_CODES = [4000, 1012];

  /**
   * @param path '/ws/inbox' or '/ws/wallboard'
   * @param params extra query parameters (queueId for the wallboard)
   * @param handlers onEvent(frame), onResync(), onState('connecting'|'live'|'offline'), onAuthFailed()
   */
  constructor(path, params, handlers) {
    this.path = path;
    this.params = params || {};
    this.handlers = handlers;
    this.lastEventId = null;
    this.attempt = 0;
    this.socket = null;
    this.stopped = false;
    this.pingTimer = null;
    this.pongTimer = null;
    this.retryTimer = null;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.clearTimers();
    if (this.socket) this.socket.close(1000, 'bye');
    this.socket = null;
  }

  send(frame) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  url() {
    const query = new URLSearchParams(this.params);
    if (this.lastEventId) query.set('lastEventId', this.lastEventId);
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    return `${scheme}://${location.host}${this.path}?${query}`;
  }

  // The token rides in Sec-WebSocket-Protocol (websockets-next turns it into an Authorization
  // header), never in the URL, where proxies and access logs would keep it.
  protocols() {
    return ['bearer-token-carrier', encodeURIComponent(`quarkus-http-upgrade#Authorization#Bearer ${session.token || ''}`)];
  }

  connect() {
    this.state('connecting');
    const socket = new WebSocket(this.url(), this.protocols());
    this.socket = socket;
    let opened = false;
    let live = false;
    socket.onopen = () => {
      opened = true;
      // The first answer proves the server finished opening the session: only then are we live.
      this.send({ type: 'ping' });
      this.schedulePing();
    };
    socket.onmessage = (message) => {
      if (socket !== this.socket) return;
      let frame;
      try { frame = JSON.parse(message.data); } catch { return; }
      this.attempt = 0;
      clearTimeout(this.pongTimer);
      if (!live) {
        live = true;
        this.state('live');
      }
      if (frame.type === 'pong') return;
      if (frame.type === 'resync.required') {
        // The server cannot replay from our id: start over from REST and the live tail.
        this.lastEventId = null;
        this.handlers.onResync?.();
        return;
      }
      if (frame.id) this.lastEventId = frame.id;
      this.handlers.onEvent?.(frame);
    };
    socket.onclose = (event) => {
      if (socket !== this.socket) return;
      this.clearTimers();
      this.socket = null;
      if (this.stopped) return;
      this.state('offline');
      if (event.code === 1008 && !String(event.reason).startsWith('too many')) {
        // The token expired or was revoked (or never worked): log in again, then resume.
        this.handlers.onAuthFailed?.();
        return;
      }
      if (!opened) {
        // A refused upgrade (401) looks like any network failure here; ask REST whether the token still works.
        api('GET', '/api/me').catch(() => {});
      }
      if (LiveStream.RESUMABLE_CLOSE_CODES.includes(event.code)) {
        this.connect();
        return;
      }
      this.retryLater();
    };
  }

  retryLater() {
    const ceiling = Math.min(LiveStream.BACKOFF_MAX_MS, LiveStream.BACKOFF_BASE_MS * 2 ** this.attempt);
    this.attempt += 1;
    const delay = Math.round(Math.random() * ceiling);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => { if (!this.stopped) this.connect(); }, delay);
  }

  schedulePing() {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (!this.send({ type: 'ping' })) return;
      clearTimeout(this.pongTimer);
      this.pongTimer = setTimeout(() => {
        // No answer at all: the connection is dead without having said so.
        if (this.socket) this.socket.close(4001, 'no pong');
      }, LiveStream.PONG_WITHIN_MS);
    }, LiveStream.PING_EVERY_MS);
  }

  clearTimers() {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
  }

  state(name) { this.handlers.onState?.(name); }
}

/** Helpers for building DOM without innerHTML, so no message text is ever parsed as HTML. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay
    ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${String(m % 60).padStart(2, '0')}m`;
}

/** A phone number as people read it: +447700900123. */
export function formatNumber(number) {
  if (!number) return '';
  return number.startsWith('+') ? number : `+${number}`;
}
