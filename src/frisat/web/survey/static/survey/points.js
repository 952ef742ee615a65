/* Frisat — the running total on the allocation page («Fordelt: 60 af 100 point»).
   Progressive enhancement: without this script the page works the same, and the server checks the
   sum when the page is sent. The texts come from the page (data-* attributes), so they are
   translated with the rest of it. */
(function () {
  "use strict";

  function fill(template, key, value) {
    return template.split("{" + key + "}").join(String(value));
  }

  function setUp(fieldset) {
    var status = document.getElementById("points-total");
    if (!status) { return; }
    var sum = status.querySelector(".points-sum");
    var left = status.querySelector(".points-left");
    var total = parseInt(fieldset.getAttribute("data-total"), 10);
    var inputs = fieldset.querySelectorAll("input[type=number]");

    function update() {
      var points = 0;
      for (var i = 0; i < inputs.length; i++) {
        var text = inputs[i].value.trim();
        if (/^[0-9]+$/.test(text)) { points += parseInt(text, 10); }
      }
      sum.textContent = fill(status.getAttribute("data-template"), "points", points);
      var rest;
      if (points < total) {
        rest = fill(status.getAttribute("data-missing"), "n", total - points);
      } else if (points > total) {
        rest = fill(status.getAttribute("data-over"), "n", points - total);
      } else {
        rest = status.getAttribute("data-done");
      }
      left.textContent = "(" + rest + ")";
      status.classList.toggle("points-over", points > total);
      status.classList.toggle("points-done", points === total);
    }

    fieldset.addEventListener("input", update);
    update();
  }

  function start() {
    var fieldset = document.getElementById("points");
    if (fieldset) { setUp(fieldset); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
