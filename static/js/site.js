// Idéburna: small progressive enhancements. The portal works without JavaScript.
(function () {
  "use strict";
  // Elements with data-confirm ask before the form is sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-confirm") || (event.submitter && event.submitter.getAttribute("data-confirm"));
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  // Focus the first error summary after a failed submit, so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.setAttribute("tabindex", "-1"); summary.focus(); }
    // Auto-submit selects marked data-autosubmit (filters), with a button as fallback.
    document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () { el.form && el.form.requestSubmit(); });
    });
  });
})();
