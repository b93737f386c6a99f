// Swagger UI draws its own <main>: inside the page's main landmark, make it a named region so the
// page keeps exactly one main landmark (RGAA 12.6).
(function () {
  var root = document.getElementById("swagger-ui");
  if (!root) {
    return;
  }
  function demote() {
    root.querySelectorAll("main:not([role])").forEach(function (element) {
      element.setAttribute("role", "region");
      element.setAttribute("aria-label", "Routes de l’API");
    });
  }
  new MutationObserver(demote).observe(root, { childList: true, subtree: true });
  demote();
})();
