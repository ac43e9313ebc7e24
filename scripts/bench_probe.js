// Loaded by scripts/benchmark.py into every document of its two browser windows (the app, the empty app).
//
// It notes when each script run's end reaches the browser (the ForwardMsg script_finished, read off the websocket:
// the DOM's data-test-script-state misses a run that React renders in one batch) and defines __benchAct, which
// stamps the action's start, performs it (a click on the element the given script finds) and checks every 5 ms
// whether a run has finished since and the screen's element is drawn (for a map: Leaflet shapes newer than the
// action), then stamps the next animation frame.
(() => {
  const SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]';
  const finished = [];
  window.__benchFinished = finished;
  const varint = (bytes, at) => { let value = 0, shift = 0, byte;
    do { byte = bytes[at.i++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return value; };
  // a ForwardMsg whose script_finished (field 6) is FINISHED_SUCCESSFULLY (0) or FINISHED_WITH_COMPILE_ERROR (1)
  const scriptFinished = (bytes) => {
    const at = {i: 0};
    while (at.i < bytes.length) {
      const key = varint(bytes, at), field = Math.floor(key / 8), wire = key & 7;
      if (wire === 0) { const value = varint(bytes, at); if (field === 6) return value === 0 || value === 1; }
      else if (wire === 2) { const length = varint(bytes, at); at.i += length; }
      else if (wire === 1) at.i += 8;
      else if (wire === 5) at.i += 4;
      else return false;
    }
    return false;
  };
  // the browser's own WebSocket is kept (a subclass changed what Streamlit's client sent); its message handlers
  // are wrapped instead, each message read once
  const seen = new WeakSet();
  const note = (event) => {
    if (seen.has(event)) return;
    seen.add(event);
    if (event.data instanceof ArrayBuffer && scriptFinished(new Uint8Array(event.data))) finished.push(performance.now());
  };
  const proto = window.WebSocket.prototype;
  const onmessage = Object.getOwnPropertyDescriptor(proto, "onmessage");
  Object.defineProperty(proto, "onmessage", {
    configurable: true, enumerable: true, get() { return onmessage.get.call(this); },
    set(handler) { onmessage.set.call(this, handler && function (event) { note(event); return handler.call(this, event); }); },
  });
  const addEventListener = proto.addEventListener;
  proto.addEventListener = function (type, listener, options) {
    if (type !== "message" || typeof listener !== "function") return addEventListener.call(this, type, listener, options);
    return addEventListener.call(this, type, function (event) { note(event); return listener.call(this, event); }, options);
  };
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
