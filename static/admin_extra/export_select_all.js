// The export page's "select all" checkbox (templates/admin/import_export/export.html): checks or clears every
// field checkbox. A listener, not an inline onchange, which the CSP (script-src 'self') blocks.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input.select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", () => {
      document
        .querySelectorAll('.selectable-field-export-row input[type="checkbox"]')
        .forEach((checkbox) => {
          checkbox.checked = toggle.checked;
        });
    });
  });
});
