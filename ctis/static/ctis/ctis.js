// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    const button = select.parentElement.querySelector("button[type=submit]");
    if (button) button.hidden = true;
    // requestSubmit(button) sends the button's name, so the view knows what was asked for.
    select.addEventListener("change", () => select.form.requestSubmit(button || undefined));
  }
});

// Interview drafts: answers are saved to the server as they change. If the connection drops,
// the answers not yet saved are kept in this tab (sessionStorage, gone when the tab closes)
// and put back when the page loads again, so nothing typed is lost.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-draft-key]");
  if (!form) return;
  const key = "ctis-draft-" + form.dataset.draftKey;
  const pending = JSON.parse(sessionStorage.getItem(key) || "{}");
  let restored = 0;
  for (const [name, value] of Object.entries(pending)) {
    const input = form.querySelector(`input[type=radio][name="${CSS.escape(name)}"][value="${CSS.escape(value)}"]`);
    if (input && !input.checked) { input.checked = true; restored += 1; }
  }
  const status = form.querySelector(".saved");
  if (restored && status) status.textContent = status.dataset.restored || "Unsaved answers were restored: press Next to save them.";
  form.addEventListener("change", (event) => {
    if (event.target.type !== "radio") return;
    const current = JSON.parse(sessionStorage.getItem(key) || "{}");
    current[event.target.name] = event.target.value;
    sessionStorage.setItem(key, JSON.stringify(current));
  });
  form.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.successful) sessionStorage.removeItem(key);
  });
  form.addEventListener("submit", () => sessionStorage.removeItem(key));
});
