// vern staff UI: small progressive enhancements. Every page works without this script.
"use strict";
(function () {
  // The contact check answers while typing: the form's fields go to the answer fragment
  // (a plain GET, the same question the form asks) and the answer replaces the old one.
  var form = document.getElementById("check-form");
  var out = document.getElementById("check-result");
  if (form && out && window.fetch && window.URLSearchParams) {
    var timer = null;
    var asked = 0;
    var ask = function () {
      var params = new URLSearchParams(new FormData(form));
      var mine = ++asked;
      fetch(form.getAttribute("data-live") + "?" + params.toString(), {
        credentials: "same-origin",
        headers: { "Accept": "text/html" }
      }).then(function (r) {
        return r.ok ? r.text() : null;
      }).then(function (html) {
        if (html !== null && mine === asked) { out.innerHTML = html; }
      }).catch(function () {});
    };
    var later = function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(ask, 250);
    };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
  }
  // Share links and new passwords are shown once: select them for copying.
  ["share-url", "new-password"].forEach(function (id) {
    var el = document.getElementById(id);
    if (el) { el.addEventListener("focus", function () { el.select(); }); }
  });
})();
