// Boot: hands the canvas to the wasm module and reports load failures in words.
// (A separate file, not inline: the Content-Security-Policy allows only 'self' scripts.)
'use strict';
var Module = {
  canvas: document.getElementById('canvas'),
  onRuntimeInitialized: function () {
    document.getElementById('boot').className = 'done';
    Module.canvas.focus();
  },
  onAbort: function (what) {
    var boot = document.getElementById('boot');
    boot.className = 'error';
    boot.textContent = 'Handoff could not start (' + what + '). Reload the page; if it persists, ' +
      'check that this browser supports WebGL2 and WebAssembly.';
  },
  print: function (text) { console.log(text); },
  printErr: function (text) { console.warn(text); },
};
// Keep keyboard input on the portal after clicks anywhere on the page, except in the text
// fields (assets/input.js), which keep their own.
document.addEventListener('mousedown', function (e) {
  if (!(e.target && e.target.parentNode && e.target.parentNode.id === 'text_layer')) Module.canvas.focus();
});

// The portal draws only when something may have changed; any of these means it might.
window.__handoff_input = true;
['mousemove', 'mousedown', 'mouseup', 'wheel', 'keydown', 'keyup', 'keypress', 'resize', 'hashchange', 'focus',
 'blur', 'paste', 'drop', 'touchstart', 'touchmove', 'touchend', 'input', 'compositionend', 'focusin', 'focusout'].forEach(function (type) {
  window.addEventListener(type, function () { window.__handoff_input = true; }, {capture: true, passive: true});
});

// The portal's platform services: what the wasm asks the browser to do (see
// client/portal/platform.cpp). Results are queued here and polled once per frame.
window.handoffPlatform = (function () {
  var uploadEvents = [];   // {target, name, loaded, total, done, error}
  var dropped = [];        // files dropped on the page, waiting for a project to go to
  var pasted = '';         // the text of the last paste event (for Ctrl+V in fields)
  var images = {};         // path -> {state: 0 loading | -1 failed | w*65536+h, pixels}

  // POSTs `file` to the same-origin `target` path (a project's files, the logo).
  function upload(target, file) {
    var xhr = new XMLHttpRequest();
    xhr.open('POST', target + '?name=' + encodeURIComponent(file.name));
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    function report(loaded, total, done, error) {
      uploadEvents.push({target: target, name: file.name, loaded: loaded, total: total, done: done, error: error});
    }
    report(0, file.size, false, '');
    xhr.upload.onprogress = function (e) { report(e.loaded, e.total || file.size, false, ''); };
    xhr.onload = function () {
      var error = '';
      if (xhr.status < 200 || xhr.status >= 300) {
        try { error = JSON.parse(xhr.responseText).error.message; } catch (e) { error = 'Upload failed (' + xhr.status + ').'; }
      }
      report(file.size, file.size, true, error);
    };
    xhr.onerror = function () { report(0, file.size, true, 'Cannot reach the server. Check your connection and try again.'); };
    xhr.send(file);
  }

  // Decodes the image at `path` to RGBA pixels, at most 512 px on the longer side.
  function loadImage(path) {
    images[path] = {state: 0, pixels: null};
    fetch(path, {credentials: 'same-origin'})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.blob(); })
      .then(function (blob) { return createImageBitmap(blob); })
      .then(function (bitmap) {
        var scale = Math.min(1, 512 / Math.max(bitmap.width, bitmap.height));
        var w = Math.max(1, Math.round(bitmap.width * scale)), h = Math.max(1, Math.round(bitmap.height * scale));
        var canvas = document.createElement('canvas');
        canvas.width = w;
        canvas.height = h;
        var g = canvas.getContext('2d');
        g.drawImage(bitmap, 0, 0, w, h);
        images[path] = {state: w * 65536 + h, pixels: g.getImageData(0, 0, w, h).data};
      })
      .catch(function () { images[path] = {state: -1, pixels: null}; })
      .then(function () { window.__handoff_input = true; });  // draw the frame that shows it
  }

  function download(href, name) {
    var a = document.createElement('a');
    a.href = href;
    a.download = name || '';
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  document.addEventListener('dragover', function (e) { e.preventDefault(); });
  document.addEventListener('drop', function (e) {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files) {
      for (var i = 0; i < e.dataTransfer.files.length; i++) dropped.push(e.dataTransfer.files[i]);
    }
  });
  document.addEventListener('paste', function (e) {
    pasted = (e.clipboardData && e.clipboardData.getData('text/plain')) || '';
  });

  // The wheel, normalised: Emscripten 3.1.6's GLFW hands over the raw deltaY (±100 per
  // notch in Chromium, and the opposite sign to what ImGui expects). Here deltas become
  // lines whatever the deltaMode (pixels: 100 per notch = 3 lines; lines; pages), then
  // ImGui wheel units (one unit scrolls 5 lines vertically, 2 horizontally); positive
  // means up / left. Trackpads send many small pixel deltas: they add up the same way.
  var wheel = {x: 0, y: 0};
  window.addEventListener('wheel', function (e) {
    var perLine = e.deltaMode === 1 ? 1 : e.deltaMode === 2 ? 20 : 1 / 33.33;  // lines per delta unit
    wheel.y -= (e.deltaY * perLine) / 5;
    wheel.x -= (e.deltaX * perLine) / 2;
  }, {capture: true, passive: true});

  return {
    takeUploadEvents: function () { var out = uploadEvents; uploadEvents = []; return JSON.stringify(out); },
    droppedCount: function () { return dropped.length; },
    uploadDropped: function (target) { var files = dropped; dropped = []; files.forEach(function (f) { upload(target, f); }); },
    // `accept` "" takes several files of any type; "image/*" one image.
    pickFiles: function (target, accept) {
      var input = document.createElement('input');
      input.type = 'file';
      input.multiple = !accept;
      if (accept) input.accept = accept;
      input.style.display = 'none';
      input.onchange = function () {
        for (var i = 0; i < input.files.length; i++) upload(target, input.files[i]);
        input.remove();
      };
      document.body.appendChild(input);
      input.click();
    },
    downloadUrl: function (url) { download(url, ''); },
    downloadText: function (name, text) {
      var url = URL.createObjectURL(new Blob([text], {type: 'application/json'}));
      download(url, name);
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    },
    copyText: function (text) {
      pasted = text;  // Ctrl+V inside the portal pastes it too
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(function () {});
    },
    pastedText: function () { return pasted; },
    // The wheel since the last call, in ImGui units: axis 0 horizontal, 1 vertical.
    takeWheel: function (axis) {
      var v = axis ? wheel.y : wheel.x;
      if (axis) wheel.y = 0; else wheel.x = 0;
      return v;
    },
    loadImage: loadImage,
    imageState: function (path) { return images[path] ? images[path].state : -1; },
    imagePixels: function (path) { return images[path].pixels; },
    newKey: function () {
      if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
      return String(Date.now()) + '-' + String(Math.random()).slice(2);
    },
  };
})();
