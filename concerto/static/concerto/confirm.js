/* A form whose answer makes it irreversible (e.g. a consent withdrawal) asks first: when the field named in
   data-concerto-confirm-field holds data-concerto-confirm-value, submitting opens the DSFR modal named in
   data-concerto-confirm; the modal's button (form="…") submits for real. Without JavaScript the form submits as
   before. Loaded with the page's nonce; no inline script, no eval (CSP). */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var modalId = form.dataset ? form.dataset.concertoConfirm : null;
    if (!modalId) {
      return;
    }
    var modal = document.getElementById(modalId);
    var submitter = event.submitter;
    if (!modal || (submitter && modal.contains(submitter)) || typeof window.dsfr !== "function") {
      return; // confirmed in the modal, or no modal to show
    }
    var field = form.elements.namedItem(form.dataset.concertoConfirmField);
    if (!field || field.value !== form.dataset.concertoConfirmValue) {
      return;
    }
    event.preventDefault();
    window.dsfr(modal).modal.disclose();
  });
})();
