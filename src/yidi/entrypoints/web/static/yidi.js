// yidi web UI: small progressive enhancements; every page works without JavaScript.
// No control acts on "change" alone: a select moved with the arrow keys must not navigate
// (WCAG 3.2.2 On Input), so every form has a visible submit button.
document.documentElement.classList.add("js");
