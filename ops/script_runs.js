// Loaded into every document of a browser context (tests, benchmark) before the page's own scripts: notes when each
// Streamlit script run's end reaches the browser, in window.__scriptRunsFinished (performance.now() stamps). It reads
// the ForwardMsg script_finished off the websocket, because the DOM's data-test-script-state misses a run that React
// renders in one batch.
(() => {
  const finished = [];
  window.__scriptRunsFinished = finished;
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
})();
