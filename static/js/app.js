// Attain — small progressive enhancements. No dependencies; safe under
// `script-src 'self'` (no inline code, no eval). Loaded with `defer`.
(function () {
  "use strict";

  // Toasts stay few and brief so they never sit on the page's controls for
  // long: at most MAX_TOASTS at once (the oldest goes first), confirmations
  // leave after OK_MS, errors after ERROR_MS, and the page keeps room below
  // its content for the stack, so anything under it scrolls clear.
  var MAX_TOASTS = 3;
  var OK_MS = 4000;
  var ERROR_MS = 8000;
  var FADE_MS = 200;

  function fadeOut(el) {
    if (!el || el.classList.contains("is-leaving")) return;
    el.classList.add("is-leaving");
    window.setTimeout(function () { el.remove(); }, FADE_MS);
  }

  // Forms with data-confirm="…" ask before submitting. Capture phase, so a
  // declined confirmation also stops htmx (which listens on the form itself).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Toasts: close button, auto-dismiss (paused while hovered or focused).
  function scheduleToast(toast) {
    if (toast.hasAttribute("data-toast-timer")) return;
    toast.setAttribute("data-toast-timer", "");
    var wait = toast.classList.contains("toast-error") ? ERROR_MS : OK_MS;
    var expire = function () {
      if (!toast.isConnected) return;
      if (toast.matches(":hover") || toast.contains(document.activeElement)) {
        window.setTimeout(expire, 2000);
      } else {
        fadeOut(toast);
      }
    };
    window.setTimeout(expire, wait);
  }

  // Drops the oldest toasts beyond the cap, and reserves the stack's
  // height under the page's content (`--toast-room`, see app.css).
  function tidyToasts() {
    var area = toastArea();
    var toasts = Array.prototype.filter.call(area.querySelectorAll(".toast"), function (t) {
      return !t.classList.contains("is-leaving");
    });
    toasts.slice(0, Math.max(0, toasts.length - MAX_TOASTS)).forEach(function (t) { t.remove(); });
    toasts.slice(-MAX_TOASTS).forEach(scheduleToast);
    var room = area.querySelector(".toast") ? area.getBoundingClientRect().height : 0;
    document.body.style.setProperty("--toast-room", Math.ceil(room) + "px");
  }

  function toastArea() {
    var area = document.getElementById("toasts");
    if (!area) {
      area = document.createElement("div");
      area.id = "toasts";
      area.className = "toasts";
      area.setAttribute("aria-live", "polite");
      document.body.appendChild(area);
    }
    return area;
  }

  // Same markup as templates/_toast.html, built without innerHTML.
  function showToast(message) {
    var toast = document.createElement("div");
    toast.className = "toast toast-error";
    toast.setAttribute("role", "alert");
    toast.appendChild(document.createTextNode(message + " "));
    var close = document.createElement("button");
    close.type = "button";
    close.className = "toast-close";
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "\u00d7";
    toast.appendChild(close);
    toastArea().appendChild(toast);
  }

  new MutationObserver(tidyToasts)
    .observe(toastArea(), { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
  tidyToasts();

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;

    var close = target.closest(".toast-close");
    if (close) {
      fadeOut(close.closest(".toast"));
      return;
    }

    // Flash banners directly under <main> go away when clicked.
    var flash = target.closest("main > .flash");
    if (flash && !target.closest("a, button, input, select, textarea")) {
      fadeOut(flash);
    }

    // Close open dropdowns when clicking anywhere outside them.
    document.querySelectorAll("details.dropdown[open]").forEach(function (details) {
      if (!details.contains(target)) details.removeAttribute("open");
    });
  });

  // Escape closes an open dropdown and returns focus to its summary.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.dropdown[open]").forEach(function (details) {
      details.removeAttribute("open");
      var summary = details.querySelector("summary");
      if (summary && details.contains(document.activeElement)) summary.focus();
    });
  });

  // Mark the current section in the main navigation (longest matching prefix),
  // unless the server already did.
  (function markCurrentNav() {
    var links = document.querySelectorAll(".main-nav a[href]");
    if (!links.length || document.querySelector(".main-nav [aria-current]")) return;
    var path = window.location.pathname.replace(/\/+$/, "") || "/";
    var best = null;
    var bestLength = -1;
    links.forEach(function (link) {
      var href = (link.getAttribute("href") || "").split(/[?#]/)[0].replace(/\/+$/, "") || "/";
      var matches = href === "/" ? path === "/" : path === href || path.indexOf(href + "/") === 0;
      if (matches && href.length > bestLength) { best = link; bestLength = href.length; }
    });
    if (best) best.setAttribute("aria-current", "page");
  })();

  // htmx 2 does not swap 4xx/5xx responses by default. The server answers
  // failed htmx requests with a toast and `HX-Retarget: #toasts`; let that
  // swap happen (htmx still fires htmx:responseError).
  // A 422 is a form back with its messages beside the fields: swap it too.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    if (!detail || !detail.xhr) return;
    var status = detail.xhr.status;
    if (status >= 400 && detail.target && detail.target.id === "toasts") {
      detail.shouldSwap = true;
    } else if (status === 422) {
      detail.shouldSwap = true;
      detail.isError = false;
    }
  });

  // Busy state: while an htmx request runs, its form (or button) says so
  // to screen readers (aria-busy) and its submit buttons wait, so nothing
  // is sent twice; the pressed button shows Pico's spinner (aria-busy on a
  // button) and the part of the page being replaced dims (`.is-updating`,
  // aria-busy too). Live refreshes and counters are not the user's request.
  var busy = new WeakMap();
  function submitterOf(elt, form, detail) {
    if (elt.tagName === "BUTTON") return elt;
    var trigger = detail.requestConfig && detail.requestConfig.triggeringEvent;
    if (trigger && trigger.submitter instanceof HTMLButtonElement) return trigger.submitter;
    return form ? form.querySelector("button[type=submit], button:not([type])") : null;
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var detail = event.detail || {};
    var elt = detail.elt;
    if (!elt || !(elt instanceof Element) || elt.hidden || elt.tagName === "SPAN" || elt.tagName === "SECTION") return;
    // Only what the person did: live refreshes (`live:*`), timers and
    // `load` triggers update quietly.
    var cause = detail.requestConfig && detail.requestConfig.triggeringEvent;
    if (!cause || !/^(submit|click|change|input|keyup|search)$/.test(cause.type)) return;
    var form = elt.tagName === "FORM" ? elt : elt.closest("form");
    var host = form || elt;
    var buttons = form ? Array.prototype.slice.call(form.querySelectorAll("button[type=submit], button:not([type])")) :
      (elt.tagName === "BUTTON" ? [elt] : []);
    var pressed = submitterOf(elt, form, detail);
    var target = detail.target instanceof Element && detail.target.id !== "toasts" &&
      detail.target !== document.body && !detail.target.contains(host) ? detail.target : null;
    host.setAttribute("aria-busy", "true");
    buttons.forEach(function (b) {
      if (!b.disabled) { b.disabled = true; b.setAttribute("data-busy-disabled", ""); }
    });
    if (pressed) pressed.setAttribute("aria-busy", "true");
    if (target) { target.setAttribute("aria-busy", "true"); target.classList.add("is-updating"); }
    // A row that replaces itself is its own target: dim it too.
    if (!target && detail.target instanceof Element && detail.target.contains(host)) detail.target.classList.add("is-updating");
    busy.set(elt, { host: host, buttons: buttons, pressed: pressed, target: detail.target });
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    var parts = elt && busy.get(elt);
    if (!parts) return;
    busy.delete(elt);
    parts.host.removeAttribute("aria-busy");
    parts.buttons.forEach(function (b) {
      if (b.hasAttribute("data-busy-disabled")) { b.disabled = false; b.removeAttribute("data-busy-disabled"); }
    });
    if (parts.pressed) parts.pressed.removeAttribute("aria-busy");
    if (parts.target instanceof Element) {
      parts.target.removeAttribute("aria-busy");
      parts.target.classList.remove("is-updating");
    }
  });

  // Requests that never reached the server get a client-side toast.
  document.addEventListener("htmx:sendError", function () {
    showToast("Could not reach the server. Check your connection and try again.");
  });
  document.addEventListener("htmx:timeout", function () {
    showToast("The server took too long to answer. Please try again.");
  });
})();
