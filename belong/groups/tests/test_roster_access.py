"""Who sees whom on a roster: consent, audience, private memberships, chapters."""

from __future__ import annotations

from belong.accounts.models import Role, ScopeKind
from belong.common.testing import PersonFactory, employee_user, grant
from belong.groups import access
from belong.groups.models import Chapter, Group, Membership, Visibility


def _group(**fields):
    return Group.objects.create(name="Pride", slug="pride", **fields)


def _member(group, *, consent=Visibility.EVERYONE, on_roster=True, chapter=None, person=None):
    return Membership.objects.create(
        group=group,
        person=person or PersonFactory(),
        chapter=chapter,
        kind=Membership.Kind.ALLY,
        show_on_roster=on_roster,
        roster_consent=consent,
    )


def test_it_never_lists_private_memberships(db, personas):
    group = _group(roster_visibility=Visibility.EVERYONE)
    hidden = _member(group, on_roster=False)
    shown = _member(group)
    for persona in ("employee", "administrator", "group_leader"):
        roster = set(access.roster_for(personas[persona], group))
        assert shown in roster
        assert hidden not in roster


def test_it_shows_people_only_as_widely_as_they_consented(db, personas):
    group = _group(roster_visibility=Visibility.EVERYONE)
    to_members = _member(group, consent=Visibility.MEMBERS)
    to_everyone = _member(group, consent=Visibility.EVERYONE)
    assert set(access.roster_for(personas["employee"], group)) == {to_everyone}
    _member(group, person=personas["employee"].person, on_roster=False)
    personas["employee"]._belong_memberships = {}
    assert set(access.roster_for(personas["employee"], group)) == {to_members, to_everyone}


def test_it_narrows_to_the_group_setting(db, personas):
    group = _group(roster_visibility=Visibility.LEADERS)
    someone = _member(group)
    assert not access.roster_for(personas["employee"], group).exists()
    assert set(access.roster_for(personas["administrator"], group)) == {someone}


def test_chapter_leaders_see_their_chapter_only(db, personas):
    group = _group(roster_visibility=Visibility.LEADERS)
    paris = Chapter.objects.create(group=group, name="Paris", slug="paris")
    lyon = Chapter.objects.create(group=group, name="Lyon", slug="lyon")
    in_paris = _member(group, chapter=paris, consent=Visibility.LEADERS)
    _member(group, chapter=lyon, consent=Visibility.LEADERS)
    leader = employee_user("paris-lead")
    grant(leader, Role.GROUP_LEADER, ScopeKind.CHAPTER, paris.pk)
    assert set(access.roster_for(leader, group)) == {in_paris}
    assert access.can_manage_chapter(leader, paris)
    assert not access.can_manage_chapter(leader, lyon)
    assert not access.can_manage_group(leader, group)


def test_the_person_always_sees_their_own_membership(db, personas):
    group = _group()
    mine = _member(group, person=personas["employee"].person, on_roster=False)
    assert access.can_see_membership(personas["employee"], mine)
    assert not access.can_see_membership(personas["mentor"], mine)
    assert not access.can_see_membership(personas["administrator"], mine)
