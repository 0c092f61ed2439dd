// hero-proc dashboard: small, dependency-free enhancements over server-rendered pages. Every page
// works without it (forms post, links link); with it, parts refresh live, logs follow, Kill asks.
(function () {
  'use strict';

  // What identifies a focusable element across a re-render, so keyboard focus survives a refresh.
  function focusKey(el) {
    if (el.id) { return '#' + el.id; }
    if (el.form && el.name) { return el.form.getAttribute('action') + '|' + el.name; }
    if (el.tagName === 'A') { return 'a|' + el.getAttribute('href'); }
    if (el.tagName === 'SUMMARY' && el.parentElement.id) { return 'summary|' + el.parentElement.id; }
    return null;
  }

  function findByKey(root, key) {
    var candidates = root.querySelectorAll('a, button, select, input, summary, [tabindex]');
    for (var i = 0; i < candidates.length; i++) {
      if (focusKey(candidates[i]) === key) { return candidates[i]; }
    }
    return null;
  }

  // A select changed but not yet submitted with its "set" button: a refresh would undo the choice.
  function editing(root) {
    return Array.prototype.some.call(root.querySelectorAll('select'), function (s) {
      return s === document.activeElement || Array.prototype.some.call(s.options, function (o) {
        return o.selected !== o.defaultSelected;
      });
    });
  }

  // Live parts: re-fetch a server-rendered fragment every data-every ms and swap it in when it
  // changed, keeping focus and open <details>. A fragment marked data-final is the last one.
  document.querySelectorAll('[data-live]').forEach(function (part) {
    var every = parseInt(part.dataset.every || '1000', 10);
    var last = null;
    function done() { return part.querySelector('[data-final]') !== null; }
    function tick() {
      if (done()) { return; }
      if (document.hidden || editing(part)) { setTimeout(tick, every); return; }
      fetch(part.dataset.live, { headers: { 'Accept': 'text/html' } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html === null || html === last) { return; }
          last = html;
          var active = document.activeElement;
          var key = part.contains(active) ? focusKey(active) : null;
          var open = Array.prototype.map.call(part.querySelectorAll('details[open][id]'), function (d) { return d.id; });
          part.innerHTML = html;
          open.forEach(function (id) { var d = document.getElementById(id); if (d) { d.open = true; } });
          var again = key && findByKey(part, key);
          if (again) { again.focus({ preventScroll: true }); }
          document.dispatchEvent(new CustomEvent('hero:refreshed', { detail: part }));
        })
        .catch(function () {})
        .finally(function () { setTimeout(tick, every); });
    }
    setTimeout(tick, every);
  });

  // Kill (and anything else marked data-confirm) asks first; the server asks again if it is
  // posted without "confirmed", so the question holds without this script too.
  document.addEventListener('submit', function (event) {
    var form = event.target.closest('form[data-confirm]');
    if (!form) { return; }
    if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); return; }
    var confirmed = document.createElement('input');
    confirmed.type = 'hidden';
    confirmed.name = 'confirmed';
    confirmed.value = 'yes';
    form.appendChild(confirmed);
  });

  // Live log: follow a job's (cursor "seq") or a service run's (cursor "id") output over SSE,
  // keeping the last data-tail lines; pause auto-scroll when the reader scrolls up. On a service
  // page a new run (seen in the refreshed status) is followed from its start.
  var log = document.getElementById('log');
  if (log) {
    var state = document.getElementById('follow-state');
    var streamSelect = document.getElementById('stream');
    var cursor = log.dataset.cursor || 'seq';
    var tail = parseInt(log.dataset.tail || '0', 10);
    var source = null;
    var lastSeen = 0;
    var atBottom = function () { return log.scrollHeight - log.scrollTop - log.clientHeight < 24; };
    var url = function () {
      var params = [];
      if (log.dataset.run) { params.push('run=' + encodeURIComponent(log.dataset.run)); }
      if (streamSelect && streamSelect.value) { params.push('stream=' + encodeURIComponent(streamSelect.value)); }
      return log.dataset.source + (params.length ? '?' + params.join('&') : '');
    };
    var open = function () {
      if (source) { source.close(); source = null; }
      log.textContent = '';
      lastSeen = 0;
      if ('run' in log.dataset && !log.dataset.run) { state.textContent = 'not run yet'; return; }
      source = new EventSource(url());
      source.onopen = function () { state.textContent = 'following'; };
      source.onmessage = function (event) {
        var entry = JSON.parse(event.data);
        if (entry[cursor] <= lastSeen) { return; }
        lastSeen = entry[cursor];
        var follow = atBottom();
        var line = document.createElement('div');
        line.className = entry.stream;
        line.textContent = entry.line; // text, never HTML
        log.appendChild(line);
        while (tail > 0 && log.childElementCount > tail) { log.removeChild(log.firstChild); }
        if (follow) { log.scrollTop = log.scrollHeight; }
        state.textContent = follow ? 'following' : 'paused (scrolled up)';
      };
      source.addEventListener('end', function () {
        state.textContent = cursor === 'id' ? 'run ended' : 'job ended';
        source.close();
      });
      source.onerror = function () { if (source && source.readyState !== 2) { state.textContent = 'reconnecting…'; } };
    };
    log.addEventListener('scroll', function () {
      if (source) { state.textContent = atBottom() ? 'following' : 'paused (scrolled up)'; }
    });
    if (streamSelect) { streamSelect.addEventListener('change', open); }
    document.addEventListener('hero:refreshed', function () {
      var current = document.getElementById('current-run');
      if ('run' in log.dataset && current && current.dataset.run !== log.dataset.run) {
        log.dataset.run = current.dataset.run;
        open();
      }
    });
    open();
  }
})();
