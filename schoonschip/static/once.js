// Back after saving must not make a second record. Every create form carries a one-time
// token (web/forms.py once_field). Case pages are never cached, so Back fetches the form
// again with new tokens; this keeps the tokens a page was shown with in its history entry
// (history.state, not the address) and puts them back, so saving again answers
// "Dit is al opgeslagen." The tokens are random and signed: nothing personal.
(function () {
  "use strict";
  var fields = document.querySelectorAll("input[name=form_once]");
  if (!fields.length || !window.history || !history.replaceState) {
    return;
  }
  var state = history.state && typeof history.state === "object" ? history.state : {};
  var kept = state.formOnce;
  if (Array.isArray(kept) && kept.length === fields.length) {
    for (var i = 0; i < fields.length; i++) {
      fields[i].value = kept[i];
    }
    return;
  }
  var tokens = [];
  for (var j = 0; j < fields.length; j++) {
    tokens.push(fields[j].value);
  }
  var next = {};
  for (var key in state) {
    if (Object.prototype.hasOwnProperty.call(state, key)) {
      next[key] = state[key];
    }
  }
  next.formOnce = tokens;
  history.replaceState(next, "");
})();
