// Loaded into every document of a browser context (tests, benchmark) before the page's own scripts: notes when each
// Streamlit script run's end reaches the browser, in window.__scriptRunsFinished (performance.now() stamps). It reads
// the ForwardMsg script_finished off the websocket, because the DOM's data-test-script-state misses a run that React
// renders in one batch. A component (the map, st_folium) asks for a run of its own when it reports its state: which
// runs sent a component is noted in window.__componentRuns (one entry per finished run; an element sent again as a
// cached reference is not seen, and needs no wait), its reports in window.__componentReports. Each run the page asks
// for (a click, a choice, a file that finished uploading) is noted when sent, in window.__rerunsSent, with the names
// of the files its uploaders hold: replacing an uploaded file asks for two runs, one without the old file and one
// with the new file once uploaded, and only the second shows what the file gives.
(() => {
  const finished = [], componentRuns = [], reports = [], rerunsSent = [];
  window.__scriptRunsFinished = finished;
  window.__componentRuns = componentRuns;
  window.__componentReports = reports;
  window.__rerunsSent = rerunsSent;
  window.addEventListener("message", (event) => {
    if (event.data && event.data.type === "streamlit:setComponentValue") reports.push(performance.now());
  });
  const varint = (bytes, at) => { let value = 0, shift = 0, byte;
    do { byte = bytes[at.i++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return value; };
  // the protobuf fields of bytes[start, end): [field, value] with a varint's value or a length-delimited field's
  // [start, end)
  function* fields(bytes, start, end) {
    const at = {i: start};
    while (at.i < end) {
      const key = varint(bytes, at), field = Math.floor(key / 8), wire = key & 7;
      if (wire === 0) yield [field, varint(bytes, at)];
      else if (wire === 2) { const length = varint(bytes, at); yield [field, [at.i, at.i + length]]; at.i += length; }
      else if (wire === 1) at.i += 8;
      else if (wire === 5) at.i += 4;
      else return;
    }
  }
  const child = (bytes, [start, end], number) => {
    for (const [field, value] of fields(bytes, start, end)) if (field === number) return value;
    return undefined;
  };
  // ForwardMsg: delta 5, script_finished 6 (FINISHED_SUCCESSFULLY 0, FINISHED_WITH_COMPILE_ERROR 1);
  // Delta: new_element 3; Element: component_instance 37
  let sentComponent = false;
  const read = (bytes) => {
    for (const [field, value] of fields(bytes, 0, bytes.length)) {
      if (field === 6 && (value === 0 || value === 1)) {
        finished.push(performance.now());
        componentRuns.push(sentComponent);
        sentComponent = false;
      } else if (field === 5) {
        const element = child(bytes, value, 3);
        if (element && child(bytes, element, 37)) sentComponent = true;
      }
    }
  };
  const proto = window.WebSocket.prototype;
  // BackMsg: rerun_script 11; ClientState: widget_states 2; WidgetStates: widgets 1;
  // WidgetState: file_uploader_state_value 13; FileUploaderState: uploaded_file_info 2; UploadedFileInfo: name 2
  const utf8 = new TextDecoder();
  const readSent = (bytes) => {
    const state = child(bytes, [0, bytes.length], 11);
    if (!state) return;
    const files = [], widgets = child(bytes, state, 2);
    for (const [field, widget] of widgets ? fields(bytes, ...widgets) : []) {
      const uploader = field === 1 && child(bytes, widget, 13);
      for (const [number, info] of uploader ? fields(bytes, ...uploader) : []) {
        const name = number === 2 && child(bytes, info, 2);
        if (name) files.push(utf8.decode(bytes.subarray(...name)));
      }
    }
    rerunsSent.push({at: performance.now(), files});
  };
  const send = proto.send;
  proto.send = function (data) {
    if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
      readSent(new Uint8Array(data instanceof ArrayBuffer ? data : data.buffer, data.byteOffset ?? 0, data.byteLength));
    }
    return send.call(this, data);
  };
  // the browser's own WebSocket is kept (a subclass changed what Streamlit's client sent); its message handlers
  // are wrapped instead, each message read once
  const seen = new WeakSet();
  const note = (event) => {
    if (seen.has(event)) return;
    seen.add(event);
    if (event.data instanceof ArrayBuffer) read(new Uint8Array(event.data));
  };
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
