// Loaded by scripts/benchmark.py into every document of its two browser windows (the app, the empty app).
//
// With the script-run notes of ops/script_runs.js (loaded before it) it defines __benchAct, which
// stamps the action's start, performs it (a click on the element the given script finds) and checks every 5 ms
// whether a run has finished since and the screen's element is drawn (for a map: Leaflet shapes newer than the
// action), then stamps the next animation frame.
(() => {
  const SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]';
  const finished = window.__scriptRunsFinished;  // ops/script_runs.js, loaded first
  const visible = (el) => { const r = el.getBoundingClientRect();
                            return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"; };
  const shapes = () => [...document.querySelectorAll("iframe")].flatMap((frame) => {
    try { return [...frame.contentDocument.querySelectorAll(".leaflet-interactive")]; } catch (e) { return []; } });
  window.__benchAct = (target, selector, kind) => {
    for (const shape of shapes()) shape.__benchOld = true;
    window.__benchResult = null;
    const element = eval(target);
    if (!element) { window.__benchResult = {error: "no element for " + target}; return; }
    const before = finished.length;
    const t0 = performance.now();
    element.click();
    const check = () => {
      const done = finished.length > before && document.querySelector(SCRIPT_DONE);
      const drawn = done && [...document.querySelectorAll(selector)].some(visible)
        && (kind !== "map" || shapes().some((shape) => !shape.__benchOld));
      if (!drawn) { if (performance.now() - t0 < 60000) setTimeout(check, 5);
                    else window.__benchResult = {error: "not ready after 60 s"}; return; }
      const end = finished[finished.length - 1];
      requestAnimationFrame(() => {
        window.__benchResult = {ms: performance.now() - t0, script_ms: end - t0, runs: finished.length - before};
      });
    };
    check();
  };
})();
