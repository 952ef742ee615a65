/* The progress of a sending (mailings/sending.html): fetch the page again every 3 seconds and put the
   new counts in place (the status line is a live region); reload once when the sending is done, so
   the list of failures appears. Without JavaScript the page has an «Opdater» link. */
(function () {
  "use strict";
  var status = document.getElementById("progress-status");
  var facts = document.getElementById("progress-facts");
  if (!status || !facts || status.getAttribute("data-done") === "1" || !window.fetch) return;
  function tick() {
    fetch(window.location.href, {credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var freshStatus = page.getElementById("progress-status");
        var freshFacts = page.getElementById("progress-facts");
        if (!freshStatus || !freshFacts) return;
        if (freshStatus.getAttribute("data-done") === "1") { window.location.reload(); return; }
        if (status.textContent !== freshStatus.textContent) status.textContent = freshStatus.textContent;
        facts.innerHTML = freshFacts.innerHTML;
        window.setTimeout(tick, 3000);
      })
      .catch(function () { window.setTimeout(tick, 10000); });
  }
  window.setTimeout(tick, 3000);
})();
