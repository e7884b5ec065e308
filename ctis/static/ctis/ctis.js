// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    const button = select.parentElement.querySelector("button[type=submit]");
    if (button) button.hidden = true;
    // requestSubmit(button) sends the button's name, so the view knows what was asked for.
    select.addEventListener("change", () => select.form.requestSubmit(button || undefined));
  }
});

// Interview drafts that survive a dropped connection and a closed tab.
// Every answer is written to this phone (localStorage) the moment it is given, and leaves the
// phone only when the server has confirmed it stored it: a successful save as you go, or a page
// whose stored state (data-stored, on every page of the interview) already holds it. Until then it
// is put back into the page on every load and sent along with the next save of any page of the
// same interview. The status line says what is true: saved, waiting for the connection, or not
// saved. Its wording comes from the page (data-* attributes), in the user's language.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-draft-key]");
  if (!form) return;
  const key = "ctis-draft-" + form.dataset.draftKey;
  const status = form.querySelector("[data-draft-status]");
  const SKIP = new Set(["csrfmiddlewaretoken", "revision", "writer", "pending"]);
  const autosave = form.hasAttribute("data-autosave");
  const say = (state) => {
    if (!status || !status.dataset[state]) return;
    status.textContent = status.dataset[state];
    status.dataset.state = state;
  };
  const read = () => {
    try { return JSON.parse(localStorage.getItem(key) || "{}"); } catch { return {}; }
  };
  const write = (draft) => {
    try {
      if (Object.keys(draft).length) localStorage.setItem(key, JSON.stringify(draft));
      else localStorage.removeItem(key);
    } catch { /* storage blocked or full: the server's copy is all there is */ }
  };
  let stored = {};
  try { stored = JSON.parse(form.dataset.stored || "{}"); } catch { stored = {}; }
  // An answer the server does not hold is "unknown"; a profile field it does not hold is empty.
  const storedValue = (name) => (name in stored ? stored[name] : name.includes(".") ? "unknown" : "");
  const here = new Set(Array.from(form.elements, (el) => el.name).filter((n) => n && !SKIP.has(n)));
  const valueOf = (el) => (el.type === "checkbox" ? (el.checked ? "on" : "") : el.value);
  const put = (name, value) => {
    const fields = Array.from(form.elements).filter((el) => el.name === name);
    for (const el of fields) {
      if (el.type === "radio") {
        if (el.value === value && !el.checked) { el.checked = true; return true; }
      } else if (el.type === "checkbox") {
        if (el.checked !== (value === "on")) { el.checked = value === "on"; return true; }
      } else if (el.type !== "hidden" && el.value !== value) {
        el.value = value;
        return true;
      }
    }
    return false;
  };
  const pendingInput = form.querySelector("input[name=pending]");
  const elsewhere = (draft) => Object.fromEntries(Object.entries(draft).filter(([n]) => !here.has(n)));
  const refreshPending = () => { if (pendingInput) pendingInput.value = JSON.stringify(elsewhere(read())); };
  // Forget what the server now holds, unless it was changed again meanwhile.
  const forget = (sent) => {
    const draft = read();
    for (const [name, value] of Object.entries(sent)) if (draft[name] === value) delete draft[name];
    write(draft);
    refreshPending();
    return draft;
  };

  // On load: drop what the server confirms it holds; put the rest back into the page.
  const draft = read();
  for (const [name, value] of Object.entries(draft)) if (storedValue(name) === value) delete draft[name];
  write(draft);
  let restored = 0;
  for (const [name, value] of Object.entries(draft)) if (put(name, value)) restored += 1;
  refreshPending();
  if (restored) say("restored");
  else if (Object.keys(elsewhere(draft)).length) say("elsewhere");
  else if (!navigator.onLine && Object.keys(draft).length) say("waiting");

  const remember = (event) => {
    const el = event.target;
    if (!el.name || SKIP.has(el.name) || (el.type === "radio" && !el.checked)) return;
    const current = read();
    current[el.name] = valueOf(el);
    write(current);
    if (!autosave) say("kept");
    else say(navigator.onLine ? "saving" : "waiting");
  };
  form.addEventListener("change", remember);
  form.addEventListener("input", remember);

  // Saves as you go (htmx): what a successful save sent leaves the phone.
  const inFlight = new Map();
  form.addEventListener("htmx:beforeRequest", (event) => {
    inFlight.set(event.detail.xhr, { ...read() });
  });
  form.addEventListener("htmx:afterRequest", (event) => {
    const sent = inFlight.get(event.detail.xhr) || {};
    inFlight.delete(event.detail.xhr);
    if (event.detail.successful) {
      const left = forget(sent);
      say(Object.keys(left).length ? "saving" : "saved");
    } else if (event.detail.xhr.status === 409) say("conflict");
    else say("waiting");
  });

  // Next, Back, Show. When the phone knows it has no connection, the page stays as it is and
  // says so. Otherwise the form is sent as usual: if the signal fails on the way, the browser
  // says so, and going back or reopening the page puts every answer back from the phone. What
  // the server stored leaves the phone when the next page shows it (data-stored).
  form.addEventListener("submit", (event) => {
    refreshPending();
    if (navigator.onLine) return;
    event.preventDefault();
    say("failed");
  });

  window.addEventListener("offline", () => { if (Object.keys(read()).length) say("waiting"); });
  window.addEventListener("online", () => {
    if (!Object.keys(read()).length) return;
    if (!autosave) { say("kept"); return; }
    // The signal is back: save what waited, without leaving the page.
    const checked = form.querySelector("input[type=radio]:checked");
    if (checked) checked.dispatchEvent(new Event("change", { bubbles: true }));
  });
});

// The last page of questions and the result: what the server holds leaves the phone; once the
// screening is completed nothing of it is kept on the phone at all.
document.addEventListener("DOMContentLoaded", () => {
  const confirm = document.querySelector("[data-draft-confirm]");
  const done = document.querySelector("[data-draft-done]");
  try {
    if (done) localStorage.removeItem("ctis-draft-" + done.dataset.draftDone);
    if (!confirm) return;
    const key = "ctis-draft-" + confirm.dataset.draftConfirm;
    const stored = JSON.parse(confirm.dataset.stored || "{}");
    const draft = JSON.parse(localStorage.getItem(key) || "{}");
    for (const [name, value] of Object.entries(draft)) {
      const held = name in stored ? stored[name] : name.includes(".") ? "unknown" : "";
      if (held === value) delete draft[name];
    }
    if (Object.keys(draft).length) localStorage.setItem(key, JSON.stringify(draft));
    else localStorage.removeItem(key);
  } catch { /* storage blocked: nothing is kept on the phone then */ }
});
