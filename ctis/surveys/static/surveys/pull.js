// While a pull runs (it can take a minute), say so and stop a second press.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-pull]")) {
    form.addEventListener("submit", () => {
      for (const button of document.querySelectorAll("form[data-pull] button")) button.disabled = true;
      const status = document.getElementById("pull-status");
      if (status) { status.hidden = false; status.textContent = form.dataset.pull; }
    });
  }
});
