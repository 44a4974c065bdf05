// The hall board: shows one panel at a time, the next every few seconds (data-seconds on the
// board), and reloads the page now and then (data-reload) so that the figures stay current.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var board = document.querySelector("[data-board]");
    if (!board) return;
    var slides = board.querySelectorAll(".sj-slide");
    var seconds = parseInt(board.dataset.seconds || "12", 10);
    var current = 0;
    function show(index) {
      slides.forEach(function (slide, i) { slide.hidden = i !== index; });
      var dots = board.querySelectorAll("[data-dot]");
      dots.forEach(function (dot, i) { dot.classList.toggle("active", i === index); });
    }
    if (slides.length > 1) {
      show(0);
      setInterval(function () { current = (current + 1) % slides.length; show(current); }, seconds * 1000);
    }
    setTimeout(function () { window.location.reload(); }, parseInt(board.dataset.reload || "300", 10) * 1000);
  });
})();
