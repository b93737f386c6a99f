// Équipage's only script: after a refused submit, move the focus to the error summary so that
// screen reader and keyboard users land on the list of errors, each linking to its field.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
