// Behaviours every page shares, without inline script (the Content-Security-Policy forbids it):
//   <button data-confirm="Sure?">   asks before it submits its form;
//   <select data-autosubmit>        submits its form when the choice changes.
(function () {
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });
})();
