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
})();
