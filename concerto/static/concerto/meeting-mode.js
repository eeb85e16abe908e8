/* Meeting mode: the sticky list of items opens the chosen item (the only one expanded: the items are
   <details name="points">) and marks it aria-current; after an htmx save that failed, the focus moves to the first
   field in error. Loaded with the page's nonce; no inline script, no eval (CSP). */
(function () {
  "use strict";

  function markCurrent(id) {
    document.querySelectorAll(".concerto-item-nav a[data-point]").forEach(function (link) {
      if (link.dataset.point === id) {
        link.setAttribute("aria-current", "true");
      } else {
        link.removeAttribute("aria-current");
      }
    });
  }

  function openPoint(id) {
    var section = document.getElementById(id);
    var details = section && section.querySelector("details[name=points]");
    if (!details) {
      return null;
    }
    details.open = true;
    markCurrent(id);
    return section;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".concerto-item-nav a[data-point]") : null;
    if (!link) {
      return;
    }
    var section = openPoint(link.dataset.point);
    if (!section) {
      return;
    }
    event.preventDefault();
    section.scrollIntoView({ block: "start" });
    var summary = section.querySelector("summary");
    if (summary) {
      summary.focus({ preventScroll: true });
    }
    history.replaceState(null, "", link.getAttribute("href"));
  });

  document.addEventListener(
    "toggle",
    function (event) {
      var details = event.target;
      if (details.matches && details.matches("details[name=points]") && details.open) {
        markCurrent(details.closest("section").id);
      }
    },
    true
  );

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    var swapped = target && target.id ? document.getElementById(target.id) : null;
    if (!swapped) {
      return;
    }
    // The item saved stays the expanded one: the browser closes an open <details name> inserted while the old
    // copy of the item, still open, was in the page.
    var own = swapped.querySelector("details[name=points]");
    if (own && !own.open) {
      own.open = true;
    }
    var invalid = swapped.querySelector("[aria-invalid=true]");
    if (invalid) {
      var details = invalid.closest("details");
      if (details) {
        details.open = true;
      }
      invalid.focus();
    }
  });

  if (location.hash.indexOf("#point-") === 0) {
    openPoint(location.hash.slice(1));
  }
})();
