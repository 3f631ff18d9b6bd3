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
// Keep keyboard input on the portal after clicks anywhere on the page.
document.addEventListener('mousedown', function () { Module.canvas.focus(); });
