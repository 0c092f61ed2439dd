// hero-proc dashboard: small, dependency-free enhancements over server-rendered pages.
(function () {
  'use strict';

  // Live tables: re-fetch the server-rendered rows every second (one status query each time).
  document.querySelectorAll('[data-refresh]').forEach(function (body) {
    var busy = false;
    setInterval(function () {
      if (busy || document.hidden) { return; }
      if (body.querySelector('select:focus')) { return; } // do not yank a menu the user is using
      busy = true;
      fetch(body.dataset.refresh, { headers: { 'Accept': 'text/html' } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          // Replace only what changed, so a quiet table is left alone (and readable by tools).
          if (html !== null && html !== body.dataset.last) { body.dataset.last = html; body.innerHTML = html; }
        })
        .catch(function () {})
        .finally(function () { busy = false; });
    }, 1000);
  });

  // Live log: follow the job's output over SSE; pause auto-scroll when the reader scrolls up.
  var log = document.getElementById('log');
  if (log) {
    var state = document.getElementById('follow-state');
    var streamSelect = document.getElementById('stream');
    var source = null;
    var lastSeq = 0;
    function atBottom() { return log.scrollHeight - log.scrollTop - log.clientHeight < 24; }
    function open() {
      if (source) { source.close(); }
      log.textContent = '';
      lastSeq = 0;
      var url = log.dataset.source + (streamSelect && streamSelect.value ? '?stream=' + encodeURIComponent(streamSelect.value) : '');
      source = new EventSource(url);
      source.onmessage = function (event) {
        var entry = JSON.parse(event.data);
        if (entry.seq <= lastSeq) { return; }
        lastSeq = entry.seq;
        var follow = atBottom();
        var line = document.createElement('div');
        line.className = entry.stream;
        line.textContent = entry.line; // text, never HTML
        log.appendChild(line);
        if (follow) { log.scrollTop = log.scrollHeight; }
        state.textContent = follow ? 'following' : 'paused (scrolled up)';
      };
      source.addEventListener('end', function () { state.textContent = 'job ended'; source.close(); });
      source.onerror = function () { state.textContent = 'reconnecting…'; };
    }
    log.addEventListener('scroll', function () { state.textContent = atBottom() ? 'following' : 'paused (scrolled up)'; });
    if (streamSelect) { streamSelect.addEventListener('change', open); }
    open();
  }
})();
