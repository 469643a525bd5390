// The live board reloads its own content; everything else works without JavaScript.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var live = document.querySelector("[data-refresh-url]");
  if (!live) { return; }
  var every = parseInt(live.getAttribute("data-refresh-seconds"), 10) * 1000;
  setInterval(function () {
    if (document.activeElement && live.contains(document.activeElement) &&
        document.activeElement.tagName === "TEXTAREA") { return; }
    // A voicemail being played would be cut off by the new content.
    var playing = [].some.call(live.querySelectorAll("audio"), function (a) { return !a.paused; });
    if (playing) { return; }
    fetch(live.getAttribute("data-refresh-url"), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) { live.innerHTML = html; } });
  }, every);
});
