// The live preview (`pressflow serve`): reload this page when a release, a catalog, a template or
// the configuration changes. The server pushes each change as a server-sent event; the page asks
// nothing itself. `data-generation` names the state of the files the page was made from: a change
// that came while the page had no stream open is told as soon as it opens one.
(() => {
  const generation = document.currentScript.dataset.generation;
  let events = null;
  const listen = () => {
    if (events !== null || document.visibilityState === 'hidden') return;
    events = new EventSource(`/_pressflow/events?since=${encodeURIComponent(generation)}`);
    events.addEventListener('change', () => {
      events.close();
      window.location.reload();
    });
  };
  // A hidden tab gives its connection back (a browser opens at most six to a server over
  // HTTP/1.1, and each stream holds one), and reloads when shown if something changed meanwhile.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden' && events !== null) {
      events.close();
      events = null;
    } else {
      listen();
    }
  });
  listen();
})();
