// Attain — live updates, one `/live` stream per browser rather than per tab.
//
// Browsers allow six HTTP/1.1 connections per host. A stream per tab (and per
// page kept in the back-forward cache) used them all up and froze navigation.
// So the tabs of one signed-in person elect a leader with a Web Lock; only the
// leader holds an EventSource and passes each event to the other tabs over a
// BroadcastChannel. When the leader goes (closed, navigated, frozen, put in
// the back-forward cache) the lock passes to the next tab, which opens the
// stream with the last event id seen, so the server replays what was missed.
// Without Web Locks or BroadcastChannel, each tab polls `/live/missed`.
//
// Every event arrives on <body> as `live:NAME` (progress, board, bell, …);
// htmx elements refresh with `hx-trigger="live:progress from:body"`.
// A page closes everything on pagehide/freeze and starts again on
// pageshow/resume, catching up through `/live/missed` with its own last id.
(function () {
  "use strict";

  var body = document.body;
  var user = body && body.getAttribute("data-live-user");
  if (!user) return;

  var NAMES = ["progress", "board", "achievement", "feed", "bell", "sales-queue", "goals-queue"];
  var KEY = "attain-live-" + user;
  var ID_KEY = KEY + "-id";
  var POLL_MS = 20000;
  var MAX_BACKOFF_MS = 30000;
  var shared = !!(navigator.locks && navigator.locks.request && window.BroadcastChannel);

  // What tests and curious people can read: role, stream state, events heard.
  var state = window.attainLive = { role: "off", open: false, heard: 0, lastAt: 0, lastId: null };

  var channel = null;
  var source = null;
  var release = null;
  var abort = null;
  var pollTimer = null;
  var retryTimer = null;
  var backoff = 1000;
  var running = false;

  function storedId() {
    try { return window.localStorage.getItem(ID_KEY); } catch (e) { return null; }
  }

  function remember(id) {
    if (!id) return;
    state.lastId = id;
    try { window.localStorage.setItem(ID_KEY, id); } catch (e) { /* private mode */ }
  }

  function deliver(name, id) {
    remember(id);
    state.heard += 1;
    state.lastAt = Date.now();
    body.dispatchEvent(new CustomEvent("live:" + name));
  }

  function withId(path, id) {
    return id ? path + "?last_event_id=" + encodeURIComponent(id) : path;
  }

  // --- the leader's stream -------------------------------------------------

  function openStream() {
    retryTimer = null;
    if (!running || release === null) return;
    source = new EventSource(withId("/live", state.lastId || storedId()));
    source.onopen = function () { state.open = true; backoff = 1000; };
    // The server's greeting carries the current id, for the next tab.
    source.addEventListener("hello", function (event) { remember(event.lastEventId); });
    NAMES.forEach(function (name) {
      source.addEventListener(name, function (event) {
        deliver(name, event.lastEventId);
        if (channel) channel.postMessage({ name: name, id: event.lastEventId });
      });
    });
    // Reconnect ourselves, with a growing, jittered pause and the last id.
    source.onerror = function () {
      closeStream();
      if (!running) return;
      retryTimer = window.setTimeout(openStream, backoff / 2 + Math.random() * backoff / 2);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    };
  }

  function closeStream() {
    state.open = false;
    if (source) { source.close(); source = null; }
    if (retryTimer) { window.clearTimeout(retryTimer); retryTimer = null; }
  }

  function lead() {
    abort = window.AbortController ? new AbortController() : null;
    var options = abort ? { signal: abort.signal } : {};
    navigator.locks.request(KEY, options, function () {
      if (!running) return undefined;
      state.role = "leader";
      return new Promise(function (resolve) {
        release = resolve;
        openStream();
      });
    }).catch(function () { /* aborted on pagehide */ });
  }

  // --- polling, where tabs cannot share ------------------------------------

  function poll() {
    pollTimer = null;
    catchUp(function () {
      if (running) pollTimer = window.setTimeout(poll, POLL_MS);
    });
  }

  // Asks what this page missed since its last id; calls `then` when done.
  function catchUp(then) {
    var since = state.lastId;
    window.fetch(withId("/live/missed", since), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (answer && running) {
        remember(answer.id);
        if (since) answer.names.forEach(function (name) { deliver(name, null); });
      }
    }).catch(function () { /* offline: the next try catches up */ })
      .then(then);
  }

  // --- the page's life -----------------------------------------------------

  function start(resumed) {
    if (running) return;
    running = true;
    if (!shared) {
      state.role = "polling";
      // A fresh page is up to date: its first poll only fetches the id.
      if (!resumed) state.lastId = null;
      poll();
      return;
    }
    state.role = "follower";
    channel = new BroadcastChannel(KEY);
    channel.onmessage = function (event) {
      var data = event.data || {};
      if (NAMES.indexOf(data.name) >= 0) deliver(data.name, data.id);
    };
    // Back from the cache: first hear what this page missed while away.
    if (resumed && state.lastId) catchUp(function () {});
    lead();
  }

  function stop() {
    if (!running) return;
    running = false;
    closeStream();
    if (release) { release(); release = null; }
    if (abort) { abort.abort(); abort = null; }
    if (channel) { channel.close(); channel = null; }
    if (pollTimer) { window.clearTimeout(pollTimer); pollTimer = null; }
    state.role = "off";
  }

  state.lastId = storedId();
  window.addEventListener("pagehide", stop);
  document.addEventListener("freeze", stop);
  window.addEventListener("pageshow", function (event) { if (event.persisted) start(true); });
  document.addEventListener("resume", function () { start(true); });
  start(false);
})();
