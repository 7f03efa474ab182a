// 一表通 resident form: keyboard helpers. Everything else is htmx and plain HTML.
(function () {
  "use strict";
  var PARTY = ["01", "02"]; // 中共党员, 中共预备党员
  var LEAGUE = "03"; // 共青团员
  var LEAGUE_FROM = 14, LEAGUE_UNTIL = 28; // 团章: 年龄在十四周岁以上、二十八周岁以下

  function form() { return document.getElementById("resident-form"); }

  // Enter saves from any field of the form, a select or a check box included (text fields do so natively).
  document.addEventListener("keydown", function (event) {
    var f = form();
    var t = event.target;
    if (event.key !== "Enter" || !f || !f.contains(t) || event.isComposing) { return; }
    if (t.tagName === "SELECT" || (t.tagName === "INPUT" && (t.type === "checkbox" || t.type === "radio"))) {
      event.preventDefault();
      f.requestSubmit();
    }
  });

  function age(birth) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birth || "");
    if (!m) { return null; }
    var now = new Date();
    var years = now.getFullYear() - Number(m[1]);
    var month = now.getMonth() + 1, day = now.getDate();
    if (month < Number(m[2]) || (month === Number(m[2]) && day < Number(m[3]))) { years--; }
    return years;
  }

  function show(section, open) {
    if (!section) { return; }
    section.hidden = !open;
    section.disabled = !open; // a closed section sends nothing
  }

  // Party and league sections open only when political status or age calls for them (or they are filled in).
  function sections() {
    var f = form();
    if (!f) { return; }
    var status = f.querySelector("#politicalStatus");
    var birth = f.querySelector("#birthDate");
    var party = f.querySelector("#party-section");
    var league = f.querySelector("#league-section");
    var s = status ? status.value : "";
    var a = age(birth ? birth.value : "");
    var partyBox = f.querySelector("input[name=party]");
    var leagueBox = f.querySelector("input[name=league]");
    show(party, PARTY.indexOf(s) >= 0 || (partyBox && partyBox.checked));
    show(league, s === LEAGUE || (a !== null && a >= LEAGUE_FROM && a < LEAGUE_UNTIL) || (leagueBox && leagueBox.checked));
  }
  document.addEventListener("change", function (event) {
    if (event.target && (event.target.id === "politicalStatus" || event.target.id === "birthDate")) { sections(); }
  });
  document.addEventListener("htmx:afterSettle", sections);
  document.addEventListener("DOMContentLoaded", sections);

  // Tags are one stop of the Tab key: arrows move between them, Space ticks one.
  function tagBoxes(group) { return Array.prototype.slice.call(group.querySelectorAll("input[type=checkbox]")); }
  function roving(group) {
    var boxes = tagBoxes(group);
    boxes.forEach(function (b, i) { b.tabIndex = i === 0 ? 0 : -1; });
  }
  document.addEventListener("keydown", function (event) {
    var t = event.target;
    var group = t && t.closest ? t.closest("#field-tags [role=group]") : null;
    if (!group || ["ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp", "Home", "End"].indexOf(event.key) < 0) { return; }
    var boxes = tagBoxes(group);
    var i = boxes.indexOf(t);
    var next = event.key === "Home" ? 0 : event.key === "End" ? boxes.length - 1
      : (i + (event.key === "ArrowRight" || event.key === "ArrowDown" ? 1 : -1) + boxes.length) % boxes.length;
    event.preventDefault();
    boxes.forEach(function (b, j) { b.tabIndex = j === next ? 0 : -1; });
    boxes[next].focus();
  });
  function setUp() {
    document.querySelectorAll("#field-tags [role=group]").forEach(roving);
    sections();
  }
  document.addEventListener("DOMContentLoaded", setUp);
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("#field-tags [role=group]").forEach(function (g) {
      if (!g.contains(document.activeElement)) { roving(g); }
    });
  });
})();
