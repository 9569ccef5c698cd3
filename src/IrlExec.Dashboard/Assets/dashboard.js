// IrlExec dashboard: the pages' only script (shipped in the package; no framework, nothing loaded from elsewhere).
// A page that shows live data names its event stream in <body data-events>. When the server says an execution changed,
// the script fetches the same page's live part again (header X-IrlExec-Fragment) and puts it in place of #live: the
// server renders and encodes everything, the script only swaps server-made markup.
(function () {
  'use strict';
  var body = document.body;
  var events = body.getAttribute('data-events');
  var badge = document.getElementById('live-state');

  function setState(text) {
    if (!badge) return;
    badge.textContent = text;
    badge.className = 'live-state ' + text;
  }

  // Forms that change something ask first.
  document.addEventListener('submit', function (e) {
    var message = e.target.getAttribute && e.target.getAttribute('data-confirm');
    if (message && !window.confirm(message)) e.preventDefault();
  });

  if (!events || !window.EventSource || !window.fetch) return;

  var running = false, again = false, timer = null;

  function openDetails(root) {
    var open = [];
    root.querySelectorAll('details').forEach(function (d, i) { if (d.open) open.push(i); });
    return open;
  }

  // What a person is typing into a form of the live part (an action's value, a reason) survives the swap: the fields
  // they changed, and the one they are in, get their value (and focus) back in the new markup.
  function keepFields(root) {
    var kept = [];
    root.querySelectorAll('form[id] input, form[id] select, form[id] textarea').forEach(function (f) {
      if (f.type === 'hidden' || !f.name) return;
      var changed = f.tagName === 'SELECT'
        ? f.selectedIndex >= 0 && !f.options[f.selectedIndex].defaultSelected
        : f.value !== f.defaultValue;
      var focused = f === document.activeElement;
      if (changed || focused) kept.push({ form: f.form.id, name: f.name, value: f.value, focused: focused });
    });
    return kept;
  }

  function restoreFields(root, kept) {
    kept.forEach(function (k) {
      var form = document.getElementById(k.form);
      if (!form || !root.contains(form)) return;
      var f = form.elements.namedItem(k.name);
      if (!f || f.type === 'hidden' || typeof f.value !== 'string') return;
      f.value = k.value;
      if (k.focused) f.focus();
    });
  }

  function refresh() {
    if (running) { again = true; return; }
    running = true;
    fetch(window.location.href, { headers: { 'X-IrlExec-Fragment': '1' }, cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var live = document.getElementById('live');
        if (!live) return;
        var open = openDetails(live);
        var fields = keepFields(live);
        var log = document.getElementById('log-tail');
        var atBottom = !log || log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
        live.innerHTML = html;
        var details = live.querySelectorAll('details');
        open.forEach(function (i) { if (details[i]) details[i].open = true; });
        restoreFields(live, fields);
        log = document.getElementById('log-tail');
        if (log && atBottom) log.scrollTop = log.scrollHeight;
        body.setAttribute('data-refreshed', String(Date.now()));
      })
      .catch(function () { /* the next event tries again */ })
      .then(function () {
        running = false;
        if (again) { again = false; schedule(); }
      });
  }

  function schedule() {
    if (timer !== null) return;
    timer = window.setTimeout(function () { timer = null; refresh(); }, 80);
  }

  var log = document.getElementById('log-tail');
  if (log) log.scrollTop = log.scrollHeight;

  var source = new EventSource(events);
  var connectedOnce = false;
  source.addEventListener('open', function () {
    setState('live');
    // After a reconnect, changes may have been missed while the stream was down.
    if (connectedOnce) schedule();
    connectedOnce = true;
  });
  source.addEventListener('error', function () { setState('reconnecting'); });
  // The stream's first event names the index's version when it subscribed: changes published between the page's
  // drawing and then were never sent to it, so it fetches them.
  source.addEventListener('hello', function (e) {
    var drawn = body.getAttribute('data-version');
    try {
      if (drawn !== null && String(JSON.parse(e.data).version) !== drawn) schedule();
    } catch (_) { schedule(); }
  });
  source.addEventListener('change', schedule);
})();
