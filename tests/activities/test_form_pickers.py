"""The activity form's federation lists at the city's size (issue 16): whom she logs for and the communities
an activity radiates to are rendered whole while short (a chair's street) and as a search box with only the
chosen ones once long (the city office's 23,000 federations), so the page does not grow with the data. The
search answers within the form's own scope, and the server still refuses a value outside it."""

import re

from django.urls import reverse

from activities.models import Activity
from core.pickers import LIMIT
from organizations.choices import Level
from organizations.models import Federation

from .test_web import form_data


def add_communities(street, count, tag):
    return [
        Federation.objects.create(name=f"{tag}社区{i}妇联", code=f"{tag}{i}", level=Level.COMMUNITY, parent=street)
        for i in range(count)
    ]


def form_page(client, url=None):
    response = client.get(url or reverse("activities:create"))
    assert response.status_code == 200
    return response.content.decode()


def choices_in(html):
    """The federations rendered: the options of the select of whom she logs for, and the radiated boxes."""
    owner = re.search(r'<select name="federation".*?</select>', html, re.S).group(0)
    return owner.count("<option") + html.count(' name="radiated_to"')


def test_a_chair_s_short_lists_are_rendered_whole(tree, make_user, client, kinds):
    # given: a chair who views her street (as in the demo), where 翠柳村 is the other community
    client.force_login(make_user("community_chair", tree.s1c1, view_federation=tree.s1))
    # when
    page = form_page(client)
    # then: she logs for her own community only (hidden), and ticks what she radiates to, offline too
    assert 'class="act-field act-hidden"' in page
    assert "search-choices" not in page
    assert re.findall(r'name="radiated_to" value="(\d+)"', page) == [str(tree.s1v1.pk)]


def test_the_city_office_s_form_does_not_grow_with_the_federations(tree, users, client, kinds):
    # given: more communities than a list shows
    add_communities(tree.s2, LIMIT + 1, "甲")
    client.force_login(users.city)
    small = form_page(client)
    # when: 50 more
    add_communities(tree.s3, 50, "乙")
    large = form_page(client)
    # then: the same choices rendered (only her own federation, chosen), and a search box for each list
    assert choices_in(small) == choices_in(large) == 1
    assert len(large.encode()) - len(small.encode()) < 200  # the two pages differ by the CSRF token only
    assert 'data-search-type="federation"' in large and 'data-search-type="community"' in large
    assert re.search(rf'<option value="{tree.city.pk}" selected>武汉市妇联</option>', large)


def test_the_search_answers_within_the_form_s_scope(tree, users, make_user, client, kinds):
    add_communities(tree.s3, 3, "丙")
    url = reverse("activities:search")
    # a district's staff logs for her district only
    client.force_login(users.district)
    found = client.get(url, {"type": "federation", "q": "社区"}).json()["results"]
    assert {row["label"] for row in found} == {"东亭社区妇联", "中南社区妇联"}
    # a chair who views her street radiates to the communities there, not her own
    client.force_login(make_user("community_chair", tree.s1c1, view_federation=tree.s1))
    found = client.get(url, {"type": "community", "q": ""}).json()["results"]
    assert {row["id"] for row in found} == {tree.s1v1.pk}


def test_a_long_list_keeps_her_choices_and_the_server_still_refuses_one_outside_her_scope(
    tree, users, client, kinds, media
):
    # given: a district with more communities than a list shows
    extra = add_communities(tree.s2, LIMIT + 1, "丁")
    client.force_login(users.district)
    # when: she logs for a community of another district
    response = client.post(reverse("activities:create"), form_data(tree, kinds, federation=str(tree.s3c1.pk)))
    # then: a Chinese error on the field, nothing saved
    assert response.status_code == 200 and "名义登记活动" in response.content.decode()
    assert not Activity.objects.exists()
    # when: she logs for one of hers, radiated to two others
    data = form_data(tree, kinds, federation=str(extra[0].pk), radiated_to=[extra[1].pk, extra[2].pk])
    response = client.post(reverse("activities:create"), data)
    assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get()
    # then: her correction form shows exactly those, chosen
    page = form_page(client, reverse("activities:edit", args=[activity.pk]))
    assert choices_in(page) == 3
    assert re.search(rf'<option value="{extra[0].pk}" selected>', page)
    assert re.search(rf'name="radiated_to" value="{extra[1].pk}"[^>]*checked', page)
