// The rating page: a bad level does not send at once, it opens the reasons (one more tap sends).
// Without JavaScript the server does the same with one more round trip.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("sj-rate-form");
    var panel = document.getElementById("sj-reasons");
    var level = document.getElementById("sj-bad-level");
    if (!form || !panel || !level) return;
    form.querySelectorAll("[data-bad]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        form.querySelectorAll("[data-bad]").forEach(function (b) { b.classList.remove("active"); });
        button.classList.add("active");
        level.value = button.value;
        level.disabled = false;
        panel.classList.remove("d-none");
        panel.scrollIntoView({ behavior: "smooth", block: "start" });
      });
    });
    form.addEventListener("submit", function () {
      // One rating per tap: a second tap while sending would only be refused.
      setTimeout(function () { form.querySelectorAll("button").forEach(function (b) { b.disabled = true; }); }, 0);
    });
  });
})();
