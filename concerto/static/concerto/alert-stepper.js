/* The alert form as a DSFR stepper (progressive enhancement). The page is one form posted once: without JavaScript
   every step shows, one after the other. Here only the current step shows, under the DSFR stepper (« Étape 2 sur
   4 », the current and the next step's titles); « Précédent » and « Suivant » move between steps and the send
   button appears on the last one. When the server sends the form back with errors, the first step holding an error
   opens with the focus on the first field in error. Loaded with the page's nonce; no inline script (CSP). */
(function () {
  "use strict";

  var ERROR_SELECTOR =
    ".fr-input-group--error, .fr-select-group--error, .fr-fieldset--error, .fr-error-text, [aria-invalid='true']";

  function show(element, visible) {
    if (!element) {
      return;
    }
    element.hidden = !visible;
    element.style.display = visible ? "" : "none"; // DSFR classes may set a display that beats [hidden]
  }

  function focusable(container) {
    return container.querySelector(
      "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])"
    );
  }

  function enhance(form) {
    var stepper = document.getElementById(form.dataset.concertoStepper);
    var steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
    if (!stepper || steps.length < 2) {
      return;
    }
    var title = stepper.querySelector("[data-stepper-title]");
    var state = stepper.querySelector("[data-stepper-state]");
    var bar = stepper.querySelector(".fr-stepper__steps");
    var details = stepper.querySelector("[data-stepper-details]");
    var next = stepper.querySelector("[data-stepper-next]");
    var heading = stepper.querySelector(".fr-stepper__title");
    var previousButton = form.querySelector("[data-step-previous]");
    var nextButton = form.querySelector("[data-step-next]");
    var send = form.querySelector("[data-step-send]");
    var current = 0;

    form.querySelectorAll("[data-stepper-only]").forEach(function (element) {
      show(element, true);
    });
    form.querySelectorAll("[data-stepper-heading]").forEach(function (element) {
      show(element, false);
    });

    function go(index, focusTarget) {
      current = Math.max(0, Math.min(steps.length - 1, index));
      steps.forEach(function (step, position) {
        show(step, position === current);
      });
      var step = steps[current];
      title.textContent = step.dataset.stepTitle;
      state.textContent = "Étape " + (current + 1) + " sur " + steps.length;
      bar.setAttribute("data-fr-current-step", String(current + 1));
      bar.setAttribute("data-fr-steps", String(steps.length));
      var last = current === steps.length - 1;
      show(details, !last);
      if (!last) {
        next.textContent = steps[current + 1].dataset.stepTitle;
      }
      show(previousButton, current > 0);
      show(nextButton, !last);
      show(send, last);
      if (focusTarget) {
        focusTarget.focus();
      }
    }

    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-step-move]");
      if (!button) {
        return;
      }
      event.preventDefault();
      go(current + Number(button.dataset.stepMove), heading);
      heading.scrollIntoView({ block: "start" });
    });

    // « Entrée » in a field before the last step goes to the next step instead of sending the alert.
    form.addEventListener("submit", function (event) {
      var draft = event.submitter && event.submitter.value === "draft";
      if (!draft && current < steps.length - 1) {
        event.preventDefault();
        go(current + 1, heading);
      }
    });

    // A link to a field (e.g. from an error message) opens the step holding it.
    window.addEventListener("hashchange", function () {
      var target = document.getElementById(window.location.hash.slice(1));
      var step = target ? target.closest("[data-step]") : null;
      if (step && form.contains(step)) {
        go(steps.indexOf(step), focusable(target.closest(".fr-input-group, .fr-fieldset, .fr-select-group") || step));
      }
    });

    var firstError = form.querySelector("[data-step] :is(" + ERROR_SELECTOR + ")");
    if (firstError) {
      var stepWithError = firstError.closest("[data-step]");
      var group = firstError.closest(".fr-input-group, .fr-select-group, .fr-fieldset") || stepWithError;
      go(steps.indexOf(stepWithError), focusable(group) || heading);
    } else {
      go(0, null);
    }
  }

  function start() {
    document.querySelectorAll("form[data-concerto-stepper]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
