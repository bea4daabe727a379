"""The chair's installable app (issue 19): the manifest and the service worker at the site root, no inline
script (CSP), and the new-activity form carrying the queue's hooks."""

from django.urls import reverse

from accounts.models import Role


def test_the_worker_is_served_at_the_root_with_the_queue_in_front(client):
    response = client.get("/sw.js")
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/" and response["Cache-Control"] == "no-cache"
    assert body.index("root.WFQueue =") < body.index('addEventListener("fetch"')
    assert "http://" not in body and "https://" not in body  # nothing from a CDN
    assert client.post("/sw.js").status_code == 405


def test_the_manifest_names_the_app_and_its_vendored_icons(client):
    response = client.get("/manifest.webmanifest")
    body = response.json()
    assert response["Content-Type"] == "application/manifest+json"
    assert (body["name"], body["start_url"], body["display"]) == ("武汉市妇联 · 五联五强", "/", "standalone")
    for icon in body["icons"]:
        assert icon["src"].startswith("/static/pwa/icon-")
        size = int(icon["sizes"].split("x")[0])
        path = client.get(icon["src"])  # served by the static files app in the tests
        assert path.status_code == 200 and size in (192, 512)


def test_pages_link_the_manifest_and_the_form_carries_the_queue(db, client, make_user, tree):
    chair = make_user(Role.COMMUNITY_CHAIR, tree.s1c1, username="dongting")
    client.force_login(chair)
    page = client.get(reverse("activities:create")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'name="client_key"' in page and "data-queue" in page and "offline_form.js" in page
    assert "pwa/app.js" in page and "pwa/queue.js" in page
    assert " onclick=" not in page and "<script>" not in page
