// Behaviours every page shares, without inline script (the Content-Security-Policy forbids it):
//   <button data-confirm="Sure?">   asks before it submits its form;
//   <select data-autosubmit>        submits its form when the choice changes;
//   <select data-person-search=URL> becomes a search box for a person (members/widgets.py):
//                                   by name, pinyin initials or ID number ending, keyboard and all.
//                                   Without this script it stays the plain list.
(function () {
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });

  function personPicker(select) {
    var input = document.createElement("input");
    var list = document.createElement("ul");
    var wrap = document.createElement("div");
    var items = [], active = -1, timer = null, asked = 0;
    input.type = "search";
    input.id = select.id + "-search";
    input.className = "form-control";
    input.placeholder = select.dataset.placeholder || "";
    input.autocomplete = "off";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", select.id + "-options");
    list.id = select.id + "-options";
    list.className = "list-group sj-picker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    wrap.className = "sj-picker";
    if (select.value) input.value = select.options[select.selectedIndex].text;
    var label = document.querySelector('label[for="' + select.id + '"]');
    if (label) label.htmlFor = input.id;
    // The list stays in the form and carries the choice; the server checks it is given.
    select.required = false;
    select.hidden = true;
    select.parentNode.insertBefore(wrap, select);
    wrap.appendChild(input);
    wrap.appendChild(list);

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function mark(index) {
      items.forEach(function (li, i) {
        li.classList.toggle("active", i === index);
        li.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      }
    }
    function choose(person) {
      var option = select.querySelector('option[value="' + person.id + '"]');
      if (!option) {
        option = new Option(person.name, person.id);
        select.add(option);
      }
      select.value = String(person.id);
      input.value = person.name;
      close();
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function render(results) {
      list.textContent = "";
      items = [];
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "list-group-item text-secondary";
        none.textContent = select.dataset.none || "—";
        list.appendChild(none);
      }
      results.forEach(function (person, i) {
        var li = document.createElement("li");
        li.id = select.id + "-option-" + person.id;
        li.className = "list-group-item list-group-item-action";
        li.setAttribute("role", "option");
        li.dataset.personId = person.id;
        var name = document.createElement("span");
        name.textContent = person.name;
        var more = document.createElement("small");
        more.className = "text-secondary ms-2";
        more.textContent = [person.unit, "…" + person.id_tail].filter(Boolean).join(" · ");
        li.appendChild(name);
        li.appendChild(more);
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep the focus in the box
          choose(person);
        });
        list.appendChild(li);
        items.push(li);
      });
      items.results = results;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      mark(results.length ? 0 : -1);
    }
    function search() {
      var query = input.value.trim();
      if (!query) { close(); return; }
      var ticket = ++asked;
      fetch(select.dataset.personSearch + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (ticket === asked) render(data.results); });
    }
    input.addEventListener("input", function () {
      select.value = "";
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) { search(); return; }
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        if (items.length) mark((active + step + items.length) % items.length);
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        choose(items.results[active]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", close);
  }
  document.querySelectorAll("select[data-person-search]").forEach(personPicker);
})();
