// Équipage's only script: after a refused submit, move the focus to the error summary so that
// screen reader and keyboard users land on the list of errors, each linking to its field.
document.addEventListener("DOMContentLoaded", function () {
  // A warning to confirm before saving (a second holder of a role, a total above 100 %) is focused the same way.
  var summary = document.getElementById("error-summary") || document.getElementById("warning-summary");
  if (summary) {
    summary.focus();
  }
});
