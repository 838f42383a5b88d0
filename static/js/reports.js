// Idéburna reports: poll a report run's JSON status and update the page until it is finished.
// Without JavaScript the page has a "Refresh" link instead.
(function () {
  "use strict";
  function show(el, visible) { if (el) { el.classList.toggle("hidden", !visible); } }
  function start(box) {
    var url = box.getAttribute("data-status-url");
    var status = box.querySelector("[data-report-status]");
    var progress = box.querySelector("[data-report-progress]");
    var message = box.querySelector("[data-report-message]");
    var error = box.querySelector("[data-report-error]");
    var downloads = box.querySelector("[data-report-downloads]");
    var refresh = box.querySelector("[data-report-refresh]");
    var delay = 1000;
    function poll() {
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (state) {
          status.textContent = state.status_label;
          progress.value = state.progress;
          progress.textContent = state.progress + " %";
          if (state.error) {
            error.textContent = state.error;
            show(error, true);
          }
          if (state.csv_url) {
            box.querySelector("[data-report-csv]").setAttribute("href", state.csv_url);
            box.querySelector("[data-report-pdf]").setAttribute("href", state.pdf_url);
            show(downloads, true);
          }
          if (state.finished) {
            message.textContent = state.status === "done" ? (box.getAttribute("data-done-text") || "") : "";
            show(refresh, false);
            return;
          }
          message.textContent = state.progress + " %";
          delay = Math.min(delay * 1.5, 10000);
          window.setTimeout(poll, delay);
        })
        .catch(function () { show(refresh, true); window.setTimeout(poll, 10000); });
    }
    if (box.getAttribute("data-finished") !== "true") { window.setTimeout(poll, delay); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-status-url]").forEach(start);
  });
})();
