"""Error pages: Chinese, styled, with the site navigation; JSON under /api/; the admin says the same words
for a missing and an out-of-scope record, never "可能已经被删除了？"."""

import json

from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse

from organizations.models import Federation
from wuhan_fulian import errors


def test_a_missing_page_is_a_chinese_page_with_the_navigation(users, client):
    client.force_login(users.district)
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="zh-hans">' in html
    assert "页面不存在" in html and "Not Found" not in html
    assert 'aria-label="主导航"' in html and reverse("admin:index") in html  # the site navigation
    assert 'href="/static/css/site.css"' in html


def test_a_refusal_shows_the_reason_the_view_gave(users, client):
    client.force_login(users.viewer)
    response = client.get(reverse("activities:create"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "没有权限" in html and "您的账号为只读账号，不能登记活动。" in html
    assert "403 Forbidden" not in html


def test_a_bad_request_is_a_chinese_400(users, client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


def test_the_500_page_renders_without_the_database_and_is_chinese():
    request = RequestFactory().get("/activities/")
    response = errors.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "系统出错了" in html and '<html lang="zh-hans">' in html and 'href="/"' in html


def test_api_paths_answer_json_for_every_status():
    factory = RequestFactory()
    for handler, status in [
        (errors.bad_request, 400),
        (errors.permission_denied, 403),
        (errors.page_not_found, 404),
    ]:
        response = handler(factory.get("/api/v1/anything/"), Exception("x"))
        assert response.status_code == status
        assert response["Content-Type"] == "application/json"
        assert json.loads(response.content)["detail"]
    response = errors.server_error(factory.get("/api/v1/anything/"))
    assert response.status_code == 500 and json.loads(response.content) == {"detail": "系统出错了", "status_code": 500}


def test_a_404_never_shows_django_internals(users, client):
    factory = RequestFactory()
    request = factory.get("/x/")
    request.user = users.district
    response = errors.page_not_found(request, Exception("No Federation matches the given query."))
    assert "No Federation" not in response.content.decode()


def test_the_admin_says_the_same_for_a_missing_and_an_out_of_scope_record(tree, users, client):
    client.force_login(users.district)  # edits 武昌 (D1); 硚口 (D2) is outside
    missing = Federation.objects.order_by("-pk").first().pk + 100

    def message_for(pk):
        response = client.get(reverse("admin:organizations_federation_change", args=[pk]))
        assert response.status_code == 302
        assert response.url == reverse("admin:organizations_federation_changelist")
        message = [str(m) for m in get_messages(response.wsgi_request)][-1]
        return message.replace(str(pk), "<pk>")

    out_of_scope = message_for(tree.d2.pk)
    assert out_of_scope == message_for(missing)
    assert "删除" not in out_of_scope and "不存在或不在您的查看范围内" in out_of_scope
