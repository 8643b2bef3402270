// Small behaviours that need no framework; kept out of the templates for the content security policy.
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.requestSubmit());
  }
});

// Directory filters: leave empty fields out of the request, so pushed URLs stay short and
// shareable (?q=robot&kind=sme rather than every empty facet).
document.addEventListener("htmx:configRequest", (event) => {
  const form = event.detail.elt;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains("directory")) return;
  const parameters = event.detail.parameters;
  const names = parameters instanceof FormData ? [...parameters.keys()] : Object.keys(parameters);
  for (const name of names) {
    const value = parameters instanceof FormData ? parameters.get(name) : parameters[name];
    if (value === "" || value === null) {
      if (parameters instanceof FormData) parameters.delete(name);
      else delete parameters[name];
    }
  }
});

// 422 answers carry a fragment that explains the refusal (a row with its error): swap them in
// like successes, as htmx 2 otherwise drops every 4xx body.
htmx.config.responseHandling = [
  { code: "204", swap: false },
  { code: "[23]..", swap: true },
  { code: "422", swap: true, error: false },
  { code: "[45]..", swap: false, error: true },
];
