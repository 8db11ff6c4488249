// hirepage live reload. `hirepage serve` adds this script to every page it
// serves; `hirepage build` never does.
//
// It listens to Server-Sent Events on the same origin and port as the page,
// so it works behind a proxy, in a container or in a Codespace:
//   hello   {build, errors}        on every (re)connection
//   reload  {build, pages, all}    pages whose HTML changed
//   css     {build, stylesheets}   [old, new] URL paths of stylesheets to
//                                  swap without a reload (a new content
//                                  hash is a new name)
//   errors  {errors}               the build failed (or was fixed: [])
(function () {
  "use strict";
  var script = document.currentScript;
  var build = null;
  // The build this tab shows, also as window.__hirepageBuild: tests wait
  // on it to know that the tab has handled an event.
  function setBuild(next) {
    build = next;
    window.__hirepageBuild = next;
  }
  setBuild(script ? script.getAttribute("data-build") : null);
  var here = location.pathname.replace(/index\.html$/, "");

  function connect() {
    var events = new EventSource("/__hirepage/events");
    events.addEventListener("hello", function (e) {
      var data = JSON.parse(e.data);
      showErrors(data.errors);
      // Reconnected to a server that has rebuilt (or restarted) since this
      // page was loaded: the page may be stale.
      if (build && data.build && data.build !== build && data.errors.length === 0) {
        location.reload();
      }
    });
    events.addEventListener("reload", function (e) {
      var data = JSON.parse(e.data);
      showErrors([]);
      if (data.all) {
        location.reload();
      } else if (data.pages.indexOf(here) !== -1) {
        refresh(data.build);
      } else {
        setBuild(data.build);
      }
    });
    events.addEventListener("css", function (e) {
      var data = JSON.parse(e.data);
      showErrors([]);
      setBuild(data.build);
      data.stylesheets.forEach(function (pair) { swapStylesheet(pair[0], pair[1]); });
    });
    events.addEventListener("errors", function (e) {
      showErrors(JSON.parse(e.data).errors);
    });
    // EventSource reconnects by itself after a network error or a restart.
  }

  // Shows the new version of this page. The new body replaces the old one
  // in place: no navigation, so the scroll position stays and the text
  // shows sooner. A page that runs scripts of its own, or whose
  // stylesheets changed, is reloaded instead.
  function refresh(nextBuild) {
    if (ownScripts(document) > 0) {
      location.reload();
      return;
    }
    fetch(location.href, { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html");
        if (sheets(next) !== sheets(document) || ownScripts(next) > 0) {
          location.reload();
          return;
        }
        document.title = next.title;
        document.documentElement.lang = next.documentElement.lang;
        var selector = 'meta[name], meta[property], link[rel="canonical"], script[type="application/ld+json"]';
        Array.prototype.forEach.call(document.head.querySelectorAll(selector), function (el) { el.remove(); });
        Array.prototype.forEach.call(next.head.querySelectorAll(selector), function (el) {
          document.head.appendChild(document.importNode(el, true));
        });
        // Scripts parsed by DOMParser never run: this one stays in charge.
        document.body.replaceWith(document.importNode(next.body, true));
        setBuild(nextBuild);
        // For the latency benchmark: the first moment after the new body
        // was painted (a task queued from the next frame runs after it).
        requestAnimationFrame(function () {
          setTimeout(function () {
            window.__hirepageRefreshedAt = performance.timeOrigin + performance.now();
          }, 0);
        });
      })
      .catch(function () { location.reload(); });
  }

  function sheets(doc) {
    return Array.prototype.map.call(
      doc.querySelectorAll('link[rel="stylesheet"]'),
      function (link) { return new URL(link.getAttribute("href"), location.href).pathname; }
    ).join(" ");
  }

  function ownScripts(doc) {
    return doc.querySelectorAll(
      'script:not([type="application/ld+json"]):not([src^="/__hirepage/"])'
    ).length;
  }

  function swapStylesheet(from, to) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.pathname !== from) return;
      url.pathname = to;
      // A file that keeps its name needs a new URL to be fetched again.
      if (from === to) url.searchParams.set("hirepage", String(Date.now()));
      var next = link.cloneNode(false);
      next.href = url.href;
      // Keep the old sheet until the new one is ready: no flash.
      next.addEventListener("load", function () { link.remove(); });
      next.addEventListener("error", function () { link.remove(); });
      link.after(next);
    });
  }

  function showErrors(errors) {
    var overlay = document.getElementById("hirepage-overlay");
    if (!errors || errors.length === 0) {
      if (overlay) overlay.remove();
      return;
    }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "hirepage-overlay";
      overlay.setAttribute("role", "alert");
      var s = overlay.style;
      s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
      s.background = "rgba(20, 24, 30, 0.96)"; s.color = "#f5f5f5"; s.padding = "2rem";
      s.font = "15px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var title = document.createElement("h2");
    title.textContent = "hirepage: the site did not build (" + errors.length +
      (errors.length === 1 ? " error" : " errors") + ")";
    title.style.cssText = "margin:0 0 1rem;font-size:1.2rem;color:#ff8a80";
    overlay.appendChild(title);
    errors.forEach(function (d) {
      var item = document.createElement("div");
      item.className = "hirepage-error";
      item.style.cssText = "margin:0 0 1.25rem;padding:0 0 1rem;border-bottom:1px solid #444";
      var where = d.file + (d.line ? ":" + d.line + (d.column ? ":" + d.column : "") : "");
      var loc = document.createElement("div");
      loc.className = "hirepage-location";
      loc.textContent = where;
      loc.style.color = "#80d8ff";
      var message = document.createElement("div");
      message.textContent = d.severity + ": " + d.message;
      item.appendChild(loc);
      item.appendChild(message);
      if (d.hint) {
        var hint = document.createElement("div");
        hint.textContent = "hint: " + d.hint;
        hint.style.color = "#c5e1a5";
        item.appendChild(hint);
      }
      overlay.appendChild(item);
    });
    var note = document.createElement("p");
    note.textContent = "Still showing the last version that built. Save a fix and this page updates by itself.";
    note.style.color = "#bbb";
    overlay.appendChild(note);
  }

  connect();
})();
