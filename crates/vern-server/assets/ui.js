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
  // Uploads (a register version, a block list): the upload's progress as it streams, then
  // the server's page. Without this script the form posts as any other.
  var uploads = document.querySelectorAll("form.upload[data-progress]");
  Array.prototype.forEach.call(uploads, function (up) {
    var box = document.getElementById(up.getAttribute("data-progress"));
    if (!box || !window.XMLHttpRequest || !window.FormData) { return; }
    var bar = box.querySelector("progress");
    var label = box.querySelector(".progress-text");
    up.addEventListener("submit", function (e) {
      e.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", up.getAttribute("action"));
      box.hidden = false;
      var button = up.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
      xhr.upload.addEventListener("progress", function (ev) {
        if (ev.lengthComputable) {
          var pct = Math.floor(ev.loaded * 100 / ev.total);
          bar.value = pct;
          label.textContent = pct + " %";
        }
      });
      xhr.upload.addEventListener("load", function () {
        bar.removeAttribute("value");
        label.textContent = box.getAttribute("data-working") || "…";
      });
      xhr.addEventListener("load", function () {
        document.open();
        document.write(xhr.responseText);
        document.close();
      });
      xhr.addEventListener("error", function () {
        if (button) { button.disabled = false; }
        box.hidden = true;
      });
      xhr.send(new FormData(up));
    });
  });
  // Share links and new passwords are shown once: select them for copying.
  ["share-url", "new-password"].forEach(function (id) {
    var el = document.getElementById(id);
    if (el) { el.addEventListener("focus", function () { el.select(); }); }
  });
})();
