// Back after saving must not make a second record. Every create form carries a one-time
// token made from a random nonce of the page (web/forms.py once_field); this keeps that
// nonce in the page's address, so Back, which fetches the page again, gets the same tokens
// and the server answers "al opgeslagen". The nonce is random: nothing personal.
(function () {
  "use strict";
  var field = document.querySelector("input[data-once-page]");
  if (!field || !field.getAttribute("data-once-page") || !window.history || !history.replaceState) {
    return;
  }
  var url = new URL(window.location.href);
  var nonce = field.getAttribute("data-once-page");
  if (url.searchParams.get("formulier") !== nonce) {
    url.searchParams.set("formulier", nonce);
    history.replaceState(history.state, "", url.toString());
  }
})();
