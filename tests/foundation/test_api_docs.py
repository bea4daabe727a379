"""API docs (issue 17 item 15): Swagger UI served offline, no ReDoc (it always loads a CDN logo), one Chinese
tag per app instead of one "v1" list."""

import re

import yaml

from wuhan_fulian.api.tags import API_TAGS

EXTERNAL = re.compile(r"""(?:src|href|url)\s*[=:(]\s*["']?(?:https?:)?//""", re.I)


def _fetch_all(client, page):
    """The page and every same-site script/stylesheet it references (their text), by path."""
    texts = {"page": page}
    for ref in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert not ref.startswith(("http:", "https:", "//")), ref
        if ref.startswith("/static/"):
            continue  # vendored files of drf-spectacular-sidecar, served by whitenoise
        response = client.get(ref)
        assert response.status_code == 200, ref
        texts[ref] = response.content.decode()
    return texts


def test_docs_pages_reference_no_external_host(db, client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    texts = _fetch_all(client, response.content.decode())
    assert any("SwaggerUIBundle" in text for text in texts.values())  # the inline-free init script was read
    for name, text in texts.items():
        assert not EXTERNAL.search(text), name
        assert "googleapis" not in text and "cdn." not in text, name
    # Swagger UI's default shows a badge image from validator.swagger.io: switched off
    script = next(text for text in texts.values() if "SwaggerUIBundle" in text)
    assert '"validatorUrl": null' in script


def test_redoc_is_dropped_and_old_links_land_on_swagger(db, client):
    response = client.get("/api/redoc/")
    assert response.status_code == 301
    assert response["Location"] == "/api/docs/"


def test_every_operation_is_tagged_by_app_in_chinese(db, client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    names = {name for name, _ in API_TAGS.values()}
    assert [tag["name"] for tag in schema["tags"]] == [name for name, _ in API_TAGS.values()]
    used = {}
    for path, operations in schema["paths"].items():
        app = path.split("/")[3]
        for operation in operations.values():
            assert operation["tags"] == [API_TAGS[app][0]], (path, operation["tags"])
            used[operation["tags"][0]] = used.get(operation["tags"][0], 0) + 1
    assert set(used) == names  # no "v1", no machine names, every chapter has operations
    assert used["组织联建"] > 10 and used["人员联管"] > 10
