/* Staff pages: small progressive enhancements. Everything works without this file. */
(function () {
  "use strict";

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  // Concern form: when the category changes, preselect the visibility it suggests
  // (the server applies the same default when "As the category suggests" is left).
  // Listened to on the document, so a form swapped in by htmx is covered too.
  var data = document.getElementById("restricted-categories");
  var restricted = data ? JSON.parse(data.textContent).map(String) : [];
  document.addEventListener("change", function (event) {
    var category = event.target;
    if (!category.matches || !category.matches("form[data-concern-form] select[name=category]")) return;
    var visibility = category.form.querySelector("select[name=visibility]");
    if (!visibility || !category.value) return;
    var suggested = restricted.indexOf(category.value) >= 0 ? "restricted" : "public";
    // A restricted concern of a sensitive category is not offered "public" (the chair confirms that).
    if (visibility.querySelector('option[value="' + suggested + '"]')) visibility.value = suggested;
  });

  // Text with a maximum length: a live count under the field. The server refuses text over the
  // limit and keeps it (nothing is cut); the texts come translated in the field's data attributes.
  function countCharacters(field) {
    var limit = parseInt(field.getAttribute("data-max-length"), 10);
    if (!limit || !field.id || field.hasAttribute("data-counted")) return;
    field.setAttribute("data-counted", "");
    var count = document.createElement("span");
    count.className = "char-count";
    count.id = field.id + "-count";
    // Said once when the text goes over the limit or back under it, not at every keystroke.
    var alert = document.createElement("span");
    alert.className = "visually-hidden";
    alert.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", count);
    count.insertAdjacentElement("afterend", alert);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + count.id);
    var wasOver = false;

    function update() {
      // Counted as the server counts: without the spaces around the text, which it trims; in
      // characters (not UTF-16 units); a line break sent as two.
      var text = field.value.trim();
      var length = Array.from(text).length + (text.match(/\n/g) || []).length;
      var over = length > limit;
      var values = { count: length, limit: limit, over: length - limit };
      count.textContent = fill(field.getAttribute(over ? "data-over-text" : "data-count-text"), values);
      count.classList.toggle("char-count-over", over);
      if (over !== wasOver) alert.textContent = over ? count.textContent : "";
      wasOver = over;
    }

    field.addEventListener("input", update);
    update();
  }

  // Run on the page, and on each part htmx swaps in (its "htmx:load" event).
  function enhance(root) {
    root.querySelectorAll("input[data-max-length], textarea[data-max-length]").forEach(countCharacters);
    // "Everyone present": one tap ticks every member, then the absent ones are unticked.
    root.querySelectorAll("button[data-check-all]").forEach(function (button) {
      button.hidden = false;
    });
  }

  enhance(document);
  document.addEventListener("htmx:load", function (event) {
    enhance(event.target);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-check-all]");
    if (!button || !button.form) return;
    var name = button.getAttribute("data-check-all");
    button.form.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) {
      box.checked = true;
    });
  });

  // --- Saving in place on the meeting page (htmx) ---------------------------------------------
  // A save that fails before the server could answer with the form says so beside the form, with a
  // translated text from the page's live region; nothing is swapped, so everything typed stays.
  var live = document.getElementById("meeting-live");

  function errorBox(element) {
    var form = element.closest("form") || element;
    return form.querySelector("[data-save-error]") ||
      (form.parentElement && form.parentElement.querySelector("[data-save-error]"));
  }

  function sayNotSaved(element, text) {
    var box = errorBox(element);
    if (!box || !text) return;
    box.textContent = text;
    box.hidden = false;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var box = errorBox(event.detail.elt);
    if (box) box.hidden = true;
    // The last "saved" is not about this save: said again (or not) when the answer comes.
    if (live && event.detail.requestConfig.verb === "post") live.textContent = "";
  });

  document.addEventListener("htmx:sendError", function (event) {
    if (live) sayNotSaved(event.detail.elt, live.getAttribute("data-network-error"));
  });

  document.addEventListener("htmx:responseError", function (event) {
    if (!live) return;
    var text = fill(live.getAttribute("data-server-error") || "", { status: event.detail.xhr.status });
    sayNotSaved(event.detail.elt, text);
  });

  // An answer from another address (the sign-in page, when the session ended) is not a section of
  // this page: it is not swapped in.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (!xhr.responseURL || !event.detail.requestConfig) return;
    var asked = new URL(event.detail.requestConfig.path, window.location.href).pathname;
    if (new URL(xhr.responseURL).pathname === asked) return;
    event.detail.shouldSwap = false;
    if (live) sayNotSaved(event.detail.elt, live.getAttribute("data-other-page"));
  });

  // "Saved" has been read out (role=status) and seen after a few seconds; the bar then goes, so that
  // it does not cover the buttons at the bottom of a phone's screen. What went wrong stays.
  var SAVED_SECONDS = 5;
  var savedTimer = null;
  document.addEventListener("htmx:afterSettle", function () {
    if (!live) return;
    window.clearTimeout(savedTimer);
    var messages = live.querySelectorAll(".message");
    var allSaved = messages.length && live.querySelectorAll(".message-success").length === messages.length;
    if (!allSaved) return;
    savedTimer = window.setTimeout(function () {
      live.querySelectorAll(".message-success").forEach(function (message) { message.remove(); });
    }, SAVED_SECONDS * 1000);
  });

  // The "Edit" link of the row last opened as a form: once the row is back (saved, or cancelled),
  // the focus returns to it, so keyboard and screen reader users go on from the row they corrected.
  var lastEdited = null;
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-hx-get][id$='-edit']");
    if (link) lastEdited = link.id;
  });

  // Escape in a row opened as its form does what its "Cancel" does: the row comes back as it was
  // (and the focus goes back to its "Edit" link, below).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    var form = event.target.closest && event.target.closest("form.edit-in-place");
    var cancel = form && form.querySelector("a[data-edit-cancel]");
    if (!cancel) return;
    event.preventDefault();
    cancel.click();
  });

  // Otherwise a swapped section whose focused control is gone (a button that no longer shows) takes
  // the focus itself, so nobody is sent back to the top of the page.
  document.addEventListener("htmx:afterSettle", function (event) {
    var active = document.activeElement;
    if (active && active !== document.body) return;
    var edited = lastEdited && document.getElementById(lastEdited);
    if (edited) {
      lastEdited = null;
      edited.focus();
      return;
    }
    var section = event.target.closest && event.target.closest("[tabindex='-1']");
    if (section) section.focus();
  });
})();
