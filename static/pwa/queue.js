/* The offline queue of activities (issue 19): each submission she made without a signal, kept in IndexedDB
   (fields and the photos already shrunk in the browser) under the idempotency key generated for it, and sent
   to the form's own URL when the connection returns. The server creates each key once
   (activities.idempotency), so a retry, a second tab or Background Sync racing the page cannot double it.
   Shared by the pages and the service worker (served in front of sw.js). No library. */
(function (root) {
  "use strict";
  var DB = "wf-offline";
  var STORE = "activities";
  var LOCK = "wf-activity-queue";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = root.indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "key" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var request = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all() {
    return run("readonly", function (store) { return store.getAll(); }).then(function (items) {
      return (items || []).sort(function (a, b) { return a.created - b.created; });
    });
  }
  function put(item) { return run("readwrite", function (store) { return store.put(item); }); }
  function remove(key) { return run("readwrite", function (store) { return store.delete(key); }); }

  function newKey() {
    if (root.crypto && root.crypto.randomUUID) { return root.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    root.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  function notify(summary) {
    if (root.document) {
      root.dispatchEvent(new CustomEvent("wf-queue-changed", { detail: summary }));
    } else if (root.clients) {
      root.clients.matchAll({ includeUncontrolled: true }).then(function (list) {
        list.forEach(function (client) { client.postMessage({ type: "wf-queue-changed", detail: summary }); });
      });
    }
  }

  function body(item) {
    var data = new FormData();
    item.fields.forEach(function (pair) {
      var value = pair[1];
      if (value && typeof value === "object" && value.blob) {
        data.append(pair[0], value.blob, value.name);
      } else {
        data.append(pair[0], value);
      }
    });
    data.append("client_key", item.key);
    return data;
  }

  // One item: "sent", "refused" (kept with the server's Chinese message), or "stop" (no network, or the
  // server cannot take it now: kept as pending, tried again later).
  function send(item, csrf) {
    return fetch(item.action, {
      method: "POST",
      body: body(item),
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf || item.csrf || "" },
    }).then(function (response) {
      if (response.status === 200 || response.status === 201) {
        return remove(item.key).then(function () { return "sent"; });
      }
      // The server words its own refusals in her language; the rest is kept as a reason's name, which the page
      // words (static/pwa/texts.js): the worker that may be sending has no page to read the words from.
      if (response.status === 400) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          item.state = "refused";
          item.message = (answer.errors || []).join(" ");
          item.problem = item.message ? "" : "invalid";
          return put(item).then(function () { return "refused"; });
        });
      }
      item.message = "";
      item.problem = response.status === 403 || response.redirected ? "login" : "server";
      return put(item).then(function () { return "stop"; });
    }, function () { return "stop"; });
  }

  function drain(csrf) {
    var summary = { sent: 0, refused: 0, pending: 0 };
    return all().then(function (items) {
      var waiting = items.filter(function (item) { return item.state === "pending"; });
      var step = function (index) {
        if (index >= waiting.length) { return summary; }
        return send(waiting[index], csrf).then(function (outcome) {
          if (outcome === "stop") { summary.pending = waiting.length - index; return summary; }
          summary[outcome] += 1;
          return step(index + 1);
        });
      };
      return step(0);
    });
  }

  var flushing = null;
  // Send what is waiting, one at a time, one sender at a time (Web Locks across tabs and the worker).
  function flush(csrf) {
    if (flushing) { return flushing; }
    var locks = root.navigator && root.navigator.locks;
    var job = locks ? locks.request(LOCK, function () { return drain(csrf); }) : drain(csrf);
    flushing = job.then(function (summary) {
      flushing = null;
      notify(summary);
      return summary;
    }, function (error) { flushing = null; throw error; });
    return flushing;
  }

  root.WFQueue = { all: all, put: put, remove: remove, newKey: newKey, flush: flush, TAG: "wf-activity-queue" };
})(self);
