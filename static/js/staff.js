/* Staff pages: small progressive enhancements. Everything works without this file. */
(function () {
  "use strict";

  // Concern form: when the category changes, preselect the visibility it suggests
  // (the server applies the same default when "As the category suggests" is left).
  var data = document.getElementById("restricted-categories");
  if (data) {
    var restricted = JSON.parse(data.textContent).map(String);
    document.querySelectorAll("form[data-concern-form]").forEach(function (form) {
      var category = form.querySelector("select[name=category]");
      var visibility = form.querySelector("select[name=visibility]");
      if (!category || !visibility) return;
      category.addEventListener("change", function () {
        if (!category.value) return;
        var suggested = restricted.indexOf(category.value) >= 0 ? "restricted" : "public";
        // A restricted concern of a sensitive category is not offered "public" (the chair confirms that).
        if (visibility.querySelector('option[value="' + suggested + '"]')) visibility.value = suggested;
      });
    });
  }

  // Text with a maximum length: a live count under the field. The server refuses text over the
  // limit and keeps it (nothing is cut); the texts come translated in the field's data attributes.
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  document.querySelectorAll("input[data-max-length], textarea[data-max-length]").forEach(function (field) {
    var limit = parseInt(field.getAttribute("data-max-length"), 10);
    if (!limit || !field.id) return;
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
      // Counted as the server counts: characters (not UTF-16 units), a line break sent as two.
      var length = Array.from(field.value).length + (field.value.match(/\n/g) || []).length;
      var over = length > limit;
      var values = { count: length, limit: limit, over: length - limit };
      count.textContent = fill(field.getAttribute(over ? "data-over-text" : "data-count-text"), values);
      count.classList.toggle("char-count-over", over);
      if (over !== wasOver) alert.textContent = over ? count.textContent : "";
      wasOver = over;
    }

    field.addEventListener("input", update);
    update();
  });
})();
