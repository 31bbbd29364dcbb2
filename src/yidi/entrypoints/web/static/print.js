// The print views' two buttons, kept out of the page so the Content-Security-Policy allows no
// inline script (docs/security.md "Headers").
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-print], [data-back]");
  if (!target) return;
  if (target.hasAttribute("data-print")) {
    window.print();
  } else if (history.length > 1) {
    event.preventDefault();
    history.back();
  }
});
