/* Invitations are sent in batches (frisat.web.rounds.sending): while a sending is under way, the
   page submits its «Fortsæt udsendelsen» form by itself a moment after it has loaded, so the user
   only has to keep the page open. Without JavaScript the button does the same. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-continue-sending]");
  if (!form) { return; }
  var button = form.querySelector("button[type=submit]");
  window.setTimeout(function () {
    if (button) { button.disabled = true; }
    form.submit();
  }, 500);
}());
