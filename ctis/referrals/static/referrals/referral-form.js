// Says, as soon as a destination is chosen, whether the referral stays in ctis or leaves it
// (the options of the service list are grouped by the same rule). Without script both
// explanations stay visible.
(function () {
  "use strict";
  const box = document.getElementById("destination-kind");
  const service = document.getElementById("id_service");
  const organisation = document.getElementById("id_to_organisation");
  if (!box || !service) return;
  const lines = box.querySelectorAll("[data-kind]");
  function show() {
    let kind = "";
    const option = service.selectedOptions[0];
    if (option && option.value) {
      const group = option.parentElement;
      kind = group && group.dataset.offSystem === "1" ? "off" : "on";
    } else if (organisation && organisation.value) {
      kind = "on";
    }
    for (const line of lines) line.hidden = kind !== "" && line.dataset.kind !== kind;
  }
  // The second group of the list holds the services outside ctis.
  const groups = service.querySelectorAll("optgroup");
  if (groups.length > 1) groups[groups.length - 1].dataset.offSystem = "1";
  service.addEventListener("change", show);
  if (organisation) organisation.addEventListener("change", show);
  show();
})();
