// yidi web UI: small progressive enhancements; every page works without JavaScript.
// No control acts on "change" alone: a select moved with the arrow keys must not navigate
// (WCAG 3.2.2 On Input), so every form has a visible submit button.
document.documentElement.classList.add("js");

// A form with errors: move focus to the summary at the top (it lists every error, each linking
// to its field), so keyboard and screen-reader users start there.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});
