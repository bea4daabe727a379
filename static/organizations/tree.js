/* The federation tree browser: children are fetched when a node is opened (never the whole tree), and a
   search result opens the path down to the match with one request for all the path's children. */
(function () {
  "use strict";
  var tree = document.getElementById("org-tree");
  if (!tree) return;
  var childrenUrl = tree.dataset.childrenUrl;
  var form = document.getElementById("org-search");
  var results = document.getElementById("org-results");
  var status = document.getElementById("org-status");
  var label = tree.dataset;

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }

  function itemFor(id) {
    return tree.querySelector('li[data-id="' + id + '"]');
  }

  // Each node opens its dashboard and, for staff who may, its admin record.
  function link(href, text, name) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    a.setAttribute("aria-label", name + " " + text);
    return a;
  }

  function linksFor(node) {
    var links = document.createElement("span");
    links.className = "org-links";
    links.append(link(label.dashboardUrl + node.id, label.labelDashboard, node.name));
    if (label.adminUrl) {
      links.append(link(label.adminUrl.replace("/0/", "/" + node.id + "/"), label.labelAdmin, node.name));
    }
    return links;
  }

  function makeItem(node) {
    var li = document.createElement("li");
    li.setAttribute("role", "treeitem");
    li.dataset.id = node.id;
    li.dataset.hasChildren = node.has_children ? "1" : "";
    if (node.has_children) li.setAttribute("aria-expanded", "false");
    var row = document.createElement("div");
    row.className = "org-node";
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "org-toggle";
    toggle.textContent = "▸";
    toggle.setAttribute("aria-label", label.labelExpand);
    if (!node.has_children) toggle.disabled = true;
    var name = document.createElement("span");
    name.className = "org-name";
    name.textContent = node.name;
    var meta = document.createElement("span");
    meta.className = "org-meta";
    meta.textContent = node.level_label + " · " + node.code;
    row.append(toggle, name, meta, linksFor(node));
    if (node.regionalized_on) {
      var done = document.createElement("span");
      done.className = "org-done";
      done.textContent = label.labelDone + " " + node.regionalized_on;
      row.append(done);
    }
    var group = document.createElement("ul");
    group.setAttribute("role", "group");
    group.hidden = true;
    li.append(row, group);
    return li;
  }

  function fill(li, nodes) {
    var group = li.querySelector(":scope > ul");
    group.replaceChildren.apply(group, nodes.map(makeItem));
    li.dataset.loaded = "1";
  }

  function setOpen(li, open) {
    li.setAttribute("aria-expanded", open ? "true" : "false");
    li.querySelector(":scope > ul").hidden = !open;
    var toggle = li.querySelector(":scope > .org-node > .org-toggle");
    toggle.textContent = open ? "▾" : "▸";
    toggle.setAttribute("aria-label", open ? label.labelCollapse : label.labelExpand);
  }

  function load(ids) {
    var query = ids.map(function (id) { return "parent=" + encodeURIComponent(id); }).join("&");
    return getJSON(childrenUrl + "?" + query);
  }

  function toggle(li) {
    if (!li.dataset.hasChildren) return Promise.resolve();
    if (li.getAttribute("aria-expanded") === "true") {
      setOpen(li, false);
      return Promise.resolve();
    }
    if (li.dataset.loaded) {
      setOpen(li, true);
      return Promise.resolve();
    }
    status.textContent = label.labelLoading;
    return load([li.dataset.id]).then(function (data) {
      fill(li, data.children[li.dataset.id] || []);
      setOpen(li, true);
      status.textContent = "";
    }, function () { status.textContent = label.labelError; });
  }

  tree.addEventListener("click", function (event) {
    var button = event.target.closest(".org-toggle");
    if (button) toggle(button.closest("li"));
  });

  function openPath(result) {
    var ids = result.path.map(function (step) { return step.id; });
    var pending = ids.filter(function (id) {
      var li = itemFor(id);
      return !li || !li.dataset.loaded;
    });
    var ready = pending.length ? load(pending) : Promise.resolve({ children: {} });
    return ready.then(function (data) {
      ids.forEach(function (id) {
        var li = itemFor(id);
        if (!li) return;
        if (!li.dataset.loaded && data.children[id]) fill(li, data.children[id]);
        setOpen(li, true);
      });
      var hit = itemFor(result.id);
      if (!hit) return;
      tree.querySelectorAll(".org-hit").forEach(function (el) { el.classList.remove("org-hit"); });
      var row = hit.querySelector(":scope > .org-node");
      row.classList.add("org-hit");
      row.scrollIntoView({ block: "center" });
      hit.querySelector(".org-toggle").focus();
    }, function () { status.textContent = label.labelError; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = form.elements.q.value.trim();
    results.replaceChildren();
    if (!q) return;
    status.textContent = label.labelLoading;
    getJSON(form.dataset.searchUrl + "?q=" + encodeURIComponent(q)).then(function (data) {
      if (!data.results.length) {
        status.textContent = label.labelNone;
        return;
      }
      status.textContent = label.labelFound.replace("%s", data.results.length);
      data.results.forEach(function (result) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = result.name + "（" + result.level_label + "）";
        var path = document.createElement("span");
        path.className = "org-path";
        path.textContent = result.path.map(function (s) { return s.name; }).join(" › ");
        button.append(path);
        button.addEventListener("click", function () { openPath(result); });
        li.append(button);
        results.append(li);
      });
      if (data.results.length === 1) openPath(data.results[0]);
    }, function () { status.textContent = label.labelError; });
  });
})();
