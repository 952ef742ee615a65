/* Frisat staff pages: ask before a bulk or irreversible action.
   A form (or its submit button) with data-confirm="…" shows that question before it is sent;
   without script the form is sent as before (each such page also says what will happen). */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter || null;
    var question = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
}());
