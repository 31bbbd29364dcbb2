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

// Region fields (data-place): a plain text field the server resolves by name, pinyin or code;
// with JavaScript it suggests places as the person types (GET /ui/places?q=, same origin), a
// province followed by its cities. Picking a suggestion only fills the field; nothing submits.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[data-place]").forEach((input) => {
    const list = document.createElement("datalist");
    list.id = "dl-" + input.id;
    input.after(list);
    input.setAttribute("list", list.id);
    let timer = null;
    let asked = "";
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = input.value.trim();
        if (!q || q === asked) return;
        asked = q;
        try {
          const answer = await fetch("/ui/places?q=" + encodeURIComponent(q), { credentials: "same-origin" });
          if (!answer.ok) return;
          const places = await answer.json();
          list.replaceChildren(...places.map((p) => {
            const option = document.createElement("option");
            option.value = p.label;
            return option;
          }));
        } catch (e) { /* offline or aborted: the field still works as plain text */ }
      }, 150);
    });
  });
});
