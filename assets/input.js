// input.js — the portal as a web page for fingers and keyboards of every kind:
//
//  [SECTION] Text layer: every text field the portal draws is a real <input>/<textarea>
//            placed over the field's pixels (client/portal/text_layer.cpp publishes them
//            each frame). The browser edits the text: phone keyboards, input methods
//            (composition commits whole), dead keys, emoji, autofill and password managers,
//            paste, undo and selection all work as on any page. The portal reads the value
//            back each frame and draws the field's frame, focus ring and unfocused text.
//  [SECTION] Touch: a swipe scrolls what is under the finger (with momentum), a tap clicks,
//            a long press picks up (drag on the board). Emscripten's GLFW would turn every
//            touch into a mouse press, so the canvas's touches never reach it.
//
// Loaded after boot.js and before handoff.js: the key listeners below must run before
// GLFW's (window, capture phase, registration order), so keys typed into a field never
// also reach Dear ImGui (no double letters, no Backspace swallowed by GLFW's preventDefault).
'use strict';
(function () {
  var layer = document.createElement('div');
  layer.id = 'text_layer';
  document.body.appendChild(layer);

  // ---- [SECTION] Text layer ------------------------------------------------------------

  var fields = {};       // id -> element (input or textarea), in the order last published
  var edits = {};        // id -> value typed since the portal last read it
  var published = {};    // id -> the value the portal last published
  var submits = [];      // ids where Enter was pressed (single-line fields)
  var focusRequest = 0;  // a field the portal asked to focus (published with the next sync)
  var composing = false;

  function isField(el) { return el && el.parentNode === layer; }
  function focusedId() { return isField(document.activeElement) ? Number(document.activeElement.dataset.id) : 0; }
  function poke() { window.__handoff_input = true; }

  // What each kind of field tells the browser: keyboard, autofill, capitalisation.
  var kinds = {
    text: {type: 'text', autocomplete: 'off', inputmode: 'text', spell: true, cap: 'sentences'},
    name: {type: 'text', autocomplete: 'name', inputmode: 'text', spell: false, cap: 'words'},
    email: {type: 'email', autocomplete: 'email', inputmode: 'email', spell: false, cap: 'none'},
    username: {type: 'email', autocomplete: 'username', inputmode: 'email', spell: false, cap: 'none'},
    current_password: {type: 'password', autocomplete: 'current-password', inputmode: 'text', spell: false, cap: 'none'},
    new_password: {type: 'password', autocomplete: 'new-password', inputmode: 'text', spell: false, cap: 'none'},
    number: {type: 'text', autocomplete: 'off', inputmode: 'decimal', spell: false, cap: 'none'},
    date: {type: 'text', autocomplete: 'off', inputmode: 'text', spell: false, cap: 'none'},
    url: {type: 'url', autocomplete: 'url', inputmode: 'url', spell: false, cap: 'none'},
    multiline: {type: '', autocomplete: 'off', inputmode: 'text', spell: true, cap: 'sentences'},
  };

  function make(f) {
    var multiline = f.kind === 'multiline';
    var el = document.createElement(multiline ? 'textarea' : 'input');
    var k = kinds[f.kind] || kinds.text;
    if (!multiline) el.type = k.type;
    el.dataset.id = String(f.id);
    el.dataset.kind = f.kind;
    el.setAttribute('autocomplete', k.autocomplete);
    el.setAttribute('inputmode', k.inputmode);
    el.setAttribute('autocapitalize', k.cap);
    el.spellcheck = k.spell;
    el.addEventListener('input', function () { edits[f.id] = el.value; poke(); });
    return el;
  }

  document.addEventListener('compositionstart', function () { composing = true; }, true);
  document.addEventListener('compositionend', function () { composing = false; poke(); }, true);
  layer.addEventListener('focusin', poke);
  layer.addEventListener('focusout', poke);
  // A press that started on the canvas and ends over a field: GLFW listens for the release
  // on the canvas only, so it gets one there (else ImGui would hold the button down).
  var canvasPressed = false;
  window.addEventListener('mousedown', function (e) { canvasPressed = e.target === window.Module.canvas; }, true);
  window.addEventListener('mouseup', function (e) {
    if (canvasPressed && isField(e.target)) {
      window.Module.canvas.dispatchEvent(new MouseEvent('mouseup', {
        clientX: e.clientX, clientY: e.clientY, screenX: e.screenX, screenY: e.screenY, button: e.button, bubbles: true}));
    }
    canvasPressed = false;
  }, true);

  // The mouse over a field is still over the portal: GLFW listens on the canvas only, so
  // the position is passed on (the wheel then scrolls what is under the pointer, and hover
  // leaves the widget the pointer left).
  layer.addEventListener('mousemove', function (e) {
    window.Module.canvas.dispatchEvent(new MouseEvent('mousemove', {
      clientX: e.clientX, clientY: e.clientY, screenX: e.screenX, screenY: e.screenY, bubbles: true}));
  });

  // Keys typed into a field are the field's: GLFW (and so Dear ImGui) does not see them,
  // except Escape (forms cancel on it). The browser's default actions stay (typing, Tab to
  // the next field in drawn order); stopping the event here, at the window, means no
  // listener further down sees it, so Enter is handled here too.
  // A keyup is kept from GLFW only when its keydown was: a key pressed on the canvas and
  // released in a field (Shift, say) must reach GLFW, or it would stay down for ImGui.
  var stoppedKeys = {};
  ['keydown', 'keypress', 'keyup'].forEach(function (type) {
    window.addEventListener(type, function (e) {
      var el = e.target;
      if (type === 'keyup') {
        if (!stoppedKeys[e.code]) return;
        delete stoppedKeys[e.code];
        e.stopImmediatePropagation();
        return;
      }
      if (!isField(el) || e.key === 'Escape') return;
      if (type === 'keydown') stoppedKeys[e.code] = true;
      e.stopImmediatePropagation();
      // Enter submits a single-line field's form, except while an input method is
      // composing (there Enter commits the composition).
      if (type === 'keydown' && e.key === 'Enter' && el.tagName === 'INPUT' && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        var id = Number(el.dataset.id);
        edits[id] = el.value;
        submits.push(id);
        poke();
      }
    }, true);
  });

  // Places el over the field's frame, clipped to what its window shows (CSS pixels).
  function place(el, f, blocked) {
    var s = el.style;
    s.left = f.x + 'px';
    s.top = f.y + 'px';
    s.width = f.w + 'px';
    s.height = f.h + 'px';
    var top = Math.max(0, f.cy - f.y), left = Math.max(0, f.cx - f.x);
    var bottom = Math.max(0, f.y + f.h - (f.cy + f.ch)), right = Math.max(0, f.x + f.w - (f.cx + f.cw));
    var hidden = top + bottom >= f.h || left + right >= f.w;
    // A field scrolled out of view keeps its focus (and its phone keyboard): it is clipped
    // away, never hidden or removed.
    s.clipPath = hidden ? 'inset(50%)' : (top || left || bottom || right) ?
      'inset(' + top + 'px ' + right + 'px ' + bottom + 'px ' + left + 'px)' : '';
    // An open popup or menu is drawn over the fields: clicks go to it.
    s.pointerEvents = blocked || hidden ? 'none' : 'auto';
  }

  // The portal's fields this frame, in drawn order: [{id, label, kind, x, y, w, h, cx, cy,
  // cw, ch, value, disabled}]; `blocked` when a popup covers the page.
  function sync(json) {
    var list = JSON.parse(json);
    var seen = {};
    var order = [];
    list.fields.forEach(function (f) {
      var el = fields[f.id];
      if (el && el.dataset.kind !== f.kind) { el.remove(); el = null; }
      if (!el) { el = make(f); el.dataset.fresh = '1'; fields[f.id] = el; }
      seen[f.id] = true;
      order.push(el);
      if (el.getAttribute('aria-label') !== f.label) el.setAttribute('aria-label', f.label);
      if (el.enterKeyHint !== f.enter) el.enterKeyHint = f.enter;
      // Read-only, not disabled: a disabled element loses the focus (and the phone keyboard)
      // while a form is busy, e.g. during a login.
      if (el.readOnly !== f.disabled) { el.readOnly = f.disabled; el.setAttribute('aria-disabled', String(f.disabled)); }
      // The element keeps what the person typed; the portal's value replaces it only when
      // the portal itself changed it (a form cleared or filled), and never mid-composition.
      // (Setting it otherwise would lose keystrokes typed since the last read, move the
      // caret and drop the browser's undo history.)
      var changedByPortal = published[f.id] !== f.value;
      published[f.id] = f.value;
      if ((changedByPortal || el.dataset.fresh) && !(composing && document.activeElement === el) && el.value !== f.value) {
        el.value = f.value;
      }
      delete el.dataset.fresh;
      place(el, f, list.blocked);
    });
    Object.keys(fields).forEach(function (id) {
      if (!seen[id]) {
        var gone = fields[id];
        delete fields[id];
        delete edits[id];
        delete published[id];
        if (document.activeElement === gone) window.Module.canvas.focus();
        gone.remove();
      }
    });
    // Keep the DOM in drawn order: Tab goes to the next field the person sees.
    for (var i = 0; i < order.length; i++) {
      if (layer.children[i] !== order[i]) layer.insertBefore(order[i], layer.children[i] || null);
    }
    if (focusRequest && fields[focusRequest]) fields[focusRequest].focus({preventScroll: true});
    focusRequest = 0;
  }

  // ---- [SECTION] Touch ------------------------------------------------------------------

  var kSlop = 8;            // CSS px a finger may wander before a touch is a swipe
  var kLongPressMs = 450;   // held this long without moving: picked up (a drag)
  var pointer = [];         // [{t: 'move'|'down'|'up'|'leave'|'pan', x, y, dx, dy}] in canvas px
  var touch = null;         // the finger on the canvas: {x0, y0, x, y, mode, timer, samples}
  var glide = null;         // momentum after a swipe: {vx, vy, x, y, last}
  var touchSeen = false;

  function canvasScale() {
    var c = window.Module.canvas, r = c.getBoundingClientRect();
    return {s: r.width ? c.width / r.width : 1, left: r.left, top: r.top};
  }
  function at(t) {
    var k = canvasScale();
    return {x: (t.clientX - k.left) * k.s, y: (t.clientY - k.top) * k.s, s: k.s};
  }
  function queue(e) { pointer.push(e); poke(); }

  function stopGlide() { glide = null; }
  function stepGlide(now) {
    if (!glide) return;
    var dt = Math.min(100, now - glide.last);  // real time: a slow phone glides as far, in as long
    glide.last = now;
    var decay = Math.exp(-dt / 325);  // the feel of native momentum scrolling
    glide.vx *= decay;
    glide.vy *= decay;
    if (Math.abs(glide.vx) < 0.02 && Math.abs(glide.vy) < 0.02) {
      queue({t: 'leave'});
      glide = null;
      return;
    }
    queue({t: 'pan', x: glide.x, y: glide.y, dx: glide.vx * dt * glide.s, dy: glide.vy * dt * glide.s});
    requestAnimationFrame(stepGlide);
  }

  window.addEventListener('touchstart', function (e) {
    touchSeen = true;
    stopGlide();
    var onCanvas = e.target === window.Module.canvas;
    if (onCanvas) e.stopImmediatePropagation();  // never GLFW's touch-as-mouse, whatever the gesture
    if (e.touches.length !== 1) {  // two fingers: the browser's pinch zoom, not ours
      if (touch && touch.mode === 'drag') { queue({t: 'up'}); queue({t: 'leave'}); }
      if (touch) clearTimeout(touch.timer);
      touch = null;
      return;
    }
    var onField = isField(e.target);
    // In the field being edited a finger selects, moves the caret, scrolls a long text.
    if (onField && e.target === document.activeElement) return;
    if (!onCanvas && !onField) return;
    var t = e.touches[0];
    var p = at(t);
    touch = {x0: t.clientX, y0: t.clientY, t0: e.timeStamp, x: p.x, y: p.y, mode: 'pending', field: onField, dragged: false,
             samples: [{t: e.timeStamp, x: t.clientX, y: t.clientY}], timer: 0};
    if (!onField) {
      e.preventDefault();            // no emulated mouse events, no native gestures
      e.stopImmediatePropagation();  // and not GLFW's touch-as-mouse
      touch.timer = setTimeout(function () {
        if (touch && touch.mode === 'pending') {
          touch.mode = 'drag';
          queue({t: 'move', x: touch.x, y: touch.y});
          queue({t: 'down'});
        }
      }, kLongPressMs);
    }
  }, {capture: true, passive: false});

  window.addEventListener('touchmove', function (e) {
    if (e.target === window.Module.canvas) e.stopImmediatePropagation();
    if (!touch || e.touches.length !== 1) return;
    var t = e.touches[0];
    var p = at(t);
    e.preventDefault();
    e.stopImmediatePropagation();
    var far = Math.hypot(t.clientX - touch.x0, t.clientY - touch.y0) > kSlop;
    if (touch.mode === 'pending' && far) {
      clearTimeout(touch.timer);
      touch.mode = 'pan';
    }
    // A busy page can run the long-press timer before a move that happened earlier: the
    // event's own time says the finger was already swiping. Let go off-target (no click).
    if (touch.mode === 'drag' && !touch.dragged && far && e.timeStamp - touch.t0 < kLongPressMs) {
      queue({t: 'leave'});
      touch.mode = 'pan';
    }
    if (touch.mode === 'drag') touch.dragged = true;
    if (touch.mode === 'pan') {
      queue({t: 'pan', x: p.x, y: p.y, dx: p.x - touch.x, dy: p.y - touch.y});
      touch.samples.push({t: e.timeStamp, x: t.clientX, y: t.clientY});
      if (touch.samples.length > 6) touch.samples.shift();
    } else if (touch.mode === 'drag') {
      queue({t: 'move', x: p.x, y: p.y});
    }
    touch.x = p.x;
    touch.y = p.y;
  }, {capture: true, passive: false});

  function endTouch(e, cancelled) {
    if (e.target === window.Module.canvas) e.stopImmediatePropagation();
    if (!touch) return;
    var done = touch;
    touch = null;
    clearTimeout(done.timer);
    if (!done.field) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
    if (done.mode === 'drag') {
      queue({t: 'up'});
      queue({t: 'leave'});
    } else if (done.mode === 'pan') {
      // Release velocity from the last ~100 ms of the swipe, in CSS px per ms.
      var last = done.samples[done.samples.length - 1], first = done.samples[0];
      for (var i = done.samples.length - 1; i >= 0 && last.t - done.samples[i].t < 100; i--) first = done.samples[i];
      var dt = last.t - first.t;
      if (!cancelled && dt > 0 && e.timeStamp - last.t < 80) {
        glide = {vx: (last.x - first.x) / dt, vy: (last.y - first.y) / dt, x: done.x, y: done.y,
                 s: canvasScale().s, last: performance.now()};
        requestAnimationFrame(stepGlide);
      } else {
        queue({t: 'leave'});
      }
    } else if (!cancelled && !done.field) {
      // A tap: a click where the finger was, then the pointer leaves (no hover stays).
      if (isField(document.activeElement)) window.Module.canvas.focus();  // the keyboard goes away
      queue({t: 'move', x: done.x, y: done.y});
      queue({t: 'down'});
      queue({t: 'up'});
      queue({t: 'leave'});
    }
  }
  window.addEventListener('touchend', function (e) { endTouch(e, false); }, {capture: true, passive: false});
  window.addEventListener('touchcancel', function (e) { endTouch(e, true); }, {capture: true, passive: false});

  // ---- [SECTION] Glyphs the portal's font lacks ------------------------------------------
  // The portal ships Inter (Latin, Greek, Cyrillic). For anything else in a name or a
  // comment (李, ע, ก …) it asks the browser, whose own fonts cover every script, to draw
  // the character; client/portal/theme.cpp puts the pixels into its atlas.
  var glyphCanvas = null;
  function glyphContext(size, bold) {
    if (!glyphCanvas) glyphCanvas = document.createElement('canvas');
    var g = glyphCanvas.getContext('2d', {willReadFrequently: true});
    g.font = (bold ? '600 ' : '400 ') + size + 'px "Handoff Inter", Inter, system-ui, sans-serif';
    return g;
  }
  function glyphAdvance(cp, size, bold) {
    return Math.ceil(glyphContext(size, bold).measureText(String.fromCharCode(cp)).width);
  }
  function glyphPixels(cp, size, bold, w, h, ascent) {
    glyphCanvas = glyphCanvas || document.createElement('canvas');
    glyphCanvas.width = w;
    glyphCanvas.height = h;
    var g = glyphContext(size, bold);  // after the resize, which resets the context
    g.clearRect(0, 0, w, h);
    g.fillStyle = '#fff';
    g.textBaseline = 'alphabetic';
    g.fillText(String.fromCharCode(cp), 0, ascent);
    var rgba = g.getImageData(0, 0, w, h).data, out = new Uint8Array(w * h);
    for (var i = 0; i < out.length; i++) out[i] = rgba[i * 4 + 3];
    return out;
  }

  var coarse = window.matchMedia ? window.matchMedia('(pointer: coarse)') : null;

  window.handoffInput = {
    // Called by the portal once per drawn frame, before drawing: what was typed (values by
    // field id), Enter presses and the focused field (client/portal/text_layer.cpp).
    takeText: function () {
      var out = JSON.stringify({edits: edits, submits: submits, focused: focusedId()});
      edits = {};
      submits = [];
      return out;
    },
    // The touch pointer's events since the last call, and whether this is a touch device
    // (client/portal/touch.cpp).
    takePointer: function () {
      var out = JSON.stringify({pointer: pointer, touch: touchSeen || !!(coarse && coarse.matches)});
      pointer = [];
      return out;
    },
    sync: sync,
    glyphAdvance: glyphAdvance,
    glyphPixels: glyphPixels,
    focus: function (id) { focusRequest = id; },
    blur: function () { if (isField(document.activeElement)) window.Module.canvas.focus(); },
  };
})();
