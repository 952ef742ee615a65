/* Workshop screen: fetch the markings every few seconds and update the counts in place, so marks made
   on the employees' phones appear on the big screen. Without JavaScript the page works as it is, with
   its «Opdater» link. When activities are added, moved or decided the page reloads itself.
   The texts come from data-text-* attributes (translated in the template). Only the totals line is a
   live region, so a screen reader hears a change in the counts, not every poll. */
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || !window.fetch) { return; }
  var url = live.getAttribute("data-live-url");
  var interval = parseInt(live.getAttribute("data-live-interval"), 10) || 4000;
  var signature = live.getAttribute("data-live-signature");
  var note = live.querySelector("[data-live-note]");
  var failures = 0;

  function text(name, values) {
    var template = live.getAttribute("data-text-" + name) || "";
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values || {}, key) ? String(values[key]) : match;
    });
  }

  function setText(element, value) {
    if (element && element.textContent !== String(value)) { element.textContent = String(value); }
  }

  function updateCard(activity) {
    var card = document.getElementById("aktivitet-" + activity.id);
    if (!card) { return; }
    Object.keys(activity.kinds).forEach(function (kind) {
      var count = activity.kinds[kind];
      var chip = card.querySelector('[data-kind="' + kind + '"]');
      setText(card.querySelector('[data-count="' + kind + '"]'), count);
      if (chip) { chip.classList.toggle("zero", count === 0); }
    });
    setText(card.querySelector("[data-participants]"),
            text(activity.participants === 1 ? "one" : "many", { n: activity.participants }));
    var list = card.querySelector("[data-comments]");
    if (list) {
      var shown = Array.prototype.map.call(list.children, function (li) { return li.textContent; });
      if (shown.join("\u0000") !== activity.comments.join("\u0000")) {
        while (list.firstChild) { list.removeChild(list.firstChild); }
        activity.comments.forEach(function (comment) {
          var item = document.createElement("li");
          item.textContent = comment;  /* text only: a comment is never parsed as HTML */
          list.appendChild(item);
        });
      }
      list.parentElement.hidden = activity.comments.length === 0;
    }
  }

  function apply(data) {
    if (data.signature !== signature) { window.location.reload(); return; }
    data.activities.forEach(updateCard);
    setText(live.querySelector("[data-total-participants]"), data.participants);
    setText(live.querySelector("[data-total-markings]"), data.markings);
    setText(note, text("auto", { time: data.updated }));
    live.setAttribute("data-live-updated", data.updated);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) { failures = 0; apply(data); })
      .catch(function () { failures += 1; setText(note, text("error")); })
      .then(function () { window.setTimeout(poll, failures > 3 ? interval * 3 : interval); });
  }

  window.setTimeout(poll, interval);
}());
